package io.citadel.it;

import io.citadel.core.crypto.pki.SubjectAlternativeName;
import io.citadel.core.crypto.pki.TlsCertificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** P-256 CAs and certificates for the TLS tests, as PEM files and as JDK key and trust managers. */
final class TlsPki {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.now().minusSeconds(60);

    private TlsPki() {
    }

    static TlsCertificates.Issued ca(String name) {
        return TlsCertificates.rootCa(name, NOW, Duration.ofDays(30), RANDOM);
    }

    static TlsCertificates.Issued localhost(TlsCertificates.Issued ca) {
        return TlsCertificates.serverCertificate(ca, "localhost",
                List.of(new SubjectAlternativeName.Dns("localhost"), new SubjectAlternativeName.Ip("127.0.0.1")),
                NOW, Duration.ofDays(1), RANDOM);
    }

    static TlsCertificates.Issued client(TlsCertificates.Issued ca, String name) {
        return TlsCertificates.clientCertificate(ca, name, NOW, Duration.ofDays(1), RANDOM);
    }

    static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TrustManager[] trusting(TlsCertificates.Issued ca) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", certificate(ca));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyManager[] presenting(TlsCertificates.Issued client) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(client.key().privatePkcs8())),
                    "x".toCharArray(), new Certificate[] {certificate(client)});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, "x".toCharArray());
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static SSLContext context(KeyManager[] keys, TrustManager[] trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Certificate certificate(TlsCertificates.Issued issued) throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
                issued.certificatePem().getBytes(StandardCharsets.US_ASCII)));
    }
}
