package io.citadel.secrets.rotation;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An in-memory {@link RotationSecrets} that moves staging labels as Secrets Manager does (moving
 * AWSCURRENT moves AWSPREVIOUS to the old current version; PutSecretValue with a token that has a value
 * is idempotent only for the same value), plus {@link #rotate}, which plays RotateSecret: it records the
 * token's version as AWSPENDING without a value, then runs the four steps.
 */
final class DatabaseRotationFakeSecrets implements RotationSecrets {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";

    private static final class Ver {
        final String id;
        String value;
        final List<String> stages = new ArrayList<>();

        Ver(String id, String value) {
            this.id = id;
            this.value = value;
        }
    }

    private static final class Secret {
        final String name;
        final String arn;
        boolean rotationEnabled = true;
        final Map<String, Ver> versions = new LinkedHashMap<>();

        Secret(String name) {
            this.name = name;
            this.arn = "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + name + "-Ab12Cd";
        }
    }

    private final Map<String, Secret> secrets = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    int puts;
    int stageMoves;

    /** CreateSecret: the value becomes AWSCURRENT. Returns the ARN. */
    synchronized String create(String name, String json) {
        Secret s = new Secret(name);
        Ver v = new Ver(UUID.randomUUID().toString(), json);
        v.stages.add("AWSCURRENT");
        s.versions.put(v.id, v);
        secrets.put(name, s);
        return s.arn;
    }

    /** PutSecretValue outside rotation (e.g. an operator fixing the master secret): a new AWSCURRENT. */
    synchronized void update(String secretId, String json) throws RotationException {
        putSecretValue(secretId, UUID.randomUUID().toString(), json, List.of("AWSCURRENT"));
    }

    synchronized void disableRotation(String secretId) throws RotationException {
        secret(secretId).rotationEnabled = false;
    }

    /** RotateSecret's start: a fresh token whose version carries AWSPENDING and no value yet. */
    synchronized String startRotation(String secretId) throws RotationException {
        Secret s = secret(secretId);
        String token = UUID.randomUUID().toString();
        Ver v = new Ver(token, null);
        s.versions.values().forEach(o -> o.stages.remove("AWSPENDING"));
        v.stages.add("AWSPENDING");
        s.versions.put(token, v);
        return token;
    }

    /** A whole rotation: start, then createSecret, setSecret, testSecret, finishSecret. Returns the token. */
    String rotate(String secretId, RotationFunction f) throws RotationException {
        String token = startRotation(secretId);
        for (RotationStep step : RotationStep.values()) {
            f.run(step, secretId, token, this);
        }
        return token;
    }

    synchronized String currentValue(String secretId) throws RotationException {
        return getSecretValue(secretId, null, "AWSCURRENT").orElseThrow().secretString();
    }

    synchronized String currentVersionId(String secretId) throws RotationException {
        return getSecretValue(secretId, null, "AWSCURRENT").orElseThrow().versionId();
    }

    /** Every value ever stored, for "no password in a message" checks. */
    synchronized List<String> allValues() {
        List<String> out = new ArrayList<>();
        for (Secret s : secrets.values()) {
            for (Ver v : s.versions.values()) {
                if (v.value != null) {
                    out.add(v.value);
                }
            }
        }
        return out;
    }

    private Secret secret(String secretId) throws RotationException {
        for (Secret s : secrets.values()) {
            if (s.name.equals(secretId) || s.arn.equals(secretId)) {
                return s;
            }
        }
        throw new RotationException("ResourceNotFoundException: Secrets Manager can't find the specified secret.");
    }

    @Override
    public synchronized Description describeSecret(String secretId) throws RotationException {
        Secret s = secret(secretId);
        Map<String, List<String>> map = new LinkedHashMap<>();
        s.versions.values().stream().filter(v -> !v.stages.isEmpty()).forEach(v -> map.put(v.id, List.copyOf(v.stages)));
        return new Description(s.arn, s.name, s.rotationEnabled, map);
    }

    @Override
    public synchronized Optional<Version> getSecretValue(String secretId, String versionIdOrNull, String stageOrNull) throws RotationException {
        Secret s = secret(secretId);
        String stage = versionIdOrNull == null && stageOrNull == null ? "AWSCURRENT" : stageOrNull;
        for (Ver v : s.versions.values()) {
            if ((versionIdOrNull == null || v.id.equals(versionIdOrNull)) && (stage == null || v.stages.contains(stage))) {
                return v.value == null ? Optional.empty() : Optional.of(new Version(v.id, v.value, List.copyOf(v.stages)));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void putSecretValue(String secretId, String token, String secretString, List<String> stages) throws RotationException {
        Secret s = secret(secretId);
        Ver v = s.versions.get(token);
        if (v != null && v.value != null) {
            if (!v.value.equals(secretString)) {
                throw new RotationException("ResourceExistsException: a version with this token exists with different data");
            }
            return;
        }
        puts++;
        if (v == null) {
            v = new Ver(token, secretString);
            s.versions.put(token, v);
        } else {
            v.value = secretString;
        }
        for (String stage : stages) {
            Ver target = v;
            String oldHolder = s.versions.values().stream().filter(o -> o != target && o.stages.contains(stage)).map(o -> o.id)
                    .findFirst().orElse(null);
            attach(s, stage, v, oldHolder);
        }
    }

    @Override
    public synchronized void updateSecretVersionStage(String secretId, String stage, String moveTo, String removeFrom) throws RotationException {
        Secret s = secret(secretId);
        Ver target = s.versions.get(moveTo);
        if (target == null) {
            throw new RotationException("InvalidParameterException: no version " + moveTo);
        }
        String holder = s.versions.values().stream().filter(o -> o.stages.contains(stage)).map(o -> o.id).findFirst().orElse(null);
        if (holder != null && !holder.equals(moveTo) && !holder.equals(removeFrom)) {
            throw new RotationException("InvalidParameterException: the staging label " + stage + " is attached to version " + holder
                    + ", but the request specifies " + removeFrom);
        }
        stageMoves++;
        attach(s, stage, target, holder != null && !holder.equals(moveTo) ? holder : null);
    }

    private static void attach(Secret s, String stage, Ver target, String oldHolderOrNull) {
        if (oldHolderOrNull != null) {
            Ver old = s.versions.get(oldHolderOrNull);
            old.stages.remove(stage);
            if (stage.equals("AWSCURRENT")) {
                s.versions.values().forEach(o -> o.stages.remove("AWSPREVIOUS"));
                old.stages.add("AWSPREVIOUS");
            }
        }
        if (!target.stages.contains(stage)) {
            target.stages.add(stage);
        }
        if (stage.equals("AWSCURRENT")) {
            target.stages.remove("AWSPREVIOUS");
        }
    }

    @Override
    public String randomPassword(int length, String excludeCharacters) {
        String[] classes = {"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "0123456789", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"};
        StringBuilder all = new StringBuilder();
        List<String> kept = new ArrayList<>();
        for (String c : classes) {
            StringBuilder k = new StringBuilder();
            c.chars().filter(ch -> excludeCharacters.indexOf(ch) < 0).forEach(k::appendCodePoint);
            if (!k.isEmpty()) {
                kept.add(k.toString());
                all.append(k);
            }
        }
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            String pool = i < kept.size() ? kept.get(i) : all.toString(); // every included type at least once
            out[i] = pool.charAt(random.nextInt(pool.length()));
        }
        for (int i = length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            char t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return new String(out);
    }
}
