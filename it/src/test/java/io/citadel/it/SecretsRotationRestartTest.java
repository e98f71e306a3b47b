package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.secrets.rotation.RotationException;
import io.citadel.secrets.rotation.RotationFunction;
import io.citadel.secrets.rotation.RotationSecrets;
import io.citadel.secrets.rotation.RotationStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Rotation through the server with a test rotation function: the node is stopped while the
 * function is inside setSecret (createSecret already committed); after a restart, once the
 * rotation's lease has run out, the scheduler resumes it at setSecret with the same token and it
 * completes. AWSCURRENT answers the old value throughout, and a failing function leaves it too.
 * The rotation events reach a rule's log target through the events service.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecretsRotationRestartTest {

    private static final String LAMBDA = "arn:aws:lambda:us-east-1:%s:function:test-rotator";

    @TempDir
    Path dataDir;

    /** AWS's single-user template in miniature: the new password is random; steps check what is already done. */
    static final class Rotator implements RotationFunction {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile CountDownLatch blockAt;
        volatile RotationStep failAt;
        final CountDownLatch blocked = new CountDownLatch(1);

        @Override
        public void run(RotationStep step, String secretId, String token, RotationSecrets secrets) throws RotationException {
            calls.add(step.wire());
            if (step == failAt) {
                throw new RotationException("test function refuses " + step.wire());
            }
            if (step == RotationStep.SET_SECRET && blockAt != null) {
                blocked.countDown();
                try {
                    blockAt.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("the node went away during setSecret");
            }
            switch (step) {
                case CREATE_SECRET -> {
                    if (secrets.getSecretValue(secretId, token, "AWSPENDING").isEmpty()) {
                        secrets.putSecretValue(secretId, token, "{\"password\":\"" + secrets.randomPassword(20, "\"\\") + "\"}",
                                List.of("AWSPENDING"));
                    }
                }
                case SET_SECRET, TEST_SECRET -> {
                    if (secrets.getSecretValue(secretId, token, "AWSPENDING").isEmpty()) {
                        throw new RotationException("no AWSPENDING version " + token);
                    }
                }
                case FINISH_SECRET -> {
                    Map<String, List<String>> stages = secrets.describeSecret(secretId).versionIdsToStages();
                    String current = stages.entrySet().stream().filter(e -> e.getValue().contains("AWSCURRENT")).map(Map.Entry::getKey)
                            .findFirst().orElseThrow();
                    if (!current.equals(token)) {
                        secrets.updateSecretVersionStage(secretId, "AWSCURRENT", token, current);
                    }
                }
            }
        }
    }

    /** What the events service delivered to the rule's log target so far. */
    private String delivered(Node node) {
        Path log = dataDir.resolve("events-log").resolve(node.adminAccountId()).resolve("us-east-1").resolve("secrets.jsonl");
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void nodeStoppedBetweenSteps_rotationCompletesAfterRestart_andAwsCurrentWorksThroughout() throws Exception {
        Rotator first = new Rotator();
        first.blockAt = new CountDownLatch(1);
        String token;
        Duration elapsed;
        try (Node node = Node.builder(dataDir).rotationFunctions((a, r, arn) -> Optional.of(first)).start();
             SecretsManagerClient sm = SecretsClients.secretsOnNodeClock(node, node.bootstrapCredentials())) {
            String lambda = String.format(LAMBDA, node.adminAccountId());
            try (var events = EventsClients.events(node, node.bootstrapCredentials())) {
                events.putRule(b -> b.name("secrets").eventPattern("{\"source\":[\"aws.secretsmanager\"]}"));
                events.putTargets(b -> b.rule("secrets").targets(t -> t.id("log")
                        .arn("arn:aws:events:us-east-1:" + node.adminAccountId() + ":log/secrets")));
            }
            sm.createSecret(b -> b.name("rot/db").secretString("{\"password\":\"old\"}"));
            token = sm.rotateSecret(b -> b.secretId("rot/db").rotationLambdaARN(lambda).rotationRules(r -> r.automaticallyAfterDays(30L)))
                    .versionId();
            assertThat(first.blocked.await(30, TimeUnit.SECONDS)).as("the function reached setSecret").isTrue();
            assertThat(sm.getSecretValue(b -> b.secretId("rot/db")).secretString()).contains("old");
            assertThat(sm.describeSecret(b -> b.secretId("rot/db")).versionIdsToStages().get(token)).containsExactly("AWSPENDING");
            assertThat(sm.describeSecret(b -> b.secretId("rot/db")).rotationEnabled()).isTrue();
        } finally {
            first.blockAt.countDown();
        }
        assertThat(first.calls).containsExactly("createSecret", "setSecret");

        Rotator second = new Rotator();
        try (Node node = Node.builder(dataDir).rotationFunctions((a, r, arn) -> Optional.of(second)).start();
             SecretsManagerClient sm = SecretsClients.secretsOnNodeClock(node, node.bootstrapCredentials())) {
            assertThat(sm.getSecretValue(b -> b.secretId("rot/db")).secretString()).contains("old");
            node.clock().advance(Duration.ofMinutes(16));
            node.citadel().runScheduledJobs();
            elapsed = Poll.until("the resumed rotation finished", Duration.ofSeconds(30),
                    () -> sm.describeSecret(b -> b.secretId("rot/db")).versionIdsToStages().get(token).contains("AWSCURRENT"));
            assertThat(second.calls).containsExactly("setSecret", "testSecret", "finishSecret");
            var d = sm.describeSecret(b -> b.secretId("rot/db"));
            assertThat(d.lastRotatedDate()).isNotNull();
            assertThat(d.nextRotationDate()).isAfter(d.lastRotatedDate());
            assertThat(sm.getSecretValue(b -> b.secretId("rot/db")).secretString()).doesNotContain("old");
            assertThat(sm.getSecretValue(b -> b.secretId("rot/db").versionStage("AWSPREVIOUS")).secretString()).contains("old");
            Poll.until("RotationStarted and RotationSucceeded delivered", Duration.ofSeconds(30), () -> {
                node.citadel().runScheduledJobs();
                String delivered = delivered(node);
                return delivered.contains("\"eventName\":\"RotationStarted\"") && delivered.contains("\"eventName\":\"RotationSucceeded\"");
            });

            second.failAt = RotationStep.TEST_SECRET;
            String next = sm.rotateSecret(b -> b.secretId("rot/db")).versionId();
            Poll.until("the failing rotation failed", Duration.ofSeconds(30), () -> {
                node.citadel().runScheduledJobs();
                return delivered(node).contains("\"eventName\":\"RotationFailed\"");
            });
            assertThat(sm.getSecretValue(b -> b.secretId("rot/db")).versionId()).isEqualTo(token);
            try (var trail = KmsClients.cloudTrailOnNodeClock(node, node.bootstrapCredentials())) {
                var failed = trail.lookupEvents(b -> b.lookupAttributes(a -> a.attributeKey("EventName").attributeValue("RotationFailed")))
                        .events();
                assertThat(failed).as("the failure in the audit trail").singleElement().satisfies(e -> {
                    assertThat(e.eventSource()).isEqualTo("secretsmanager.amazonaws.com");
                    assertThat(e.cloudTrailEvent()).contains("\"eventType\":\"AwsServiceEvent\"")
                            .contains("test function refuses testSecret").contains(next);
                });
            }
            assertThat(sm.describeSecret(b -> b.secretId("rot/db")).versionIdsToStages().get(next)).containsExactly("AWSPENDING");
        }
        assertThat(elapsed).isLessThan(Duration.ofSeconds(30));
    }
}
