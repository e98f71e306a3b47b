package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.kms.model.TagException;

/**
 * The AWS SDK for Java v2 KmsClient against a node: CreateKey for every kind of key and the
 * metadata DescribeKey reports for each, ListKeys paging, the key lifecycle (enable, disable,
 * description, deletion window), tags, key policies, aliases and GetKeyLastUsage.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KmsKeysJavaSdkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    private static Node node;
    private static KmsClient kms;
    private static String account;

    @BeforeAll
    static void start() {
        node = Node.start(dataDir);
        kms = KmsClients.kms(node, node.bootstrapCredentials());
        account = node.adminAccountId();
    }

    @AfterAll
    static void stop() {
        kms.close();
        node.close();
    }

    private static KeyMetadata create(Consumer<CreateKeyRequest.Builder> request) {
        return kms.createKey(request).keyMetadata();
    }

    private static KeyMetadata describe(String keyId) {
        return kms.describeKey(b -> b.keyId(keyId)).keyMetadata();
    }

    private static String arn(String keyId) {
        return "arn:aws:kms:us-east-1:" + account + ":key/" + keyId;
    }

    @Test
    void createKey_symmetricDefault_describesAsAwsDoes() {
        KeyMetadata created = create(b -> b.description("orders"));
        KeyMetadata key = describe(created.keyId());

        assertThat(key.keyId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(key.arn()).isEqualTo(arn(key.keyId()));
        assertThat(key.awsAccountId()).isEqualTo(account);
        assertThat(key.description()).isEqualTo("orders");
        assertThat(key.keySpec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
        assertThat(key.customerMasterKeySpecAsString()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(key.keyUsage()).isEqualTo(KeyUsageType.ENCRYPT_DECRYPT);
        assertThat(key.encryptionAlgorithmsAsStrings()).containsExactly("SYMMETRIC_DEFAULT");
        assertThat(key.hasSigningAlgorithms()).isFalse();
        assertThat(key.hasMacAlgorithms()).isFalse();
        assertThat(key.hasKeyAgreementAlgorithms()).isFalse();
        assertThat(key.keyManager()).isEqualTo(KeyManagerType.CUSTOMER);
        assertThat(key.origin()).isEqualTo(OriginType.AWS_KMS);
        assertThat(key.enabled()).isTrue();
        assertThat(key.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(key.multiRegion()).isFalse();
        assertThat(key.multiRegionConfiguration()).isNull();
        assertThat(key.deletionDate()).isNull();
        assertThat(key.creationDate()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(key.currentKeyMaterialId()).isNotBlank();
        assertThat(created).isEqualTo(key);
    }

    @Test
    void createKey_asymmetricAndHmacSpecs_reportTheirUsageAndAlgorithms() {
        KeyMetadata rsaEncrypt = create(b -> b.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.ENCRYPT_DECRYPT));
        assertThat(rsaEncrypt.encryptionAlgorithmsAsStrings()).containsExactly("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256");
        assertThat(rsaEncrypt.hasSigningAlgorithms()).isFalse();

        KeyMetadata rsaSign = describe(create(b -> b.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY)).keyId());
        assertThat(rsaSign.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
        assertThat(rsaSign.signingAlgorithmsAsStrings()).containsExactlyInAnyOrder("RSASSA_PKCS1_V1_5_SHA_256",
                "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512", "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384",
                "RSASSA_PSS_SHA_512");
        assertThat(rsaSign.hasEncryptionAlgorithms()).isFalse();

        KeyMetadata p256 = describe(create(b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY)).keyId());
        assertThat(p256.signingAlgorithmsAsStrings()).containsExactly("ECDSA_SHA_256");
        assertThat(p256.hasKeyAgreementAlgorithms()).isFalse();

        KeyMetadata ecdh = describe(create(b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.KEY_AGREEMENT)).keyId());
        assertThat(ecdh.keyUsage()).isEqualTo(KeyUsageType.KEY_AGREEMENT);
        assertThat(ecdh.keyAgreementAlgorithmsAsStrings()).containsExactly("ECDH");
        assertThat(ecdh.hasSigningAlgorithms()).isFalse();

        KeyMetadata k1 = describe(create(b -> b.keySpec(KeySpec.ECC_SECG_P256_K1).keyUsage(KeyUsageType.SIGN_VERIFY)).keyId());
        assertThat(k1.keySpecAsString()).isEqualTo("ECC_SECG_P256K1");
        assertThat(k1.signingAlgorithmsAsStrings()).containsExactly("ECDSA_SHA_256");

        KeyMetadata ed = describe(create(b -> b.keySpec("ECC_NIST_EDWARDS25519").keyUsage(KeyUsageType.SIGN_VERIFY)).keyId());
        assertThat(ed.keySpecAsString()).isEqualTo("ECC_NIST_EDWARDS25519");
        assertThat(ed.signingAlgorithmsAsStrings()).containsExactlyInAnyOrder("ED25519_SHA_512", "ED25519_PH_SHA_512");

        KeyMetadata mlDsa = describe(create(b -> b.keySpec("ML_DSA_65").keyUsage(KeyUsageType.SIGN_VERIFY)).keyId());
        assertThat(mlDsa.keySpecAsString()).isEqualTo("ML_DSA_65");
        assertThat(mlDsa.signingAlgorithmsAsStrings()).containsExactly("ML_DSA_SHAKE_256");

        KeyMetadata hmac = describe(create(b -> b.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyId());
        assertThat(hmac.keyUsage()).isEqualTo(KeyUsageType.GENERATE_VERIFY_MAC);
        assertThat(hmac.macAlgorithmsAsStrings()).containsExactly("HMAC_SHA_256");
        assertThat(hmac.hasEncryptionAlgorithms()).isFalse();

        for (KeyMetadata key : List.of(rsaSign, p256, ecdh, k1, ed, mlDsa, hmac)) {
            assertThat(key.keyState()).as(key.keySpecAsString()).isEqualTo(KeyState.ENABLED);
            assertThat(key.keyManager()).isEqualTo(KeyManagerType.CUSTOMER);
            assertThat(key.origin()).isEqualTo(OriginType.AWS_KMS);
        }
    }

    @Test
    void createKey_externalOrigin_waitsForImport() {
        KeyMetadata key = describe(create(b -> b.origin(OriginType.EXTERNAL)).keyId());

        assertThat(key.origin()).isEqualTo(OriginType.EXTERNAL);
        assertThat(key.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        assertThat(key.enabled()).isFalse();
        assertThat(key.keySpec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
        assertThatThrownBy(() -> kms.encrypt(b -> b.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("x"))))
                .isInstanceOf(KmsInvalidStateException.class);
    }

    @Test
    void createKey_multiRegion_isAPrimaryWithAnMrkId() {
        KeyMetadata key = describe(create(b -> b.multiRegion(true).description("global")).keyId());

        assertThat(key.keyId()).matches("mrk-[0-9a-f]{32}");
        assertThat(key.multiRegion()).isTrue();
        assertThat(key.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.PRIMARY);
        assertThat(key.multiRegionConfiguration().primaryKey().arn()).isEqualTo(arn(key.keyId()));
        assertThat(key.multiRegionConfiguration().primaryKey().region()).isEqualTo("us-east-1");
        assertThat(key.multiRegionConfiguration().replicaKeys()).isEmpty();
    }

    @Test
    void listKeys_pagesThroughEveryKey_exactlyOnce() {
        for (int i = 0; i < 7; i++) {
            create(b -> b.description("paged"));
        }
        Set<String> all = new HashSet<>();
        List<String> listed = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String from = marker;
            ListKeysResponse page = kms.listKeys(b -> b.limit(3).marker(from));
            assertThat(page.keys()).hasSizeLessThanOrEqualTo(3);
            for (KeyListEntry entry : page.keys()) {
                assertThat(entry.keyArn()).isEqualTo(arn(entry.keyId()));
                listed.add(entry.keyId());
            }
            assertThat(page.truncated()).isEqualTo(page.nextMarker() != null);
            marker = page.nextMarker();
            pages++;
        } while (marker != null && pages < 100);
        all.addAll(listed);

        assertThat(listed).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(7);
        assertThat(pages).isGreaterThanOrEqualTo(3);
        List<String> viaPaginator = kms.listKeysPaginator(b -> b.limit(2)).keys().stream().map(KeyListEntry::keyId).toList();
        assertThat(viaPaginator).containsExactlyInAnyOrderElementsOf(all);
        assertThat(kms.listKeys().keys()).extracting(KeyListEntry::keyId).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void disableAndEnable_switchWhetherTheKeyEncrypts() {
        String keyId = create(b -> { }).keyId();

        kms.disableKey(b -> b.keyId(keyId));
        assertThat(describe(keyId).keyState()).isEqualTo(KeyState.DISABLED);
        assertThat(describe(keyId).enabled()).isFalse();
        assertThatThrownBy(() -> kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))))
                .isInstanceOfSatisfying(DisabledException.class, e -> assertThat(e.statusCode()).isEqualTo(400));

        kms.enableKey(b -> b.keyId(arn(keyId)));
        assertThat(describe(keyId).keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))).keyId()).isEqualTo(arn(keyId));
    }

    @Test
    void updateKeyDescription_isWhatDescribeKeyThenReports() {
        String keyId = create(b -> b.description("before")).keyId();

        kms.updateKeyDescription(b -> b.keyId(keyId).description("after, with ünïcode"));

        assertThat(describe(keyId).description()).isEqualTo("after, with ünïcode");
    }

    @Test
    void scheduleKeyDeletion_thenCancel_leavesTheKeyDisabled() {
        String keyId = create(b -> { }).keyId();

        ScheduleKeyDeletionResponse scheduled = kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));

        assertThat(scheduled.keyId()).isEqualTo(arn(keyId));
        assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(scheduled.pendingWindowInDays()).isEqualTo(7);
        assertThat(scheduled.deletionDate()).isCloseTo(Instant.now().plus(Duration.ofDays(7)), within(1, ChronoUnit.MINUTES));
        KeyMetadata pending = describe(keyId);
        assertThat(pending.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(pending.deletionDate()).isEqualTo(scheduled.deletionDate());
        assertThat(pending.enabled()).isFalse();
        assertThatThrownBy(() -> kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))))
                .isInstanceOf(KmsInvalidStateException.class);
        assertThatThrownBy(() -> kms.scheduleKeyDeletion(b -> b.keyId(keyId))).isInstanceOf(KmsInvalidStateException.class);

        assertThat(kms.cancelKeyDeletion(b -> b.keyId(keyId)).keyId()).isEqualTo(arn(keyId));

        KeyMetadata cancelled = describe(keyId);
        assertThat(cancelled.keyState()).isEqualTo(KeyState.DISABLED);
        assertThat(cancelled.deletionDate()).isNull();
        kms.enableKey(b -> b.keyId(keyId));
        assertThat(describe(keyId).keyState()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void scheduleKeyDeletion_withDefaultWindow_is30Days() {
        String keyId = create(b -> { }).keyId();

        ScheduleKeyDeletionResponse scheduled = kms.scheduleKeyDeletion(b -> b.keyId(keyId));

        assertThat(scheduled.pendingWindowInDays()).isEqualTo(30);
        assertThat(scheduled.deletionDate()).isCloseTo(Instant.now().plus(Duration.ofDays(30)), within(1, ChronoUnit.MINUTES));
    }

    @Test
    void tags_areAddedListedAndRemoved() {
        String keyId = create(b -> b.tags(Tag.builder().tagKey("team").tagValue("security").build())).keyId();

        kms.tagResource(b -> b.keyId(keyId).tags(Tag.builder().tagKey("env").tagValue("prod").build(),
                Tag.builder().tagKey("team").tagValue("platform").build()));
        assertThat(tags(keyId)).containsExactlyInAnyOrderEntriesOf(Map.of("env", "prod", "team", "platform"));

        kms.untagResource(b -> b.keyId(keyId).tagKeys("team"));
        assertThat(tags(keyId)).containsExactlyEntriesOf(Map.of("env", "prod"));

        assertThatThrownBy(() -> kms.tagResource(b -> b.keyId(keyId).tags(Tag.builder().tagKey("aws:reserved").tagValue("x").build())))
                .isInstanceOf(TagException.class);
        assertThat(tags(keyId)).containsOnlyKeys("env");
    }

    private static Map<String, String> tags(String keyId) {
        Map<String, String> tags = new java.util.TreeMap<>();
        kms.listResourceTags(b -> b.keyId(keyId)).tags().forEach(t -> tags.put(t.tagKey(), t.tagValue()));
        return tags;
    }

    @Test
    void keyPolicy_isAwsDefault_andPutKeyPolicyReplacesIt() throws Exception {
        String keyId = create(b -> { }).keyId();

        assertThat(kms.listKeyPolicies(b -> b.keyId(keyId)).policyNames()).containsExactly("default");
        var got = kms.getKeyPolicy(b -> b.keyId(keyId).policyName("default"));
        JsonNode policy = JSON.readTree(got.policy());
        assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
        assertThat(policy.get("Id").asText()).isEqualTo("key-default-1");
        JsonNode statement = policy.get("Statement").get(0);
        assertThat(statement.get("Sid").asText()).isEqualTo("Enable IAM User Permissions");
        assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.at("/Principal/AWS").asText()).isEqualTo("arn:aws:iam::" + account + ":root");
        assertThat(statement.get("Action").asText()).isEqualTo("kms:*");
        assertThat(statement.get("Resource").asText()).isEqualTo("*");

        String replaced = """
                {"Version":"2012-10-17","Id":"custom","Statement":[
                 {"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"kms:*","Resource":"*"},
                 {"Sid":"Readers","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"kms:DescribeKey","Resource":"*"}]}
                """.formatted(account, account);
        kms.putKeyPolicy(b -> b.keyId(keyId).policyName("default").policy(replaced));

        JsonNode stored = JSON.readTree(kms.getKeyPolicy(b -> b.keyId(keyId)).policy());
        assertThat(stored.get("Id").asText()).isEqualTo("custom");
        assertThat(stored.get("Statement")).hasSize(2);
    }

    @Test
    void aliases_nameTheKey_wherever_aKeyIdGoes() {
        String first = create(b -> b.description("first")).keyId();
        String second = create(b -> b.description("second")).keyId();

        kms.createAlias(b -> b.aliasName("alias/orders").targetKeyId(first));

        String aliasArn = "arn:aws:kms:us-east-1:" + account + ":alias/orders";
        List<AliasListEntry> ofKey = kms.listAliases(b -> b.keyId(first)).aliases();
        assertThat(ofKey).singleElement().satisfies(a -> {
            assertThat(a.aliasName()).isEqualTo("alias/orders");
            assertThat(a.aliasArn()).isEqualTo(aliasArn);
            assertThat(a.targetKeyId()).isEqualTo(first);
            assertThat(a.creationDate()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        });
        assertThat(kms.listAliases().aliases()).extracting(AliasListEntry::aliasName).contains("alias/orders");
        assertThat(describe("alias/orders").keyId()).isEqualTo(first);
        assertThat(describe(aliasArn).keyId()).isEqualTo(first);
        var viaAlias = kms.encrypt(b -> b.keyId("alias/orders").plaintext(SdkBytes.fromUtf8String("to the alias")));
        assertThat(viaAlias.keyId()).isEqualTo(arn(first));
        assertThat(kms.decrypt(b -> b.ciphertextBlob(viaAlias.ciphertextBlob())).plaintext().asUtf8String()).isEqualTo("to the alias");
        assertThat(kms.encrypt(b -> b.keyId(aliasArn).plaintext(SdkBytes.fromUtf8String("x"))).keyId()).isEqualTo(arn(first));

        kms.updateAlias(b -> b.aliasName("alias/orders").targetKeyId(second));
        assertThat(kms.encrypt(b -> b.keyId("alias/orders").plaintext(SdkBytes.fromUtf8String("x"))).keyId()).isEqualTo(arn(second));
        assertThat(kms.listAliases(b -> b.keyId(first)).aliases()).isEmpty();
        assertThat(kms.listAliases(b -> b.keyId(second)).aliases()).extracting(AliasListEntry::aliasName).containsExactly("alias/orders");

        kms.deleteAlias(b -> b.aliasName("alias/orders"));
        assertThatThrownBy(() -> describe("alias/orders")).isInstanceOf(NotFoundException.class);
        assertThat(kms.listAliases().aliases()).extracting(AliasListEntry::aliasName).doesNotContain("alias/orders");
        assertThat(describe(second).keyState()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void getKeyLastUsage_isEmptyForANewKey_thenNamesTheLastCryptographicOperation() {
        String keyId = create(b -> { }).keyId();
        var unused = kms.getKeyLastUsage(b -> b.keyId(keyId));
        assertThat(unused.keyCreationDate()).isEqualTo(describe(keyId).creationDate());
        assertThat(unused.keyLastUsage() == null || unused.keyLastUsage().operation() == null).as("%s", unused).isTrue();

        var encrypted = kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromString("used", StandardCharsets.UTF_8)));
        String requestId = encrypted.responseMetadata().requestId();
        node.citadel().runScheduledJobs(); // writes the usage records noted since the last tick

        var used = kms.getKeyLastUsage(b -> b.keyId(keyId));
        assertThat(used.keyLastUsage().operationAsString()).isEqualTo("Encrypt");
        assertThat(used.keyLastUsage().timestamp()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(used.keyLastUsage().kmsRequestId()).isEqualTo(requestId);
        assertThat(used.trackingStartDate()).isNotNull();
        assertThat(used.keyId()).as("the key id, as DescribeKey's KeyMetadata.KeyId").isEqualTo(keyId);
    }
}
