package io.citadel.secrets;

import static io.citadel.secrets.SecretsHarness.code;
import static io.citadel.secrets.SecretsHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.secrets.rotation.RotationStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RotationEngineTest {

    private final SecretsHarness h = new SecretsHarness();
    private final RotationEngine engine = h.secrets().rotation();

    @AfterEach
    void close() {
        h.close();
    }

    private List<String> eventNames() {
        return h.secrets().events().list(h.accountA, "us-east-1").stream()
                .map(json -> json.replaceAll(".*\"eventName\":\"([A-Za-z]+)\".*", "$1")).toList();
    }

    private RotationEngine.Rotated rotate(String id) {
        return engine.rotate(h.a(), id, null, h.lambda(), new RotationEngine.Rules(30L, null, null), null);
    }

    @Test
    void rotateImmediately_runsTheFourSteps_andMovesAwsCurrentToTheNewVersion() {
        FakeRotationFunction f = h.registerFunction();
        String v1 = h.create("db", "{\"username\":\"app\",\"password\":\"old\"}").versionId();
        RotationEngine.Rotated r = rotate("db");
        assertThat(h.current("db")).contains("old");
        h.node1.runRotations();
        assertThat(f.calls).containsExactly("createSecret:" + r.versionId(), "setSecret:" + r.versionId(),
                "testSecret:" + r.versionId(), "finishSecret:" + r.versionId());
        StoredSecret s = h.describe("db");
        assertThat(s.version(r.versionId()).orElseThrow().stages()).containsExactlyInAnyOrder("AWSCURRENT", "AWSPENDING");
        assertThat(s.version(v1).orElseThrow().stages()).containsExactly("AWSPREVIOUS");
        assertThat(h.current("db")).doesNotContain("old").contains("password");
        assertThat(s.rotation().enabled()).isTrue();
        assertThat(s.lastRotatedDate()).isEqualTo(h.clock.instant());
        assertThat(s.nextRotationDate()).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
        assertThat(eventNames()).containsExactly("RotationStarted", "RotationSucceeded");
        assertThat(h.secrets().events().list(h.accountA, "us-east-1").getFirst())
                .contains("\"detail-type\":\"AWS Service Event via CloudTrail\"").contains("\"source\":\"aws.secretsmanager\"");
    }

    @Test
    void aFailingStep_leavesAwsCurrentWorking_isVisible_andTheRetryResumes() {
        FakeRotationFunction f = h.registerFunction();
        h.create("db", "{\"password\":\"old\"}");
        f.failAt.add(RotationStep.TEST_SECRET);
        RotationEngine.Rotated r = rotate("db");
        h.node1.runRotations();
        assertThat(h.current("db")).contains("old");
        StoredSecret s = h.describe("db");
        assertThat(s.rotation().enabled()).isTrue();
        assertThat(s.version(r.versionId()).orElseThrow().stages()).containsExactly("AWSPENDING");
        RotationState state = h.secrets().reads().rotation(s).orElseThrow();
        assertThat(state.status()).isEqualTo(RotationState.Status.FAILED);
        assertThat(state.step()).isEqualTo(RotationStep.TEST_SECRET);
        assertThat(state.lastError()).isEqualTo("testSecret: the database refused the new password (test)");
        assertThat(eventNames()).containsExactly("RotationStarted", "RotationFailed");
        assertThat(h.secrets().events().list(h.accountA, "us-east-1").getLast()).contains("the database refused").doesNotContain("old");

        f.failAt.clear();
        h.clock.advance(Duration.ofMinutes(1));
        h.node1.tick();
        assertThat(f.calls).containsExactly("createSecret:" + r.versionId(), "setSecret:" + r.versionId(), "testSecret:" + r.versionId(),
                "testSecret:" + r.versionId(), "finishSecret:" + r.versionId());
        assertThat(h.current("db")).doesNotContain("old");
        assertThat(h.secrets().reads().rotation(h.describe("db"))).isEmpty();
        assertThat(eventNames()).containsExactly("RotationStarted", "RotationFailed", "RotationSucceeded");
        assertThat(h.serviceEvents).as("the audit trail's service events")
                .extracting(e -> e.eventName() + " " + e.service() + " " + e.account() + " " + e.resources())
                .containsExactly("RotationFailed secretsmanager " + h.accountA + " [" + s.arn() + "]",
                        "RotationSucceeded secretsmanager " + h.accountA + " [" + s.arn() + "]");
        assertThat(h.serviceEvents.getFirst().errorMessage()).isEqualTo("testSecret: the database refused the new password (test)");
        assertThat(h.serviceEvents.getFirst().additionalEventDataJson()).contains(r.versionId());
    }

    @Test
    void rotateSecret_onAFailedRotation_resumesItWithTheSameToken() {
        FakeRotationFunction f = h.registerFunction();
        h.create("db", "{\"password\":\"old\"}");
        f.failAt.add(RotationStep.SET_SECRET);
        String token = rotate("db").versionId();
        h.node1.runRotations();
        f.failAt.clear();
        assertThat(rotate("db").versionId()).isEqualTo(token);
        h.node1.runRotations();
        assertThat(h.describe("db").version(token).orElseThrow().stages()).contains("AWSCURRENT");
    }

    @Test
    void killedBetweenSteps_anotherNodeResumesAfterTheLease_andAwsCurrentWorksThroughout() {
        FakeRotationFunction f = h.registerFunction();
        h.create("db", "{\"password\":\"old\"}");
        f.crashAfter.add(RotationStep.SET_SECRET);
        String token = rotate("db").versionId();
        h.node1.runRotations();
        assertThat(f.calls).containsExactly("createSecret:" + token, "setSecret:" + token);
        assertThat(h.current("db")).contains("old");
        f.crashAfter.clear();

        SecretsHarness.Node node2 = h.secondNode();
        node2.tick();
        assertThat(f.calls).hasSize(2);
        h.clock.advance(RotationEngine.LEASE);
        node2.tick();
        assertThat(f.calls).containsExactly("createSecret:" + token, "setSecret:" + token, "setSecret:" + token,
                "testSecret:" + token, "finishSecret:" + token);
        assertThat(h.describe("db").version(token).orElseThrow().stages()).contains("AWSCURRENT");
        assertThat(h.describe("db").versions()).hasSize(2);
    }

    @Test
    void onSqlite_aRotationInterruptedBetweenSteps_resumesFromStorage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (SecretsHarness sqlite = new SecretsHarness(io.citadel.storage.sqlite.SqliteStorage.open(dir), SecretLimits.AWS)) {
            FakeRotationFunction f = sqlite.registerFunction();
            sqlite.create("db", "{\"password\":\"old\"}");
            f.crashAfter.add(RotationStep.CREATE_SECRET);
            String token = sqlite.secrets().rotation().rotate(sqlite.a(), "db", null, sqlite.lambda(),
                    new RotationEngine.Rules(30L, null, null), null).versionId();
            sqlite.node1.runRotations();
            f.crashAfter.clear();
            assertThat(sqlite.current("db")).contains("old");
            SecretsHarness.Node restarted = sqlite.secondNode();
            sqlite.clock.advance(RotationEngine.LEASE);
            restarted.tick();
            assertThat(f.count(RotationStep.CREATE_SECRET)).isEqualTo(2);
            assertThat(f.count(RotationStep.FINISH_SECRET)).isEqualTo(1);
            assertThat(sqlite.describe("db").version(token).orElseThrow().stages()).contains("AWSCURRENT");
        }
    }

    @Test
    void scheduledRotation_runsOnceAcrossTwoNodes() {
        FakeRotationFunction f = h.registerFunction();
        h.create("db", "{\"password\":\"old\"}");
        engine.rotate(h.a(), "db", null, h.lambda(), new RotationEngine.Rules(1L, null, null), false);
        assertThat(f.calls).singleElement().asString().startsWith("testSecret:");
        f.calls.clear();
        StoredSecret s = h.describe("db");
        assertThat(s.nextRotationDate()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
        SecretsHarness.Node node2 = h.secondNode();
        h.clock.advance(Duration.ofHours(23));
        h.node1.tick();
        node2.tick();
        assertThat(f.calls).isEmpty();
        h.clock.advance(Duration.ofHours(1));
        h.node1.scheduler.runDue();
        node2.scheduler.runDue();
        h.node1.secrets.runClaimedRotations();
        node2.secrets.runClaimedRotations();
        h.node1.runRotations();
        node2.runRotations();
        assertThat(f.count(RotationStep.CREATE_SECRET)).isEqualTo(1);
        assertThat(f.count(RotationStep.FINISH_SECRET)).isEqualTo(1);
        assertThat(h.describe("db").lastRotatedDate()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(h.describe("db").nextRotationDate()).isEqualTo(Instant.parse("2026-01-03T00:00:00Z"));
    }

    @Test
    void missingFunction_isAwsAccessDenied() {
        h.create("db", "v");
        assertThat(error(() -> rotate("db")).getMessage()).startsWith("Secrets Manager cannot invoke the specified Lambda function.");
        assertThat(code(() -> engine.rotate(h.a(), "db", null, null, null, null))).isEqualTo("InvalidRequestException");
    }

    @Test
    void cancelRotateSecret_turnsRotationOff_andAbandonsTheRotationInProgress() {
        FakeRotationFunction f = h.registerFunction();
        h.create("db", "{\"password\":\"old\"}");
        f.failAt.add(RotationStep.CREATE_SECRET);
        String token = rotate("db").versionId();
        h.node1.runRotations();
        assertThat(engine.cancel(h.a(), "db").versionId()).isEqualTo(token);
        StoredSecret s = h.describe("db");
        assertThat(s.rotation().enabled()).isFalse();
        assertThat(s.nextRotationDate()).isNull();
        assertThat(eventNames()).containsExactly("RotationStarted", "RotationFailed", "RotationAbandoned");
        f.failAt.clear();
        h.clock.advance(Duration.ofDays(40));
        h.node1.tick();
        assertThat(f.calls).hasSize(1);
    }

    @Test
    void aManualNewValue_duringAFailedRotation_abandonsIt() {
        FakeRotationFunction f = h.registerFunction();
        h.create("db", "{\"password\":\"old\"}");
        f.failAt.add(RotationStep.SET_SECRET);
        String token = rotate("db").versionId();
        h.node1.runRotations();
        h.secrets().writes().putValue(h.a(), "db", null, "{\"password\":\"manual\"}", null, null);
        assertThat(h.describe("db").version(token).orElseThrow().stages()).isEmpty();
        assertThat(eventNames()).endsWith("RotationAbandoned");
        assertThat(h.current("db")).contains("manual");
    }

    @Test
    void finishSecret_thatDoesNotMoveAwsCurrent_isAFailure() {
        h.functions.put(h.lambda(), (step, id, token, secrets) -> {
            if (step == RotationStep.CREATE_SECRET) {
                secrets.putSecretValue(id, token, "{\"password\":\"new\"}", List.of("AWSPENDING"));
            }
        });
        h.create("db", "{\"password\":\"old\"}");
        rotate("db");
        h.node1.runRotations();
        assertThat(h.current("db")).contains("old");
        assertThat(h.secrets().reads().rotation(h.describe("db")).orElseThrow().lastError()).contains("AWSCURRENT is not on version");
    }

    @Test
    void schedules_rateCronAndWindowRules() {
        Instant t = Instant.parse("2026-03-10T10:17:00Z");
        assertThat(RotationSchedule.parse(null, "rate(4 hours)", null).next(t)).isEqualTo(Instant.parse("2026-03-10T14:00:00Z"));
        assertThat(RotationSchedule.parse(null, "rate(10 days)", "3h").next(t)).isEqualTo(Instant.parse("2026-03-20T00:00:00Z"));
        assertThat(RotationSchedule.parse(null, "cron(0 16 1,15 * ? *)", null).next(t)).isEqualTo(Instant.parse("2026-03-15T16:00:00Z"));
        assertThat(RotationSchedule.parse(null, "cron(0 8 ? * MON *)", null).next(t)).isEqualTo(Instant.parse("2026-03-16T08:00:00Z"));
        assertThat(RotationSchedule.parse(null, "cron(0 0 L * ? *)", null).next(t)).isEqualTo(Instant.parse("2026-03-31T00:00:00Z"));
        assertThat(RotationSchedule.parse(null, "cron(0 4 ? * 2#1 *)", null).next(t)).isEqualTo(Instant.parse("2026-04-06T04:00:00Z"));
        for (String bad : List.of("rate(2 hours)", "rate(1001 days)", "cron(0 0 * * *)", "cron(0 0 1 * MON *)", "every day")) {
            assertThat(code(() -> RotationSchedule.parse(null, bad, null))).as(bad).isEqualTo("InvalidParameterException");
        }
        assertThat(code(() -> RotationSchedule.parse(1L, "rate(1 days)", null))).isEqualTo("InvalidParameterException");
        assertThat(code(() -> RotationSchedule.parse(null, "rate(4 hours)", "5h"))).isEqualTo("InvalidParameterException");
        assertThat(code(() -> RotationSchedule.parse(1L, null, "25h"))).isEqualTo("InvalidParameterException");
    }

    @Test
    void rotateNotImmediately_testsTheConfiguration_onACopyOfCurrent_andRemovesThePendingLabel() {
        FakeRotationFunction f = h.registerFunction();
        String v1 = h.create("db", "{\"password\":\"old\"}").versionId();
        engine.rotate(h.a(), "db", "11111111-2222-3333-4444-555555555555", h.lambda(), new RotationEngine.Rules(7L, null, null), false);
        assertThat(f.calls).containsExactly("testSecret:11111111-2222-3333-4444-555555555555");
        StoredSecret s = h.describe("db");
        assertThat(s.withStage("AWSPENDING")).isEmpty();
        assertThat(s.version(v1).orElseThrow().stages()).containsExactly("AWSCURRENT");
        assertThat(s.version("11111111-2222-3333-4444-555555555555").orElseThrow().stages()).isEmpty();
        assertThat(h.current("db")).contains("old");
        assertThat(s.rotation().enabled()).isTrue();
        assertThat(s.lastRotatedDate()).isNull();
        assertThat(eventNames()).isEmpty();
    }

    @Test
    void rotateNotImmediately_aFailingTest_isVisible_andChangesNothingElse() {
        FakeRotationFunction f = h.registerFunction();
        h.create("db", "{\"password\":\"old\"}");
        f.failAt.add(RotationStep.TEST_SECRET);
        engine.rotate(h.a(), "db", null, h.lambda(), new RotationEngine.Rules(7L, null, null), false);
        assertThat(eventNames()).containsExactly("RotationFailed");
        assertThat(h.secrets().events().list(h.accountA, "us-east-1").getFirst()).contains("testSecret: ");
        StoredSecret s = h.describe("db");
        assertThat(s.withStage("AWSPENDING")).isEmpty();
        assertThat(h.current("db")).contains("old");
        assertThat(s.nextRotationDate()).isNotNull();
    }
}
