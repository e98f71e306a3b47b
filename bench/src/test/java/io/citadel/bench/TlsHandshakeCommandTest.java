package io.citadel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.crypto.pki.SubjectAlternativeName;
import io.citadel.core.crypto.pki.TlsCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * tls-handshakes against a JDK TLS server socket with a P-256 certificate: the offered connections complete full
 * handshakes (on the OpenSSL client and the JDK one), and a server whose certificate the bundle does not vouch for fails the run.
 */
class TlsHandshakeCommandTest {

    @TempDir
    Path dir;

    @Test
    void shortRun_completesFullHandshakes_andExitsZero() throws Exception {
        assertThat(run("ca.pem", "openssl")).isZero();
        assertThat(handshakes.get()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void jdkClient_completesFullHandshakesToo() throws Exception {
        assertThat(run("ca.pem", "jdk")).isZero();
        assertThat(handshakes.get()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void serverCertificateFromAnotherCa_failsTheRun() throws Exception {
        Files.writeString(dir.resolve("other.pem"), TlsCertificates.rootCa("other CA", Instant.now().minusSeconds(60), Duration.ofDays(1),
                new SecureRandom()).certificatePem());
        assertThat(run("other.pem", "openssl")).isEqualTo(1);
        assertThat(handshakes.get()).as("the client refused every handshake").isZero();
    }

    @Test
    void pinnedLeaf_completesFullHandshakes() throws Exception {
        assertThat(run("leaf.pem", "openssl", "--verify", "pinned")).isZero();
        assertThat(handshakes.get()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void pinned_withOnlyTheIssuingCa_failsTheRun() throws Exception {
        assertThat(run("ca.pem", "openssl", "--verify", "pinned")).as("pinning trusts the leaf itself, not its issuer").isEqualTo(1);
        assertThat(handshakes.get()).as("the client refused every handshake").isZero();
    }

    @Test
    void pins_refuseAnotherCertificate_andThePinnedOneOutsideItsValidity() throws Exception {
        SecureRandom random = new SecureRandom();
        Instant now = Instant.now().minusSeconds(60);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509Certificate pinned = (X509Certificate) x509.generateCertificate(new java.io.ByteArrayInputStream(
                TlsCertificates.rootCa("pinned", now, Duration.ofDays(1), random).certificate()));
        X509Certificate other = (X509Certificate) x509.generateCertificate(new java.io.ByteArrayInputStream(
                TlsCertificates.rootCa("pinned", now, Duration.ofDays(1), random).certificate()));
        TlsHandshakeCommand.Pins pins = new TlsHandshakeCommand.Pins(List.of(pinned));
        long inside = pinned.getNotBefore().getTime() + 1000;

        assertThat(pins.check(new X509Certificate[] {pinned}, inside)).isEqualTo("EC");
        assertThatThrownBy(() -> pins.check(new X509Certificate[] {other}, inside))
                .isInstanceOf(CertificateException.class).hasMessageContaining("none of the 1 pinned");
        assertThatThrownBy(() -> pins.check(new X509Certificate[] {pinned}, pinned.getNotAfter().getTime() + 1))
                .isInstanceOf(CertificateException.class).hasMessageContaining("not valid now");
        assertThatThrownBy(() -> pins.check(new X509Certificate[] {pinned}, pinned.getNotBefore().getTime() - 1))
                .isInstanceOf(CertificateException.class).hasMessageContaining("not valid now");
        assertThatThrownBy(() -> pins.check(new X509Certificate[0], inside)).isInstanceOf(CertificateException.class);
    }

    private final AtomicInteger handshakes = new AtomicInteger();

    private int run(String trusted, String provider, String... more) throws Exception {
        SecureRandom random = new SecureRandom();
        Instant now = Instant.now().minusSeconds(60);
        TlsCertificates.Issued ca = TlsCertificates.rootCa("bench CA", now, Duration.ofDays(1), random);
        TlsCertificates.Issued leaf = TlsCertificates.serverCertificate(ca, "localhost",
                List.of(new SubjectAlternativeName.Ip("127.0.0.1")), now, Duration.ofDays(1), random);
        Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        Files.writeString(dir.resolve("leaf.pem"), leaf.certificatePem());
        Path bundle = dir.resolve(trusted);

        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        keys.setKeyEntry("leaf", KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(leaf.key().privatePkcs8())),
                "x".toCharArray(), new Certificate[] {
                    x509.generateCertificate(new java.io.ByteArrayInputStream(leaf.certificate())),
                    x509.generateCertificate(new java.io.ByteArrayInputStream(ca.certificate()))});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "x".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);

        try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 128,
                InetAddress.getLoopbackAddress())) {
            Thread.startVirtualThread(() -> {
                while (!server.isClosed()) {
                    try {
                        SSLSocket socket = (SSLSocket) server.accept();
                        Thread.startVirtualThread(() -> {
                            try (socket) {
                                socket.startHandshake();
                                handshakes.incrementAndGet();
                                socket.getInputStream().read();
                            } catch (IOException e) {
                                // the client closed
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            List<String> args = new java.util.ArrayList<>(List.of("--port", Integer.toString(server.getLocalPort()),
                    "--rate", "40", "--duration", "2s", "--warmup", "0s", "--ca-bundle", bundle.toString(), "--provider", provider));
            args.addAll(List.of(more));
            return new CommandLine(new TlsHandshakeCommand()).execute(args.toArray(String[]::new));
        }
    }
}
