package io.citadel.identity;

import java.util.List;

/** One page of an IAM List* answer; {@code marker} (null when not truncated) continues it. */
public record Page<T>(List<T> items, boolean truncated, String marker) {

    public Page {
        items = List.copyOf(items);
    }
}
