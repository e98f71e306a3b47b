package io.citadel.server;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Where a TLS listener gets the CAs that issue acceptable client certificates: a PEM bundle file
 * ({@link PemFileTrustAnchors}), or, wired by app, the certificate of a private CA named by its ARN.
 * The same contract as {@link TlsIdentitySource}: {@link #current()} is cheap and read per new connection.
 */
public interface TrustAnchorSource {

    TrustAnchors current();

    /** Looks for new anchors and makes them current; returns whether {@link #current()} changed. Never throws. */
    default boolean refresh() {
        return false;
    }

    /**
     * Why a client certificate whose chain to the anchors verified must still be refused (its issuer revoked it, say),
     * or empty to accept it. Asked on every mutual-TLS handshake, so it must be cheap; a source that throws refuses the
     * certificate. A PEM bundle has no revocation information and accepts every certificate that chains to it.
     */
    default Optional<String> refusal(X509Certificate clientCertificate) {
        return Optional.empty();
    }
}
