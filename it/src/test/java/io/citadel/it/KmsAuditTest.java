package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * KMS calls in the audit trail, read back with the CloudTrail client: the Decrypt event names the
 * key's ARN as its resource, comes from kms.amazonaws.com, records no response elements (it is
 * read-only, as in CloudTrail; CreateKey's record has them), and no event carries a plaintext or a
 * data key, raw or base64.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KmsAuditTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private static List<Event> lookup(CloudTrailClient trail, LookupAttributeKey key, String value) {
        return trail.lookupEvents(b -> b.lookupAttributes(a -> a.attributeKey(key).attributeValue(value)).maxResults(50)).events();
    }

    @Test
    void decrypt_isRecordedWithTheKeyArn_andItsPlaintextIsNot() throws Exception {
        try (Node node = Node.start(dataDir);
             KmsClient kms = KmsClients.kms(node, node.bootstrapCredentials());
             CloudTrailClient trail = KmsClients.cloudTrail(node, node.bootstrapCredentials())) {
            String account = node.adminAccountId();
            var key = kms.createKey(b -> b.description("audited")).keyMetadata();
            byte[] plaintext = ("AUDIT-PLAINTEXT-" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
            Map<String, String> context = Map.of("case", "audit");
            SdkBytes blob = kms.encrypt(b -> b.keyId(key.keyId()).plaintext(SdkBytes.fromByteArray(plaintext))
                    .encryptionContext(context)).ciphertextBlob();
            var decrypted = kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(context));
            assertThat(decrypted.plaintext().asByteArray()).isEqualTo(plaintext);
            byte[] dataKey = kms.generateDataKey(b -> b.keyId(key.keyId()).numberOfBytes(32)).plaintext().asByteArray();

            List<Event> decrypts = lookup(trail, LookupAttributeKey.EVENT_NAME, "Decrypt");

            assertThat(decrypts).hasSize(1);
            Event event = decrypts.getFirst();
            assertThat(event.eventSource()).isEqualTo("kms.amazonaws.com");
            assertThat(event.accessKeyId()).isEqualTo(node.bootstrapCredentials().accessKeyId());
            assertThat(event.resources()).anySatisfy(r -> assertThat(r.resourceName()).isEqualTo(key.arn()));
            JsonNode record = JSON.readTree(event.cloudTrailEvent());
            assertThat(record.get("eventName").asText()).isEqualTo("Decrypt");
            assertThat(record.get("eventSource").asText()).isEqualTo("kms.amazonaws.com");
            assertThat(record.get("awsRegion").asText()).isEqualTo("us-east-1");
            assertThat(record.get("readOnly").asBoolean()).isTrue();
            assertThat(record.get("requestID").asText()).isEqualTo(decrypted.responseMetadata().requestId());
            assertThat(record.at("/userIdentity/arn").asText()).isEqualTo("arn:aws:iam::" + account + ":root");
            assertThat(record.get("resources")).anySatisfy(r -> assertThat(r.get("ARN").asText()).isEqualTo(key.arn()));
            // Citadel records the request and response members under their wire names (as for IAM and STS)
            assertThat(record.at("/requestParameters/EncryptionContext/case").asText()).as("%s", record).isEqualTo("audit");
            // as in CloudTrail, a read-only call (Decrypt) records no response elements; a state-changing one (CreateKey) does
            assertThat(record.get("responseElements").isNull()).as("%s", record).isTrue();
            JsonNode created = JSON.readTree(lookup(trail, LookupAttributeKey.EVENT_NAME, "CreateKey").getFirst().cloudTrailEvent());
            assertThat(created.get("readOnly").asBoolean()).isFalse();
            assertThat(created.at("/responseElements/KeyMetadata/Arn").asText()).as("%s", created).isEqualTo(key.arn());

            List<Event> ofKey = lookup(trail, LookupAttributeKey.RESOURCE_NAME, key.arn());
            assertThat(ofKey).extracting(Event::eventName).contains("Decrypt", "Encrypt", "GenerateDataKey");
            List<Event> everything = trail.lookupEvents(b -> b.maxResults(50)).events();
            assertThat(everything).extracting(Event::eventName).contains("CreateKey", "Encrypt", "Decrypt", "GenerateDataKey");
            for (Event e : everything) {
                String json = e.cloudTrailEvent();
                for (byte[] secret : List.of(plaintext, dataKey)) {
                    assertThat(json).as("%s event", e.eventName())
                            .doesNotContain(Base64.getEncoder().encodeToString(secret))
                            .doesNotContain(new String(secret, StandardCharsets.ISO_8859_1))
                            .doesNotContainIgnoringCase(HexFormat.of().formatHex(secret));
                }
            }
        }
    }
}
