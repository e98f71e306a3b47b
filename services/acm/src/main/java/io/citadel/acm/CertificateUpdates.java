package io.citadel.acm;

import io.citadel.core.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DeleteCertificate (refused while in use), UpdateCertificateOptions, ResendValidationEmail, PutAccountConfiguration,
 * and the Java calls other services make to mark a certificate in use (InUseBy) or release it.
 */
public final class CertificateUpdates {

    private final AcmEnvironment env;
    private final Validations validations;

    CertificateUpdates(AcmEnvironment env, Validations validations) {
        this.env = env;
        this.validations = validations;
    }

    public void delete(RequestContext ctx, String arn) {
        StoredCertificate c = env.find(ctx, arn);
        env.require(ctx, "DeleteCertificate", c);
        env.storage.transaction(tx -> {
            StoredCertificate fresh = CertificateRepository.find(tx, c.account(), c.region(), c.id()).orElseThrow(() -> AcmErrors.notFound(arn));
            if (!fresh.inUseBy().isEmpty()) {
                throw AcmErrors.error(AcmErrors.RESOURCE_IN_USE, "Certificate " + arn + " is in use by " + fresh.inUseBy()
                        + ": disassociate it first");
            }
            CertificateRepository.delete(tx, fresh);
            AcmJobs.cancelAll(tx, fresh);
            return null;
        });
    }

    public void updateOptions(RequestContext ctx, String arn, String transparencyLogging) {
        StoredCertificate c = env.find(ctx, arn);
        env.require(ctx, "UpdateCertificateOptions", c);
        if (c.type() == StoredCertificate.Type.IMPORTED) {
            throw AcmErrors.error(AcmErrors.INVALID_STATE, "Certificate " + arn + " is imported: its options cannot be updated");
        }
        if (transparencyLogging == null) {
            throw AcmErrors.validation("Options.CertificateTransparencyLoggingPreference: required (expected: ENABLED or DISABLED)");
        }
        env.storage.transaction(tx -> {
            StoredCertificate fresh = CertificateRepository.find(tx, c.account(), c.region(), c.id()).orElseThrow(() -> AcmErrors.notFound(arn));
            CertificateRepository.put(tx, fresh.withTransparencyLogging(transparencyLogging));
            return null;
        });
    }

    /** ResendValidationEmail: the certificate must wait for EMAIL validation of {@code domain} through {@code validationDomain}. */
    public void resendValidationEmail(RequestContext ctx, String arn, String domain, String validationDomain) {
        StoredCertificate c = env.find(ctx, arn);
        env.require(ctx, "ResendValidationEmail", c);
        boolean renewal = c.status() != StoredCertificate.Status.PENDING_VALIDATION;
        List<StoredCertificate.Validation> pending = renewal
                ? (c.renewal() != null && c.renewal().status().equals(Validations.PENDING) ? c.renewal().validations() : null)
                : c.validations();
        if (!"EMAIL".equals(c.validationMethod()) || pending == null) {
            throw AcmErrors.error(AcmErrors.INVALID_STATE, "Certificate " + arn + " is in state " + c.status()
                    + (c.validationMethod() == null ? "" : " with validation method " + c.validationMethod())
                    + " (expected: PENDING_VALIDATION by EMAIL)");
        }
        String name = DomainNames.normalise(domain, "Domain");
        String vd = DomainNames.normalise(validationDomain, "ValidationDomain");
        Optional<StoredCertificate.Validation> v = pending.stream().filter(x -> x.domainName().equals(name)).findFirst();
        if (v.isEmpty()) {
            throw AcmErrors.error(AcmErrors.INVALID_DOMAIN_VALIDATION_OPTIONS, "Domain: " + name + " is not one of the certificate's domain names "
                    + c.allNames());
        }
        if (!v.get().validationDomain().equals(vd)) {
            throw AcmErrors.error(AcmErrors.INVALID_DOMAIN_VALIDATION_OPTIONS, "ValidationDomain: " + vd + " (expected: "
                    + v.get().validationDomain() + ", the validation domain of " + name + ")");
        }
        if (!v.get().status().equals(Validations.PENDING)) {
            throw AcmErrors.error(AcmErrors.INVALID_STATE, "Domain " + name + " of certificate " + arn + " is already validated");
        }
        if (!validations.mail(c, v.get(), renewal)) {
            throw AcmErrors.error(AcmErrors.INVALID_STATE, "The approval mail for " + name + " could not be sent; try again later");
        }
    }

    /** PutAccountConfiguration: DaysBeforeExpiry 1..45. */
    public void putAccountConfiguration(RequestContext ctx, Integer daysBeforeExpiry) {
        env.requireWithout(ctx, "PutAccountConfiguration");
        if (daysBeforeExpiry == null) {
            return;
        }
        if (daysBeforeExpiry < 1 || daysBeforeExpiry > ExpiryEvents.MAX_DAYS_BEFORE_EXPIRY) {
            throw AcmErrors.validation("ExpiryEvents.DaysBeforeExpiry: " + daysBeforeExpiry + " (expected: 1.."
                    + ExpiryEvents.MAX_DAYS_BEFORE_EXPIRY + ")");
        }
        env.storage.transaction(tx -> {
            CertificateRepository.putConfig(tx, ctx.principal().accountId(), ctx.region(), new CertificateRepository.AccountConfig(daysBeforeExpiry));
            return null;
        });
    }

    /** Records that {@code user} (e.g. a listener's or load balancer's ARN) uses the certificate; DeleteCertificate then refuses. */
    public void markInUse(String account, String region, String certificateArn, String user) {
        change(account, region, certificateArn, user, true);
    }

    /** Undoes {@link #markInUse}. */
    public void release(String account, String region, String certificateArn, String user) {
        change(account, region, certificateArn, user, false);
    }

    private void change(String account, String region, String arn, String user, boolean add) {
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        env.storage.transaction(tx -> {
            StoredCertificate c = CertificateRepository.find(tx, account, region, id).filter(x -> x.arn().equals(arn))
                    .orElseThrow(() -> AcmErrors.notFound(arn));
            List<String> users = new ArrayList<>(c.inUseBy());
            users.remove(user);
            if (add) {
                users.add(user);
            }
            CertificateRepository.put(tx, c.withInUseBy(users));
            return null;
        });
    }
}
