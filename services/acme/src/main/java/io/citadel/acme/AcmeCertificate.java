package io.citadel.acme;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A certificate this directory issued: the leaf and chain DER, who ordered it, its serial (hex) and whether it was
 * revoked (with the RFC 5280 reason code).
 */
public record AcmeCertificate(String id, String accountId, String orderId, String serialHex, byte[] certificate,
                              List<byte[]> chain, Instant issuedAt, Instant revokedAt, Integer revocationReason) {

    public AcmeCertificate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(serialHex, "serialHex");
        Objects.requireNonNull(certificate, "certificate");
        chain = List.copyOf(chain);
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    AcmeCertificate revoke(Instant at, int reason) {
        return new AcmeCertificate(id, accountId, orderId, serialHex, certificate, chain, issuedAt, at, reason);
    }
}
