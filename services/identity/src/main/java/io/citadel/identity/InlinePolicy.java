package io.citadel.identity;

import java.util.Objects;

/** A policy embedded in one user, group or role, as the caller wrote it. */
public record InlinePolicy(String policyName, String document) {

    public InlinePolicy {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(document, "document");
    }
}
