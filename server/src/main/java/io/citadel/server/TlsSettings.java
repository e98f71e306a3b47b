package io.citadel.server;

import java.util.Objects;

/**
 * TLS on a listener: the identity it presents and, when {@code clientTrustAnchors} is not null, mutual TLS:
 * every client must present a certificate that chains to one of those anchors, or the handshake fails.
 * {@code provider} picks the TLS implementation (by default OpenSSL where it loads, else the JDK).
 */
public record TlsSettings(TlsIdentitySource identity, TrustAnchorSource clientTrustAnchors, TlsProvider provider) {

    public TlsSettings {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(provider, "provider");
    }

    public TlsSettings(TlsIdentitySource identity, TrustAnchorSource clientTrustAnchors) {
        this(identity, clientTrustAnchors, TlsProvider.AUTO);
    }

    public static TlsSettings serverOnly(TlsIdentitySource identity) {
        return new TlsSettings(identity, null);
    }

    public TlsSettings withProvider(TlsProvider newProvider) {
        return new TlsSettings(identity, clientTrustAnchors, newProvider);
    }

    public boolean requiresClientCertificates() {
        return clientTrustAnchors != null;
    }
}
