package io.citadel.secrets;

import io.citadel.secrets.rotation.RotationException;
import io.citadel.secrets.rotation.RotationFunction;
import io.citadel.secrets.rotation.RotationSecrets;
import io.citadel.secrets.rotation.RotationStep;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rotation function as AWS's single-user templates behave, with no database: createSecret puts
 * a new random password as AWSPENDING (only if the token has no version yet), setSecret and
 * testSecret check the pending value, finishSecret moves AWSCURRENT to the token's version. Tests
 * make a step fail ({@link #failAt}) or "kill the node" in the middle of it ({@link #crashAfter}).
 */
final class FakeRotationFunction implements RotationFunction {

    /** Thrown out of a step to stand for the process dying there: not an exception the engine handles. */
    static final class Crash extends Error {
        Crash() {
            super("node killed", null, false, false);
        }
    }

    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final Set<RotationStep> failAt = ConcurrentHashMap.newKeySet();
    final Set<RotationStep> crashAfter = ConcurrentHashMap.newKeySet();

    @Override
    public void run(RotationStep step, String secretId, String token, RotationSecrets secrets) throws RotationException {
        calls.add(step.wire() + ":" + token);
        if (failAt.contains(step)) {
            throw new RotationException("the database refused the new password (test)");
        }
        switch (step) {
            case CREATE_SECRET -> {
                secrets.getSecretValue(secretId, null, "AWSCURRENT").orElseThrow(() -> new RotationException("no AWSCURRENT"));
                if (secrets.getSecretValue(secretId, token, "AWSPENDING").isEmpty()) {
                    String password = secrets.randomPassword(24, "\"'\\/@");
                    secrets.putSecretValue(secretId, token, "{\"username\":\"app\",\"password\":\"" + password + "\"}", List.of("AWSPENDING"));
                }
            }
            case SET_SECRET, TEST_SECRET -> {
                Optional<RotationSecrets.Version> pending = secrets.getSecretValue(secretId, token, "AWSPENDING");
                if (pending.isEmpty() || !pending.get().secretString().contains("password")) {
                    throw new RotationException("no pending version for " + token);
                }
            }
            case FINISH_SECRET -> {
                RotationSecrets.Description d = secrets.describeSecret(secretId);
                String current = d.versionIdsToStages().entrySet().stream().filter(e -> e.getValue().contains("AWSCURRENT"))
                        .map(java.util.Map.Entry::getKey).findFirst().orElseThrow();
                if (!current.equals(token)) {
                    secrets.updateSecretVersionStage(secretId, "AWSCURRENT", token, current);
                }
            }
        }
        if (crashAfter.contains(step)) {
            throw new Crash();
        }
    }

    long count(RotationStep step) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.startsWith(step.wire() + ":")).count();
        }
    }
}
