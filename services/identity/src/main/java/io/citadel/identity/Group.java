package io.citadel.identity;

import io.citadel.core.AccountId;
import java.time.Instant;
import java.util.Objects;

/** An IAM group; {@code groupId} is its AGPA... id. */
public record Group(String accountId, String name, String path, String groupId, Instant createdAt) {

    public Group {
        AccountId.requireValid(accountId);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public String arn() {
        return "arn:aws:iam::" + accountId + ":group" + path + name;
    }
}
