package io.citadel.secrets;

import static io.citadel.secrets.SecretsHarness.code;
import static io.citadel.secrets.SecretsHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.RequestContext;
import io.citadel.kms.Call;
import io.citadel.secrets.rotation.RotationStep;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretReplicationTest {

    private final SecretsHarness h = new SecretsHarness();
    private final SecretReplication replication = h.secrets().replication();

    @AfterEach
    void close() {
        h.close();
    }

    private RequestContext west() {
        return h.ctx(h.rootA, SecretsHarness.WEST);
    }

    @Test
    void replica_followsThePrimary_isEncryptedUnderItsRegionsKey_andRefusesWrites() {
        h.registerFunction();
        String arn = h.create("multi", "one").arn();
        var out = replication.replicateToRegions(h.a(), "multi", List.of(new SecretReplication.Region(SecretsHarness.WEST, null)), false);
        assertThat(out.status()).extracting(StoredSecret.Replica::status).containsExactly("InSync");
        String westArn = arn.replace("us-east-1", "us-west-2");
        assertThat(h.secrets().reads().get(west(), westArn, null, null).secretString()).isEqualTo("one");
        h.secrets().writes().putValue(h.a(), "multi", null, "two", null, null);
        assertThat(h.secrets().reads().get(west(), "multi", null, null).secretString()).isEqualTo("two");
        assertThat(h.secrets().reads().get(west(), "multi", null, "AWSPREVIOUS").secretString()).isEqualTo("one");
        StoredSecret replica = h.secrets().reads().describe(west(), "multi");
        assertThat(replica.primaryRegion()).isEqualTo("us-east-1");
        String westKey = h.kms.administration().describeKey(west(), Call.DIRECT, "alias/aws/secretsmanager").arn();
        assertThat(replica.versions()).allSatisfy(v -> assertThat(v.kmsKeyArn()).isEqualTo(westKey));

        assertThat(error(() -> h.secrets().writes().putValue(west(), "multi", null, "x", null, null)).getMessage())
                .isEqualTo("Operation not permitted on a replica secret. Call must be made in primary secret's region.");
        assertThat(code(() -> h.secrets().writes().delete(h.a(), "multi", null, false))).isEqualTo("InvalidRequestException");

        h.secrets().rotation().rotate(h.a(), "multi", null, h.lambda(), new RotationEngine.Rules(7L, null, null), null);
        h.node1.runRotations();
        assertThat(h.secrets().reads().get(west(), "multi", null, null).secretString()).contains("password");
        assertThat(h.secrets().reads().describe(west(), "multi").lastRotatedDate()).isNotNull();
    }

    @Test
    void stopReplication_promotesTheReplica_andRemoveRegionsDeletesIt() {
        h.create("multi", "one");
        replication.replicateToRegions(h.a(), "multi", List.of(new SecretReplication.Region(SecretsHarness.WEST, null),
                new SecretReplication.Region("eu-west-1", null)), false);
        replication.stopReplication(west(), "multi");
        h.secrets().writes().putValue(west(), "multi", null, "west-only", null, null);
        assertThat(h.secrets().reads().get(west(), "multi", null, null).secretString()).isEqualTo("west-only");
        assertThat(h.current("multi")).isEqualTo("one");
        assertThat(h.describe("multi").replicas()).extracting(StoredSecret.Replica::region).containsExactly("eu-west-1");
        replication.removeRegions(h.a(), "multi", List.of("eu-west-1"));
        assertThat(code(() -> h.secrets().reads().describe(h.ctx(h.rootA, "eu-west-1"), "multi"))).isEqualTo("ResourceNotFoundException");
        h.secrets().writes().delete(h.a(), "multi", null, true);
    }

    @Test
    void aNameTakenInTheTargetRegion_failsThatReplica_unlessForced() {
        h.create("taken", "one");
        h.secrets().writes().create(west(), new SecretWrites.CreateInput("taken", null, null, null, "west", null, null, null, false));
        var out = replication.replicateToRegions(h.a(), "taken", List.of(new SecretReplication.Region(SecretsHarness.WEST, null)), false);
        assertThat(out.status()).extracting(StoredSecret.Replica::status).containsExactly("Failed");
        assertThat(h.secrets().reads().get(west(), "taken", null, null).secretString()).isEqualTo("west");
        h.secrets().replication().removeRegions(h.a(), "taken", List.of(SecretsHarness.WEST));
        replication.replicateToRegions(h.a(), "taken", List.of(new SecretReplication.Region(SecretsHarness.WEST, null)), true);
        assertThat(h.secrets().reads().get(west(), "taken", null, null).secretString()).isEqualTo("one");
        assertThat(RotationStep.values()).hasSize(4);
    }
}
