package io.citadel.app;

import io.citadel.core.crypto.pki.Pem;
import io.citadel.core.crypto.pki.TlsCertificates;
import io.citadel.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;

/**
 * The node's own certificate authority for {@code tls-bootstrap}: an EC P-256 root created on first use, kept in
 * sealed storage (its private key exists nowhere else), shared by every node on the same storage, and published
 * as {@code <data dir>/tls/citadel-ca.pem} (the certificate only) for clients to trust.
 */
final class BootstrapCa {

    /** Sealed storage key; the value is the CA certificate's PEM block followed by its PKCS#8 PRIVATE KEY block (docs/formats.md). */
    static final String STORAGE_KEY = "global/tls/bootstrap-ca";
    static final String CA_FILE = "tls/citadel-ca.pem";
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Certificates are dated this far back, for clients whose clocks run a little behind. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private BootstrapCa() {
    }

    /** The stored CA, or a new one stored now; when two nodes race on first start, both end up with the winner's. */
    static TlsCertificates.Issued loadOrCreate(Storage sealed, InstantSource clock, SecureRandom random) {
        var stored = sealed.get(STORAGE_KEY);
        if (stored.isPresent()) {
            return decode(stored.get());
        }
        String name = "Citadel node CA " + HexFormat.of().formatHex(bytes(random, 4));
        TlsCertificates.Issued ca = TlsCertificates.rootCa(name, clock.instant().minus(BACKDATE), CA_VALIDITY, random);
        if (sealed.compareAndSet(STORAGE_KEY, null, encode(ca))) {
            return ca;
        }
        return decode(sealed.get(STORAGE_KEY).orElseThrow(() -> new IllegalStateException(STORAGE_KEY + " vanished while being created")));
    }

    /** Writes the CA certificate (never its key) to {@code <dataDir>/tls/citadel-ca.pem}, atomically, when it differs; returns the path. */
    static Path publish(Path dataDir, TlsCertificates.Issued ca) {
        Path file = dataDir.resolve(CA_FILE);
        String pem = ca.certificatePem();
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file) && Files.readString(file, StandardCharsets.US_ASCII).equals(pem)) {
                return file;
            }
            Path temp = Files.createTempFile(file.getParent(), "citadel-ca", ".tmp");
            Files.writeString(temp, pem, StandardCharsets.US_ASCII);
            // a certificate is public, and clients running as other users must read it (temp files start as 0600)
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bootstrap CA certificate to " + file, e);
        }
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    private static byte[] encode(TlsCertificates.Issued ca) {
        return (ca.certificatePem() + ca.privateKeyPem()).getBytes(StandardCharsets.US_ASCII);
    }

    private static TlsCertificates.Issued decode(byte[] value) {
        List<Pem.Block> blocks = Pem.decodeAll(new String(value, StandardCharsets.US_ASCII));
        if (blocks.size() != 2 || !blocks.get(0).label().equals(Pem.CERTIFICATE) || !blocks.get(1).label().equals(Pem.PRIVATE_KEY)) {
            throw new IllegalStateException(STORAGE_KEY + ": expected a CERTIFICATE and a PRIVATE KEY block, found "
                    + blocks.stream().map(Pem.Block::label).toList());
        }
        return TlsCertificates.Issued.of(blocks.get(0).der(), blocks.get(1).der());
    }
}
