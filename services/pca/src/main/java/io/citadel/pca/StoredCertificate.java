package io.citadel.pca;

import java.time.Instant;

/** One certificate a CA issued: its DER, when, from which template, and its revocation if any. */
record StoredCertificate(
        String serial,
        String arn,
        byte[] der,
        String subject,
        String templateArn,
        Instant issuedAt,
        Instant notBefore,
        Instant notAfter,
        Instant revokedAt,
        String revocationReason,
        String requestedBy) {

    boolean isRevoked() {
        return revokedAt != null;
    }

    StoredCertificate revoked(Instant at, String reason) {
        return new StoredCertificate(serial, arn, der, subject, templateArn, issuedAt, notBefore, notAfter, at, reason, requestedBy);
    }
}
