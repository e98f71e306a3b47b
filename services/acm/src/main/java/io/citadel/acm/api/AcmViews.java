package io.citadel.acm.api;

import io.citadel.acm.StoredCertificate;
import java.util.List;
import java.util.Map;

/** ACM's stored certificates as the wire shapes show them. */
final class AcmViews {

    private static final int SAN_SUMMARY_LIMIT = 100;

    private AcmViews() {
    }

    static CertificateDetail detail(StoredCertificate c) {
        StoredCertificate.X509 x = c.x509();
        boolean imported = c.type() == StoredCertificate.Type.IMPORTED;
        return new CertificateDetail(c.arn(), c.domainName(), c.allNames(), null,
                imported || c.type() == StoredCertificate.Type.PRIVATE ? null : validations(c, c.validations()),
                x == null ? null : x.serial(), x == null ? null : x.subject(), x == null ? null : x.issuer(), c.createdAt(), c.issuedAt(),
                c.importedAt(), c.status().name(), null, null, x == null ? null : x.notBefore(), x == null ? null : x.notAfter(),
                c.keyAlgorithm(), x == null ? null : x.signatureAlgorithm(), c.inUseBy(), c.failureReason(), c.type().name(),
                c.renewal() == null ? null : new RenewalSummary(c.renewal().status(), validations(c, c.renewal().validations()),
                        c.renewal().reason(), c.renewal().updatedAt()),
                x == null ? List.of() : x.keyUsages().stream().map(KeyUsage::new).toList(),
                x == null ? List.of() : x.extendedKeyUsages().stream().map(e -> new ExtendedKeyUsage(e.name(), e.oid())).toList(),
                c.certificateAuthorityArn(), c.renewalEligible() ? "ELIGIBLE" : "INELIGIBLE",
                imported ? null : new CertificateOptions(c.transparencyLogging(), c.exportOption()));
    }

    private static List<DomainValidation> validations(StoredCertificate c, List<StoredCertificate.Validation> in) {
        return in.stream().map(v -> new DomainValidation(v.domainName(), v.emails(), v.validationDomain(), v.status(),
                v.recordName() == null ? null : new ResourceRecord(v.recordName(), "CNAME", v.recordValue()), null,
                c.validationMethod())).toList();
    }

    static CertificateSummary summary(StoredCertificate c) {
        StoredCertificate.X509 x = c.x509();
        List<String> names = c.allNames();
        return new CertificateSummary(c.arn(), c.domainName(), names.size() > SAN_SUMMARY_LIMIT ? names.subList(0, SAN_SUMMARY_LIMIT) : names,
                names.size() > SAN_SUMMARY_LIMIT, c.status().name(), c.type().name(), c.keyAlgorithm(),
                x == null ? null : x.keyUsages(), x == null ? null : x.extendedKeyUsages().stream().map(StoredCertificate.Eku::name).toList(),
                c.type() == StoredCertificate.Type.IMPORTED ? null : c.exportOption(), !c.inUseBy().isEmpty(), c.exported(),
                c.renewalEligible() ? "ELIGIBLE" : "INELIGIBLE", x == null ? null : x.notBefore(), x == null ? null : x.notAfter(),
                c.createdAt(), c.issuedAt(), c.importedAt(), null, null);
    }

    static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
    }
}
