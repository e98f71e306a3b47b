package io.citadel.acm;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.KeyPairType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Managed renewal 60 days before expiry and the expiry events, by time travel on the durable scheduler. */
class RenewalAndExpiryTest {

    private static final Duration DAY = Duration.ofDays(1);
    private final AcmHarness h = new AcmHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private String issuedDns(String domain) {
        String arn = h.requestDns(domain);
        h.publishRecords(arn);
        h.tick();
        assertThat(h.describe(arn).status()).isEqualTo(StoredCertificate.Status.ISSUED);
        return arn;
    }

    @Test
    void privateCertificate_renewsSixtyDaysBeforeExpiry() {
        String arn = h.requestPrivate("svc.corp.example", null);
        StoredCertificate before = h.describe(arn);
        h.travel(Duration.ofDays(334), DAY);
        assertThat(h.describe(arn).x509().serial()).isEqualTo(before.x509().serial());
        h.travel(Duration.ofDays(2), DAY);
        StoredCertificate after = h.describe(arn);
        assertThat(after.x509().serial()).isNotEqualTo(before.x509().serial());
        assertThat(after.x509().notAfter()).isAfter(before.x509().notAfter());
        assertThat(after.renewal().status()).isEqualTo("SUCCESS");
        assertThat(after.arn()).isEqualTo(arn);
        assertThat(h.events(e -> e.contains("\"Action\":\"RENEWAL\""))).hasSize(1);
        assertThat(h.events(AcmEvents.APPROACHING_EXPIRATION)).isEmpty();
    }

    @Test
    void inUsePublicCertificate_withItsRecordLeftInPlace_renewsWithoutAction() {
        String arn = issuedDns("www.renew.example");
        h.acm.updates().markInUse(AcmHarness.ACCOUNT, AcmHarness.REGION, arn, "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/x/1");
        String serial = h.describe(arn).x509().serial();
        h.travel(Duration.ofDays(336), DAY);
        StoredCertificate after = h.describe(arn);
        assertThat(after.x509().serial()).isNotEqualTo(serial);
        assertThat(after.renewal().status()).isEqualTo("SUCCESS");
        assertThat(h.events(AcmEvents.RENEWAL_ACTION_REQUIRED)).isEmpty();
    }

    @Test
    void renewal_whoseRecordIsGone_waitsForValidation_andAsksForAction() {
        String arn = issuedDns("gone.renew.example");
        h.acm.updates().markInUse(AcmHarness.ACCOUNT, AcmHarness.REGION, arn, "arn:aws:cloudfront::111122223333:distribution/E1");
        String serial = h.describe(arn).x509().serial();
        h.dns.clear();
        h.travel(Duration.ofDays(336), DAY);
        StoredCertificate waiting = h.describe(arn);
        assertThat(waiting.x509().serial()).isEqualTo(serial);
        assertThat(waiting.renewal().status()).isEqualTo("PENDING_VALIDATION");
        assertThat(h.events(AcmEvents.RENEWAL_ACTION_REQUIRED)).singleElement().asString().contains("\"RenewalStatus\":\"PENDING_VALIDATION\"");

        h.publishRecords(arn);
        h.travel(Duration.ofHours(2), Duration.ofHours(1));
        assertThat(h.describe(arn).x509().serial()).isNotEqualTo(serial);
        assertThat(h.describe(arn).renewal().status()).isEqualTo("SUCCESS");
    }

    @Test
    void emailValidatedCertificate_inUse_renewsAfterTheRenewalMailIsApproved() {
        String arn = h.acm.issuance().request(h.ctx(), new CertificateIssuance.RequestInput("mail.renew.example", "EMAIL", null, null, null,
                null, null, null, null, null, null));
        h.tick();
        h.acm.validations().approve(h.mails.getFirst().token());
        h.acm.updates().markInUse(AcmHarness.ACCOUNT, AcmHarness.REGION, arn, "arn:aws:cloudfront::111122223333:distribution/E2");
        String serial = h.describe(arn).x509().serial();
        h.travel(Duration.ofDays(336), DAY);
        StoredCertificate waiting = h.describe(arn);
        assertThat(waiting.renewal().status()).isEqualTo("PENDING_VALIDATION");
        assertThat(h.events(AcmEvents.RENEWAL_ACTION_REQUIRED)).hasSize(1);
        assertThat(h.mails).hasSize(2);
        assertThat(h.mails.get(1).body()).contains("renewal");
        assertThat(h.acm.validations().approve(h.mails.get(1).token())).isEqualTo(Validations.ApprovalOutcome.ISSUED);
        StoredCertificate renewed = h.describe(arn);
        assertThat(renewed.x509().serial()).isNotEqualTo(serial);
        assertThat(renewed.renewal().status()).isEqualTo("SUCCESS");
        assertThat(renewed.status()).isEqualTo(StoredCertificate.Status.ISSUED);
    }

    @Test
    void unusedPublicCertificate_isNotRenewed_getsDailyExpiryEvents_andExpires() {
        String arn = issuedDns("idle.example");
        assertThat(h.describe(arn).renewalEligible()).isFalse();
        Instant notAfter = h.describe(arn).x509().notAfter();
        h.travel(Duration.ofDays(349), DAY);
        assertThat(h.events(AcmEvents.APPROACHING_EXPIRATION)).isEmpty();
        h.travel(Duration.ofDays(1), DAY);
        List<String> first = h.events(AcmEvents.APPROACHING_EXPIRATION);
        assertThat(first).singleElement().asString().contains("\"DaysToExpiry\":45").contains("\"CommonName\":\"idle.example\"")
                .contains("\"resources\":[\"" + arn + "\"]");
        h.travel(Duration.ofDays(44), DAY);
        assertThat(h.events(AcmEvents.APPROACHING_EXPIRATION)).hasSize(45).last().asString().contains("\"DaysToExpiry\":1");
        assertThat(h.describe(arn).status()).isEqualTo(StoredCertificate.Status.ISSUED);
        h.clock.advance(Duration.between(h.clock.instant(), notAfter));
        h.tick();
        assertThat(h.describe(arn).status()).isEqualTo(StoredCertificate.Status.EXPIRED);
        assertThat(h.events(AcmEvents.EXPIRED)).singleElement().asString().contains("\"CertificateType\":\"AMAZON_ISSUED\"")
                .contains("\"DaysToExpiry\":0");
        assertThat(h.describe(arn).renewal()).isNull();
    }

    @Test
    void importedCertificate_isNeverRenewed_andDaysBeforeExpiryMovesTheFirstEvent() {
        h.acm.updates().putAccountConfiguration(h.ctx(), 10);
        assertThat(h.acm.reads().daysBeforeExpiry(h.ctx())).isEqualTo(10);
        ImportTest.Bundle b = ImportTest.bundle("imp.example", KeyPairType.EC_P256, h.clock.instant(), h.clock.instant().plus(Duration.ofDays(100)));
        String arn = h.acm.imports().importCertificate(h.ctx(), null, b.cert(), b.key(), b.chainBytes(), null);
        h.travel(Duration.ofDays(89), DAY);
        assertThat(h.events(AcmEvents.APPROACHING_EXPIRATION)).isEmpty();
        h.travel(Duration.ofDays(1), DAY);
        assertThat(h.events(AcmEvents.APPROACHING_EXPIRATION)).singleElement().asString().contains("\"DaysToExpiry\":10");
        h.travel(Duration.ofDays(11), DAY);
        assertThat(h.describe(arn).status()).isEqualTo(StoredCertificate.Status.EXPIRED);
        assertThat(h.describe(arn).renewal()).isNull();
        assertThat(h.events(AcmEvents.EXPIRED)).as("no Expired event for imported certificates").isEmpty();
        assertThat(AcmHarness.code(() -> h.acm.updates().putAccountConfiguration(h.ctx(), 46))).isEqualTo("ValidationException");
    }

    @Test
    void expirationCheck_reportsCertificatesExpiringWithinTheWindow() {
        String soon = issuedDns("soon.example");
        h.clock.advance(Duration.ofDays(385));
        String later = h.requestPrivate("later.corp.example", null);
        String pending = h.requestDns("pending.example");
        List<ExpirationCheck.Evaluation> all = h.acm.expirationCheck().evaluate(AcmHarness.ACCOUNT, AcmHarness.REGION, 14);
        assertThat(all).filteredOn(e -> e.certificateArn().equals(soon)).singleElement()
                .satisfies(e -> assertThat(e.compliance()).isEqualTo(ExpirationCheck.Compliance.NON_COMPLIANT));
        assertThat(all).filteredOn(e -> e.certificateArn().equals(later)).singleElement()
                .satisfies(e -> assertThat(e.compliance()).isEqualTo(ExpirationCheck.Compliance.COMPLIANT));
        assertThat(all).filteredOn(e -> e.certificateArn().equals(pending)).singleElement()
                .satisfies(e -> assertThat(e.compliance()).isEqualTo(ExpirationCheck.Compliance.NOT_APPLICABLE));
        assertThat(h.acm.expirationCheck().nonCompliant(AcmHarness.ACCOUNT, AcmHarness.REGION, 5)).isEmpty();
        assertThat(h.acm.expirationCheck().nonCompliant(AcmHarness.ACCOUNT, AcmHarness.REGION, 14))
                .extracting(ExpirationCheck.Evaluation::certificateArn).containsExactly(soon);
    }
}
