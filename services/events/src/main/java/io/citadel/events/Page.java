package io.citadel.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/** One page of a listing; the token is the last name returned, encoded, so a listing resumes after it. */
public record Page<T>(List<T> items, String nextToken) {

    static <T> Page<T> of(List<T> sorted, Function<T, String> name, String namePrefix, Integer limit, String token) {
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > 100) {
            throw EventsErrors.validation("Limit: " + max + " (expected: 1..100)");
        }
        String after = decode(token);
        List<T> out = new ArrayList<>();
        String next = null;
        for (T item : sorted) {
            String n = name.apply(item);
            if ((namePrefix != null && !n.startsWith(namePrefix)) || (after != null && n.compareTo(after) <= 0)) {
                continue;
            }
            if (out.size() == max) {
                next = encode(name.apply(out.getLast()));
                break;
            }
            out.add(item);
        }
        return new Page<>(out, next);
    }

    private static String encode(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        if (token == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw EventsErrors.validation("The NextToken is not valid.");
        }
    }
}
