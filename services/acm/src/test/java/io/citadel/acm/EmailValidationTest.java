package io.citadel.acm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** EMAIL validation: approval mail to the five addresses of each domain (or its ValidationDomain), issuance after every link is followed. */
class EmailValidationTest {

    private final AcmHarness h = new AcmHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private String request(String domain, List<String> sans, Map<String, String> validationDomains) {
        return h.acm.issuance().request(h.ctx(), new CertificateIssuance.RequestInput(domain, "EMAIL", sans, null, validationDomains, null,
                null, null, null, null, null));
    }

    @Test
    void approvalMail_goesToTheFiveAddresses_andTheCertificateIssuesAfterEveryDomainIsApproved() throws Exception {
        String arn = request("shop.example.com", List.of("www.example.org"), Map.of("shop.example.com", "example.com"));
        StoredCertificate pending = h.describe(arn);
        assertThat(pending.validations().get(0).validationDomain()).isEqualTo("example.com");
        assertThat(pending.validations().get(0).emails()).containsExactly("admin@example.com", "administrator@example.com",
                "hostmaster@example.com", "postmaster@example.com", "webmaster@example.com");

        h.tick();
        assertThat(h.mails).hasSize(2);
        AcmHarness.Mail first = h.mails.get(0);
        assertThat(first.to()).containsExactly("admin@example.com", "administrator@example.com", "hostmaster@example.com",
                "postmaster@example.com", "webmaster@example.com");
        assertThat(first.body()).contains("https://acm.test/acm/approve/").contains("shop.example.com").contains(AcmHarness.ACCOUNT);
        assertThat(h.mails.get(1).to()).contains("webmaster@www.example.org");
        h.tick();
        assertThat(h.mails).as("mail is sent once per domain").hasSize(2);

        assertThat(h.acm.validations().approve(first.token())).isEqualTo(Validations.ApprovalOutcome.APPROVED);
        assertThat(h.acm.validations().approve(first.token())).as("a link works once").isEqualTo(Validations.ApprovalOutcome.UNKNOWN_OR_EXPIRED);
        assertThat(h.describe(arn).status()).isEqualTo(StoredCertificate.Status.PENDING_VALIDATION);

        assertThat(h.acm.validations().approve(h.mails.get(1).token())).isEqualTo(Validations.ApprovalOutcome.ISSUED);
        StoredCertificate issued = h.describe(arn);
        assertThat(issued.status()).isEqualTo(StoredCertificate.Status.ISSUED);
        CertificateReads.Pems pems = h.acm.reads().get(h.ctx(), arn);
        AcmHarness.verifyChain(pems.certificate(), pems.chain(), h.clock.instant());
    }

    @Test
    void unknownToken_approvesNothing() {
        assertThat(h.acm.validations().approve("A".repeat(43))).isEqualTo(Validations.ApprovalOutcome.UNKNOWN_OR_EXPIRED);
    }

    @Test
    void resendValidationEmail_sendsANewLink_andChecksItsArguments() {
        String arn = request("mail.example.net", null, null);
        h.tick();
        assertThat(h.mails).hasSize(1);
        h.acm.updates().resendValidationEmail(h.ctx(), arn, "mail.example.net", "mail.example.net");
        assertThat(h.mails).hasSize(2);
        assertThat(h.mails.get(1).token()).isNotEqualTo(h.mails.get(0).token());

        assertThat(AcmHarness.code(() -> h.acm.updates().resendValidationEmail(h.ctx(), arn, "other.example.net", "example.net")))
                .isEqualTo("InvalidDomainValidationOptionsException");
        assertThat(AcmHarness.code(() -> h.acm.updates().resendValidationEmail(h.ctx(), arn, "mail.example.net", "example.net")))
                .isEqualTo("InvalidDomainValidationOptionsException");
        String dns = h.requestDns("dns.example.net");
        assertThat(AcmHarness.code(() -> h.acm.updates().resendValidationEmail(h.ctx(), dns, "dns.example.net", "dns.example.net")))
                .isEqualTo("InvalidStateException");

        h.acm.validations().approve(h.mails.get(1).token());
        assertThat(h.describe(arn).status()).isEqualTo(StoredCertificate.Status.ISSUED);
        assertThat(AcmHarness.code(() -> h.acm.updates().resendValidationEmail(h.ctx(), arn, "mail.example.net", "mail.example.net")))
                .isEqualTo("InvalidStateException");
    }
}
