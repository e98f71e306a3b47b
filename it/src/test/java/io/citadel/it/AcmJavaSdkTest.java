package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.acm.model.KeyAlgorithm;
import software.amazon.awssdk.services.acm.model.Tag;
import software.amazon.awssdk.services.acm.model.ValidationMethod;

/**
 * ACM through the AWS SDK for Java v2 against a node whose DNS validation asks a loopback DNS server and whose approval
 * mail goes to a loopback SMTP sink: DNS, EMAIL and private issuance, export, renewal, import, listing, tags, account
 * configuration, and the model's errors. Every issued certificate passes openssl verify and Java's CertPathValidator.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AcmJavaSdkTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    @Test
    void dnsAndEmailValidation_issueCertificatesThatVerify() throws Exception {
        try (AcmDnsServer dns = new AcmDnsServer(); AcmSmtpSink smtp = new AcmSmtpSink(); Node node = AcmClients.start(dataDir, dns, smtp);
             AcmClient acm = AcmClients.acm(node, node.bootstrapCredentials())) {
            String arn = acm.requestCertificate(r -> r.domainName("www.sdk.example").subjectAlternativeNames("www.sdk.example", "*.sdk.example")
                    .validationMethod(ValidationMethod.DNS).tags(Tag.builder().key("env").value("test").build())).certificateArn();
            assertThat(arn).matches("arn:aws:acm:us-east-1:\\d{12}:certificate/[0-9a-f-]{36}");
            CertificateDetail pending = acm.describeCertificate(r -> r.certificateArn(arn)).certificate();
            assertThat(pending.status()).isEqualTo(CertificateStatus.PENDING_VALIDATION);
            assertThat(pending.domainValidationOptions()).hasSize(2);
            for (DomainValidation v : pending.domainValidationOptions()) {
                assertThat(v.resourceRecord().typeAsString()).isEqualTo("CNAME");
                assertThat(v.resourceRecord().value()).endsWith(".acm-validations.aws.");
            }
            AwsServiceException inProgress = catchThrowableOfType(AwsServiceException.class, () -> acm.getCertificate(r -> r.certificateArn(arn)));
            assertThat(inProgress.awsErrorDetails().errorCode()).isEqualTo("RequestInProgressException");

            node.citadel().runScheduledJobs();
            assertThat(acm.describeCertificate(r -> r.certificateArn(arn)).certificate().status()).isEqualTo(CertificateStatus.PENDING_VALIDATION);
            pending.domainValidationOptions().forEach(v -> dns.put(v.resourceRecord().name(), v.resourceRecord().value()));
            node.clock().advance(Duration.ofMinutes(1));
            node.citadel().runScheduledJobs();
            Poll.until("the certificate is issued", Duration.ofSeconds(20), () -> AcmAwsCliTest.issued(node, arn));

            CertificateDetail issued = acm.describeCertificate(r -> r.certificateArn(arn)).certificate();
            assertThat(issued.status()).isEqualTo(CertificateStatus.ISSUED);
            assertThat(issued.typeAsString()).isEqualTo("AMAZON_ISSUED");
            assertThat(issued.subject()).isEqualTo("CN=www.sdk.example");
            assertThat(issued.issuer()).contains("Citadel ACM Public Root");
            assertThat(issued.serial()).matches("([0-9a-f]{2}:)+[0-9a-f]{2}");
            assertThat(issued.keyAlgorithm()).isEqualTo(KeyAlgorithm.RSA_2048);
            assertThat(issued.signatureAlgorithm()).isEqualTo("SHA256WITHRSA");
            assertThat(issued.keyUsages()).extracting(k -> k.nameAsString()).containsExactlyInAnyOrder("DIGITAL_SIGNATURE", "KEY_ENCIPHERMENT");
            assertThat(issued.extendedKeyUsages()).extracting(k -> k.nameAsString())
                    .containsExactlyInAnyOrder("TLS_WEB_SERVER_AUTHENTICATION", "TLS_WEB_CLIENT_AUTHENTICATION");
            assertThat(Duration.between(issued.notBefore(), issued.notAfter())).isEqualTo(Duration.ofDays(395));
            assertThat(issued.renewalEligibilityAsString()).isEqualTo("INELIGIBLE");
            assertThat(issued.inUseBy()).isEmpty();
            assertThat(issued.options().certificateTransparencyLoggingPreferenceAsString()).isEqualTo("ENABLED");
            assertThat(issued.domainValidationOptions()).extracting(DomainValidation::validationStatusAsString).containsOnly("SUCCESS");
            var pems = acm.getCertificate(r -> r.certificateArn(arn));
            AcmClients.verify(pems.certificate(), pems.certificateChain(), "www.sdk.example", dir("dns"));
            HttpResponse<String> root = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.endpoint() + "/acm/public-root.pem"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(root.statusCode()).isEqualTo(200);
            assertThat(pems.certificateChain()).endsWith(root.body());
            AcmClients.verify(pems.certificate(), pems.certificateChain(), "api.sdk.example", dir("wildcard"));

            String mailArn = acm.requestCertificate(r -> r.domainName("mail.sdk.example").validationMethod(ValidationMethod.EMAIL)
                    .domainValidationOptions(d -> d.domainName("mail.sdk.example").validationDomain("sdk.example"))).certificateArn();
            node.citadel().runScheduledJobs();
            AcmSmtpSink.Message mail = smtp.next();
            assertThat(mail.to()).containsExactly("admin@sdk.example", "administrator@sdk.example", "hostmaster@sdk.example",
                    "postmaster@sdk.example", "webmaster@sdk.example");
            String link = mail.data().replaceAll("(?s).*?(http://\\S+/acm/approve/[A-Za-z0-9_-]+).*", "$1");
            assertThat(link).startsWith(node.endpoint() + "/acm/approve/");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(link)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("I Approve");
            assertThat(acm.describeCertificate(r -> r.certificateArn(mailArn)).certificate().status()).isEqualTo(CertificateStatus.PENDING_VALIDATION);
            HttpResponse<String> approved = http.send(HttpRequest.newBuilder(URI.create(link)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(approved.statusCode()).isEqualTo(200);
            CertificateDetail mailed = acm.describeCertificate(r -> r.certificateArn(mailArn)).certificate();
            assertThat(mailed.status()).isEqualTo(CertificateStatus.ISSUED);
            assertThat(mailed.domainValidationOptions().getFirst().validationEmails()).contains("webmaster@sdk.example");
            var mailPems = acm.getCertificate(r -> r.certificateArn(mailArn));
            AcmClients.verify(mailPems.certificate(), mailPems.certificateChain(), "mail.sdk.example", dir("email"));
            assertThat(http.send(HttpRequest.newBuilder(URI.create(link)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

        }
    }

    @Test
    void privateCertificates_exportRenewImportListTagsAndConfiguration() throws Exception {
        try (AcmDnsServer dns = new AcmDnsServer(); AcmSmtpSink smtp = new AcmSmtpSink(); Node node = AcmClients.start(dataDir, dns, smtp);
             AcmClient acm = AcmClients.acm(node, node.bootstrapCredentials())) {
            String ca = PcaRoots.activeRoot(node, "ACM Test Root");
            String arn = acm.requestCertificate(r -> r.domainName("svc.internal.example").certificateAuthorityArn(ca)
                    .keyAlgorithm(KeyAlgorithm.EC_SECP384_R1).idempotencyToken("tok1")).certificateArn();
            assertThat(acm.requestCertificate(r -> r.domainName("svc.internal.example").certificateAuthorityArn(ca)
                    .keyAlgorithm(KeyAlgorithm.EC_SECP384_R1).idempotencyToken("tok1")).certificateArn()).isEqualTo(arn);
            CertificateDetail detail = acm.describeCertificate(r -> r.certificateArn(arn)).certificate();
            assertThat(detail.status()).isEqualTo(CertificateStatus.ISSUED);
            assertThat(detail.typeAsString()).isEqualTo("PRIVATE");
            assertThat(detail.certificateAuthorityArn()).isEqualTo(ca);
            assertThat(detail.renewalEligibilityAsString()).isEqualTo("ELIGIBLE");

            var exported = acm.exportCertificate(r -> r.certificateArn(arn).passphrase(SdkBytes.fromUtf8String("s3cret-pass")));
            assertThat(exported.privateKey()).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
            X509Certificate leaf = AcmClients.verify(exported.certificate(), exported.certificateChain(), "svc.internal.example", dir("private"));
            Path key = Files.writeString(dir("key").resolve("key.pem"), exported.privateKey());
            Path cert = Files.writeString(dir("cert").resolve("cert.pem"), exported.certificate());
            String fromKey = openssl("pkey", "-in", key.toString(), "-passin", "pass:s3cret-pass", "-pubout");
            String fromCert = openssl("x509", "-in", cert.toString(), "-pubkey", "-noout");
            assertThat(fromKey).isEqualTo(fromCert);
            assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");

            acm.renewCertificate(r -> r.certificateArn(arn));
            CertificateDetail renewed = acm.describeCertificate(r -> r.certificateArn(arn)).certificate();
            assertThat(renewed.serial()).isNotEqualTo(detail.serial());
            assertThat(renewed.renewalSummary().renewalStatusAsString()).isEqualTo("SUCCESS");

            Path imported = dir("import");
            openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", imported.resolve("k.pem").toString(), "-out",
                    imported.resolve("c.pem").toString(), "-days", "30", "-subj", "/CN=imported.example", "-addext",
                    "subjectAltName=DNS:imported.example");
            SdkBytes certBytes = SdkBytes.fromByteArray(Files.readAllBytes(imported.resolve("c.pem")));
            SdkBytes keyBytes = SdkBytes.fromByteArray(Files.readAllBytes(imported.resolve("k.pem")));
            String importedArn = acm.importCertificate(r -> r.certificate(certBytes).privateKey(keyBytes)).certificateArn();
            assertThat(acm.importCertificate(r -> r.certificateArn(importedArn).certificate(certBytes).privateKey(keyBytes)).certificateArn())
                    .isEqualTo(importedArn);
            CertificateDetail imp = acm.describeCertificate(r -> r.certificateArn(importedArn)).certificate();
            assertThat(imp.typeAsString()).isEqualTo("IMPORTED");
            assertThat(imp.domainName()).isEqualTo("imported.example");
            assertThat(imp.importedAt()).isNotNull();

            assertThat(acm.listCertificates(r -> { }).certificateSummaryList()).extracting(CertificateSummary::certificateArn)
                    .as("default keyTypes: RSA_1024 and RSA_2048").containsExactly(importedArn);
            List<String> all = acm.listCertificatesPaginator(r -> r.maxItems(1).includes(i -> i.keyTypesWithStrings("EC_secp384r1", "RSA_2048"))
                    .sortBy("CREATED_AT").sortOrder("ASCENDING")).certificateSummaryList().stream().map(CertificateSummary::certificateArn).toList();
            assertThat(all).containsExactly(arn, importedArn);
            assertThat(acm.listCertificates(r -> r.certificateStatusesWithStrings("PENDING_VALIDATION")).certificateSummaryList()).isEmpty();

            acm.addTagsToCertificate(r -> r.certificateArn(arn).tags(Tag.builder().key("team").value("core").build(),
                    Tag.builder().key("tier").value("1").build()));
            acm.removeTagsFromCertificate(r -> r.certificateArn(arn).tags(Tag.builder().key("tier").build()));
            assertThat(acm.listTagsForCertificate(r -> r.certificateArn(arn)).tags()).extracting(Tag::key).containsExactly("team");

            acm.updateCertificateOptions(r -> r.certificateArn(arn).options(o -> o.certificateTransparencyLoggingPreference("DISABLED")));
            assertThat(acm.describeCertificate(r -> r.certificateArn(arn)).certificate().options()
                    .certificateTransparencyLoggingPreferenceAsString()).isEqualTo("DISABLED");

            assertThat(acm.getAccountConfiguration(r -> { }).expiryEvents().daysBeforeExpiry()).isEqualTo(45);
            acm.putAccountConfiguration(r -> r.idempotencyToken("cfg1").expiryEvents(e -> e.daysBeforeExpiry(30)));
            assertThat(acm.getAccountConfiguration(r -> { }).expiryEvents().daysBeforeExpiry()).isEqualTo(30);

            acm.deleteCertificate(r -> r.certificateArn(importedArn));
            assertThat(error(() -> acm.describeCertificate(r -> r.certificateArn(importedArn)))).isEqualTo("ResourceNotFoundException");
        }
    }

    @Test
    void badInput_getsTheModelsErrorCodes_withStatus400() throws Exception {
        try (AcmDnsServer dns = new AcmDnsServer(); AcmSmtpSink smtp = new AcmSmtpSink(); Node node = AcmClients.start(dataDir, dns, smtp);
             AcmClient acm = AcmClients.acm(node, node.bootstrapCredentials())) {
            String account = node.adminAccountId();
            String ca = PcaRoots.activeRoot(node, "ACM Test Root");
            String priv = acm.requestCertificate(r -> r.domainName("p.internal.example").certificateAuthorityArn(ca)).certificateArn();
            String pub = acm.requestCertificate(r -> r.domainName("pub.example").validationMethod(ValidationMethod.DNS)).certificateArn();
            Map<String, Supplier<Object>> calls = new java.util.LinkedHashMap<>();
            calls.put("ValidationException", () -> acm.describeCertificate(r -> r.certificateArn("not-an-arn")));
            calls.put("InvalidArnException", () -> acm.describeCertificate(r -> r.certificateArn("arn:aws:acm:us-east-1:" + account + ":thing/1")));
            calls.put("ResourceNotFoundException", () -> acm.describeCertificate(r -> r.certificateArn(
                    "arn:aws:acm:us-east-1:" + account + ":certificate/00000000-0000-0000-0000-000000000000")));
            calls.put("RequestInProgressException", () -> acm.getCertificate(r -> r.certificateArn(pub)));
            calls.put("InvalidParameterException", () -> acm.requestCertificate(r -> r.domainName("x.example").keyAlgorithm(KeyAlgorithm.RSA_1024)));
            calls.put("LimitExceededException", () -> acm.requestCertificate(r -> r.domainName("x.example").subjectAlternativeNames(
                    "a1.example", "a2.example", "a3.example", "a4.example", "a5.example", "a6.example", "a7.example", "a8.example",
                    "a9.example", "a10.example", "a11.example")));
            calls.put("InvalidDomainValidationOptionsException", () -> acm.requestCertificate(r -> r.domainName("x.example")
                    .validationMethod(ValidationMethod.EMAIL).domainValidationOptions(d -> d.domainName("y.example").validationDomain("y.example"))));
            calls.put("InvalidTagException", () -> acm.addTagsToCertificate(r -> r.certificateArn(priv).tags(Tag.builder().key("aws:x").value("y").build())));
            calls.put("InvalidStateException", () -> acm.resendValidationEmail(r -> r.certificateArn(pub).domain("pub.example").validationDomain("pub.example")));
            calls.put("InvalidArgsException", () -> acm.listCertificates(r -> r.nextToken("bogus")));
            calls.put("ValidationException ", () -> acm.putAccountConfiguration(r -> r.idempotencyToken("t").expiryEvents(e -> e.daysBeforeExpiry(46))));
            calls.put("ValidationException  ", () -> acm.exportCertificate(r -> r.certificateArn(pub).passphrase(SdkBytes.fromUtf8String("pass1234"))));
            calls.put("ValidationException   ", () -> acm.importCertificate(r -> r.certificate(SdkBytes.fromUtf8String("junk"))
                    .privateKey(SdkBytes.fromUtf8String("junk"))));
            node.citadel().acm().updates().markInUse(account, "us-east-1", priv, "arn:aws:elasticloadbalancing:us-east-1:" + account + ":loadbalancer/app/a/1");
            calls.put("ResourceInUseException", () -> acm.deleteCertificate(r -> r.certificateArn(priv)));
            calls.forEach((code, call) -> {
                AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call::get);
                assertThat(e).as(code).isNotNull();
                assertThat(e.awsErrorDetails().errorCode()).as(code + ": " + e.getMessage()).isEqualTo(code.strip());
                assertThat(e.statusCode()).as(code).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorMessage()).as(code).isNotBlank();
            });
        }
    }

    private static String error(Runnable call) {
        return catchThrowableOfType(AwsServiceException.class, call::run).awsErrorDetails().errorCode();
    }

    private Path dir(String name) throws java.io.IOException {
        return Files.createDirectories(work.resolve(name));
    }

    private static String openssl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        return Processes.run(command, Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"), Duration.ofSeconds(60))
                .requireSuccess("openssl " + args[0]).stdout();
    }
}
