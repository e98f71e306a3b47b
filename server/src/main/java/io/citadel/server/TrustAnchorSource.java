package io.citadel.server;

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
}
