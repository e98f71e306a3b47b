package io.citadel.acm;

import io.citadel.storage.Storage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * The equivalent of AWS Config's managed rule acm-certificate-expiration-check: a certificate is NON_COMPLIANT when it
 * expires within {@code daysToExpiration} days (default 14) or has expired, COMPLIANT otherwise; certificates that
 * were never issued are NOT_APPLICABLE. Operators run it as the admin command {@code acm-expiration-check}.
 */
public final class ExpirationCheck {

    public static final int DEFAULT_DAYS_TO_EXPIRATION = 14;

    public enum Compliance { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE }

    /** One certificate's evaluation, as Config's evaluation result names it. */
    public record Evaluation(String certificateArn, String domainName, String status, Instant notAfter, long daysToExpiry,
                             Compliance compliance) {
    }

    private final Storage storage;
    private final InstantSource clock;

    /** Reads certificates straight from (sealed) storage: the admin command runs it without a node. */
    public ExpirationCheck(Storage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** Every certificate of the account and region, evaluated. */
    public List<Evaluation> evaluate(String account, String region, int daysToExpiration) {
        if (daysToExpiration < 1 || daysToExpiration > 365) {
            throw new IllegalArgumentException("daysToExpiration: " + daysToExpiration + " (expected: 1..365)");
        }
        Instant now = clock.instant();
        Instant limit = now.plus(Duration.ofDays(daysToExpiration));
        return CertificateRepository.all(storage, account, region).stream().map(c -> {
            if (c.x509() == null) {
                return new Evaluation(c.arn(), c.domainName(), c.status().name(), null, 0, Compliance.NOT_APPLICABLE);
            }
            Instant notAfter = c.x509().notAfter();
            return new Evaluation(c.arn(), c.domainName(), c.status().name(), notAfter, ExpiryEvents.daysToExpiry(now, notAfter),
                    notAfter.isAfter(limit) ? Compliance.COMPLIANT : Compliance.NON_COMPLIANT);
        }).toList();
    }

    /** The NON_COMPLIANT certificates only: the report the rule's findings make. */
    public List<Evaluation> nonCompliant(String account, String region, int daysToExpiration) {
        return evaluate(account, region, daysToExpiration).stream().filter(e -> e.compliance() == Compliance.NON_COMPLIANT).toList();
    }
}
