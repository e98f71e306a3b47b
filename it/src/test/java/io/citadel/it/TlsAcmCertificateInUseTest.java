package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.app.Setting;
import io.citadel.core.crypto.pki.Pem;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.ResourceInUseException;

/**
 * The ACM certificate the API listener serves (tls-certificate-arn) lists the listener in InUseBy, so DeleteCertificate
 * refuses it with ResourceInUseException; restarted with another certificate, the old one is free again. Checked with
 * the AWS SDK for Java v2 over the listener's own TLS.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TlsAcmCertificateInUseTest {

    private static final String HOST = "api.citadel.test";

    @TempDir
    Path dataDir;

    @Test
    void servedCertificate_isInUseByTheListener_untilTheSettingNamesAnother() throws Exception {
        String first;
        String second;
        X509Certificate root;
        try (Node node = Node.start(dataDir); AcmClient acm = AcmClients.acm(node, node.bootstrapCredentials())) {
            String ca = PcaRoots.activeRoot(node, "In-use Root");
            first = acm.requestCertificate(r -> r.domainName(HOST).certificateAuthorityArn(ca)).certificateArn();
            second = acm.requestCertificate(r -> r.domainName(HOST).certificateAuthorityArn(ca)).certificateArn();
            String chain = acm.getCertificate(r -> r.certificateArn(first)).certificateChain();
            List<byte[]> ders = Pem.decodeEvery(chain, Pem.CERTIFICATE);
            root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(ders.getLast()));
            assertThat(acm.describeCertificate(r -> r.certificateArn(first)).certificate().inUseBy()).isEmpty();
        }
        String account = first.split(":")[4];

        try (Node node = Node.builder(dataDir).flag(Setting.TLS_CERTIFICATE_ARN, first).start();
             AcmClient acm = overListenerTls(node, root)) {
            List<String> users = acm.describeCertificate(r -> r.certificateArn(first)).certificate().inUseBy();
            assertThat(users).singleElement().asString().matches("arn:aws:citadel:us-east-1:" + account + ":listener/[^/]+/0");
            assertThat(acm.listCertificates(r -> { }).certificateSummaryList())
                    .filteredOn(s -> s.certificateArn().equals(first)).singleElement().satisfies(s -> assertThat(s.inUse()).isTrue());
            assertThatThrownBy(() -> acm.deleteCertificate(r -> r.certificateArn(first)))
                    .isInstanceOfSatisfying(ResourceInUseException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceInUseException");
                    });
            assertThat(acm.describeCertificate(r -> r.certificateArn(second)).certificate().inUseBy()).isEmpty();
        }

        try (Node node = Node.builder(dataDir).flag(Setting.TLS_CERTIFICATE_ARN, second).start();
             AcmClient acm = overListenerTls(node, root)) {
            assertThat(acm.describeCertificate(r -> r.certificateArn(first)).certificate().inUseBy()).isEmpty();
            assertThat(acm.describeCertificate(r -> r.certificateArn(second)).certificate().inUseBy()).hasSize(1);
            assertThatThrownBy(() -> acm.deleteCertificate(r -> r.certificateArn(second))).isInstanceOf(ResourceInUseException.class);
            acm.deleteCertificate(r -> r.certificateArn(first));
        }

        try (Node node = Node.start(dataDir); AcmClient acm = AcmClients.acm(node, node.bootstrapCredentials())) {
            assertThat(acm.describeCertificate(r -> r.certificateArn(second)).certificate().inUseBy())
                    .as("plain HTTP now: the listener serves no ACM certificate").isEmpty();
            acm.deleteCertificate(r -> r.certificateArn(second));
        }
    }

    /** An ACM client to https://api.citadel.test:{port} (resolved to the node on 127.0.0.1), trusting only the private root. */
    private static AcmClient overListenerTls(Node node, X509Certificate root) throws Exception {
        assertThat(node.endpoint()).startsWith("https://");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("root", root);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        TrustManager[] trust = factory.getTrustManagers();
        DnsResolver loopback = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) {
                return new InetAddress[] {InetAddress.getLoopbackAddress()};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        java.time.Clock clock = node.clock().withZone(java.time.ZoneOffset.UTC);
        var defaults = software.amazon.awssdk.services.acm.auth.scheme.AcmAuthSchemeProvider.defaultProvider();
        return AcmClient.builder()
                .endpointOverride(URI.create("https://" + HOST + ":" + URI.create(node.endpoint()).getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(KmsClients.provider(node.bootstrapCredentials()))
                .httpClient(Apache5HttpClient.builder().tlsTrustManagersProvider(() -> trust).dnsResolver(loopback).build())
                .authSchemeProvider(params -> defaults.resolveAuthScheme(params).stream()
                        .map(option -> option.toBuilder()
                                .putSignerProperty(software.amazon.awssdk.http.auth.spi.signer.HttpSigner.SIGNING_CLOCK, clock).build())
                        .toList())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(60)))
                .build();
    }
}
