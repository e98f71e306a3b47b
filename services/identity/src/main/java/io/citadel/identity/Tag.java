package io.citadel.identity;

import io.citadel.core.ServiceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** A tag on a user, role, policy or session. IAM compares tag keys ignoring case. */
public record Tag(String key, String value) {

    /** AWS's limit on tags per IAM resource and per session. */
    public static final int MAX_TAGS = 50;
    private static final Pattern KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    private static final Pattern VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    public Tag {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** Checks keys and values as IAM does: 1..128 / 0..256 characters, the tag alphabet, no "aws:" keys, no duplicates. */
    public static List<Tag> requireValid(List<Tag> tags) {
        if (tags == null) {
            return List.of();
        }
        Map<String, Tag> seen = new LinkedHashMap<>();
        for (Tag tag : tags) {
            if (tag == null || tag.key() == null) {
                throw IdentityErrors.validation("1 validation error detected: Value null at 'tags.member.key' "
                        + "failed to satisfy constraint: Member must not be null");
            }
            String value = tag.value() == null ? "" : tag.value();
            if (tag.key().isEmpty() || tag.key().length() > 128) {
                throw Names.lengthError("tags.member.key", tag.key(), 1, 128);
            }
            if (!KEY.matcher(tag.key()).matches()) {
                throw Names.patternError("tags.member.key", tag.key(), KEY.pattern());
            }
            if (value.length() > 256) {
                throw Names.lengthError("tags.member.value", value, 0, 256);
            }
            if (!VALUE.matcher(value).matches()) {
                throw Names.patternError("tags.member.value", value, VALUE.pattern());
            }
            if (tag.key().toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw IdentityErrors.invalidInput("User-defined tags cannot start with the prefix 'aws:'.");
            }
            if (seen.put(tag.key().toLowerCase(Locale.ROOT), new Tag(tag.key(), value)) != null) {
                throw IdentityErrors.invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
        }
        return List.copyOf(seen.values());
    }

    /** {@code existing} with {@code added} applied (same key ignoring case: replaced), at most {@link #MAX_TAGS}. */
    public static List<Tag> merge(List<Tag> existing, List<Tag> added) {
        Map<String, Tag> merged = new LinkedHashMap<>();
        for (Tag t : existing) {
            merged.put(t.key().toLowerCase(Locale.ROOT), t);
        }
        for (Tag t : requireValid(added)) {
            merged.remove(t.key().toLowerCase(Locale.ROOT));
            merged.put(t.key().toLowerCase(Locale.ROOT), t);
        }
        if (merged.size() > MAX_TAGS) {
            throw limit();
        }
        return List.copyOf(merged.values());
    }

    public static List<Tag> remove(List<Tag> existing, List<String> keys) {
        List<String> lowered = keys == null ? List.of() : keys.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        List<Tag> out = new ArrayList<>();
        for (Tag t : existing) {
            if (!lowered.contains(t.key().toLowerCase(Locale.ROOT))) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    static ServiceException limit() {
        return IdentityErrors.limitExceeded("The number of tags has reached the maximum limit.");
    }

    public static Map<String, String> asMap(List<Tag> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        tags.forEach(t -> out.put(t.key(), t.value()));
        return out;
    }
}
