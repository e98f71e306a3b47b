package io.citadel.acm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real resolver and mailer against servers on loopback: UDP DNS for CNAME records and SMTP for approval mail, end to end through ACM. */
class LoopbackProtocolsTest {

    @Test
    void udpResolver_readsCnameAnswers_andFindsNothingForUnknownNames() throws Exception {
        try (LoopbackDnsServer server = new LoopbackDnsServer()) {
            server.put("_abc.example.com.", "_def.acm-validations.aws.");
            UdpDnsResolver resolver = UdpDnsResolver.of(server.hostPort());
            assertThat(resolver.cname("_abc.example.com.")).containsExactly("_def.acm-validations.aws");
            assertThat(resolver.cname("_missing.example.com")).isEmpty();
        }
    }

    @Test
    void dnsMessages_rejectGarbage_andLoopingPointers() {
        byte[] loop = {0, 1, (byte) 0x81, (byte) 0x80, 0, 0, 0, 1, 0, 0, 0, 0, (byte) 0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 1, 0, 2, (byte) 0xC0, 12};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DnsMessages.answers(loop, 1)).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DnsMessages.answers(new byte[] {1, 2, 3}, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dnsAndEmailValidation_throughRealServers() throws Exception {
        try (LoopbackDnsServer dns = new LoopbackDnsServer(); SmtpSink smtp = new SmtpSink()) {
            try (AcmHarness h = new AcmHarness(s -> new AcmSettings(s.validity(), s.validationCheck(), s.renewalCheck(), s.validationTimeout(),
                    s.renewalWindow(), s.maxDomainsPerCertificate(), s.maxCertificates(), UdpDnsResolver.of(dns.hostPort()),
                    SmtpMailer.of(smtp.hostPort()), () -> "http://127.0.0.1:4566", "acm@citadel.test"))) {
                String dnsArn = h.requestDns("loop.example.com");
                StoredCertificate.Validation v = h.describe(dnsArn).validations().get(0);
                h.tick();
                assertThat(h.describe(dnsArn).status()).isEqualTo(StoredCertificate.Status.PENDING_VALIDATION);
                dns.put(v.recordName(), v.recordValue());
                h.travel(Duration.ofMinutes(1), Duration.ofMinutes(1));
                assertThat(h.describe(dnsArn).status()).isEqualTo(StoredCertificate.Status.ISSUED);

                String mailArn = h.acm.issuance().request(h.ctx(), new CertificateIssuance.RequestInput("mail.example.com", "EMAIL", null, null,
                        null, null, null, null, null, null, null));
                h.tick();
                SmtpSink.Message m = smtp.next();
                assertThat(m.from()).isEqualTo("acm@citadel.test");
                assertThat(m.to()).containsExactlyElementsOf(List.of("admin@mail.example.com", "administrator@mail.example.com",
                        "hostmaster@mail.example.com", "postmaster@mail.example.com", "webmaster@mail.example.com"));
                assertThat(m.data()).contains("Subject: Certificate approval for mail.example.com");
                String token = m.data().replaceAll("(?s).*/acm/approve/([A-Za-z0-9_-]+).*", "$1");
                assertThat(h.acm.validations().approve(token)).isEqualTo(Validations.ApprovalOutcome.ISSUED);
                assertThat(h.describe(mailArn).status()).isEqualTo(StoredCertificate.Status.ISSUED);
            }
        }
    }
}
