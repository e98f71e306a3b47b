package io.citadel.events;

import java.util.Map;
import java.util.TreeMap;

/** Tag rules shared by buses and rules: at most 50, keys 1..128 chars not starting with aws:, values up to 256 chars. */
final class Tags {

    static final int MAX = 50;

    private Tags() {
    }

    static Map<String, String> checked(Map<String, String> tags) {
        if (tags == null) {
            return Map.of();
        }
        if (tags.size() > MAX) {
            throw EventsErrors.limit("A resource can have at most " + MAX + " tags: " + tags.size());
        }
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (e.getKey().regionMatches(true, 0, "aws:", 0, 4)) {
                throw EventsErrors.validation("Tag key " + e.getKey() + " is not valid: the aws: prefix is reserved.");
            }
        }
        return new TreeMap<>(tags);
    }
}
