package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.app.Setting;
import io.citadel.core.crypto.pki.TlsCertificates;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** A node with PEM certificate files re-reads them without dropping connections, and with tls-client-ca-bundle admits only that CA's clients. */
class TlsReloadAndClientCertificatesTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path pki;

    private final TlsCertificates.Issued ca = TlsPki.ca("Server CA");
    private final TlsCertificates.Issued leaf = TlsPki.localhost(ca);

    @Test
    void changedCertificateFiles_reachNewConnections_whileAKeepAliveConnectionKeepsGettingAnswers() throws IOException {
        Path cert = TlsPki.write(pki.resolve("cert.pem"), leaf.certificatePem() + ca.certificatePem());
        Path key = TlsPki.write(pki.resolve("key.pem"), leaf.privateKeyPem());
        try (Node node = Node.builder(dataDir).flag(Setting.TLS_CERTIFICATE, cert.toString())
                .flag(Setting.TLS_PRIVATE_KEY, key.toString()).start()) {
            var client = TlsPki.context(null, TlsPki.trusting(ca));
            try (SSLSocket kept = connect(client, node.port())) {
                assertThat(RawTls.health(kept)).isEqualTo("HTTP/1.1 200 OK");
                assertThat(RawTls.peer(kept).getSerialNumber()).isEqualTo(leaf.serial());

                TlsCertificates.Issued renewed = TlsPki.localhost(ca);
                TlsPki.write(key, renewed.privateKeyPem());
                TlsPki.write(cert, renewed.certificatePem() + ca.certificatePem());
                node.citadel().refreshTls();

                for (int i = 0; i < 5; i++) {
                    assertThat(RawTls.health(kept)).isEqualTo("HTTP/1.1 200 OK");
                }
                try (SSLSocket fresh = connect(client, node.port())) {
                    assertThat(RawTls.peer(fresh).getSerialNumber()).isEqualTo(renewed.serial());
                    assertThat(RawTls.health(fresh)).isEqualTo("HTTP/1.1 200 OK");
                }
                assertThat(RawTls.health(kept)).isEqualTo("HTTP/1.1 200 OK");
            }
        }
    }

    @Test
    void clientCaBundle_javaSdkAndCurlWithTheCasClientCertificate_work_othersFailTheHandshake() throws IOException {
        TlsCertificates.Issued clientCa = TlsPki.ca("Client CA");
        TlsCertificates.Issued alice = TlsPki.client(clientCa, "alice");
        TlsCertificates.Issued mallory = TlsPki.client(TlsPki.ca("Other CA"), "mallory");
        Path cert = TlsPki.write(pki.resolve("cert.pem"), leaf.certificatePem() + ca.certificatePem());
        Path key = TlsPki.write(pki.resolve("key.pem"), leaf.privateKeyPem());
        Path bundle = TlsPki.write(pki.resolve("clients.pem"), clientCa.certificatePem());
        Path serverCa = TlsPki.write(pki.resolve("server-ca.pem"), ca.certificatePem());
        TlsPki.write(pki.resolve("alice.pem"), alice.certificatePem());
        TlsPki.write(pki.resolve("alice.key"), alice.privateKeyPem());
        try (Node node = Node.builder(dataDir).flag(Setting.TLS_CERTIFICATE, cert.toString())
                .flag(Setting.TLS_PRIVATE_KEY, key.toString()).flag(Setting.TLS_CLIENT_CA_BUNDLE, bundle.toString()).start()) {
            String account = node.adminAccountId();
            try (StsClient sts = sts(node, TlsPki.presenting(alice))) {
                assertThat(sts.getCallerIdentity().account()).isEqualTo(account);
            }
            try (StsClient sts = sts(node, null)) {
                assertThatThrownBy(sts::getCallerIdentity).as("no client certificate").hasMessageContaining("Unable to execute HTTP request");
            }
            try (StsClient sts = sts(node, TlsPki.presenting(mallory))) {
                assertThatThrownBy(sts::getCallerIdentity).as("another CA's certificate").hasMessageContaining("Unable to execute HTTP request");
            }

            String url = "https://127.0.0.1:" + node.port() + "/health";
            Processes.Result good = Processes.run(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                    "--cacert", serverCa.toString(), "--cert", pki.resolve("alice.pem").toString(),
                    "--key", pki.resolve("alice.key").toString(), url), env(), Duration.ofSeconds(30));
            assertThat(good.stdout()).as("%s", good).isEqualTo("200");
            Processes.Result none = Processes.run(List.of("curl", "-sS", "-o", "/dev/null", "--cacert", serverCa.toString(), url),
                    env(), Duration.ofSeconds(30));
            assertThat(none.exitCode()).as("%s", none).isNotZero();
        }
    }

    private static Map<String, String> env() {
        return Map.of("PATH", "/usr/local/bin:/usr/bin:/bin");
    }

    private static SSLSocket connect(javax.net.ssl.SSLContext context, int port) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        socket.startHandshake();
        return socket;
    }

    private StsClient sts(Node node, KeyManager[] keys) {
        Credentials credentials = node.bootstrapCredentials();
        Apache5HttpClient.Builder http = Apache5HttpClient.builder().tlsTrustManagersProvider(() -> TlsPki.trusting(ca));
        if (keys != null) {
            http.tlsKeyManagersProvider(() -> keys);
        }
        return StsClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.US_EAST_1)
                .httpClient(http.build())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }
}
