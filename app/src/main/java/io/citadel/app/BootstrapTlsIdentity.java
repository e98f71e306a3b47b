package io.citadel.app;

import io.citadel.core.crypto.pki.SubjectAlternativeName;
import io.citadel.core.crypto.pki.TlsCertificates;
import io.citadel.server.TlsIdentity;
import io.citadel.server.TlsIdentitySource;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API listener's certificate under {@code tls-bootstrap}: issued by the {@link BootstrapCa} with a fresh P-256
 * key at start, and issued again by {@link #refresh()} once less than {@link #RENEW_BEFORE} of it is left on the
 * injected clock. The leaf key lives in memory only; every start (and every node) issues its own.
 */
final class BootstrapTlsIdentity implements TlsIdentitySource {

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapTlsIdentity.class);

    static final Duration LEAF_VALIDITY = Duration.ofDays(30);
    static final Duration RENEW_BEFORE = Duration.ofDays(10);

    private final TlsCertificates.Issued ca;
    private final List<SubjectAlternativeName> names;
    private final InstantSource clock;
    private final SecureRandom random;
    private volatile TlsIdentity current;

    BootstrapTlsIdentity(TlsCertificates.Issued ca, List<SubjectAlternativeName> names, InstantSource clock, SecureRandom random) {
        this.ca = ca;
        this.names = List.copyOf(names);
        this.clock = clock;
        this.random = random;
        this.current = issue();
    }

    @Override
    public TlsIdentity current() {
        return current;
    }

    @Override
    public synchronized boolean refresh() {
        Instant now = clock.instant();
        if (now.isBefore(current.notAfter().minus(RENEW_BEFORE))) {
            return false;
        }
        try {
            TlsIdentity old = current;
            current = issue();
            LOG.info("bootstrap TLS certificate renewed: serial {} (valid until {}) replaces serial {} (valid until {})",
                    current.serial().toString(16), current.notAfter(), old.serial().toString(16), old.notAfter());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("cannot renew the bootstrap TLS certificate (serial {}, valid until {}): {}", current.serial().toString(16),
                    current.notAfter(), e.getMessage());
            return false;
        }
    }

    private TlsIdentity issue() {
        TlsCertificates.Issued leaf = TlsCertificates.serverCertificate(ca, "Citadel node", names,
                clock.instant().minus(BootstrapCa.BACKDATE), LEAF_VALIDITY, random);
        return TlsIdentity.fromPem(leaf.certificatePem() + ca.certificatePem(), leaf.privateKeyPem());
    }
}
