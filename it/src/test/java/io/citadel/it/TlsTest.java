package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.citadel.app.Setting;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a certificate and key configured the node speaks only HTTPS, and boto3 verifies it against that certificate. */
class TlsTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path home;
    @TempDir
    Path pki;

    @Test
    void https_withSelfSignedCertificate_worksWithBoto3_andPlainHttpIsRefused() {
        Path cert = pki.resolve("cert.pem");
        Path key = pki.resolve("key.pem");
        Processes.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                        "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"),
                Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", home.toString()), Duration.ofSeconds(60))
                .requireSuccess("openssl req");

        try (Node node = Node.builder(dataDir)
                .flag(Setting.TLS_CERTIFICATE, cert.toString())
                .flag(Setting.TLS_PRIVATE_KEY, key.toString())
                .start()) {
            String account = node.adminAccountId();
            assertThat(node.endpoint()).isEqualTo("https://127.0.0.1:" + node.port());

            List<JsonNode> results = new Boto3(home)
                    .identity(node.endpoint(), "us-east-1", node.bootstrapCredentials(), cert)
                    .identity(node.endpoint(), "us-east-1", node.bootstrapCredentials())
                    .identity("http://127.0.0.1:" + node.port(), "us-east-1", node.bootstrapCredentials())
                    .run();

            Boto3Test.assertIdentity(results.get(0), account, account, "arn:aws:iam::" + account + ":root");
            assertThat(results.get(1).get("ok").asBoolean()).isFalse();
            assertThat(results.get(1).path("exception").asText()).as("%s", results.get(1)).isEqualTo("SSLError");
            assertThat(results.get(1).path("message").asText()).contains("CERTIFICATE_VERIFY_FAILED");
            assertThat(results.get(2).get("ok").asBoolean()).as("%s", results.get(2)).isFalse();
            assertThat(results.get(2).has("exception")).as("%s", results.get(2)).isTrue();

            RawHttp.Outcome plain = RawHttp.send(node.port(),
                    "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                    Duration.ofSeconds(5), Duration.ofSeconds(10));
            assertThat(plain).isInstanceOf(RawHttp.Closed.class);
        }
    }
}
