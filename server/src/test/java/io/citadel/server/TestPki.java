package io.citadel.server;

import io.citadel.core.crypto.pki.SubjectAlternativeName;
import io.citadel.core.crypto.pki.TlsCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Throwaway CAs and certificates for the TLS tests. */
final class TestPki {

    static final SecureRandom RANDOM = new SecureRandom();
    static final Instant NOW = Instant.now().minusSeconds(60);

    private TestPki() {
    }

    static TlsCertificates.Issued ca(String name) {
        return TlsCertificates.rootCa(name, NOW, Duration.ofDays(30), RANDOM);
    }

    static TlsCertificates.Issued server(TlsCertificates.Issued ca) {
        return TlsCertificates.serverCertificate(ca, "localhost",
                List.of(new SubjectAlternativeName.Dns("localhost"), new SubjectAlternativeName.Ip("127.0.0.1")),
                NOW, Duration.ofDays(1), RANDOM);
    }

    static TlsCertificates.Issued client(TlsCertificates.Issued ca, String name) {
        return TlsCertificates.clientCertificate(ca, name, NOW, Duration.ofDays(1), RANDOM);
    }

    /** The server identity (leaf, then its CA) as the listener takes it. */
    static TlsIdentity identity(TlsCertificates.Issued leaf, TlsCertificates.Issued ca) {
        return TlsIdentity.fromPem(leaf.certificatePem() + ca.certificatePem(), leaf.privateKeyPem());
    }

    static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
