package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Who may use a key, through the AWS SDK for Java v2: an IAM user (made with the IAM client) is
 * denied until an identity policy, the key policy or a grant allows it; grants are created, listed,
 * used at once, constrained by encryption context, retired and revoked.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KmsAccessJavaSdkTest {

    @TempDir
    static Path dataDir;

    private static Node node;
    private static KmsClient root;
    private static IamClient iam;
    private static String account;

    @BeforeAll
    static void start() {
        node = Node.start(dataDir);
        root = KmsClients.kms(node, node.bootstrapCredentials());
        iam = KmsClients.iam(node, node.bootstrapCredentials());
        account = node.adminAccountId();
    }

    @AfterAll
    static void stop() {
        root.close();
        iam.close();
        node.close();
    }

    private static Credentials newUser(String name) {
        iam.createUser(b -> b.userName(name));
        AccessKey key = iam.createAccessKey(b -> b.userName(name)).accessKey();
        return new Credentials(key.accessKeyId(), key.secretAccessKey());
    }

    private static String userArn(String name) {
        return "arn:aws:iam::" + account + ":user/" + name;
    }

    private static String arn(String keyId) {
        return "arn:aws:kms:us-east-1:" + account + ":key/" + keyId;
    }

    private static void assertDenied(Runnable call, String action, String resource) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KmsException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).contains("is not authorized to perform: " + action + " on resource: " + resource);
        });
    }

    @Test
    void userWithoutPermission_isDenied_untilAnIdentityPolicyAllowsTheAction() {
        String keyId = root.createKey(b -> b.description("guarded")).keyMetadata().keyId();
        SdkBytes ciphertext = root.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("guarded"))).ciphertextBlob();
        try (KmsClient alice = KmsClients.kms(node, newUser("alice"))) {
            assertThatThrownBy(() -> alice.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOfSatisfying(KmsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: " + userArn("alice")
                                + " is not authorized to perform: kms:Encrypt on resource: " + arn(keyId)
                                + " because no identity-based policy allows the kms:Encrypt action");
                    });
            assertDenied(alice::listKeys, "kms:ListKeys", "*");
            assertDenied(() -> alice.decrypt(b -> b.ciphertextBlob(ciphertext)), "kms:Decrypt", arn(keyId));

            iam.putUserPolicy(b -> b.userName("alice").policyName("encrypt-only")
                    .policyDocument(IamCliTest.allow("kms:Encrypt", arn(keyId))));

            assertThat(alice.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))).keyId()).isEqualTo(arn(keyId));
            assertDenied(() -> alice.decrypt(b -> b.ciphertextBlob(ciphertext)), "kms:Decrypt", arn(keyId));
            String otherKey = root.createKey(b -> { }).keyMetadata().keyId();
            assertDenied(() -> alice.encrypt(b -> b.keyId(otherKey).plaintext(SdkBytes.fromUtf8String("x"))), "kms:Encrypt",
                    arn(otherKey));
        }
    }

    @Test
    void keyPolicyNamingTheUser_allowsWithoutAnyIdentityPolicy() {
        String keyId = root.createKey(b -> { }).keyMetadata().keyId();
        SdkBytes ciphertext = root.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("for carol"))).ciphertextBlob();
        try (KmsClient carol = KmsClients.kms(node, newUser("carol"))) {
            assertDenied(() -> carol.decrypt(b -> b.ciphertextBlob(ciphertext)), "kms:Decrypt", arn(keyId));

            root.putKeyPolicy(b -> b.keyId(keyId).policyName("default").policy("""
                    {"Version":"2012-10-17","Statement":[
                     {"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},
                      "Action":"kms:*","Resource":"*"},
                     {"Sid":"Carol decrypts","Effect":"Allow","Principal":{"AWS":"%s"},"Action":"kms:Decrypt","Resource":"*"}]}
                    """.formatted(account, userArn("carol"))));

            assertThat(carol.decrypt(b -> b.ciphertextBlob(ciphertext)).plaintext().asUtf8String()).isEqualTo("for carol");
            assertDenied(() -> carol.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))), "kms:Encrypt", arn(keyId));
        }
    }

    @Test
    void grants_allowTheirGrantee_atOnce_withinTheirConstraints_untilRetiredOrRevoked() {
        String keyId = root.createKey(b -> b.description("granted")).keyMetadata().keyId();
        Credentials daveKey = newUser("dave");
        Credentials erinKey = newUser("erin");
        try (KmsClient dave = KmsClients.kms(node, daveKey); KmsClient erin = KmsClients.kms(node, erinKey)) {
            assertDenied(() -> dave.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))), "kms:Encrypt", arn(keyId));

            CreateGrantResponse grant = root.createGrant(b -> b.keyId(keyId).granteePrincipal(userArn("dave"))
                    .retiringPrincipal(userArn("erin")).name("dave-encrypts")
                    .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT)
                    .constraints(c -> c.encryptionContextSubset(Map.of("team", "billing"))));
            assertThat(grant.grantId()).isNotBlank();
            assertThat(grant.grantToken()).isNotBlank();

            SdkBytes ciphertext = dave.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("granted"))
                    .encryptionContext(Map.of("team", "billing", "month", "may")).grantTokens(grant.grantToken())).ciphertextBlob();
            assertThat(dave.decrypt(b -> b.ciphertextBlob(ciphertext).encryptionContext(Map.of("team", "billing", "month", "may")))
                    .plaintext().asUtf8String()).isEqualTo("granted");
            assertDenied(() -> dave.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))
                    .encryptionContext(Map.of("team", "payroll"))), "kms:Encrypt", arn(keyId));
            assertDenied(() -> dave.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))), "kms:Encrypt", arn(keyId));
            assertDenied(() -> dave.generateDataKey(b -> b.keyId(keyId).numberOfBytes(32)
                    .encryptionContext(Map.of("team", "billing"))), "kms:GenerateDataKey", arn(keyId));

            List<GrantListEntry> listed = root.listGrants(b -> b.keyId(keyId)).grants();
            assertThat(listed).singleElement().satisfies(g -> {
                assertThat(g.grantId()).isEqualTo(grant.grantId());
                assertThat(g.keyId()).isEqualTo(arn(keyId));
                assertThat(g.name()).isEqualTo("dave-encrypts");
                assertThat(g.granteePrincipal()).isEqualTo(userArn("dave"));
                assertThat(g.retiringPrincipal()).isEqualTo(userArn("erin"));
                assertThat(g.issuingAccount()).contains(account);
                assertThat(g.operations()).containsExactlyInAnyOrder(GrantOperation.ENCRYPT, GrantOperation.DECRYPT);
                assertThat(g.constraints().encryptionContextSubset()).containsExactlyEntriesOf(Map.of("team", "billing"));
                assertThat(g.creationDate()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
            });
            assertThat(root.listRetirableGrants(b -> b.retiringPrincipal(userArn("erin"))).grants())
                    .extracting(GrantListEntry::grantId).containsExactly(grant.grantId());
            assertThat(root.listRetirableGrants(b -> b.retiringPrincipal(userArn("dave"))).grants()).isEmpty();

            erin.retireGrant(b -> b.grantToken(grant.grantToken()));

            assertThat(root.listGrants(b -> b.keyId(keyId)).grants()).isEmpty();
            assertDenied(() -> dave.decrypt(b -> b.ciphertextBlob(ciphertext).encryptionContext(Map.of("team", "billing", "month", "may"))),
                    "kms:Decrypt", arn(keyId));

            CreateGrantResponse second = root.createGrant(b -> b.keyId(keyId).granteePrincipal(userArn("dave"))
                    .operations(GrantOperation.DECRYPT));
            assertThat(dave.decrypt(b -> b.ciphertextBlob(ciphertext).encryptionContext(Map.of("team", "billing", "month", "may")))
                    .plaintext().asUtf8String()).isEqualTo("granted");
            root.revokeGrant(b -> b.keyId(keyId).grantId(second.grantId()));
            assertThat(root.listGrants(b -> b.keyId(keyId)).grants()).isEmpty();
            assertDenied(() -> dave.decrypt(b -> b.ciphertextBlob(ciphertext).encryptionContext(Map.of("team", "billing", "month", "may"))),
                    "kms:Decrypt", arn(keyId));
        }
    }

    @Test
    void operationsNeedOnlyTheirOwnPermission_notDescribeKeyToo() {
        String imported = root.createKey(b -> b.origin(software.amazon.awssdk.services.kms.model.OriginType.EXTERNAL))
                .keyMetadata().keyId();
        String rotated = root.createKey(b -> { }).keyMetadata().keyId();
        root.rotateKeyOnDemand(b -> b.keyId(rotated));
        iam.createUser(b -> b.userName("operator"));
        iam.putUserPolicy(b -> b.userName("operator").policyName("narrow").policyDocument("""
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Action":["kms:GetParametersForImport","kms:ImportKeyMaterial","kms:DeleteImportedKeyMaterial"],
                  "Resource":"%s"},
                 {"Effect":"Allow","Action":"kms:ListKeyRotations","Resource":"%s"}]}
                """.formatted(arn(imported), arn(rotated))));
        AccessKey key = iam.createAccessKey(b -> b.userName("operator")).accessKey();
        try (KmsClient operator = KmsClients.kms(node, new Credentials(key.accessKeyId(), key.secretAccessKey()))) {
            assertDenied(() -> operator.describeKey(b -> b.keyId(imported)), "kms:DescribeKey", arn(imported));

            var importedResponse = KmsImport.importMaterial(operator, imported, new byte[32], null);
            assertThat(importedResponse.keyId()).isEqualTo(arn(imported));
            assertThat(importedResponse.keyMaterialId()).isNotBlank();
            var deleted = operator.deleteImportedKeyMaterial(b -> b.keyId(imported));
            assertThat(deleted.keyId()).isEqualTo(arn(imported));
            assertThat(deleted.keyMaterialId()).isEqualTo(importedResponse.keyMaterialId());
            assertThat(operator.listKeyRotations(b -> b.keyId(rotated)).rotations()).singleElement()
                    .satisfies(r -> assertThat(r.keyId()).isEqualTo(rotated));
        }
        assertThat(root.describeKey(b -> b.keyId(imported)).keyMetadata().keyStateAsString()).isEqualTo("PendingImport");
    }

    @Test
    void anotherAccount_usesTheKeyByArn_onlyOnceTheKeyPolicyNamesIt() {
        String keyId = root.createKey(b -> b.description("shared across accounts")).keyMetadata().keyId();
        String otherAccount = node.identity().createAccount("partner").id();
        var otherRootKey = node.identity().createAccessKey(otherAccount, null);
        try (KmsClient partner = KmsClients.kms(node, new Credentials(otherRootKey.accessKeyId(), otherRootKey.secretAccessKey()))) {
            assertThatThrownBy(() -> partner.describeKey(b -> b.keyId(keyId))).as("a bare key id means the caller's own account")
                    .isInstanceOf(software.amazon.awssdk.services.kms.model.NotFoundException.class);
            assertDenied(() -> partner.encrypt(b -> b.keyId(arn(keyId)).plaintext(SdkBytes.fromUtf8String("x"))), "kms:Encrypt",
                    arn(keyId));

            root.putKeyPolicy(b -> b.keyId(keyId).policyName("default").policy("""
                    {"Version":"2012-10-17","Statement":[
                     {"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},
                      "Action":"kms:*","Resource":"*"},
                     {"Sid":"Partner encrypts","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},
                      "Action":["kms:Encrypt","kms:DescribeKey"],"Resource":"*"}]}
                    """.formatted(account, otherAccount)));

            var encrypted = partner.encrypt(b -> b.keyId(arn(keyId)).plaintext(SdkBytes.fromUtf8String("from the partner")));
            assertThat(encrypted.keyId()).isEqualTo(arn(keyId));
            assertThat(partner.describeKey(b -> b.keyId(arn(keyId))).keyMetadata().awsAccountId()).isEqualTo(account);
            assertDenied(() -> partner.decrypt(b -> b.ciphertextBlob(encrypted.ciphertextBlob())), "kms:Decrypt", arn(keyId));
            assertThat(root.decrypt(b -> b.ciphertextBlob(encrypted.ciphertextBlob())).plaintext().asUtf8String())
                    .isEqualTo("from the partner");
            assertThatThrownBy(() -> partner.listKeyPolicies(b -> b.keyId(arn(keyId))))
                    .as("ListKeyPolicies is not a cross-account operation")
                    .isInstanceOf(software.amazon.awssdk.services.kms.model.NotFoundException.class);
        }
    }
}
