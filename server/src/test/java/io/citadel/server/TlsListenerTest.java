package io.citadel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.audit.AuditRecorder;
import io.citadel.core.crypto.pki.TlsCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API listener's TLS on OpenSSL (BoringSSL through netty-tcnative, the default): which protocols and suites it
 * accepts, certificate reload under open connections, mutual TLS. {@link TlsListenerOnJdkTest} runs the same on the JDK.
 */
class TlsListenerTest {

    /** The provider under test; OPENSSL (not AUTO), so that a machine where it does not load fails here instead of testing the JDK. */
    TlsProvider provider() {
        return TlsProvider.OPENSSL;
    }

    private final TlsCertificates.Issued ca = TestPki.ca("Test CA");
    private final TlsCertificates.Issued leaf = TestPki.server(ca);
    private final AtomicReference<TlsIdentity> identity = new AtomicReference<>(TestPki.identity(leaf, ca));
    private RequestMetrics metrics;
    private HttpServer server;

    @TempDir
    Path dir;

    private HttpServer start(TlsSettings tls) {
        metrics = new RequestMetrics();
        Dispatcher dispatcher = new Dispatcher(List.of(new DemoService().json()), DemoService.authenticator(), AuditRecorder.DISABLED,
                InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")), metrics);
        server = HttpServer.start(ServerSettings.defaults("127.0.0.1", 0), tls.withProvider(provider()), dispatcher, metrics);
        return server;
    }

    private HttpServer startServerOnly() {
        return start(TlsSettings.serverOnly(identity::get));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            metrics.close();
        }
    }

    @Test
    void tls13_andTls12WithEcdheAead_work() throws IOException {
        startServerOnly();
        try (SSLSocket tls13 = TlsClient.trusting(ca).connect(server.port(), List.of("TLSv1.3"), List.of())) {
            assertThat(TlsClient.health(tls13)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(tls13.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        for (String suite : List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")) {
            try (SSLSocket tls12 = TlsClient.trusting(ca).connect(server.port(), List.of("TLSv1.2"), List.of(suite))) {
                assertThat(TlsClient.health(tls12)).isEqualTo("HTTP/1.1 200 OK");
                assertThat(tls12.getSession().getProtocol()).isEqualTo("TLSv1.2");
                assertThat(tls12.getSession().getCipherSuite()).isEqualTo(suite);
            }
        }
    }

    @Test
    void cbcOnlyClient_isRefused_evenThoughTheJdkWouldOfferCbc() {
        startServerOnly();
        for (String cbc : List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")) {
            assertThatThrownBy(() -> TlsClient.trusting(ca).connect(server.port(), List.of("TLSv1.2"), List.of(cbc)))
                    .as(cbc).isInstanceOf(IOException.class);
        }
    }

    @Test
    void engines_enableExactlyTls13And12_andOnlyTheModernSuites() {
        ServerTls tls = new ServerTls(TlsSettings.serverOnly(identity::get).withProvider(provider()));
        assertThat(tls.provider()).isEqualTo(provider());
        javax.net.ssl.SSLEngine engine = tls.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT).engine();
        assertThat(engine.getClass().getSimpleName()).isEqualTo(provider() == TlsProvider.OPENSSL ? "OpenSslEngine" : "SSLEngineImpl");
        // Netty's OpenSSL engine always lists the pseudo-protocol SSLv2Hello (a ClientHello format, not a version)
        assertThat(engine.getEnabledProtocols()).filteredOn(p -> !p.equals("SSLv2Hello")).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(engine.getEnabledCipherSuites()).isNotEmpty().allSatisfy(suite -> {
            assertThat(suite).doesNotContain("CBC").doesNotEndWith("_SHA").doesNotStartWith("TLS_RSA_")
                    .doesNotStartWith("TLS_DHE_");
            assertThat(suite.startsWith("TLS_ECDHE_") || !suite.contains("_WITH_")).isTrue();
        });
        if (provider() == TlsProvider.JDK) {
            assertThat(engine.getSSLParameters().getSignatureSchemes()).noneMatch(s -> s.contains("sha1") || s.contains("sha224"));
            assertThat(engine.getSSLParameters().getNamedGroups()).contains("x25519", "secp256r1").noneMatch(g -> g.startsWith("ffdhe"));
        }
    }

    @Test
    void everyAllowedSuite_isNegotiated_withAJdkClient() throws IOException {
        startServerOnly();
        for (String suite : ServerTls.CIPHER_SUITES.stream().filter(s -> !s.contains("_RSA_")).toList()) {
            String protocol = suite.startsWith("TLS_ECDHE_") ? "TLSv1.2" : "TLSv1.3";
            try (SSLSocket socket = TlsClient.trusting(ca).connect(server.port(), List.of(protocol), List.of(suite))) {
                assertThat(TlsClient.health(socket)).isEqualTo("HTTP/1.1 200 OK");
                assertThat(socket.getSession().getProtocol()).as(suite).isEqualTo(protocol);
                assertThat(socket.getSession().getCipherSuite()).isEqualTo(suite);
            }
        }
    }

    @Test
    void opensslClients_tls11AndCbcAndSha1SignaturesAndFiniteFieldDh_areRefused_tls13And12Accepted() {
        startServerOnly();
        assertThat(openssl("-tls1_3").exitCode()).as("TLS 1.3").isZero();
        assertThat(openssl("-tls1_2").exitCode()).as("TLS 1.2").isZero();
        // SECLEVEL=0 lets OpenSSL 3 send what it would refuse by itself, so the refusal is the server's: its alert
        assertRefusedByServer(openssl("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"), "alert protocol version");
        assertRefusedByServer(openssl("-tls1", "-cipher", "DEFAULT@SECLEVEL=0"), "alert protocol version");
        assertRefusedByServer(openssl("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA"),
                "alert handshake failure");
        // BoringSSL would sign with SHA-1 here; OpenSslIdentityKeyManager chooses no certificate, so OpenSSL's alert is internal_error
        assertRefusedByServer(openssl("-tls1_2", "-sigalgs", "ECDSA+SHA1", "-cipher", "DEFAULT@SECLEVEL=0"),
                provider() == TlsProvider.OPENSSL ? "alert internal error" : "alert handshake failure");
        // SHA-2 for RSA only, with an EC certificate: both providers find no certificate to sign with
        assertRefusedByServer(openssl("-tls1_2", "-sigalgs", "ECDSA+SHA224:RSA+SHA256", "-cipher", "DEFAULT@SECLEVEL=0"),
                "alert internal error");
        assertRefusedByServer(openssl("-tls1_3", "-groups", "ffdhe2048"), "SSL alert number");
        assertRefusedByServer(openssl("-tls1_2", "-groups", "ffdhe2048", "-cipher", "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384"),
                "alert handshake failure");
    }

    @Test
    void rsaCertificate_refusesRsaKeyExchange_butServesEcdheRsa() {
        rsaSelfSigned();
        identity.set(TlsIdentity.fromPem(read(dir.resolve("rsa-cert.pem")), read(dir.resolve("rsa-key.pem"))));
        startServerOnly();
        assertRefusedByServer(openssl("-tls1_2", "-cipher", "AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA"), "alert handshake failure");
        Outcome ecdheRsa = openssl("-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
        assertThat(ecdheRsa.exitCode()).as("ECDHE-RSA: %s", ecdheRsa.output()).isZero();
    }

    @Test
    void newCertificate_reachesNewHandshakes_whileAnOpenKeepAliveConnectionKeepsWorking() throws IOException {
        startServerOnly();
        TlsClient client = TlsClient.trusting(ca);
        try (SSLSocket kept = client.connect(server.port())) {
            assertThat(TlsClient.health(kept)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(TlsClient.peerSerial(kept)).isEqualTo(leaf.serial());

            TlsCertificates.Issued renewed = TestPki.server(ca);
            identity.set(TestPki.identity(renewed, ca));

            for (int i = 0; i < 3; i++) {
                assertThat(TlsClient.health(kept)).isEqualTo("HTTP/1.1 200 OK");
            }
            assertThat(TlsClient.peerSerial(kept)).isEqualTo(leaf.serial());
            try (SSLSocket fresh = client.connect(server.port())) {
                assertThat(TlsClient.health(fresh)).isEqualTo("HTTP/1.1 200 OK");
                assertThat(TlsClient.peerSerial(fresh)).isEqualTo(renewed.serial());
            }
            assertThat(TlsClient.health(kept)).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void pemFiles_reloadOnRefreshWhenChanged_andABrokenPairKeepsTheOldCertificate() throws IOException {
        Path cert = TestPki.write(dir.resolve("cert.pem"), leaf.certificatePem() + ca.certificatePem());
        Path key = TestPki.write(dir.resolve("key.pem"), leaf.privateKeyPem());
        PemFileTlsIdentity files = new PemFileTlsIdentity(cert, key);
        start(TlsSettings.serverOnly(files));
        TlsClient client = TlsClient.trusting(ca);
        try (SSLSocket kept = client.connect(server.port())) {
            assertThat(TlsClient.health(kept)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(files.refresh()).as("unchanged files").isFalse();

            TlsCertificates.Issued renewed = TestPki.server(ca);
            TestPki.write(cert, renewed.certificatePem() + ca.certificatePem());
            assertThat(files.refresh()).as("certificate replaced, key not yet").isFalse();
            try (SSLSocket between = client.connect(server.port())) {
                assertThat(TlsClient.peerSerial(between)).isEqualTo(leaf.serial());
            }
            TestPki.write(key, renewed.privateKeyPem());
            assertThat(files.refresh()).as("both replaced").isTrue();

            assertThat(TlsClient.health(kept)).isEqualTo("HTTP/1.1 200 OK");
            try (SSLSocket fresh = client.connect(server.port())) {
                assertThat(TlsClient.peerSerial(fresh)).isEqualTo(renewed.serial());
            }
        }
    }

    @Test
    void pemFiles_thatCannotBeUsedAtStart_failNamingTheFiles() {
        Path cert = TestPki.write(dir.resolve("cert.pem"), leaf.certificatePem());
        Path key = TestPki.write(dir.resolve("key.pem"), TestPki.server(ca).privateKeyPem());
        assertThatThrownBy(() -> new PemFileTlsIdentity(cert, key))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(cert.toString()).hasMessageContaining(key.toString())
                .hasMessageContaining("does not belong to certificate CN=localhost");
    }

    @Test
    void mutualTls_acceptsOnlyClientsWithACertificateFromTheNamedCa() throws IOException {
        TlsCertificates.Issued clientCa = TestPki.ca("Client CA");
        TlsCertificates.Issued otherCa = TestPki.ca("Other CA");
        Path bundle = TestPki.write(dir.resolve("clients.pem"), clientCa.certificatePem());
        start(new TlsSettings(identity::get, new PemFileTrustAnchors(bundle)));
        assertThat(server.requiresClientCertificates()).isTrue();

        try (SSLSocket good = TlsClient.trusting(ca, TestPki.client(clientCa, "alice")).connect(server.port())) {
            assertThat(TlsClient.health(good)).isEqualTo("HTTP/1.1 200 OK");
        }
        assertThatThrownBy(() -> {
            try (SSLSocket none = TlsClient.trusting(ca).connect(server.port())) {
                TlsClient.health(none);
            }
        }).as("no client certificate").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> {
            try (SSLSocket other = TlsClient.trusting(ca, TestPki.client(otherCa, "mallory")).connect(server.port())) {
                TlsClient.health(other);
            }
        }).as("certificate from another CA").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> {
            try (SSLSocket tls12 = TlsClient.trusting(ca, TestPki.client(otherCa, "mallory"))
                    .connect(server.port(), List.of("TLSv1.2"), List.of())) {
                TlsClient.health(tls12);
            }
        }).as("another CA over TLS 1.2").isInstanceOf(IOException.class);
    }

    @Test
    void mutualTls_aCertificateTheAnchorsSourceRefuses_failsTheHandshake_andASourceThatThrowsFailsClosed() throws IOException {
        TlsCertificates.Issued clientCa = TestPki.ca("Client CA");
        TlsCertificates.Issued alice = TestPki.client(clientCa, "alice");
        TlsCertificates.Issued revoked = TestPki.client(clientCa, "revoked");
        TlsCertificates.Issued unreadable = TestPki.client(clientCa, "unreadable");
        PemFileTrustAnchors bundle = new PemFileTrustAnchors(TestPki.write(dir.resolve("clients.pem"), clientCa.certificatePem()));
        java.util.List<java.math.BigInteger> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        TrustAnchorSource revoking = new TrustAnchorSource() {
            @Override
            public TrustAnchors current() {
                return bundle.current();
            }

            @Override
            public java.util.Optional<String> refusal(java.security.cert.X509Certificate client) {
                asked.add(client.getSerialNumber());
                if (client.getSerialNumber().equals(serial(unreadable))) {
                    throw new IllegalStateException("storage is closed");
                }
                return client.getSerialNumber().equals(serial(revoked)) ? java.util.Optional.of("revoked") : java.util.Optional.empty();
            }
        };
        start(new TlsSettings(identity::get, revoking));

        try (SSLSocket good = TlsClient.trusting(ca, alice).connect(server.port())) {
            assertThat(TlsClient.health(good)).isEqualTo("HTTP/1.1 200 OK");
        }
        for (List<String> protocols : List.of(List.of("TLSv1.3"), List.of("TLSv1.2"))) {
            for (TlsCertificates.Issued refused : List.of(revoked, unreadable)) {
                assertThatThrownBy(() -> {
                    try (SSLSocket socket = TlsClient.trusting(ca, refused).connect(server.port(), protocols, List.of())) {
                        TlsClient.health(socket);
                    }
                }).as(protocols + " " + refused.certificatePem().length()).isInstanceOf(IOException.class);
            }
        }
        assertThat(asked).as("the source is asked on every handshake").contains(serial(alice), serial(revoked), serial(unreadable));
    }

    private static java.math.BigInteger serial(TlsCertificates.Issued issued) {
        return TlsIdentity.certificates(issued.certificatePem(), "test").getFirst().getSerialNumber();
    }

    @Test
    void mutualTls_changedCaBundle_appliesToNewHandshakes() throws IOException {
        TlsCertificates.Issued oldCa = TestPki.ca("Old client CA");
        TlsCertificates.Issued newCa = TestPki.ca("New client CA");
        Path bundle = TestPki.write(dir.resolve("clients.pem"), oldCa.certificatePem());
        PemFileTrustAnchors anchors = new PemFileTrustAnchors(bundle);
        start(new TlsSettings(identity::get, anchors));
        TlsClient newClient = TlsClient.trusting(ca, TestPki.client(newCa, "bob"));
        assertThatThrownBy(() -> {
            try (SSLSocket early = newClient.connect(server.port())) {
                TlsClient.health(early);
            }
        }).isInstanceOf(IOException.class);

        try (SSLSocket kept = TlsClient.trusting(ca, TestPki.client(oldCa, "alice")).connect(server.port())) {
            TestPki.write(bundle, newCa.certificatePem());
            assertThat(anchors.refresh()).isTrue();
            try (SSLSocket fresh = newClient.connect(server.port())) {
                assertThat(TlsClient.health(fresh)).isEqualTo("HTTP/1.1 200 OK");
            }
            assertThat(TlsClient.health(kept)).as("accepted before the change, stays up").isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void mutualTls_withCurl() {
        TlsCertificates.Issued clientCa = TestPki.ca("Client CA");
        TlsCertificates.Issued alice = TestPki.client(clientCa, "alice");
        TlsCertificates.Issued mallory = TestPki.client(TestPki.ca("Other CA"), "mallory");
        start(new TlsSettings(identity::get, new PemFileTrustAnchors(TestPki.write(dir.resolve("clients.pem"), clientCa.certificatePem()))));
        Path caFile = TestPki.write(dir.resolve("server-ca.pem"), ca.certificatePem());
        TestPki.write(dir.resolve("alice.pem"), alice.certificatePem());
        TestPki.write(dir.resolve("alice.key"), alice.privateKeyPem());
        TestPki.write(dir.resolve("mallory.pem"), mallory.certificatePem());
        TestPki.write(dir.resolve("mallory.key"), mallory.privateKeyPem());
        String url = "https://127.0.0.1:" + server.port() + "/health";

        Outcome good = run(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", caFile.toString(),
                "--cert", dir.resolve("alice.pem").toString(), "--key", dir.resolve("alice.key").toString(), url));
        assertThat(good.output()).as("%s", good).isEqualTo("200");
        Outcome none = run(List.of("curl", "-sS", "-o", "/dev/null", "--cacert", caFile.toString(), url));
        assertThat(none.exitCode()).as("%s", none).isNotZero();
        Outcome other = run(List.of("curl", "-sS", "-o", "/dev/null", "--cacert", caFile.toString(),
                "--cert", dir.resolve("mallory.pem").toString(), "--key", dir.resolve("mallory.key").toString(), url));
        assertThat(other.exitCode()).as("%s", other).isNotZero();
    }

    record Outcome(int exitCode, String output) {
    }

    private Outcome openssl(String... options) {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(), "-brief"));
        command.addAll(List.of(options));
        return run(command);
    }

    private static void assertRefusedByServer(Outcome outcome, String alert) {
        assertThat(outcome.exitCode()).as("%s", outcome).isNotZero();
        assertThat(outcome.output()).as("%s", outcome).contains(alert);
    }

    private void rsaSelfSigned() {
        Outcome made = run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", dir.resolve("rsa-key.pem").toString(), "-out", dir.resolve("rsa-cert.pem").toString(),
                "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"));
        assertThat(made.exitCode()).as("%s", made).isZero();
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Outcome run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Outcome(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
