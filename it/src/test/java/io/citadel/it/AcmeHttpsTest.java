package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.app.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACME directory over an https listener: its URLs become https, and certbot (REQUESTS_CA_BUNDLE) and lego
 * (LEGO_CA_CERTIFICATES) obtain certificates once they trust the listener's certificate.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class AcmeHttpsTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void certbotAndLego_obtainOverHttps_trustingTheListenersCertificate() {
        Path cert = work.resolve("listener.pem");
        Path key = work.resolve("listener.key");
        Processes.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                        "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"),
                AcmeClients.env(home), Duration.ofSeconds(60)).requireSuccess("openssl req");
        AcmeClients.enableAcme(home, dataDir, "tls");
        int challengePort = AcmeClients.freePort();
        try (Node node = Node.builder(dataDir)
                .flag(Setting.TLS_CERTIFICATE, cert.toString())
                .flag(Setting.TLS_PRIVATE_KEY, key.toString())
                .flag(Setting.ACME_HTTP01_PORT, Integer.toString(challengePort))
                .flag(Setting.ACME_RESOLVE, "*.example.test=127.0.0.1")
                .start()) {
            String server = node.endpoint() + "/acme/tls/directory";
            assertThat(server).startsWith("https://");

            Map<String, String> certbotEnv = new TreeMap<>(AcmeClients.env(home));
            certbotEnv.put("REQUESTS_CA_BUNDLE", cert.toString());
            Path certbot = work.resolve("certbot");
            Processes.run(List.of("certbot", "certonly", "--standalone", "-d", "secure.example.test", "--agree-tos",
                    "--register-unsafely-without-email", "--non-interactive", "--server", server,
                    "--http-01-port", Integer.toString(challengePort), "--http-01-address", "127.0.0.1",
                    "--config-dir", certbot.resolve("config").toString(), "--work-dir", certbot.resolve("work").toString(),
                    "--logs-dir", certbot.resolve("logs").toString()), certbotEnv, AcmeClients.CLIENT_TIMEOUT)
                    .requireSuccess("certbot over https");
            Path live = certbot.resolve("config/live/secure.example.test");
            assertThat(AcmeClients.opensslVerify(home, live.resolve("chain.pem"), live.resolve("cert.pem")).stdout()).contains(": OK");

            Map<String, String> legoEnv = new TreeMap<>(AcmeClients.env(home));
            legoEnv.put("LEGO_CA_CERTIFICATES", cert.toString());
            Path lego = work.resolve("lego");
            Processes.run(List.of("lego", "--server", server, "--email", "admin@example.test", "--accept-tos", "--path", lego.toString(),
                    "--domains", "secure.example.test", "--http", "--http.port", "127.0.0.1:" + challengePort,
                    "--key-type", "ec384", "run"), // ES384 account key, P-384 CSR
                    legoEnv, AcmeClients.CLIENT_TIMEOUT).requireSuccess("lego over https");
            assertThat(AcmeClients.opensslText(home, lego.resolve("certificates/secure.example.test.crt"))).contains("NIST CURVE: P-384");
            assertThat(AcmeClients.opensslKeyText(home, AcmeClients.legoAccountKey(lego))).contains("NIST CURVE: P-384");
            assertThat(AcmeClients.opensslVerify(home, lego.resolve("certificates/secure.example.test.issuer.crt"),
                    lego.resolve("certificates/secure.example.test.crt")).stdout()).contains(": OK");
        }
    }
}
