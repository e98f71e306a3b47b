package io.citadel.kms;

import static io.citadel.kms.KmsHarness.REGION;
import static io.citadel.kms.KmsHarness.WEST;
import static io.citadel.kms.KmsHarness.code;
import static io.citadel.kms.KmsHarness.keyPolicy;
import static io.citadel.kms.KmsHarness.rootStatement;
import static io.citadel.kms.KmsHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.RequestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MultiRegionKeyTest {

    private static final Map<String, String> CONTEXT = Map.of("table", "orders");

    private final KmsHarness h = new KmsHarness();
    private final KeyReplication replication = h.kms.replication();
    private final KmsKey primary = h.createKey(h.a(), KmsHarness.multiRegion());

    @AfterEach
    void close() {
        h.close();
    }

    private RequestContext west() {
        return h.ctx(h.rootA, WEST);
    }

    private KmsKey replicate() {
        return replication.replicateKey(h.a(), primary.keyId(), WEST, null, false, null, List.of());
    }

    @Test
    void createKey_multiRegion_hasAnMrkIdAndIsThePrimary() {
        assertThat(primary.keyId()).matches("mrk-[0-9a-f]{32}");
        assertThat(primary.multiRegion()).isTrue();
        assertThat(primary.isPrimary()).isTrue();
        assertThat(primary.primaryRegion()).isEqualTo(REGION);
        assertThat(primary.replicaRegions()).isEmpty();
        assertThat(h.symmetricKey().keyId()).doesNotStartWith("mrk-");
    }

    @Test
    void replicateKey_makesTheSameKeyIdInTheOtherRegion() {
        KmsKey replica = replicate();

        assertThat(replica.keyId()).isEqualTo(primary.keyId());
        assertThat(replica.region()).isEqualTo(WEST);
        assertThat(replica.arn()).isEqualTo("arn:aws:kms:us-west-2:" + h.accountA + ":key/" + primary.keyId());
        assertThat(replica.isPrimary()).isFalse();
        assertThat(replica.primaryRegion()).isEqualTo(REGION);
        assertThat(replica.currentMaterialId()).isEqualTo(primary.currentMaterialId());
        assertThat(h.describe(west(), primary.keyId()).state()).isEqualTo(KeyState.ENABLED);
        assertThat(h.describe(h.a(), primary.keyId()).replicaRegions()).containsExactly(WEST);
    }

    @Test
    void aCiphertextMadeInOneRegion_decryptsInTheOther_bothWays() {
        replicate();
        byte[] east = h.encrypt(h.a(), primary.keyId(), utf8("from east"), CONTEXT);
        byte[] westBlob = h.encrypt(west(), primary.keyId(), utf8("from west"), CONTEXT);

        KeyCryptography.Decrypted inWest = h.kms.cryptography().decrypt(west(), Call.DIRECT, east, CONTEXT, null, null, false);
        assertThat(inWest.plaintext()).isEqualTo(utf8("from east"));
        assertThat(inWest.keyArn()).startsWith("arn:aws:kms:us-west-2:");
        assertThat(h.decrypt(h.a(), westBlob, CONTEXT)).isEqualTo(utf8("from west"));
        assertThat(code(() -> h.decrypt(west(), east, Map.of("table", "other")))).isEqualTo("InvalidCiphertextException");
    }

    @Test
    void aCiphertextOfAnUnreplicatedRegion_doesNotDecryptWhereTheKeyIsMissing() {
        byte[] east = h.encrypt(h.a(), primary.keyId(), utf8("east only"), null);
        assertThat(code(() -> h.decrypt(west(), east, null))).isEqualTo("InvalidCiphertextException");
    }

    @Test
    void rotatingThePrimary_isVisibleToTheReplica() {
        replicate();
        byte[] before = h.encrypt(west(), primary.keyId(), utf8("before"), null);

        KmsKey rotated = h.kms.rotation().rotateKeyOnDemand(h.a(), primary.keyId());

        KmsKey replica = h.describe(west(), primary.keyId());
        assertThat(replica.currentVersion()).isEqualTo(2);
        assertThat(replica.currentMaterialId()).isEqualTo(rotated.currentMaterialId());
        assertThat(h.kms.cryptography().encrypt(west(), Call.DIRECT, primary.keyId(), utf8("after"), null, null, false).materialId())
                .isEqualTo(rotated.currentMaterialId());
        assertThat(h.decrypt(h.a(), before, null)).isEqualTo(utf8("before"));
        assertThat(code(() -> h.kms.rotation().rotateKeyOnDemand(west(), primary.keyId()))).isEqualTo("UnsupportedOperationException");
    }

    @Test
    void automaticRotationOfThePrimary_reachesTheReplica() {
        replicate();
        h.kms.rotation().enableKeyRotation(h.a(), primary.keyId(), 90);

        h.clock.advance(Duration.ofDays(90));
        h.runDue();

        assertThat(h.describe(h.a(), primary.keyId()).currentVersion()).isEqualTo(2);
        assertThat(h.describe(west(), primary.keyId()).currentVersion()).isEqualTo(2);
        byte[] westBlob = h.encrypt(west(), primary.keyId(), utf8("v2"), null);
        assertThat(h.decrypt(h.a(), westBlob, null)).isEqualTo(utf8("v2"));
    }

    @Test
    void automaticRotation_isManagedOnThePrimaryOnly_replicasRefuseIt() {
        replicate();
        assertThat(code(() -> h.kms.rotation().enableKeyRotation(west(), primary.keyId(), 90)))
                .isEqualTo("UnsupportedOperationException");
        assertThat(code(() -> h.kms.rotation().disableKeyRotation(west(), primary.keyId())))
                .isEqualTo("UnsupportedOperationException");

        h.kms.rotation().enableKeyRotation(h.a(), primary.keyId(), 90);
        byte[] westBlob = h.encrypt(west(), primary.keyId(), utf8("v1"), null);
        h.clock.advance(Duration.ofDays(90));
        h.runDue();
        byte[] westV2 = h.encrypt(west(), primary.keyId(), utf8("v2"), null);
        h.kms.rotation().rotateKeyOnDemand(h.a(), primary.keyId());

        assertThat(h.decrypt(h.a(), westBlob, null)).isEqualTo(utf8("v1"));
        assertThat(h.decrypt(h.a(), westV2, null)).isEqualTo(utf8("v2"));
        assertThat(h.describe(west(), primary.keyId()).currentVersion()).isEqualTo(3);
    }

    @Test
    void updatePrimaryRegion_swapsPrimaryAndReplica() {
        replicate();

        replication.updatePrimaryRegion(h.a(), primary.keyId(), WEST);

        KmsKey east = h.describe(h.a(), primary.keyId());
        KmsKey westKey = h.describe(west(), primary.keyId());
        assertThat(westKey.isPrimary()).isTrue();
        assertThat(east.isPrimary()).isFalse();
        assertThat(east.primaryRegion()).isEqualTo(WEST);
        assertThat(westKey.primaryRegion()).isEqualTo(WEST);
        assertThat(westKey.replicaRegions()).containsExactly(REGION);
        assertThat(code(() -> h.kms.rotation().rotateKeyOnDemand(h.a(), primary.keyId()))).isEqualTo("UnsupportedOperationException");
        KmsKey rotated = h.kms.rotation().rotateKeyOnDemand(west(), primary.keyId());
        assertThat(h.describe(h.a(), primary.keyId()).currentMaterialId()).isEqualTo(rotated.currentMaterialId());
    }

    @Test
    void updatePrimaryRegion_movesTheRotationSchedule() {
        replicate();
        h.kms.rotation().enableKeyRotation(h.a(), primary.keyId(), 90);

        replication.updatePrimaryRegion(h.a(), primary.keyId(), WEST);
        h.clock.advance(Duration.ofDays(90));
        h.runDue();

        assertThat(h.kms.rotation().getKeyRotationStatus(west(), primary.keyId()).enabled()).isTrue();
        assertThat(h.describe(west(), primary.keyId()).currentVersion()).isEqualTo(2);
        assertThat(h.describe(h.a(), primary.keyId()).currentVersion()).isEqualTo(2);
    }

    @Test
    void replicas_haveTheirOwnPolicyTagsDescriptionAndState() {
        String replicaPolicy = keyPolicy(rootStatement(h.accountA), "{\"Sid\":\"west readers\",\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":\"" + h.userArn(h.accountA, "reader") + "\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}");
        h.user(h.accountA, "reader");
        h.kms.administration().tagResource(h.a(), primary.keyId(), List.of(new Tags.Tag("home", "east")));
        KmsKey replica = replication.replicateKey(h.a(), primary.keyId(), WEST, replicaPolicy, false, "west copy",
                List.of(new Tags.Tag("home", "west")));

        assertThat(replica.policy()).isEqualTo(replicaPolicy);
        assertThat(replica.tags()).containsExactly(Map.entry("home", "west"));
        assertThat(replica.description()).isEqualTo("west copy");
        KmsKey east = h.describe(h.a(), primary.keyId());
        assertThat(east.policy()).isEqualTo(KeyPolicies.defaultPolicy(h.accountA));
        assertThat(east.tags()).containsExactly(Map.entry("home", "east"));
        assertThat(east.description()).isEqualTo("multi-Region key");

        h.kms.administration().disableKey(west(), primary.keyId());
        assertThat(h.describe(h.a(), primary.keyId()).state()).isEqualTo(KeyState.ENABLED);
        h.encrypt(h.a(), primary.keyId(), utf8("east still works"), null);
        assertThat(code(() -> h.encrypt(west(), primary.keyId(), utf8("x"), null))).isEqualTo("DisabledException");
        h.kms.administration().putKeyPolicy(h.a(), primary.keyId(), null, KeyPolicies.defaultPolicy(h.accountA).replace(
                "Enable IAM User Permissions", "changed"), false);
        assertThat(h.describe(west(), primary.keyId()).policy()).isEqualTo(replicaPolicy);
    }

    @Test
    void replicateKey_errors() {
        replicate();
        KmsKey single = h.symmetricKey();
        assertThat(code(() -> replication.replicateKey(h.a(), single.keyId(), WEST, null, false, null, List.of())))
                .isEqualTo("UnsupportedOperationException");
        assertThat(code(() -> replicate())).isEqualTo("AlreadyExistsException");
        assertThat(code(() -> replication.replicateKey(h.a(), primary.keyId(), REGION, null, false, null, List.of())))
                .isEqualTo("AlreadyExistsException");
        assertThat(code(() -> replication.replicateKey(west(), primary.keyId(), "eu-west-1", null, false, null, List.of())))
                .isEqualTo("UnsupportedOperationException");
        assertThat(code(() -> replication.replicateKey(h.a(), primary.keyId(), "mars", null, false, null, List.of())))
                .isEqualTo("ValidationException");
        assertThat(code(() -> replication.updatePrimaryRegion(h.a(), primary.keyId(), "eu-west-1"))).isEqualTo("NotFoundException");
    }

    @Test
    void deletingAReplica_keepsThePrimaryAndItsMaterial() {
        replicate();
        byte[] blob = h.encrypt(h.a(), primary.keyId(), utf8("kept"), null);
        h.kms.deletion().scheduleKeyDeletion(west(), primary.keyId(), 7, false);

        h.clock.advance(Duration.ofDays(8));
        h.runDue();

        assertThat(code(() -> h.describe(west(), primary.keyId()))).isEqualTo("NotFoundException");
        assertThat(h.describe(h.a(), primary.keyId()).replicaRegions()).isEmpty();
        assertThat(h.decrypt(h.a(), blob, null)).isEqualTo(utf8("kept"));
    }

    @Test
    void deletingThePrimary_waitsForItsReplicas_thenDestroysTheSharedMaterial() {
        replicate();
        byte[] blob = h.encrypt(h.a(), primary.keyId(), utf8("gone"), null);

        KmsKey scheduled = h.kms.deletion().scheduleKeyDeletion(h.a(), primary.keyId(), 7, false);
        assertThat(scheduled.state()).isEqualTo(KeyState.PENDING_REPLICA_DELETION);
        h.clock.advance(Duration.ofDays(30));
        h.runDue();
        assertThat(h.describe(h.a(), primary.keyId()).state()).isEqualTo(KeyState.PENDING_REPLICA_DELETION);
        assertThat(h.decrypt(west(), blob, null)).isEqualTo(utf8("gone"));

        h.kms.deletion().scheduleKeyDeletion(west(), primary.keyId(), 7, false);
        h.clock.advance(Duration.ofDays(8));
        h.runDue();
        KmsKey waiting = h.describe(h.a(), primary.keyId());
        assertThat(waiting.state()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(waiting.deletionDate()).isEqualTo(h.clock.instant().plus(Duration.ofDays(7)));

        h.clock.advance(Duration.ofDays(8));
        h.runDue();
        assertThat(code(() -> h.describe(h.a(), primary.keyId()))).isEqualTo("NotFoundException");
        assertThat(h.keysMentioning(primary.keyId())).isEmpty();
        assertThat(StoredSecrets.anyOpens(h.storage, blob, null)).isFalse();
    }
}
