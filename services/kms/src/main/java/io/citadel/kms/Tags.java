package io.citadel.kms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** KMS tag rules: keys 1-128 characters, values 0-256, at most 50 per key, no reserved {@code aws:} prefix. */
public final class Tags {

    static final int MAX_TAGS = 50;

    /** One tag as a request carries it. */
    public record Tag(String key, String value) {
    }

    private Tags() {
    }

    static Map<String, String> toMap(List<Tag> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tags == null) {
            return out;
        }
        for (Tag tag : tags) {
            check(tag);
            if (out.containsKey(tag.key())) {
                throw KmsErrors.error(KmsErrors.TAG, "Duplicate tag key: " + tag.key());
            }
            out.put(tag.key(), tag.value());
        }
        return out;
    }

    static void check(Tag tag) {
        if (tag.key() == null || tag.key().isEmpty() || tag.key().length() > 128) {
            throw KmsErrors.error(KmsErrors.TAG, "TagKey: length " + (tag.key() == null ? 0 : tag.key().length())
                    + " (expected: 1..128)");
        }
        if (tag.value() == null || tag.value().length() > 256) {
            throw KmsErrors.error(KmsErrors.TAG, "TagValue of " + tag.key() + ": "
                    + (tag.value() == null ? "missing" : "length " + tag.value().length()) + " (expected: 0..256 characters)");
        }
        if (tag.key().regionMatches(true, 0, "aws:", 0, 4)) {
            throw KmsErrors.error(KmsErrors.TAG, "Tags beginning with aws: are reserved (TagKey " + tag.key() + ")");
        }
    }

    static Map<String, String> merged(Map<String, String> current, Map<String, String> added) {
        Map<String, String> out = new LinkedHashMap<>(current);
        out.putAll(added);
        if (out.size() > MAX_TAGS) {
            throw KmsErrors.error(KmsErrors.LIMIT_EXCEEDED, "Tags: " + out.size() + " on the key (expected: at most " + MAX_TAGS + ")");
        }
        return out;
    }
}
