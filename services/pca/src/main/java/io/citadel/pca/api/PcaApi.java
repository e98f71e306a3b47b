package io.citadel.pca.api;

import io.citadel.pca.Authorities;
import io.citadel.pca.AuthorityControls;
import io.citadel.pca.Issuance;
import io.citadel.pca.Pca;
import io.citadel.protocol.Operation;
import io.citadel.protocol.ServiceApi;
import io.citadel.protocol.WireProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ACM PCA operation table (json 1.1, target prefix ACMPrivateCA, signing name acm-pca): all 23 operations of the model. */
public final class PcaApi {

    public static final WireProtocol.Json PROTOCOL = new WireProtocol.Json("ACMPrivateCA", "1.1");

    private PcaApi() {
    }

    /** The output of an operation whose model output is empty. */
    record Empty() {
    }

    public static ServiceApi create(Pca pca) {
        List<Operation<?, ?>> ops = new ArrayList<>();
        Authorities cas = pca.authorities();
        Issuance issuance = pca.issuance();
        AuthorityControls controls = pca.controls();

        ops.add(new Operation<>("CreateCertificateAuthority", CreateCertificateAuthorityRequest.class, false, (ctx, r) -> {
            CertificateAuthorityConfiguration c = r.certificateAuthorityConfiguration();
            return new CreateCertificateAuthorityResponse(cas.create(ctx, new Authorities.CreateInput(r.certificateAuthorityType(),
                    c.keyAlgorithm(), c.signingAlgorithm(), PcaSubjects.attributes(c.subject()), revocation(r.revocationConfiguration()),
                    r.idempotencyToken(), tags(r.tags()), r.usageMode(), r.keyStorageSecurityStandard())));
        }));
        ops.add(new Operation<>("DescribeCertificateAuthority", DescribeCertificateAuthorityRequest.class,
                (ctx, r) -> new DescribeCertificateAuthorityResponse(view(cas.describe(ctx, r.certificateAuthorityArn())))));
        ops.add(new Operation<>("ListCertificateAuthorities", ListCertificateAuthoritiesRequest.class, (ctx, r) -> {
            Authorities.Page page = cas.list(ctx, r.maxResults(), r.nextToken(), r.resourceOwner());
            return new ListCertificateAuthoritiesResponse(page.nextToken(), page.items().stream().map(PcaApi::view).toList());
        }));
        ops.add(new Operation<>("GetCertificateAuthorityCsr", GetCertificateAuthorityCsrRequest.class,
                (ctx, r) -> new GetCertificateAuthorityCsrResponse(cas.csr(ctx, r.certificateAuthorityArn()))));
        ops.add(new Operation<>("ImportCertificateAuthorityCertificate", ImportCertificateAuthorityCertificateRequest.class, false, (ctx, r) -> {
            cas.importCertificate(ctx, r.certificateAuthorityArn(), r.certificate(), r.certificateChain());
            return new Empty();
        }));
        ops.add(new Operation<>("GetCertificateAuthorityCertificate", GetCertificateAuthorityCertificateRequest.class, (ctx, r) -> {
            Authorities.CaCertificate c = cas.certificate(ctx, r.certificateAuthorityArn());
            return new GetCertificateAuthorityCertificateResponse(c.certificate(), c.chain());
        }));
        ops.add(new Operation<>("UpdateCertificateAuthority", UpdateCertificateAuthorityRequest.class, false, (ctx, r) -> {
            cas.update(ctx, r.certificateAuthorityArn(), revocation(r.revocationConfiguration()), r.status());
            return new Empty();
        }));
        ops.add(new Operation<>("DeleteCertificateAuthority", DeleteCertificateAuthorityRequest.class, false, (ctx, r) -> {
            cas.delete(ctx, r.certificateAuthorityArn(), r.permanentDeletionTimeInDays());
            return new Empty();
        }));
        ops.add(new Operation<>("RestoreCertificateAuthority", RestoreCertificateAuthorityRequest.class, false, (ctx, r) -> {
            cas.restore(ctx, r.certificateAuthorityArn());
            return new Empty();
        }));
        ops.add(new Operation<>("IssueCertificate", IssueCertificateRequest.class, false, (ctx, r) -> {
            ApiPassthrough p = r.apiPassthrough();
            Issuance.Passthrough passthrough = p == null ? null : PcaExtensions.passthrough(p);
            return new IssueCertificateResponse(issuance.issue(ctx, new Issuance.IssueInput(r.certificateAuthorityArn(), r.csr(),
                    r.signingAlgorithm(), r.templateArn(), validity(r.validity()), validity(r.validityNotBefore()), r.idempotencyToken(),
                    passthrough)));
        }));
        ops.add(new Operation<>("GetCertificate", GetCertificateRequest.class, (ctx, r) -> {
            Issuance.Issued c = issuance.get(ctx, r.certificateAuthorityArn(), r.certificateArn());
            return new GetCertificateResponse(c.certificate(), c.chain());
        }));
        ops.add(new Operation<>("RevokeCertificate", RevokeCertificateRequest.class, false, (ctx, r) -> {
            issuance.revoke(ctx, r.certificateAuthorityArn(), r.certificateSerial(), r.revocationReason());
            return new Empty();
        }));
        ops.add(new Operation<>("TagCertificateAuthority", TagCertificateAuthorityRequest.class, false, (ctx, r) -> {
            controls.tag(ctx, r.certificateAuthorityArn(), tags(r.tags()));
            return new Empty();
        }));
        ops.add(new Operation<>("UntagCertificateAuthority", UntagCertificateAuthorityRequest.class, false, (ctx, r) -> {
            controls.untag(ctx, r.certificateAuthorityArn(), r.tags().stream().map(Tag::key).toList());
            return new Empty();
        }));
        ops.add(new Operation<>("ListTags", ListTagsRequest.class, (ctx, r) -> {
            Paged<Tag> page = Paged.of(controls.tags(ctx, r.certificateAuthorityArn()).entrySet().stream()
                    .map(e -> new Tag(e.getKey(), e.getValue())).toList(), r.maxResults(), r.nextToken());
            return new ListTagsResponse(page.nextToken(), page.items());
        }));
        ops.add(new Operation<>("CreatePermission", CreatePermissionRequest.class, false, (ctx, r) -> {
            controls.createPermission(ctx, r.certificateAuthorityArn(), r.principal(), r.sourceAccount(), r.actions());
            return new Empty();
        }));
        ops.add(new Operation<>("DeletePermission", DeletePermissionRequest.class, false, (ctx, r) -> {
            controls.deletePermission(ctx, r.certificateAuthorityArn(), r.principal(), r.sourceAccount());
            return new Empty();
        }));
        ops.add(new Operation<>("ListPermissions", ListPermissionsRequest.class, (ctx, r) -> {
            Paged<Permission> page = Paged.of(controls.permissions(ctx, r.certificateAuthorityArn()).stream()
                    .map(p -> new Permission(p.certificateAuthorityArn(), p.createdAt(), p.principal(), p.sourceAccount(), p.actions(),
                            p.policy())).toList(), r.maxResults(), r.nextToken());
            return new ListPermissionsResponse(page.nextToken(), page.items());
        }));
        ops.add(new Operation<>("PutPolicy", PutPolicyRequest.class, false, (ctx, r) -> {
            controls.putPolicy(ctx, r.resourceArn(), r.policy());
            return new Empty();
        }));
        ops.add(new Operation<>("GetPolicy", GetPolicyRequest.class, (ctx, r) -> new GetPolicyResponse(controls.policy(ctx, r.resourceArn()))));
        ops.add(new Operation<>("DeletePolicy", DeletePolicyRequest.class, false, (ctx, r) -> {
            controls.deletePolicy(ctx, r.resourceArn());
            return new Empty();
        }));
        ops.add(new Operation<>("CreateCertificateAuthorityAuditReport", CreateCertificateAuthorityAuditReportRequest.class, false, (ctx, r) -> {
            var created = pca.reports().create(ctx, r.certificateAuthorityArn(), r.s3BucketName(), r.auditReportResponseFormat());
            return new CreateCertificateAuthorityAuditReportResponse(created.reportId(), created.s3Key());
        }));
        ops.add(new Operation<>("DescribeCertificateAuthorityAuditReport", DescribeCertificateAuthorityAuditReportRequest.class, (ctx, r) -> {
            var d = pca.reports().describe(ctx, r.certificateAuthorityArn(), r.auditReportId());
            return new DescribeCertificateAuthorityAuditReportResponse(d.status(), d.s3BucketName(), d.s3Key(), d.createdAt());
        }));
        return ServiceApi.of("acm-pca", PROTOCOL, ops);
    }

    static Map<String, String> tags(List<Tag> tags) {
        if (tags == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Tag t : tags) {
            out.put(t.key(), t.value());
        }
        return out;
    }

    static Issuance.Validity validity(Validity v) {
        return v == null ? null : new Issuance.Validity(v.value(), v.type());
    }

    static Authorities.RevocationInput revocation(RevocationConfiguration r) {
        if (r == null) {
            return null;
        }
        CrlConfiguration c = r.crlConfiguration();
        OcspConfiguration o = r.ocspConfiguration();
        return new Authorities.RevocationInput(c == null ? null : c.enabled(), c == null ? null : c.expirationInDays(),
                c == null ? null : c.customCname(), c == null ? null : c.s3BucketName(), c == null ? null : c.s3ObjectAcl(),
                c == null || c.crlDistributionPointExtensionConfiguration() == null ? null
                        : c.crlDistributionPointExtensionConfiguration().omitExtension(),
                c == null ? null : c.crlType(), c == null ? null : c.customPath(),
                o == null ? null : o.enabled(), o == null ? null : o.ocspCustomCname());
    }

    static CertificateAuthority view(Authorities.View v) {
        var s = v.revocation();
        RevocationConfiguration revocation = new RevocationConfiguration(
                new CrlConfiguration(s.crlEnabled(), s.crlExpirationInDays(), s.crlCustomCname(), s.crlS3BucketName(), s.crlS3ObjectAcl(),
                        s.crlOmitExtension() == null ? null : new CrlDistributionPointExtensionConfiguration(s.crlOmitExtension()),
                        s.crlType(), s.crlCustomPath()),
                new OcspConfiguration(s.ocspEnabled(), s.ocspCustomCname()));
        return new CertificateAuthority(v.arn(), v.ownerAccount(), v.createdAt(), v.lastStateChangeAt(), v.type(), v.serial(), v.status(),
                v.notBefore(), v.notAfter(), null, new CertificateAuthorityConfiguration(v.keyAlgorithm(), v.signingAlgorithm(),
                PcaSubjects.subject(v.subject()), null), revocation, v.restorableUntil(), v.keyStorageSecurityStandard(), v.usageMode());
    }
}
