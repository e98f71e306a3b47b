package io.citadel.kms;

import java.time.Instant;
import java.util.Objects;

/** An alias in one account and region: {@code alias/...} naming one key. */
record Alias(String aliasName, String targetKeyId, Instant creationDate, Instant lastUpdatedDate) {

    Alias {
        Objects.requireNonNull(aliasName, "aliasName");
        Objects.requireNonNull(targetKeyId, "targetKeyId");
    }

    String arn(String region, String accountId) {
        return "arn:aws:kms:" + region + ":" + accountId + ":" + aliasName;
    }
}
