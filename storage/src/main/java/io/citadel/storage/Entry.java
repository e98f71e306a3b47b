package io.citadel.storage;

import java.util.Objects;

/** One key and its value, as a scan returns them. The value array belongs to the caller. */
public record Entry(String key, byte[] value) {

    public Entry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
