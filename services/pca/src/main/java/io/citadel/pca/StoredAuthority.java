package io.citadel.pca;

import io.citadel.core.crypto.pki.DistinguishedNames;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One certificate authority as stored (its private key is a separate record, see {@link PcaRepository}, unless
 * {@code kmsKeyArn} names the KMS key that holds it). The CA's
 * certificate and chain are DER; {@code crlNumber} is the number of the last CRL published.
 */
record StoredAuthority(
        String id,
        String arn,
        String account,
        String region,
        Type type,
        Status status,
        Instant createdAt,
        Instant lastStateChangeAt,
        String keyAlgorithm,
        String signingAlgorithm,
        List<DistinguishedNames.Attribute> subject,
        byte[] publicKey,
        byte[] csr,
        byte[] certificate,
        List<byte[]> chain,
        String serial,
        Instant notBefore,
        Instant notAfter,
        RevocationSettings revocation,
        Map<String, String> tags,
        String policy,
        List<PermissionEntry> permissions,
        Status statusBeforeDeletion,
        Instant restorableUntil,
        String usageMode,
        String keyStorageSecurityStandard,
        long crlNumber,
        String kmsKeyArn) {

    enum Type { ROOT, SUBORDINATE }

    enum Status { CREATING, PENDING_CERTIFICATE, ACTIVE, DELETED, DISABLED, EXPIRED, FAILED }

    /** What RevocationConfiguration says; null members are absent in the request. */
    record RevocationSettings(boolean crlEnabled, Integer crlExpirationInDays, String crlCustomCname, String crlS3BucketName,
                              String crlS3ObjectAcl, Boolean crlOmitExtension, String crlType, String crlCustomPath,
                              boolean ocspEnabled, String ocspCustomCname) {
        static final RevocationSettings NONE = new RevocationSettings(false, null, null, null, null, null, null, null, false, null);

        int crlDays() {
            return crlExpirationInDays == null ? 7 : crlExpirationInDays;
        }
    }

    /** A CreatePermission grant to an AWS service principal (acm.amazonaws.com). */
    record PermissionEntry(String principal, String sourceAccount, List<String> actions, Instant createdAt) {
        PermissionEntry {
            actions = List.copyOf(actions);
        }
    }

    StoredAuthority {
        subject = List.copyOf(subject);
        chain = chain == null ? List.of() : List.copyOf(chain);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
        revocation = revocation == null ? RevocationSettings.NONE : revocation;
    }

    StoredAuthority withStatus(Status next, Instant at) {
        return new StoredAuthority(id, arn, account, region, type, next, createdAt, at, keyAlgorithm, signingAlgorithm, subject,
                publicKey, csr, certificate, chain, serial, notBefore, notAfter, revocation, tags, policy, permissions,
                statusBeforeDeletion, restorableUntil, usageMode, keyStorageSecurityStandard, crlNumber, kmsKeyArn);
    }

    StoredAuthority deleted(Instant at, Instant until) {
        return new StoredAuthority(id, arn, account, region, type, Status.DELETED, createdAt, at, keyAlgorithm, signingAlgorithm,
                subject, publicKey, csr, certificate, chain, serial, notBefore, notAfter, revocation, tags, policy, permissions,
                status, until, usageMode, keyStorageSecurityStandard, crlNumber, kmsKeyArn);
    }

    StoredAuthority restored(Instant at) {
        return new StoredAuthority(id, arn, account, region, type, statusBeforeDeletion, createdAt, at, keyAlgorithm, signingAlgorithm,
                subject, publicKey, csr, certificate, chain, serial, notBefore, notAfter, revocation, tags, policy, permissions,
                null, null, usageMode, keyStorageSecurityStandard, crlNumber, kmsKeyArn);
    }

    StoredAuthority withCertificate(byte[] der, List<byte[]> newChain, String newSerial, Instant from, Instant to, Instant at) {
        return new StoredAuthority(id, arn, account, region, type, Status.ACTIVE, createdAt, at, keyAlgorithm, signingAlgorithm, subject,
                publicKey, csr, der, newChain, newSerial, from, to, revocation, tags, policy, permissions, statusBeforeDeletion,
                restorableUntil, usageMode, keyStorageSecurityStandard, crlNumber, kmsKeyArn);
    }

    StoredAuthority withRevocation(RevocationSettings next) {
        return new StoredAuthority(id, arn, account, region, type, status, createdAt, lastStateChangeAt, keyAlgorithm, signingAlgorithm,
                subject, publicKey, csr, certificate, chain, serial, notBefore, notAfter, next, tags, policy, permissions,
                statusBeforeDeletion, restorableUntil, usageMode, keyStorageSecurityStandard, crlNumber, kmsKeyArn);
    }

    StoredAuthority withTags(Map<String, String> next) {
        return new StoredAuthority(id, arn, account, region, type, status, createdAt, lastStateChangeAt, keyAlgorithm, signingAlgorithm,
                subject, publicKey, csr, certificate, chain, serial, notBefore, notAfter, revocation, next, policy, permissions,
                statusBeforeDeletion, restorableUntil, usageMode, keyStorageSecurityStandard, crlNumber, kmsKeyArn);
    }

    StoredAuthority withPolicy(String next) {
        return new StoredAuthority(id, arn, account, region, type, status, createdAt, lastStateChangeAt, keyAlgorithm, signingAlgorithm,
                subject, publicKey, csr, certificate, chain, serial, notBefore, notAfter, revocation, tags, next, permissions,
                statusBeforeDeletion, restorableUntil, usageMode, keyStorageSecurityStandard, crlNumber, kmsKeyArn);
    }

    StoredAuthority withPermissions(List<PermissionEntry> next) {
        return new StoredAuthority(id, arn, account, region, type, status, createdAt, lastStateChangeAt, keyAlgorithm, signingAlgorithm,
                subject, publicKey, csr, certificate, chain, serial, notBefore, notAfter, revocation, tags, policy, next,
                statusBeforeDeletion, restorableUntil, usageMode, keyStorageSecurityStandard, crlNumber, kmsKeyArn);
    }

    StoredAuthority withCrlNumber(long next) {
        return new StoredAuthority(id, arn, account, region, type, status, createdAt, lastStateChangeAt, keyAlgorithm, signingAlgorithm,
                subject, publicKey, csr, certificate, chain, serial, notBefore, notAfter, revocation, tags, policy, permissions,
                statusBeforeDeletion, restorableUntil, usageMode, keyStorageSecurityStandard, next, kmsKeyArn);
    }

    byte[] subjectDer() {
        return DistinguishedNames.encode(subject);
    }

    /**
     * The name this CA signs as: its certificate's subject exactly as encoded there (an outside parent may have encoded
     * the requested name differently), else the configured subject.
     */
    byte[] issuerName() {
        return certificate == null ? subjectDer() : ParsedCertificates.of(certificate, "CA certificate").subject();
    }

    boolean hasCertificate() {
        return certificate != null;
    }
}
