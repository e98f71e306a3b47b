package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.ValidationMethod;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * A node travels a year on its movable clock: a private certificate renews 60 days before expiry, an imported one
 * expires (without an Expired event, as in AWS), an unused public one gets daily Approaching Expiration events, all
 * delivered by an EventBridge rule on source aws.acm to a log target; afterwards `citadel admin acm-expiration-check`
 * reports the certificate that expires within 14 days (by the real clock).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AcmTimeTravelTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void renewalExpiryAndEvents_overAYear_andTheExpirationCheck() throws Exception {
        Processes.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", work.resolve("k.pem").toString(),
                "-out", work.resolve("c.pem").toString(), "-days", "5", "-subj", "/CN=short.example"),
                Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", home.toString()), Duration.ofSeconds(60)).requireSuccess("openssl req");
        String account;
        String importedArn;
        try (AcmDnsServer dns = new AcmDnsServer(); AcmSmtpSink smtp = new AcmSmtpSink(); Node node = AcmClients.start(dataDir, dns, smtp);
             AcmClient acm = AcmClients.acm(node, node.bootstrapCredentials());
             EventBridgeClient events = EventsClients.events(node, node.bootstrapCredentials())) {
            account = node.adminAccountId();
            events.putRule(r -> r.name("acm").eventPattern("{\"source\":[\"aws.acm\"]}"));
            events.putTargets(r -> r.rule("acm").targets(t -> t.id("log").arn("arn:aws:events:us-east-1:" + account + ":log/acm")));

            String ca = PcaRoots.activeRoot(node, "ACM Test Root");
            String privateArn = acm.requestCertificate(r -> r.domainName("renews.internal.example").certificateAuthorityArn(ca)).certificateArn();
            String firstSerial = acm.describeCertificate(r -> r.certificateArn(privateArn)).certificate().serial();
            String idleArn = acm.requestCertificate(r -> r.domainName("idle.example").validationMethod(ValidationMethod.DNS)).certificateArn();
            acm.describeCertificate(r -> r.certificateArn(idleArn)).certificate().domainValidationOptions()
                    .forEach(v -> dns.put(v.resourceRecord().name(), v.resourceRecord().value()));
            node.clock().advance(Duration.ofMinutes(1));
            node.citadel().runScheduledJobs();
            Poll.until("the DNS-validated certificate is issued", Duration.ofSeconds(20), () -> AcmAwsCliTest.issued(node, idleArn));
            SdkBytes certificate = SdkBytes.fromByteArray(read(work.resolve("c.pem")));
            SdkBytes key = SdkBytes.fromByteArray(read(work.resolve("k.pem")));
            importedArn = acm.importCertificate(r -> r.certificate(certificate).privateKey(key)).certificateArn();
            String imported = importedArn;

            for (int day = 0; day < 351; day++) {
                node.clock().advance(Duration.ofDays(1));
                node.citadel().runScheduledJobs();
            }

            Poll.until("the private certificate is renewed", Duration.ofSeconds(30), () -> !acm.describeCertificate(
                    r -> r.certificateArn(privateArn)).certificate().serial().equals(firstSerial));
            CertificateDetail renewed = acm.describeCertificate(r -> r.certificateArn(privateArn)).certificate();
            assertThat(renewed.serial()).isNotEqualTo(firstSerial);
            assertThat(renewed.renewalSummary().renewalStatusAsString()).isEqualTo("SUCCESS");
            CertificateDetail idle = acm.describeCertificate(r -> r.certificateArn(idleArn)).certificate();
            assertThat(idle.statusAsString()).isEqualTo("ISSUED");
            assertThat(idle.renewalEligibilityAsString()).isEqualTo("INELIGIBLE");
            assertThat(idle.renewalSummary()).isNull();
            assertThat(acm.describeCertificate(r -> r.certificateArn(imported)).certificate().statusAsString()).isEqualTo("EXPIRED");

            Path log = dataDir.resolve("events-log").resolve(account).resolve("us-east-1").resolve("acm.jsonl");
            Poll.until("ACM's events reach the log target", Duration.ofSeconds(60), () -> Files.exists(log)
                    && text(log).contains("{\"DaysToExpiry\":45,\"CommonName\":\"idle.example\"}") && text(log).contains("\"Action\":\"RENEWAL\""));
            String logged = text(log);
            assertThat(logged).contains("\"detail-type\":\"ACM Certificate Available\"").contains("\"Action\":\"RENEWAL\"")
                    .doesNotContain("\"detail-type\":\"ACM Certificate Expired\"")
                    .contains("\"detail-type\":\"ACM Certificate Approaching Expiration\"")
                    .contains("{\"DaysToExpiry\":45,\"CommonName\":\"idle.example\"}");
        }
        String report = CitadelJar.run(home, Map.of(), "admin", "acm-expiration-check", "--data-dir", dataDir.toString(), "--account", account)
                .requireSuccess("acm-expiration-check").stdout();
        assertThat(report).contains(importedArn + "\tshort.example\t").contains("NON_COMPLIANT").contains("1 NON_COMPLIANT");
    }

    private static byte[] read(Path p) throws java.io.IOException {
        return Files.readAllBytes(p);
    }

    private static String text(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
