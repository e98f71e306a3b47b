package io.citadel.secrets;

import io.citadel.core.RequestContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TagResource and UntagResource: at most 50 tags, keys 1..128 and values 0..256 characters, the aws: prefix reserved. */
public final class SecretTags {

    private final SecretEnvironment env;
    private final SecretReplication replication;

    SecretTags(SecretEnvironment env, SecretReplication replication) {
        this.env = env;
        this.replication = replication;
    }

    static void check(Map<String, String> tags, int limit) {
        if (tags.size() > limit) {
            throw SecretErrors.error(SecretErrors.LIMIT_EXCEEDED, "Tags: " + tags.size() + " (expected: at most " + limit + " per secret)");
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (t.getKey() == null || t.getKey().isEmpty() || t.getKey().length() > 128) {
                throw SecretErrors.invalidParameter("Tag key: length " + (t.getKey() == null ? 0 : t.getKey().length()) + " (expected: 1..128)");
            }
            if (t.getKey().toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                throw SecretErrors.invalidParameter("Tag key " + t.getKey() + ": the prefix aws: is reserved for AWS use");
            }
            if (t.getValue() == null || t.getValue().length() > 256) {
                throw SecretErrors.invalidParameter("Tag value of " + t.getKey() + ": length " + (t.getValue() == null ? 0 : t.getValue().length())
                        + " (expected: 0..256)");
            }
        }
    }

    public void tag(RequestContext ctx, String secretId, Map<String, String> tags) {
        check(tags, env.limits.tags());
        StoredSecret secret = env.find(ctx, secretId);
        env.require(ctx, "TagResource", secret, request -> request.requestTags(tags));
        SecretWrites.requireWritable(secret);
        change(secret, current -> {
            Map<String, String> merged = new LinkedHashMap<>(current);
            merged.putAll(tags);
            check(merged, env.limits.tags());
            return merged;
        });
    }

    public void untag(RequestContext ctx, String secretId, List<String> keys) {
        StoredSecret secret = env.find(ctx, secretId);
        if (keys.stream().anyMatch(java.util.Objects::isNull)) {
            throw SecretErrors.invalidParameter("TagKeys: a key is null");
        }
        env.require(ctx, "UntagResource", secret, request -> request.put("aws:TagKeys", keys));
        SecretWrites.requireWritable(secret);
        change(secret, current -> {
            Map<String, String> left = new LinkedHashMap<>(current);
            keys.forEach(left::remove);
            return left;
        });
    }

    private void change(StoredSecret seen, java.util.function.UnaryOperator<Map<String, String>> edit) {
        env.storage.transaction(tx -> {
            StoredSecret fresh = SecretRepository.head(tx, seen.account(), seen.region(), seen.name())
                    .filter(s -> s.arn().equals(seen.arn())).orElseThrow(SecretErrors::notFound);
            StoredSecret.Builder b = fresh.edit().changed(env.now());
            b.tags = edit.apply(fresh.tags());
            StoredSecret updated = b.build();
            SecretRepository.putHead(tx, updated);
            replication.mirror(tx, updated, Map.of(), List.of());
            return null;
        });
    }
}
