package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.app.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API listener serving an ACM certificate by ARN (tls-certificate-arn) and accepting client certificates of an
 * ACM PCA certificate authority by ARN (tls-client-ca-arn), checked with curl: the private CA's root verifies the
 * server, a client certificate from that CA gets in, none does not, and once the CA revokes it, it does not either.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TlsFromAcmAndPcaTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void listener_servesTheAcmCertificate_andAcceptsOnlyClientsOfThePrivateCa() throws Exception {
        String ca;
        String certificateArn;
        try (Node node = Node.start(dataDir)) {
            ca = PcaRoots.activeRoot(node, "Listener Root");
            IamCliTest.Aws aws = IamCliTest.Aws.as(node, home, node.bootstrapCredentials());
            certificateArn = aws.ok("acm", "request-certificate", "--domain-name", "api.citadel.test", "--certificate-authority-arn", ca)
                    .get("CertificateArn").asText();
            assertThat(aws.ok("acm", "describe-certificate", "--certificate-arn", certificateArn).at("/Certificate/Status").asText())
                    .isEqualTo("ISSUED");
            Files.writeString(work.resolve("root.pem"), aws.ok("acm-pca", "get-certificate-authority-certificate",
                    "--certificate-authority-arn", ca).get("Certificate").asText());
            clientCertificate(aws, ca, "client");
            // a second client certificate of the same CA, revoked (the listener asks the CA on every handshake)
            String revokedArn = clientCertificate(aws, ca, "revoked");
            aws.ok("acm-pca", "revoke-certificate", "--certificate-authority-arn", ca, "--certificate-serial",
                    revokedArn.substring(revokedArn.lastIndexOf('/') + 1), "--revocation-reason", "KEY_COMPROMISE");
        }
        try (Node node = Node.builder(dataDir).flag(Setting.TLS_CERTIFICATE_ARN, certificateArn).flag(Setting.TLS_CLIENT_CA_ARN, ca)
                .start()) {
            String url = "https://api.citadel.test:" + node.port() + "/health";
            Processes.Result good = curl("--cacert", work.resolve("root.pem").toString(), "--cert", work.resolve("client.pem").toString(),
                    "--key", work.resolve("client.key").toString(), url);
            assertThat(good.stdout()).as("%s", good).isEqualTo("200");
            Processes.Result noClientCertificate = curl("--cacert", work.resolve("root.pem").toString(), url);
            assertThat(noClientCertificate.exitCode()).as("%s", noClientCertificate).isNotZero();
            Processes.Result untrusted = curl("--cert", work.resolve("client.pem").toString(), "--key", work.resolve("client.key").toString(), url);
            assertThat(untrusted.exitCode()).as("the server certificate is the private CA's, not a public one: %s", untrusted).isNotZero();

            Processes.Result revoked = curl("--cacert", work.resolve("root.pem").toString(), "--cert", work.resolve("revoked.pem").toString(),
                    "--key", work.resolve("revoked.key").toString(), url);
            assertThat(revoked.exitCode()).as("a client certificate its CA revoked: %s", revoked).isNotZero();
            assertThat(revoked.stdout()).as("%s", revoked).isNotEqualTo("200");
        }
    }

    /** A fresh P-256 key ({@code name}.key) and its client certificate from {@code ca} ({@code name}.pem); returns the certificate's ARN. */
    private String clientCertificate(IamCliTest.Aws aws, String ca, String name) throws java.io.IOException {
        ok(List.of("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                work.resolve(name + ".key").toString(), "-subj", "/CN=" + name, "-out", work.resolve(name + ".csr").toString()));
        String arn = aws.ok("acm-pca", "issue-certificate", "--certificate-authority-arn", ca, "--csr",
                "fileb://" + work.resolve(name + ".csr"), "--signing-algorithm", "SHA256WITHECDSA", "--template-arn",
                "arn:aws:acm-pca:::template/EndEntityClientAuthCertificate/V1", "--validity", "Value=7,Type=DAYS")
                .get("CertificateArn").asText();
        Files.writeString(work.resolve(name + ".pem"), aws.ok("acm-pca", "get-certificate", "--certificate-authority-arn", ca,
                "--certificate-arn", arn).get("Certificate").asText());
        return arn;
    }

    private Processes.Result curl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--resolve",
                args[args.length - 1].replaceAll("https://([^:/]+):(\\d+)/.*", "$1:$2:127.0.0.1")));
        command.addAll(List.of(args));
        return Processes.run(command, Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString()), Duration.ofSeconds(30));
    }

    private void ok(List<String> command) {
        Processes.run(command, Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString()), Duration.ofSeconds(30)).requireSuccess(command.get(0));
    }
}
