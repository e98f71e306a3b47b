package io.citadel.server;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An identity fetched from somewhere that renews certificates by itself (ACM by certificate ARN, say): the fetch
 * runs once now and again on every {@link #refresh()}, and a fetched chain that differs from the served one becomes
 * current. A fetch that throws at refresh is logged and the old identity stays.
 */
public final class PolledTlsIdentity implements TlsIdentitySource {

    private static final Logger LOG = LoggerFactory.getLogger(PolledTlsIdentity.class);

    private final String name;
    private final Supplier<TlsIdentity> fetch;
    private volatile TlsIdentity current;

    /**
     * @param name  what the identity is, for messages ({@code "ACM certificate arn:aws:acm:..."})
     * @param fetch the identity as its owner has it now; throws when there is none
     */
    public PolledTlsIdentity(String name, Supplier<TlsIdentity> fetch) {
        this.name = Objects.requireNonNull(name, "name");
        this.fetch = Objects.requireNonNull(fetch, "fetch");
        try {
            this.current = Objects.requireNonNull(fetch.get(), "fetched identity");
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot load the TLS identity from " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TlsIdentity current() {
        return current;
    }

    @Override
    public synchronized boolean refresh() {
        try {
            TlsIdentity next = Objects.requireNonNull(fetch.get(), "fetched identity");
            if (sameChain(next.chain(), current.chain())) {
                return false;
            }
            LOG.info("TLS certificate from {} changed: serial {} (valid until {}) replaces serial {}", name,
                    next.serial().toString(16), next.notAfter(), current.serial().toString(16));
            current = next;
            return true;
        } catch (RuntimeException e) {
            LOG.warn("cannot refresh the TLS certificate from {}, still serving serial {}: {}", name,
                    current.serial().toString(16), e.getMessage());
            return false;
        }
    }

    static boolean sameChain(List<X509Certificate> a, List<X509Certificate> b) {
        if (a.size() != b.size()) {
            return false;
        }
        try {
            for (int i = 0; i < a.size(); i++) {
                if (!Arrays.equals(a.get(i).getEncoded(), b.get(i).getEncoded())) {
                    return false;
                }
            }
            return true;
        } catch (CertificateEncodingException e) {
            return false;
        }
    }
}
