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

/** Malformed ACM PCA requests get the model's 400 errors, never a 500: every operation with an empty body, and damaged values. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PcaBadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OPERATIONS = List.of("CreateCertificateAuthority", "CreateCertificateAuthorityAuditReport",
            "CreatePermission", "DeleteCertificateAuthority", "DeletePermission", "DeletePolicy", "DescribeCertificateAuthority",
            "DescribeCertificateAuthorityAuditReport", "GetCertificate", "GetCertificateAuthorityCertificate", "GetCertificateAuthorityCsr",
            "GetPolicy", "ImportCertificateAuthorityCertificate", "IssueCertificate", "ListPermissions", "ListTags", "PutPolicy",
            "RestoreCertificateAuthority", "RevokeCertificate", "TagCertificateAuthority", "UntagCertificateAuthority",
            "UpdateCertificateAuthority");

    @TempDir
    Path dataDir;

    @Test
    void malformedRequests_areClientErrors() throws Exception {
        String missing = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/00000000-0000-0000-0000-000000000000";
        String b64 = Base64.getEncoder().encodeToString("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".getBytes());
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        for (String op : OPERATIONS) {
            cases.put(op + "#empty", "{}");
            cases.put(op + "#missing-ca", "{\"CertificateAuthorityArn\":\"" + missing + "\",\"ResourceArn\":\"" + missing + "\"}");
        }
        cases.put("CreateCertificateAuthority#sm2-pairing", "{\"CertificateAuthorityConfiguration\":{\"KeyAlgorithm\":\"SM2\",\"SigningAlgorithm\":"
                + "\"SHA256WITHECDSA\",\"Subject\":{\"CommonName\":\"x\"}},\"CertificateAuthorityType\":\"ROOT\"}");
        cases.put("CreateCertificateAuthority#sm2-in-kms", "{\"CertificateAuthorityConfiguration\":{\"KeyAlgorithm\":\"SM2\",\"SigningAlgorithm\":"
                + "\"SM3WITHSM2\",\"Subject\":{\"CommonName\":\"x\"}},\"CertificateAuthorityType\":\"ROOT\","
                + "\"Tags\":[{\"Key\":\"citadel:kms-key-id\",\"Value\":\"alias/none\"}]}");
        cases.put("CreateCertificateAuthority#no-subject", "{\"CertificateAuthorityConfiguration\":{\"KeyAlgorithm\":\"RSA_2048\","
                + "\"SigningAlgorithm\":\"SHA256WITHRSA\",\"Subject\":{}},\"CertificateAuthorityType\":\"ROOT\"}");
        cases.put("CreateCertificateAuthority#bad-oid", "{\"CertificateAuthorityConfiguration\":{\"KeyAlgorithm\":\"RSA_2048\","
                + "\"SigningAlgorithm\":\"SHA256WITHRSA\",\"Subject\":{\"CustomAttributes\":[{\"ObjectIdentifier\":\"9.9\",\"Value\":\"v\"}]}},"
                + "\"CertificateAuthorityType\":\"ROOT\"}");
        cases.put("CreateCertificateAuthority#partitioned", "{\"CertificateAuthorityConfiguration\":{\"KeyAlgorithm\":\"EC_prime256v1\","
                + "\"SigningAlgorithm\":\"SHA256WITHECDSA\",\"Subject\":{\"CommonName\":\"x\"}},\"CertificateAuthorityType\":\"ROOT\","
                + "\"RevocationConfiguration\":{\"CrlConfiguration\":{\"Enabled\":true,\"CrlType\":\"PARTITIONED\"}}}");
        cases.put("CreateCertificateAuthority#kms-missing", "{\"CertificateAuthorityConfiguration\":{\"KeyAlgorithm\":\"EC_prime256v1\","
                + "\"SigningAlgorithm\":\"SHA256WITHECDSA\",\"Subject\":{\"CommonName\":\"x\"}},\"CertificateAuthorityType\":\"ROOT\","
                + "\"Tags\":[{\"Key\":\"citadel:kms-key-id\",\"Value\":\"alias/none\"}]}");
        cases.put("IssueCertificate#csr-not-base64", "{\"CertificateAuthorityArn\":\"" + missing + "\",\"Csr\":\"%%%\","
                + "\"SigningAlgorithm\":\"SHA256WITHRSA\",\"Validity\":{\"Value\":1,\"Type\":\"DAYS\"}}");
        cases.put("IssueCertificate#bad-validity-type", "{\"CertificateAuthorityArn\":\"" + missing + "\",\"Csr\":\"" + b64 + "\","
                + "\"SigningAlgorithm\":\"SHA256WITHRSA\",\"Validity\":{\"Value\":1,\"Type\":\"WEEKS\"}}");
        cases.put("ImportCertificateAuthorityCertificate#bad-pem", "{\"CertificateAuthorityArn\":\"" + missing + "\",\"Certificate\":\"" + b64 + "\"}");
        cases.put("RevokeCertificate#reason", "{\"CertificateAuthorityArn\":\"" + missing + "\",\"CertificateSerial\":\"01\","
                + "\"RevocationReason\":\"BORED\"}");
        cases.put("DeleteCertificateAuthority#window", "{\"CertificateAuthorityArn\":\"" + missing + "\",\"PermanentDeletionTimeInDays\":3}");
        cases.put("ListCertificateAuthorities#token", "{\"NextToken\":\"%%%\"}");
        cases.put("DescribeCertificateAuthority#arn", "{\"CertificateAuthorityArn\":\"arn:aws:acm-pca:us-east-1:1:certificate-authority/x\"}");
        cases.put("PutPolicy#not-json", "{\"ResourceArn\":\"" + missing + "\",\"Policy\":\"{not json\"}");
        try (Node node = Node.start(dataDir)) {
            Credentials root = node.bootstrapCredentials();
            for (Map.Entry<String, String> c : cases.entrySet()) {
                String operation = c.getKey().split("#")[0];
                RawRequest request = SignedRequests.post(node.port(), root, "acm-pca", "us-east-1", List.of(
                        Map.entry("Content-Type", "application/x-amz-json-1.1"), Map.entry("X-Amz-Target", "ACMPrivateCA." + operation)),
                        c.getValue().getBytes(StandardCharsets.UTF_8), Instant.now());
                RawHttp.Response r = RawHttp.exchange(node.port(), request.toBytes(), Duration.ofSeconds(30));
                String body = new String(r.body(), StandardCharsets.UTF_8);
                assertThat(r.status()).as("%s %s -> %s", c.getKey(), c.getValue(), body).isEqualTo(400);
                assertThat(JSON.readTree(body).path("__type").asText()).as(c.getKey() + ": " + body).isNotEmpty()
                        .isNotEqualTo("InternalFailure");
                assertThat(JSON.readTree(body).path("message").asText()).as(c.getKey() + ": " + body).isNotEmpty();
            }
        }
    }
}
