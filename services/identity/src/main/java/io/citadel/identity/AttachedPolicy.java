package io.citadel.identity;

import java.util.Objects;

/** A managed policy attached to a user, group or role. */
public record AttachedPolicy(String policyName, String policyArn) {

    public AttachedPolicy {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(policyArn, "policyArn");
    }
}
