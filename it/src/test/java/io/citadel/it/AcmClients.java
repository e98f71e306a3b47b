package io.citadel.it;

import io.citadel.core.crypto.pki.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;

/** ACM clients pointed at a node, and the two verifiers every issued certificate must pass: OpenSSL and Java's CertPathValidator. */
final class AcmClients {

    private AcmClients() {
    }

    /** A client signing with the node's movable clock, so requests stay inside SigV4's window after time travel. */
    static AcmClient acm(Node node, Credentials credentials) {
        java.time.Clock clock = node.clock().withZone(java.time.ZoneOffset.UTC);
        var defaults = software.amazon.awssdk.services.acm.auth.scheme.AcmAuthSchemeProvider.defaultProvider();
        return AcmClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(KmsClients.provider(credentials))
                .authSchemeProvider(params -> defaults.resolveAuthScheme(params).stream()
                        .map(option -> option.toBuilder()
                                .putSignerProperty(software.amazon.awssdk.http.auth.spi.signer.HttpSigner.SIGNING_CLOCK, clock).build())
                        .toList())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(60)))
                .build();
    }

    /** A node whose ACM asks {@code dns} for validation records and sends approval mail to {@code smtp}. */
    static Node start(Path dataDir, AcmDnsServer dns, AcmSmtpSink smtp) {
        return Node.builder(dataDir)
                .flag(io.citadel.app.Setting.ACM_DNS_RESOLVER, dns.hostPort())
                .flag(io.citadel.app.Setting.ACM_SMTP_SERVER, smtp.hostPort())
                .start();
    }

    /**
     * Verifies the leaf against the last certificate of the chain as trust anchor with {@code openssl verify -purpose
     * sslserver -verify_hostname} and with the JDK's PKIX validator; returns the leaf.
     */
    static X509Certificate verify(String certificatePem, String chainPem, String hostname, Path dir) {
        try {
            List<String> chain = Pem.decodeEvery(chainPem, Pem.CERTIFICATE).stream().map(der -> Pem.encode(Pem.CERTIFICATE, der)).toList();
            Path root = Files.writeString(dir.resolve("root.pem"), chain.getLast());
            Path untrusted = Files.writeString(dir.resolve("untrusted.pem"), String.join("", chain.subList(0, chain.size() - 1)));
            Path leaf = Files.writeString(dir.resolve("leaf.pem"), certificatePem);
            List<String> command = new ArrayList<>(List.of("openssl", "verify", "-CAfile", root.toString(), "-purpose", "sslserver",
                    "-verify_hostname", hostname));
            if (chain.size() > 1) {
                command.addAll(List.of("-untrusted", untrusted.toString()));
            }
            command.add(leaf.toString());
            Processes.Result r = Processes.run(command, Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"), Duration.ofSeconds(30))
                    .requireSuccess("openssl verify");
            if (!r.stdout().contains(": OK")) {
                throw new AssertionError("openssl verify: " + r.stdout() + r.stderr());
            }
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            X509Certificate leafCert = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(Pem.decodeOne(certificatePem, Pem.CERTIFICATE)));
            List<X509Certificate> certs = new ArrayList<>();
            for (byte[] der : Pem.decodeEvery(chainPem, Pem.CERTIFICATE)) {
                certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
            List<X509Certificate> path = new ArrayList<>();
            path.add(leafCert);
            path.addAll(certs.subList(0, certs.size() - 1));
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(certs.getLast(), null)));
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), params);
            if (leafCert.getExtendedKeyUsage() == null || !leafCert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1")) {
                throw new AssertionError("no serverAuth extended key usage");
            }
            if (!leafCert.getKeyUsage()[0]) {
                throw new AssertionError("no digitalSignature key usage");
            }
            boolean named = leafCert.getSubjectAlternativeNames().stream().map(san -> (String) san.get(1)).anyMatch(san -> hostname.equals(san)
                    || san.startsWith("*.") && hostname.indexOf('.') > 0 && hostname.substring(hostname.indexOf('.') + 1).equals(san.substring(2)));
            if (!named) {
                throw new AssertionError(hostname + " is not among the SANs " + leafCert.getSubjectAlternativeNames());
            }
            leafCert.checkValidity();
            return leafCert;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError("PKIX validation failed: " + e, e);
        }
    }
}
