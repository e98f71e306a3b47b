package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ACM through `aws acm`: request, DNS validation, the certificate-validated waiter, get, import with fileb://, export, tags, delete, errors. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AcmAwsCliTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path home;
    @TempDir
    Path work;

    /** Whether the node has committed the certificate as ISSUED (read through the expiration check, which needs no caller). */
    static boolean issued(Node node, String arn) {
        String account = node.adminAccountId();
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        return node.citadel().acm().expirationCheck().evaluate(account, "us-east-1", 14).stream()
                .anyMatch(e -> e.certificateArn().endsWith(id) && e.status().equals("ISSUED"));
    }

    @Test
    void awsAcm_requestValidateGetImportExportTagDelete_andErrors() throws Exception {
        try (AcmDnsServer dns = new AcmDnsServer(); AcmSmtpSink smtp = new AcmSmtpSink(); Node node = AcmClients.start(dataDir, dns, smtp)) {
            IamCliTest.Aws aws = IamCliTest.Aws.as(node, home, node.bootstrapCredentials());
            String arn = aws.ok("acm", "request-certificate", "--domain-name", "cli.example", "--validation-method", "DNS",
                    "--subject-alternative-names", "cli.example", "api.cli.example").get("CertificateArn").asText();
            JsonNode pending = aws.ok("acm", "describe-certificate", "--certificate-arn", arn).get("Certificate");
            assertThat(pending.get("Status").asText()).isEqualTo("PENDING_VALIDATION");
            // before its CNAME records resolve, nothing can validate it (asked afterwards, the scheduler may already have issued it)
            assertThat(aws.fails("acm", "get-certificate", "--certificate-arn", arn))
                    .contains("(RequestInProgressException) when calling the GetCertificate operation");
            for (JsonNode option : pending.get("DomainValidationOptions")) {
                dns.put(option.at("/ResourceRecord/Name").asText(), option.at("/ResourceRecord/Value").asText());
            }
            // the node's own tick may have checked before the records were in place: the next check is a minute later
            node.clock().advance(java.time.Duration.ofMinutes(1));
            node.citadel().runScheduledJobs();
            // the node's own tick may be the one running the claimed check: wait for its commit before the CLI's waiter polls
            Poll.until("the certificate is issued", Duration.ofSeconds(20), () -> issued(node, arn));
            aws.ok("acm", "wait", "certificate-validated", "--certificate-arn", arn);
            JsonNode got = aws.ok("acm", "get-certificate", "--certificate-arn", arn);
            AcmClients.verify(got.get("Certificate").asText(), got.get("CertificateChain").asText(), "api.cli.example",
                    Files.createDirectories(work.resolve("dns")));

            Map<String, String> env = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", home.toString());
            Processes.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", work.resolve("k.pem").toString(),
                    "-out", work.resolve("c.pem").toString(), "-days", "5", "-subj", "/CN=imp.cli.example"), env, Duration.ofSeconds(60))
                    .requireSuccess("openssl req");
            String imported = aws.ok("acm", "import-certificate", "--certificate", "fileb://" + work.resolve("c.pem"),
                    "--private-key", "fileb://" + work.resolve("k.pem"), "--tags", "Key=src,Value=cli").get("CertificateArn").asText();
            assertThat(aws.ok("acm", "describe-certificate", "--certificate-arn", imported).at("/Certificate/Type").asText()).isEqualTo("IMPORTED");
            assertThat(aws.ok("acm", "list-tags-for-certificate", "--certificate-arn", imported).at("/Tags/0/Key").asText()).isEqualTo("src");
            assertThat(aws.ok("acm", "list-certificates", "--certificate-statuses", "ISSUED").get("CertificateSummaryList")).hasSize(2);

            String ca = PcaRoots.activeRoot(node, "ACM Test Root");
            String priv = aws.ok("acm", "request-certificate", "--domain-name", "svc.cli.internal", "--certificate-authority-arn", ca)
                    .get("CertificateArn").asText();
            Files.writeString(work.resolve("pass.txt"), "cli-passphrase");
            JsonNode exported = aws.ok("acm", "export-certificate", "--certificate-arn", priv, "--passphrase", "fileb://" + work.resolve("pass.txt"));
            assertThat(exported.get("PrivateKey").asText()).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
            AcmClients.verify(exported.get("Certificate").asText(), exported.get("CertificateChain").asText(), "svc.cli.internal",
                    Files.createDirectories(work.resolve("private")));

            assertThat(aws.fails("acm", "describe-certificate", "--certificate-arn", "arn:aws:acm:us-east-1:" + node.adminAccountId()
                    + ":certificate/00000000-0000-0000-0000-000000000000")).contains("(ResourceNotFoundException)");
            assertThat(aws.fails("acm", "export-certificate", "--certificate-arn", imported, "--passphrase", "fileb://" + work.resolve("pass.txt")))
                    .contains("(ValidationException)").contains("is not a private certificate");
            assertThat(aws.fails("acm", "put-account-configuration", "--idempotency-token", "x", "--expiry-events", "DaysBeforeExpiry=50"))
                    .contains("(ValidationException)").contains("DaysBeforeExpiry: 50 (expected: 1..45)");
            node.citadel().acm().updates().markInUse(node.adminAccountId(), "us-east-1", imported, "arn:aws:cloudfront::1:distribution/X");
            assertThat(aws.fails("acm", "delete-certificate", "--certificate-arn", imported)).contains("(ResourceInUseException)");
            aws.ok("acm", "delete-certificate", "--certificate-arn", arn);
            assertThat(aws.fails("acm", "describe-certificate", "--certificate-arn", arn)).contains("(ResourceNotFoundException)");
        }
    }
}
