package io.citadel.secrets;

import static io.citadel.secrets.SecretsHarness.code;
import static io.citadel.secrets.SecretsHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretVersionsTest {

    private final SecretsHarness h = new SecretsHarness(new io.citadel.storage.InMemoryStorage(),
            new SecretLimits(3, Duration.ofHours(24), 50, 5));
    private final SecretWrites writes = h.secrets().writes();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void create_withValue_labelsItAwsCurrent() {
        SecretWrites.Written w = h.create("app/db", "one");
        assertThat(w.arn()).matches("arn:aws:secretsmanager:us-east-1:" + h.accountA + ":secret:app/db-[A-Za-z0-9]{6}");
        assertThat(h.current("app/db")).isEqualTo("one");
        assertThat(h.describe("app/db").versionIdsToStages()).containsExactly(java.util.Map.entry(w.versionId(), List.of("AWSCURRENT")));
    }

    @Test
    void create_sameName_isResourceExists() {
        h.create("dup", "x");
        assertThat(error(() -> h.create("dup", "y")).getMessage()).isEqualTo("The operation failed because the secret dup already exists.");
    }

    @Test
    void create_repeatedWithTheSameTokenAndValue_succeeds_likeAnSdkRetry() {
        String token = "99999999-2222-3333-4444-555555555555";
        var first = writes.create(h.a(), new SecretWrites.CreateInput("retried", token, null, null, "v", null, null, null, false));
        var again = writes.create(h.a(), new SecretWrites.CreateInput("retried", token, null, null, "v", null, null, null, false));
        assertThat(again.written().arn()).isEqualTo(first.written().arn());
        assertThat(again.written().versionId()).isEqualTo(token);
        assertThat(code(() -> writes.create(h.a(), new SecretWrites.CreateInput("retried", token, null, null, "other", null, null, null,
                false)))).isEqualTo("ResourceExistsException");
    }

    @Test
    void create_withoutValue_hasNoVersion_andGetSaysSo() {
        writes.create(h.a(), new SecretWrites.CreateInput("empty", null, "d", null, null, null, null, null, false));
        assertThat(error(() -> h.current("empty")).getMessage())
                .isEqualTo("Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");
    }

    @Test
    void names_breakingTheRules_areInvalidParameter() {
        assertThat(code(() -> h.create("bad name", "x"))).isEqualTo("InvalidParameterException");
        assertThat(code(() -> h.create("a".repeat(513), "x"))).isEqualTo("InvalidParameterException");
        h.create("ok/_+=.@-", "x");
    }

    @Test
    void putValue_movesCurrentToTheNewVersion_andPreviousToTheOldOne() {
        String v1 = h.create("s", "one").versionId();
        String v2 = writes.putValue(h.a(), "s", null, "two", null, null).versionId();
        String v3 = writes.putValue(h.a(), "s", null, "three", null, null).versionId();
        assertThat(h.describe("s").versionIdsToStages()).containsOnly(java.util.Map.entry(v2, List.of("AWSPREVIOUS")),
                java.util.Map.entry(v3, List.of("AWSCURRENT")));
        assertThat(h.describe("s").version(v1).orElseThrow().stages()).isEmpty();
        assertThat(h.secrets().reads().get(h.a(), "s", null, "AWSPREVIOUS").secretString()).isEqualTo("two");
        assertThat(h.secrets().reads().get(h.a(), "s", v1, null).secretString()).isEqualTo("one");
    }

    @Test
    void putValue_withPendingStage_leavesCurrentAlone() {
        String v1 = h.create("s", "one").versionId();
        String v2 = writes.putValue(h.a(), "s", null, "two", null, List.of("AWSPENDING")).versionId();
        assertThat(h.current("s")).isEqualTo("one");
        assertThat(h.describe("s").versionIdsToStages()).containsOnly(java.util.Map.entry(v1, List.of("AWSCURRENT")),
                java.util.Map.entry(v2, List.of("AWSPENDING")));
    }

    @Test
    void clientRequestToken_sameValueIsIdempotent_differentValueIsResourceExists() {
        h.create("s", "one");
        String token = "11111111-2222-3333-4444-555555555555";
        writes.putValue(h.a(), "s", token, "two", null, null);
        assertThat(writes.putValue(h.a(), "s", token, "two", null, null).versionId()).isEqualTo(token);
        assertThat(h.describe("s").versions()).hasSize(2);
        assertThat(code(() -> writes.putValue(h.a(), "s", token, "other", null, null))).isEqualTo("ResourceExistsException");
        assertThat(code(() -> writes.putValue(h.a(), "s", token, null, "two".getBytes(), null))).isEqualTo("ResourceExistsException");
    }

    @Test
    void values_stringOrBinary_upTo65536Bytes() {
        h.create("s", "x");
        writes.putValue(h.a(), "s", null, null, new byte[] {0, 1, 2}, null);
        assertThat(h.secrets().reads().get(h.a(), "s", null, null).secretBinary()).containsExactly(0, 1, 2);
        writes.putValue(h.a(), "s", null, "y".repeat(65_536), null, null);
        assertThat(code(() -> writes.putValue(h.a(), "s", null, "y".repeat(65_537), null, null))).isEqualTo("InvalidParameterException");
        assertThat(code(() -> writes.putValue(h.a(), "s", null, "a", new byte[] {1}, null))).isEqualTo("InvalidParameterException");
    }

    @Test
    void versionsWithoutLabels_areRemovedOldestFirst_butNotWithin24Hours() {
        h.create("s", "v0");
        writes.putValue(h.a(), "s", null, "v1", null, null);
        writes.putValue(h.a(), "s", null, "v2", null, null);
        assertThat(code(() -> writes.putValue(h.a(), "s", null, "v3", null, null))).isEqualTo("LimitExceededException");
        h.clock.advance(Duration.ofHours(25));
        writes.putValue(h.a(), "s", null, "v3", null, null);
        assertThat(h.describe("s").versions()).hasSize(3);
        assertThat(h.secrets().writes().storedVersions(h.describe("s"))).isEqualTo(3);
        assertThat(h.secrets().reads().listVersionIds(h.a(), "s", null, null, true).page().items()).hasSize(3);
        assertThat(h.secrets().reads().listVersionIds(h.a(), "s", null, null, false).page().items()).hasSize(2);
    }

    @Test
    void updateStage_movingALabelThatIsAttached_needsRemoveFromVersionId() {
        String v1 = h.create("s", "one").versionId();
        String v2 = writes.putValue(h.a(), "s", null, "two", null, List.of("AWSPENDING")).versionId();
        assertThat(error(() -> writes.updateStage(h.a(), "s", "AWSCURRENT", null, v2)).getMessage())
                .contains("RemoveFromVersionId can't be empty").contains(v1);
        writes.updateStage(h.a(), "s", "AWSCURRENT", v1, v2);
        assertThat(h.current("s")).isEqualTo("two");
        assertThat(h.describe("s").version(v1).orElseThrow().stages()).containsExactly("AWSPREVIOUS");
        assertThat(code(() -> writes.updateStage(h.a(), "s", "AWSCURRENT", v2, null))).isEqualTo("InvalidParameterException");
        writes.updateStage(h.a(), "s", "custom", null, v1);
        writes.updateStage(h.a(), "s", "custom", v1, null);
        assertThat(h.describe("s").version(v1).orElseThrow().stages()).containsExactly("AWSPREVIOUS");
    }

    @Test
    void secretIds_nameFullArnAndPartialArn_findTheSecret_aWrongSuffixDoesNot() {
        String arn = h.create("prod/api", "v").arn();
        assertThat(h.current(arn)).isEqualTo("v");
        assertThat(h.current(arn.substring(0, arn.length() - 7))).isEqualTo("v");
        assertThat(code(() -> h.current(arn.substring(0, arn.length() - 6) + "ZZZZZZ"))).isEqualTo("ResourceNotFoundException");
        assertThat(code(() -> h.current(arn.replace("us-east-1", "eu-west-1")))).isEqualTo("ResourceNotFoundException");
        assertThat(error(() -> h.current("nope")).getMessage()).isEqualTo("Secrets Manager can't find the specified secret.");
    }

    @Test
    void updateSecret_description_andValue() {
        h.create("s", "one");
        SecretWrites.Written w = writes.update(h.a(), new SecretWrites.UpdateInput("s", null, "new description", null, "two", null));
        assertThat(w.versionId()).isNotNull();
        assertThat(h.current("s")).isEqualTo("two");
        assertThat(h.describe("s").description()).isEqualTo("new description");
    }

    @Test
    void listSecrets_filtersSortsAndPages() {
        for (String n : List.of("b/one", "a/two", "a/three")) {
            h.create(n, "v");
        }
        h.secrets().tags().tag(h.a(), "b/one", java.util.Map.of("team", "red"));
        var reads = h.secrets().reads();
        assertThat(reads.list(h.a(), false, null, null, null, null, null).items()).extracting(StoredSecret::name)
                .containsExactly("a/three", "a/two", "b/one");
        assertThat(reads.list(h.a(), false, null, null, List.of(new SecretReads.SecretFilter("name", List.of("a/"))), null, null).items())
                .hasSize(2);
        assertThat(reads.list(h.a(), false, null, null, List.of(new SecretReads.SecretFilter("name", List.of("!a/"))), null, null).items())
                .extracting(StoredSecret::name).containsExactly("b/one");
        assertThat(reads.list(h.a(), false, null, null, List.of(new SecretReads.SecretFilter("tag-value", List.of("red"))), null, null)
                .items()).extracting(StoredSecret::name).containsExactly("b/one");
        var first = reads.list(h.a(), false, 2, null, null, "desc", "name");
        assertThat(first.items()).extracting(StoredSecret::name).containsExactly("b/one", "a/two");
        assertThat(reads.list(h.a(), false, 2, first.nextToken(), null, "desc", "name").items()).extracting(StoredSecret::name)
                .containsExactly("a/three");
        assertThat(code(() -> reads.list(h.a(), false, 2, "garbage", null, null, null))).isEqualTo("InvalidNextTokenException");
    }

    @Test
    void batchGet_reportsEachMissingSecretAsAnError() {
        h.create("x", "1");
        h.create("y", "2");
        var batch = h.secrets().reads().batchGet(h.a(), List.of("x", "y", "missing"), null, null, null);
        assertThat(batch.values()).extracting(SecretReads.Value::secretString).containsExactly("1", "2");
        assertThat(batch.errors()).extracting(SecretReads.BatchError::errorCode).containsExactly("ResourceNotFoundException");
        assertThat(code(() -> h.secrets().reads().batchGet(h.a(), List.of("x"),
                List.of(new SecretReads.SecretFilter("name", List.of("x"))), null, null))).isEqualTo("InvalidParameterException");
        assertThat(h.secrets().reads().batchGet(h.a(), null, List.of(new SecretReads.SecretFilter("name", List.of("y"))), null, null)
                .values()).extracting(SecretReads.Value::secretString).containsExactly("2");
    }

    @Test
    void tags_limitsAndReservedPrefix() {
        h.create("t", "v");
        h.secrets().tags().tag(h.a(), "t", java.util.Map.of("k1", "v1", "k2", "v2"));
        h.secrets().tags().untag(h.a(), "t", List.of("k1"));
        assertThat(h.describe("t").tags()).containsOnlyKeys("k2");
        assertThat(code(() -> h.secrets().tags().tag(h.a(), "t", java.util.Map.of("aws:x", "v")))).isEqualTo("InvalidParameterException");
        java.util.Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 50; i++) {
            many.put("key" + i, "v");
        }
        assertThat(code(() -> h.secrets().tags().tag(h.a(), "t", many))).isEqualTo("LimitExceededException");
    }
}
