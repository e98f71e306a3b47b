package io.citadel.pca;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Pre-produced OCSP responses (RFC 5019 2.2.1) for nonce-less requests about one certificate, so the CA signs once per
 * certificate and refresh period instead of once per request (docs/pca.md, design decision 32). An answer is served
 * only while the stored certificate record and the CA's certificate are byte for byte those it was signed for, and
 * until {@link #REFRESH} after it was produced: the responder reads both on every request, so a revocation (on any
 * node) is seen by the first request that starts after it commits. Bounded: a direct-mapped table of {@link #SLOTS}.
 */
final class OcspResponseCache {

    /** A served answer is at most this old; its nextUpdate is {@link Revocation#OCSP_VALIDITY} after it was produced. */
    static final Duration REFRESH = Duration.ofMinutes(15);

    static final int SLOTS = 4096;

    /**
     * One signed answer: for the CA id and the request's CertID (DER), the certificate record and CA certificate it
     * was made from (null record: no such certificate), when, and the response DER.
     */
    private record Entry(String caId, byte[] certId, byte[] record, byte[] caCertificate, Instant producedAt, byte[] response) {
    }

    private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);

    /** The cached response for this question if it was made from exactly these stored bytes and is fresh at {@code now}; else null. */
    byte[] get(String caId, byte[] certId, byte[] record, byte[] caCertificate, Instant now) {
        Entry e = slots.get(slot(caId, certId));
        if (e == null || !e.caId().equals(caId) || !Arrays.equals(e.certId(), certId) || !Arrays.equals(e.record(), record)
                || !Arrays.equals(e.caCertificate(), caCertificate)) {
            return null;
        }
        if (now.isBefore(e.producedAt()) || !now.isBefore(e.producedAt().plus(REFRESH))) {
            return null;
        }
        return e.response().clone();
    }

    void put(String caId, byte[] certId, byte[] record, byte[] caCertificate, Instant producedAt, byte[] response) {
        slots.set(slot(caId, certId), new Entry(caId, certId.clone(), record == null ? null : record.clone(), caCertificate.clone(),
                producedAt, response));
    }

    private static int slot(String caId, byte[] certId) {
        int hash = 31 * caId.hashCode() + Arrays.hashCode(certId);
        return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }
}
