package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Malformed ACM requests (nulls in lists, wrong types, bad blobs, bad tokens) get AWS's 400 errors, never a 500. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AcmBadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void malformedRequests_areClientErrors() throws Exception {
        try (Node node = Node.start(dataDir)) {
            Credentials root = node.bootstrapCredentials();
            String account = node.adminAccountId();
            String missing = "arn:aws:acm:us-east-1:" + account + ":certificate/00000000-0000-0000-0000-000000000000";
            String junk = Base64.getEncoder().encodeToString("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
                    .getBytes(StandardCharsets.UTF_8));
            Map<String, String> cases = new java.util.LinkedHashMap<>();
            cases.put("RequestCertificate", "{\"DomainName\":\"a.example\",\"SubjectAlternativeNames\":[null]}");
            cases.put("RequestCertificate#type", "{\"DomainName\":5}");
            cases.put("RequestCertificate#tags", "{\"DomainName\":\"a.example\",\"Tags\":[null]}");
            cases.put("RequestCertificate#empty", "{}");
            cases.put("RequestCertificate#pca", "{\"DomainName\":\"a.example\",\"CertificateAuthorityArn\":\"arn:aws:acm-pca:us-east-1:1:x\"}");
            cases.put("RequestCertificate#method", "{\"DomainName\":\"a.example\",\"ValidationMethod\":\"HTTP\"}");
            cases.put("RequestCertificate#dvo", "{\"DomainName\":\"a.example\",\"DomainValidationOptions\":[null]}");
            cases.put("ImportCertificate", "{\"Certificate\":\"" + junk + "\",\"PrivateKey\":\"" + junk + "\"}");
            cases.put("ImportCertificate#base64", "{\"Certificate\":\"%%%\",\"PrivateKey\":\"%%%\"}");
            cases.put("ImportCertificate#binary", "{\"Certificate\":\"AAECAw==\",\"PrivateKey\":\"AAECAw==\"}");
            cases.put("ExportCertificate", "{\"CertificateArn\":\"" + missing + "\",\"Passphrase\":\"//79/A==\"}");
            cases.put("ListCertificates", "{\"CertificateStatuses\":[null]}");
            cases.put("ListCertificates#keytypes", "{\"Includes\":{\"keyTypes\":[null]}}");
            cases.put("ListCertificates#token", "{\"NextToken\":\"djF8bm90LWEtZGF0ZXx4\"}");
            cases.put("ListCertificates#max", "{\"MaxItems\":0}");
            cases.put("AddTagsToCertificate", "{\"CertificateArn\":\"" + missing + "\",\"Tags\":[null]}");
            cases.put("RemoveTagsFromCertificate", "{\"CertificateArn\":\"" + missing + "\",\"Tags\":[null]}");
            cases.put("DescribeCertificate", "{\"CertificateArn\":\"arn:aws:acm:us-east-1:" + account + ":certificate/NOT-A-UUID\"}");
            cases.put("GetCertificate", "{\"CertificateArn\":[1]}");
            cases.put("DeleteCertificate", "{\"CertificateArn\":\"" + missing + "\"}");
            cases.put("RenewCertificate", "{}");
            cases.put("ResendValidationEmail", "{\"CertificateArn\":\"" + missing + "\",\"Domain\":\"a.example\",\"ValidationDomain\":\"a.example\"}");
            cases.put("UpdateCertificateOptions", "{\"CertificateArn\":\"" + missing + "\"}");
            cases.put("PutAccountConfiguration", "{\"IdempotencyToken\":\"t\",\"ExpiryEvents\":{\"DaysBeforeExpiry\":\"x\"}}");
            cases.put("PutAccountConfiguration#token", "{\"ExpiryEvents\":{\"DaysBeforeExpiry\":5}}");
            cases.put("RevokeCertificate", "{}");
            List<String> wrong = new java.util.ArrayList<>();
            for (Map.Entry<String, String> c : cases.entrySet()) {
                String operation = c.getKey().split("#")[0];
                RawRequest request = SignedRequests.post(node.port(), root, "acm", "us-east-1", List.of(
                        Map.entry("Content-Type", "application/x-amz-json-1.1"), Map.entry("X-Amz-Target", "CertificateManager." + operation)),
                        c.getValue().getBytes(StandardCharsets.UTF_8), Instant.now());
                RawHttp.Response r = RawHttp.exchange(node.port(), request.toBytes(), Duration.ofSeconds(30));
                String body = new String(r.body(), StandardCharsets.UTF_8);
                String type = JSON.readTree(body).path("__type").asText();
                if (r.status() != 400 || type.isEmpty() || type.equals("InternalFailure")) {
                    wrong.add(c.getKey() + " " + c.getValue() + " -> " + r.status() + " " + body);
                }
            }
            assertThat(wrong).as("requests answered with other than a 400 AWS error").isEmpty();
        }
    }
}
