package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.app.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's lego against a Citadel ACME directory: http-01 (lego's own listener on a loopback port) obtains, renews
 * and revokes; tls-alpn-01 (lego's own TLS listener) obtains; dns-01 obtains a wildcard through lego's exec provider, whose TXT records a tiny DNS server on
 * loopback serves to Citadel. Every certificate verifies with openssl against the issuer lego saved.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class AcmeLegoTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path home;
    @TempDir
    Path lego;

    @Test
    void lego_obtainsRenewsAndRevokes_overHttp01_obtainsOverTlsAlpn01_andAWildcardOverDns01() throws IOException {
        AcmeClients.enableAcme(home, dataDir, "lego");
        int challengePort = AcmeClients.freePort();
        int tlsPort = AcmeClients.freePort();
        Path records = lego.resolve("dns-records.txt");
        Path hook = lego.resolve("dns-hook.sh");
        Files.writeString(hook, "#!/bin/sh\n[ \"$1\" = present ] && echo \"$2 $3\" >> '" + records + "'\nexit 0\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        try (AcmeDnsServer dns = new AcmeDnsServer(records);
             Node node = Node.builder(dataDir)
                     .flag(Setting.ACME_HTTP01_PORT, Integer.toString(challengePort))
                     .flag(Setting.ACME_TLS_ALPN01_PORT, Integer.toString(tlsPort))
                     .flag(Setting.ACME_RESOLVE, "*.example.test=127.0.0.1")
                     .flag(Setting.ACME_DNS_SERVER, "127.0.0.1:" + dns.port())
                     .start()) {
            String server = node.endpoint() + "/acme/lego/directory";
            List<String> http = List.of("--domains", "web.example.test", "--http", "--http.port", "127.0.0.1:" + challengePort);
            lego(server, Map.of(), http, "run").requireSuccess("lego run (http-01)");
            Path certs = lego.resolve("certificates");
            String first = AcmeClients.read(certs.resolve("web.example.test.crt"));
            assertVerifies(certs.resolve("web.example.test.issuer.crt"), certs.resolve("web.example.test.crt"));

            lego(server, Map.of(), http, "renew", "--days", "1000", "--no-random-sleep").requireSuccess("lego renew");
            assertThat(AcmeClients.read(certs.resolve("web.example.test.crt"))).isNotEqualTo(first);
            assertVerifies(certs.resolve("web.example.test.issuer.crt"), certs.resolve("web.example.test.crt"));

            lego(server, Map.of(), http, "revoke").requireSuccess("lego revoke");

            lego(server, Map.of(), List.of("--domains", "tls.example.test", "--tls", "--tls.port", "127.0.0.1:" + tlsPort), "run")
                    .requireSuccess("lego run (tls-alpn-01)");
            assertVerifies(certs.resolve("tls.example.test.issuer.crt"), certs.resolve("tls.example.test.crt"));

            List<String> dnsArgs = List.of("--domains", "*.wild.example.test", "--dns", "exec",
                    "--dns.resolvers", "127.0.0.1:" + dns.port(), "--dns.disable-cp");
            lego(server, Map.of("EXEC_PATH", hook.toString(), "LEGO_DISABLE_CNAME_SUPPORT", "true",
                    "EXEC_POLLING_INTERVAL", "1", "EXEC_PROPAGATION_TIMEOUT", "30"), dnsArgs, "run").requireSuccess("lego run (dns-01)");
            assertThat(AcmeClients.read(records)).contains("_acme-challenge.wild.example.test.");
            Path wildcard = certs.resolve("_.wild.example.test.crt");
            assertVerifies(certs.resolve("_.wild.example.test.issuer.crt"), wildcard);
            assertThat(AcmeClients.opensslText(home, wildcard)).contains("DNS:*.wild.example.test");
        }
    }

    @Test
    void lego_withAnExternalAccountBindingKey_registers_andWithoutOneIsRefused() {
        AcmeClients.enableAcme(home, dataDir, "bound", "--require-external-account-binding");
        String printed = CitadelJar.run(home, Map.of(), "admin", "create-acme-eab-key", "--data-dir", dataDir.toString(),
                "--name", "bound").requireSuccess("create-acme-eab-key").stdout();
        String kid = value(printed, "eab_kid = ");
        String hmac = value(printed, "eab_hmac_key = ");
        int challengePort = AcmeClients.freePort();
        try (Node node = Node.builder(dataDir)
                .flag(Setting.ACME_HTTP01_PORT, Integer.toString(challengePort))
                .flag(Setting.ACME_RESOLVE, "*.example.test=127.0.0.1")
                .start()) {
            String server = node.endpoint() + "/acme/bound/directory";
            // RSA account key (RS256) and RSA certificate key: lego makes the account key on its first run
            List<String> http = List.of("--domains", "eab.example.test", "--http", "--http.port", "127.0.0.1:" + challengePort,
                    "--key-type", "rsa2048");
            Processes.Result refused = lego(server, Map.of(), http, "run");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stdout() + refused.stderr()).contains("Server requires External Account Binding"); // from meta.externalAccountRequired
            List<String> withEab = new ArrayList<>(http);
            withEab.addAll(List.of("--eab", "--kid", kid, "--hmac", hmac));
            lego(server, Map.of(), withEab, "run").requireSuccess("lego run with EAB");
            assertVerifies(lego.resolve("certificates/eab.example.test.issuer.crt"), lego.resolve("certificates/eab.example.test.crt"));
            assertThat(AcmeClients.opensslText(home, lego.resolve("certificates/eab.example.test.crt"))).contains("rsaEncryption");
            assertThat(AcmeClients.opensslKeyText(home, AcmeClients.legoAccountKey(lego))).contains("Private-Key: (2048 bit");
        }
    }

    private static String value(String printed, String prefix) {
        return printed.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + printed)).substring(prefix.length()).split("\\s+")[0];
    }

    private void assertVerifies(Path issuer, Path cert) {
        Processes.Result verified = AcmeClients.opensslVerify(home, issuer, cert);
        assertThat(verified.exitCode()).as(verified.stdout() + verified.stderr()).isZero();
        assertThat(verified.stdout()).contains(": OK");
    }

    private Processes.Result lego(String server, Map<String, String> extraEnv, List<String> options, String... command) {
        List<String> args = new ArrayList<>(List.of("lego", "--server", server, "--email", "admin@example.test", "--accept-tos",
                "--path", lego.toString()));
        args.addAll(options);
        args.addAll(List.of(command));
        Map<String, String> env = new TreeMap<>(AcmeClients.env(home));
        env.putAll(extraEnv);
        try {
            return Processes.run(args, env, AcmeClients.CLIENT_TIMEOUT);
        } catch (UncheckedIOException e) {
            throw new AssertionError("cannot run lego (apt-get install -y lego)", e);
        }
    }
}
