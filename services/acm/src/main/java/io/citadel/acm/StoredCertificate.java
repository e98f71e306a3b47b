package io.citadel.acm;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One ACM certificate's state as stored ({@code {account}/{region}/acm/c/{id}}); the PEM and the private key live
 * beside it in {@link Material}. {@code x509} is null until the certificate is issued or imported. Withers return
 * changed copies, so every write is one put of a whole record.
 */
public record StoredCertificate(
        String account,
        String region,
        String id,
        String arn,
        Type type,
        Status status,
        String domainName,
        List<String> subjectAlternativeNames,
        String validationMethod,
        List<Validation> validations,
        String keyAlgorithm,
        String certificateAuthorityArn,
        Instant createdAt,
        Instant issuedAt,
        Instant importedAt,
        String failureReason,
        List<String> inUseBy,
        Map<String, String> tags,
        String transparencyLogging,
        String exportOption,
        boolean exported,
        Renewal renewal,
        X509 x509) {

    public enum Type { IMPORTED, AMAZON_ISSUED, PRIVATE }

    public enum Status { PENDING_VALIDATION, ISSUED, INACTIVE, EXPIRED, VALIDATION_TIMED_OUT, REVOKED, FAILED }

    /** How one domain is validated: its CNAME record (DNS) or the addresses approval mail goes to (EMAIL). */
    public record Validation(String domainName, String validationDomain, String status, List<String> emails, String recordName,
                      String recordValue, Instant mailedAt) {
        Validation withStatus(String newStatus) {
            return new Validation(domainName, validationDomain, newStatus, emails, recordName, recordValue, mailedAt);
        }

        Validation mailed(Instant at) {
            return new Validation(domainName, validationDomain, status, emails, recordName, recordValue, at);
        }
    }

    /** Managed renewal: PENDING_AUTO_RENEWAL, PENDING_VALIDATION, SUCCESS or FAILED, with the domains' renewal validation. */
    public record Renewal(String status, String reason, Instant updatedAt, List<Validation> validations) {
    }

    /** An extended key usage: the model's name and its OID. */
    public record Eku(String name, String oid) {
    }

    /** What the current certificate says, as DescribeCertificate shows it. */
    public record X509(String serial, String subject, String issuer, Instant notBefore, Instant notAfter, String signatureAlgorithm,
                List<String> keyUsages, List<Eku> extendedKeyUsages) {
        static X509 of(X509Facts f) {
            return new X509(f.serial(), f.subject(), f.issuer(), f.notBefore(), f.notAfter(), f.signatureAlgorithm(), f.keyUsages(),
                    f.extendedKeyUsages());
        }
    }

    /** The certificate, its chain (PEM) and its private key (PKCS#8 DER); stored apart under the barrier, never shown in logs. */
    public record Material(String certificatePem, String chainPem, byte[] privateKey) {
        @Override
        public String toString() {
            return "Material[certificate=" + (certificatePem == null ? 0 : certificatePem.length()) + " chars]";
        }
    }

    public StoredCertificate {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(id, "id");
        subjectAlternativeNames = subjectAlternativeNames == null ? List.of() : List.copyOf(subjectAlternativeNames);
        validations = validations == null ? List.of() : List.copyOf(validations);
        inUseBy = inUseBy == null ? List.of() : List.copyOf(inUseBy);
        tags = tags == null ? new LinkedHashMap<>() : new LinkedHashMap<>(tags);
    }

    StoredCertificate withStatus(Status newStatus, String reason) {
        return new StoredCertificate(account, region, id, arn, type, newStatus, domainName, subjectAlternativeNames, validationMethod,
                validations, keyAlgorithm, certificateAuthorityArn, createdAt, issuedAt, importedAt, reason, inUseBy, tags,
                transparencyLogging, exportOption, exported, renewal, x509);
    }

    StoredCertificate withValidations(List<Validation> newValidations) {
        return new StoredCertificate(account, region, id, arn, type, status, domainName, subjectAlternativeNames, validationMethod,
                newValidations, keyAlgorithm, certificateAuthorityArn, createdAt, issuedAt, importedAt, failureReason, inUseBy, tags,
                transparencyLogging, exportOption, exported, renewal, x509);
    }

    StoredCertificate mapValidations(UnaryOperator<Validation> change) {
        return withValidations(validations.stream().map(change).toList());
    }

    StoredCertificate issued(X509 newX509, Instant at, String newKeyAlgorithm) {
        return new StoredCertificate(account, region, id, arn, type, Status.ISSUED, domainName, subjectAlternativeNames, validationMethod,
                validations, newKeyAlgorithm, certificateAuthorityArn, createdAt, at, importedAt, null, inUseBy, tags,
                transparencyLogging, exportOption, exported, renewal, newX509);
    }

    StoredCertificate imported(X509 newX509, Instant at, String newKeyAlgorithm, String newDomainName, List<String> newSans) {
        return new StoredCertificate(account, region, id, arn, type, Status.ISSUED, newDomainName, newSans, null, List.of(),
                newKeyAlgorithm, null, createdAt, null, at, null, inUseBy, tags, transparencyLogging, exportOption, exported, null,
                newX509);
    }

    StoredCertificate withRenewal(Renewal newRenewal) {
        return new StoredCertificate(account, region, id, arn, type, status, domainName, subjectAlternativeNames, validationMethod,
                validations, keyAlgorithm, certificateAuthorityArn, createdAt, issuedAt, importedAt, failureReason, inUseBy, tags,
                transparencyLogging, exportOption, exported, newRenewal, x509);
    }

    StoredCertificate withTags(Map<String, String> newTags) {
        return new StoredCertificate(account, region, id, arn, type, status, domainName, subjectAlternativeNames, validationMethod,
                validations, keyAlgorithm, certificateAuthorityArn, createdAt, issuedAt, importedAt, failureReason, inUseBy, newTags,
                transparencyLogging, exportOption, exported, renewal, x509);
    }

    StoredCertificate withInUseBy(List<String> newInUseBy) {
        return new StoredCertificate(account, region, id, arn, type, status, domainName, subjectAlternativeNames, validationMethod,
                validations, keyAlgorithm, certificateAuthorityArn, createdAt, issuedAt, importedAt, failureReason, newInUseBy, tags,
                transparencyLogging, exportOption, exported, renewal, x509);
    }

    StoredCertificate withTransparencyLogging(String preference) {
        return new StoredCertificate(account, region, id, arn, type, status, domainName, subjectAlternativeNames, validationMethod,
                validations, keyAlgorithm, certificateAuthorityArn, createdAt, issuedAt, importedAt, failureReason, inUseBy, tags,
                preference, exportOption, exported, renewal, x509);
    }

    StoredCertificate markExported() {
        return new StoredCertificate(account, region, id, arn, type, status, domainName, subjectAlternativeNames, validationMethod,
                validations, keyAlgorithm, certificateAuthorityArn, createdAt, issuedAt, importedAt, failureReason, inUseBy, tags,
                transparencyLogging, exportOption, true, renewal, x509);
    }

    /** Every name the certificate covers: the domain name first, then the other SANs. */
    public List<String> allNames() {
        return subjectAlternativeNames.isEmpty() ? List.of(domainName) : subjectAlternativeNames;
    }

    /** AWS's RenewalEligibility: ELIGIBLE for issued certificates ACM manages (in use, or private), INELIGIBLE otherwise. */
    public boolean renewalEligible() {
        return type != Type.IMPORTED && x509 != null && (status == Status.ISSUED || status == Status.EXPIRED)
                && (type == Type.PRIVATE || !inUseBy.isEmpty() || exported);
    }
}
