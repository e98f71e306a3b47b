package io.citadel.server;

import java.util.Objects;

/**
 * TLS on a listener: the identity it presents and, when {@code clientTrustAnchors} is not null, mutual TLS:
 * every client must present a certificate that chains to one of those anchors, or the handshake fails.
 */
public record TlsSettings(TlsIdentitySource identity, TrustAnchorSource clientTrustAnchors) {

    public TlsSettings {
        Objects.requireNonNull(identity, "identity");
    }

    public static TlsSettings serverOnly(TlsIdentitySource identity) {
        return new TlsSettings(identity, null);
    }

    public boolean requiresClientCertificates() {
        return clientTrustAnchors != null;
    }
}
