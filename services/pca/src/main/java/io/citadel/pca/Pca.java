package io.citadel.pca;

import io.citadel.core.RequestContext;
import io.citadel.core.access.Access;
import io.citadel.kms.Kms;
import io.citadel.storage.Storage;
import io.citadel.storage.schedule.StorageScheduler;
import java.security.SecureRandom;
import java.time.InstantSource;

/**
 * ACM Private CA, assembled: CA lifecycle, issuance, revocation (CRL and OCSP), permissions, policies, tags and audit
 * reports over one sealed storage and the policy engine. The purge of deleted CAs and CRL regeneration run on the
 * node's durable scheduler; the node calls {@link #publishDueCrls()} after each scheduler run (CRLs are signed outside
 * the scheduler's transaction).
 *
 * <p>Other Citadel services (ACM, the ACME server, the TLS bootstrap) issue through {@link #issueCertificate} and read a
 * CA's certificate through {@link #authorityCertificate}, passing their caller's context.
 */
public final class Pca {

    /** The service principal ACM acts as; CreatePermission grants it IssueCertificate / GetCertificate on a CA. */
    public static final String ACM_PRINCIPAL = "acm.amazonaws.com";

    private final Authorities authorities;
    private final Issuance issuance;
    private final Revocation revocation;
    private final AuthorityControls controls;
    private final AuditReports reports;

    /** {@code kms} signs for CAs whose key is a KMS key (the {@code citadel:kms-key-id} tag); null: no such CAs. */
    public Pca(Storage storage, InstantSource clock, SecureRandom random, Access access, StorageScheduler scheduler, PcaSettings settings,
               Kms kms) {
        PcaEnvironment env = new PcaEnvironment(storage, clock, random, access, settings, new KmsKeys(kms));
        this.revocation = new Revocation(env);
        this.controls = new AuthorityControls(env);
        this.authorities = new Authorities(env, revocation);
        this.issuance = new Issuance(env, revocation, controls);
        this.reports = new AuditReports(env);
        scheduler.register(PcaJobs.PURGE, authorities::purge);
        scheduler.register(PcaJobs.CRL, revocation::onJob);
    }

    public Authorities authorities() {
        return authorities;
    }

    public Issuance issuance() {
        return issuance;
    }

    /** Publishes the CRLs whose scheduler jobs this node ran; the node's tick calls it after runDue. */
    public int publishDueCrls() {
        return revocation.publishDue();
    }

    public Revocation revocation() {
        return revocation;
    }

    public AuthorityControls controls() {
        return controls;
    }

    public AuditReports reports() {
        return reports;
    }

    /**
     * Issues a certificate from the CA {@code input.certificateAuthorityArn()} for another Citadel service acting for
     * {@code ctx}'s caller, and returns it with its chain at once. Allowed when the CA (in the caller's account) has a
     * CreatePermission grant of IssueCertificate to {@code servicePrincipal} (e.g. {@link #ACM_PRINCIPAL}), as AWS
     * lets ACM issue; otherwise the caller needs acm-pca:IssueCertificate on the CA (identity or resource policy).
     * Pass {@code servicePrincipal} null to require the caller's own permission. Errors are {@link io.citadel.core.ServiceException}s
     * with the codes of {@link PcaErrors}.
     */
    public Issuance.Issued issueCertificate(RequestContext ctx, String servicePrincipal, Issuance.IssueInput input) {
        return issuance.issue(ctx, input, servicePrincipal);
    }

    /** GetCertificate for a service acting for the caller: a GetCertificate grant to {@code servicePrincipal}, or the caller's own permission. */
    public Issuance.Issued certificate(RequestContext ctx, String servicePrincipal, String caArn, String certificateArn) {
        return issuance.get(ctx, caArn, certificateArn, servicePrincipal);
    }

    /** The CA's certificate and chain (PEM), needing acm-pca:GetCertificateAuthorityCertificate on the CA. */
    public Authorities.CaCertificate authorityCertificate(RequestContext ctx, String caArn) {
        return authorities.certificate(ctx, caArn);
    }
}
