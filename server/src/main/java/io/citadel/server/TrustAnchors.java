package io.citadel.server;

import java.security.cert.X509Certificate;
import java.util.List;

/** The CA certificates a client certificate must chain to (mutual TLS). Any CA certificate may be an anchor, a subordinate one too. */
public record TrustAnchors(List<X509Certificate> certificates) {

    public TrustAnchors {
        certificates = List.copyOf(certificates);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("trust anchors: none (expected: at least one CA certificate)");
        }
    }

    /** The CERTIFICATE blocks of a PEM bundle. */
    public static TrustAnchors fromPem(String bundle) {
        return new TrustAnchors(TlsIdentity.certificates(bundle, "trust anchor bundle"));
    }
}
