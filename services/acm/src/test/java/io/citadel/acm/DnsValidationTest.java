package io.citadel.acm;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RequestCertificate with DNS validation: the CNAME record, issuance only once it resolves, the 72-hour timeout, idempotency. */
class DnsValidationTest {

    private final AcmHarness h = new AcmHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void request_asksForOneCnamePerDomain_wildcardSharingItsBase() {
        String arn = h.requestDns("Example.com.", "*.example.com", "www.example.com");
        StoredCertificate c = h.describe(arn);

        assertThat(c.status()).isEqualTo(StoredCertificate.Status.PENDING_VALIDATION);
        assertThat(c.type()).isEqualTo(StoredCertificate.Type.AMAZON_ISSUED);
        assertThat(c.allNames()).containsExactly("example.com", "*.example.com", "www.example.com");
        StoredCertificate.Validation base = c.validations().get(0);
        assertThat(base.recordName()).matches("_[0-9a-f]{32}\\.example\\.com\\.");
        assertThat(base.recordValue()).matches("_[0-9a-f]{32}\\.acm-validations\\.aws\\.");
        assertThat(c.validations().get(1).recordName()).isEqualTo(base.recordName());
        assertThat(c.validations().get(1).recordValue()).isEqualTo(base.recordValue());
        assertThat(c.validations().get(2).recordName()).endsWith(".www.example.com.");
    }

    @Test
    void certificate_isIssuedOnlyAfterTheRecordResolvesToTheExpectedValue() throws Exception {
        String arn = h.requestDns("app.example.org");
        StoredCertificate.Validation v = h.describe(arn).validations().get(0);
        h.tick();
        assertThat(h.describe(arn).status()).isEqualTo(StoredCertificate.Status.PENDING_VALIDATION);

        h.dns.put(v.recordName(), "_wrong.acm-validations.aws.");
        h.travel(Duration.ofMinutes(2), Duration.ofMinutes(1));
        assertThat(h.describe(arn).status()).isEqualTo(StoredCertificate.Status.PENDING_VALIDATION);
        assertThat(AcmHarness.code(() -> h.acm.reads().get(h.ctx(), arn))).isEqualTo("RequestInProgressException");

        h.dns.put(v.recordName(), v.recordValue().toUpperCase());
        h.travel(Duration.ofMinutes(1), Duration.ofMinutes(1));
        StoredCertificate issued = h.describe(arn);
        assertThat(issued.status()).isEqualTo(StoredCertificate.Status.ISSUED);
        assertThat(issued.validations()).extracting(StoredCertificate.Validation::status).containsOnly("SUCCESS");
        assertThat(issued.x509().subject()).isEqualTo("CN=app.example.org");
        assertThat(issued.x509().keyUsages()).containsExactlyInAnyOrder("DIGITAL_SIGNATURE", "KEY_ENCIPHERMENT");
        assertThat(issued.x509().extendedKeyUsages()).extracting(StoredCertificate.Eku::name)
                .containsExactlyInAnyOrder("TLS_WEB_SERVER_AUTHENTICATION", "TLS_WEB_CLIENT_AUTHENTICATION");
        assertThat(Duration.between(issued.x509().notBefore(), issued.x509().notAfter())).isEqualTo(Duration.ofDays(395));
        assertThat(issued.x509().serial()).matches("([0-9a-f]{2}:)+[0-9a-f]{2}");

        CertificateReads.Pems pems = h.acm.reads().get(h.ctx(), arn);
        X509Certificate leaf = AcmHarness.verifyChain(pems.certificate(), pems.chain(), h.clock.instant());
        assertThat(leaf.getSubjectAlternativeNames().stream().map(l -> (Object) l.get(1)).toList()).containsExactly("app.example.org");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(h.events(AcmEvents.AVAILABLE)).singleElement().asString().contains("\"Action\":\"ISSUANCE\"")
                .contains("\"resources\":[\"" + arn + "\"]").contains("\"source\":\"aws.acm\"");
    }

    @Test
    void pendingValidation_timesOutAfter72Hours() {
        String arn = h.requestDns("late.example.net");
        h.travel(Duration.ofHours(71), Duration.ofHours(1));
        assertThat(h.describe(arn).status()).isEqualTo(StoredCertificate.Status.PENDING_VALIDATION);
        h.travel(Duration.ofHours(1), Duration.ofMinutes(30));
        StoredCertificate c = h.describe(arn);
        assertThat(c.status()).isEqualTo(StoredCertificate.Status.VALIDATION_TIMED_OUT);
        assertThat(c.validations()).extracting(StoredCertificate.Validation::status).containsOnly("FAILED");

        h.publishRecords(arn);
        h.travel(Duration.ofHours(1), Duration.ofMinutes(30));
        assertThat(h.describe(arn).status()).isEqualTo(StoredCertificate.Status.VALIDATION_TIMED_OUT);
    }

    @Test
    void idempotencyToken_returnsTheSameCertificateForAnHour() {
        var in = new CertificateIssuance.RequestInput("token.example.com", "DNS", null, "tok_1", null, null, null, null, null, null, null);
        String first = h.acm.issuance().request(h.ctx(), in);
        assertThat(h.acm.issuance().request(h.ctx(), in)).isEqualTo(first);
        h.clock.advance(Duration.ofMinutes(61));
        assertThat(h.acm.issuance().request(h.ctx(), in)).isNotEqualTo(first);
    }

    @Test
    void badRequests_getTheModelsErrors() {
        List<String> eleven = List.of("a1.example.com", "a2.example.com", "a3.example.com", "a4.example.com", "a5.example.com",
                "a6.example.com", "a7.example.com", "a8.example.com", "a9.example.com", "a10.example.com");
        assertThat(AcmHarness.error(() -> h.requestDns("example.com", eleven.toArray(String[]::new))).errorCode().code())
                .isEqualTo("LimitExceededException");
        assertThat(AcmHarness.error(() -> h.requestDns("a.*.example.com")).getMessage()).contains("wildcard");
        assertThat(AcmHarness.code(() -> h.requestDns("-bad.example.com"))).isEqualTo("InvalidParameterException");
        assertThat(AcmHarness.error(() -> h.acm.issuance().request(h.ctx(), new CertificateIssuance.RequestInput("example.com", "DNS", null,
                null, null, null, null, "RSA_4096", null, null, null))).getMessage()).contains("KeyAlgorithm: RSA_4096");
        assertThat(AcmHarness.code(() -> h.acm.issuance().request(h.ctx(), new CertificateIssuance.RequestInput("example.com", "EMAIL", null,
                null, java.util.Map.of("other.com", "other.com"), null, null, null, null, null, null))))
                .isEqualTo("InvalidDomainValidationOptionsException");
        assertThat(AcmHarness.code(() -> h.acm.issuance().request(h.ctx(), new CertificateIssuance.RequestInput("www.example.com", "EMAIL",
                null, null, java.util.Map.of("www.example.com", "elsewhere.com"), null, null, null, null, null, null))))
                .isEqualTo("InvalidDomainValidationOptionsException");
        assertThat(AcmHarness.code(() -> h.describe("arn:aws:acm:us-east-1:111122223333:key/abc"))).isEqualTo("InvalidArnException");
        assertThat(AcmHarness.code(() -> h.describe("arn:aws:acm:us-east-1:111122223333:certificate/00000000-0000-0000-0000-000000000000")))
                .isEqualTo("ResourceNotFoundException");
        h.denied.add("acm:RequestCertificate");
        assertThat(AcmHarness.code(() -> h.requestDns("denied.example.com"))).isEqualTo("AccessDeniedException");
    }
}
