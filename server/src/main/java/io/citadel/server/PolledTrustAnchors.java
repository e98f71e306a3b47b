package io.citadel.server;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-certificate trust anchors fetched from their owner (the certificate of an ACM PCA certificate authority,
 * by ARN), once now and again on every {@link #refresh()}; different certificates become current. A fetch that
 * throws at refresh is logged and the old anchors stay. The owner also answers, per handshake, whether it revoked a
 * client certificate ({@link #refusal}).
 */
public final class PolledTrustAnchors implements TrustAnchorSource {

    private static final Logger LOG = LoggerFactory.getLogger(PolledTrustAnchors.class);

    private final String name;
    private final Supplier<TrustAnchors> fetch;
    private final Function<X509Certificate, Optional<String>> refusal;
    private volatile TrustAnchors current;

    /**
     * @param name    what the anchors are, for messages ({@code "private CA arn:aws:acm-pca:..."})
     * @param fetch   the anchors as their owner has them now; throws when there are none
     * @param refusal why the owner refuses a client certificate that chains to the anchors (revoked), or empty
     */
    public PolledTrustAnchors(String name, Supplier<TrustAnchors> fetch, Function<X509Certificate, Optional<String>> refusal) {
        this.name = Objects.requireNonNull(name, "name");
        this.fetch = Objects.requireNonNull(fetch, "fetch");
        this.refusal = Objects.requireNonNull(refusal, "refusal");
        try {
            this.current = Objects.requireNonNull(fetch.get(), "fetched trust anchors");
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot load client trust anchors from " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TrustAnchors current() {
        return current;
    }

    @Override
    public Optional<String> refusal(X509Certificate clientCertificate) {
        return refusal.apply(clientCertificate);
    }

    @Override
    public synchronized boolean refresh() {
        try {
            TrustAnchors next = Objects.requireNonNull(fetch.get(), "fetched trust anchors");
            if (PolledTlsIdentity.sameChain(next.certificates(), current.certificates())) {
                return false;
            }
            LOG.info("client trust anchors from {} changed: {} certificates", name, next.certificates().size());
            current = next;
            return true;
        } catch (RuntimeException e) {
            LOG.warn("cannot refresh client trust anchors from {}, keeping the previous ones: {}", name, e.getMessage());
            return false;
        }
    }
}
