package io.citadel.identity;

import java.time.Instant;
import java.util.Objects;

/** One version (v1, v2, ...) of a managed policy's document, as the caller wrote it. */
public record PolicyVersion(String versionId, String document, Instant createdAt) {

    public PolicyVersion {
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    int number() {
        return Integer.parseInt(versionId.substring(1));
    }
}
