package io.citadel.identity;

import io.citadel.core.AccountId;
import java.time.Instant;
import java.util.Objects;

/** An AWS account: a 12-digit namespace with a root user. */
public record Account(String id, String name, Instant createdAt) {

    public Account {
        AccountId.requireValid(id);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
