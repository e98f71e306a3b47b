package io.citadel.pca;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * CA certificates parsed once per distinct DER instead of on every issuance and OCSP answer: a small direct-mapped
 * cache from the stored bytes to the parsed certificate and its encoded subject. Callers always pass the bytes they
 * just read, so a replaced certificate is parsed afresh; a collision simply parses again.
 */
final class ParsedCertificates {

    /** A parsed certificate and its subject exactly as encoded in it. */
    record Parsed(X509Certificate certificate, byte[] subject) {
    }

    private record Entry(byte[] der, int hash, Parsed parsed) {
    }

    private static final int SLOTS = 256;
    private static final AtomicReferenceArray<Entry> ENTRIES = new AtomicReferenceArray<>(SLOTS);

    private ParsedCertificates() {
    }

    /** The certificate {@code der} holds; throws MalformedCertificateException as {@link X509#parse} does. */
    static Parsed of(byte[] der, String what) {
        int hash = Arrays.hashCode(der);
        int index = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        Entry entry = ENTRIES.get(index);
        if (entry != null && entry.hash() == hash && Arrays.equals(entry.der(), der)) {
            return entry.parsed();
        }
        X509Certificate cert = X509.parse(der, what);
        Parsed parsed = new Parsed(cert, cert.getSubjectX500Principal().getEncoded());
        ENTRIES.set(index, new Entry(der.clone(), hash, parsed));
        return parsed;
    }
}
