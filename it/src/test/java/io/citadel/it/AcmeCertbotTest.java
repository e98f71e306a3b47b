package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.app.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's certbot obtains a certificate from a Citadel ACME directory (standalone http-01 on a loopback port),
 * renews it, and revokes both: the first with the certificate's own key, the renewal with the account key; then it
 * updates the account's contact and deactivates the account (unregister).
 * Every certificate verifies with openssl against the chain the directory served.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class AcmeCertbotTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path home;
    @TempDir
    Path certbot;

    @Test
    void certbot_obtainsRenewsRevokes_updatesAndDeactivatesItsAccount_overHttp01() {
        AcmeClients.enableAcme(home, dataDir, "main");
        int challengePort = AcmeClients.freePort();
        try (Node node = Node.builder(dataDir)
                .flag(Setting.ACME_HTTP01_PORT, Integer.toString(challengePort))
                .flag(Setting.ACME_RESOLVE, "*.example.test=127.0.0.1")
                .start()) {
            String server = node.endpoint() + "/acme/main/directory";
            certbot(server, challengePort, "certonly", "--standalone", "-d", "www.example.test", "-d", "api.example.test",
                    "--agree-tos", "--register-unsafely-without-email", "--preferred-challenges", "http")
                    .requireSuccess("certbot certonly");
            Path live = certbot.resolve("config/live/www.example.test");
            assertVerifies(live.resolve("chain.pem"), live.resolve("cert.pem"));
            String text = AcmeClients.opensslText(home, live.resolve("cert.pem"));
            assertThat(text).contains("DNS:www.example.test").contains("DNS:api.example.test").contains("TLS Web Server Authentication");

            certbot(server, challengePort, "renew", "--force-renewal", "--no-random-sleep-on-renew").requireSuccess("certbot renew");
            Path archive = certbot.resolve("config/archive/www.example.test");
            assertThat(archive.resolve("cert2.pem")).exists();
            assertThat(AcmeClients.read(archive.resolve("cert2.pem"))).isNotEqualTo(AcmeClients.read(archive.resolve("cert1.pem")));
            assertVerifies(archive.resolve("chain2.pem"), archive.resolve("cert2.pem"));

            certbot(server, challengePort, "revoke", "--cert-path", archive.resolve("cert1.pem").toString(),
                    "--key-path", archive.resolve("privkey1.pem").toString(), "--reason", "keycompromise", "--no-delete-after-revoke")
                    .requireSuccess("certbot revoke with the certificate key");
            certbot(server, challengePort, "revoke", "--cert-path", archive.resolve("cert2.pem").toString(),
                    "--reason", "superseded", "--no-delete-after-revoke").requireSuccess("certbot revoke with the account key");
            Processes.Result again = certbot(server, challengePort, "revoke", "--cert-path", archive.resolve("cert2.pem").toString(),
                    "--no-delete-after-revoke");
            assertThat(again.exitCode()).isNotZero();
            assertThat(again.stdout() + again.stderr() + logs()).contains("alreadyRevoked");

            certbot(server, challengePort, "update_account", "-m", "ops@example.test").requireSuccess("certbot update_account");
            assertThat(logs()).contains("mailto:ops@example.test");
            certbot(server, challengePort, "unregister").requireSuccess("certbot unregister");
            Processes.Result afterUnregister = certbot(server, challengePort, "certonly", "--standalone", "-d", "late.example.test",
                    "--agree-tos", "--register-unsafely-without-email", "--preferred-challenges", "http");
            assertThat(afterUnregister.exitCode()).as("certbot made a new account after unregister").isZero();
        }
    }

    private void assertVerifies(Path chain, Path cert) {
        Processes.Result verified = AcmeClients.opensslVerify(home, chain, cert);
        assertThat(verified.exitCode()).as(verified.stdout() + verified.stderr()).isZero();
        assertThat(verified.stdout()).contains(": OK");
    }

    private Processes.Result certbot(String server, int challengePort, String... args) {
        List<String> command = new ArrayList<>(List.of("certbot"));
        command.addAll(List.of(args));
        command.addAll(List.of("--non-interactive", "--server", server,
                "--http-01-port", Integer.toString(challengePort), "--http-01-address", "127.0.0.1",
                "--config-dir", certbot.resolve("config").toString(), "--work-dir", certbot.resolve("work").toString(),
                "--logs-dir", certbot.resolve("logs").toString()));
        return Processes.run(command, AcmeClients.env(home), AcmeClients.CLIENT_TIMEOUT);
    }

    private String logs() {
        Path log = certbot.resolve("logs/letsencrypt.log");
        return Files.exists(log) ? AcmeClients.read(log) : "";
    }
}
