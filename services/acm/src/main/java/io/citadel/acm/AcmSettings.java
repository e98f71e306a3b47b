package io.citadel.acm;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How ACM runs on this node: the validity of the certificates it requests, how often pending validations are
 * checked, where DNS validation records are looked up, where approval mail goes out, and the base URL of the
 * approval links. {@link #aws} holds AWS's numbers.
 *
 * @param validity              lifetime of an issued certificate (AWS: 395 days)
 * @param validationCheck       how often a PENDING_VALIDATION certificate's DNS records are checked
 * @param renewalCheck          how often a renewal waiting for validation is checked
 * @param validationTimeout     PENDING_VALIDATION turns VALIDATION_TIMED_OUT after this (AWS: 72 hours)
 * @param renewalWindow         managed renewal starts this long before NotAfter (AWS: 60 days)
 * @param maxDomainsPerCertificate the DomainName plus SANs a request may name (AWS default quota: 10)
 * @param maxCertificates       certificates per account and region (AWS default quota: 2,500)
 * @param approvalBaseUrl       scheme, host and port of this node as mail recipients reach it, e.g. https://acm.example.com
 *                              (a supplier: a node on an ephemeral port knows it only once listening)
 * @param mailFrom              the envelope and header sender of approval mail
 */
public record AcmSettings(Duration validity, Duration validationCheck, Duration renewalCheck, Duration validationTimeout,
                          Duration renewalWindow, int maxDomainsPerCertificate, int maxCertificates, DnsResolver dns, Mailer mailer,
                          Supplier<String> approvalBaseUrl, String mailFrom) {

    public static final int DEFAULT_DAYS_BEFORE_EXPIRY = 45;

    public AcmSettings {
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(validationCheck, "validationCheck");
        Objects.requireNonNull(renewalCheck, "renewalCheck");
        Objects.requireNonNull(validationTimeout, "validationTimeout");
        Objects.requireNonNull(renewalWindow, "renewalWindow");
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(mailer, "mailer");
        Objects.requireNonNull(approvalBaseUrl, "approvalBaseUrl");
        Objects.requireNonNull(mailFrom, "mailFrom");
        if (renewalWindow.compareTo(validity) >= 0) {
            throw new IllegalArgumentException("renewalWindow: " + renewalWindow + " (expected: shorter than validity " + validity + ")");
        }
    }

    /** This settings with another validity (tests shorten it to reach renewal and expiry quickly). */
    public AcmSettings withValidity(Duration newValidity) {
        return new AcmSettings(newValidity, validationCheck, renewalCheck, validationTimeout, renewalWindow, maxDomainsPerCertificate,
                maxCertificates, dns, mailer, approvalBaseUrl, mailFrom);
    }

    /** AWS's numbers with the given resolver, mailer and approval base URL. */
    public static AcmSettings aws(DnsResolver dns, Mailer mailer, Supplier<String> approvalBaseUrl) {
        return new AcmSettings(Duration.ofDays(395), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(72),
                Duration.ofDays(60), 10, 2500, dns, mailer, approvalBaseUrl, "no-reply@acm.citadel.local");
    }
}
