package io.citadel.core.access;

import io.citadel.core.policy.ConditionKeys;
import io.citadel.core.policy.PolicyDocument;
import java.util.Objects;

/**
 * What a service asks the policy engine about one operation: the action ({@code iam:CreateUser}),
 * the resource ARN ({@code *} when the action has none), the resource's own policy and owner when it
 * has one (key policies, secret policies, bus policies), and the service's own condition keys.
 *
 * @param resourcePolicyIsPrimary KMS key policies: identity policies count only where the resource
 *                                policy allows the account
 */
public record Authorization(String action, String resource, PolicyDocument resourcePolicy, String resourceAccount,
                            boolean resourcePolicyIsPrimary, ConditionKeys serviceKeys) {

    public Authorization {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        if (resourcePolicy != null) {
            Objects.requireNonNull(resourceAccount, "resourceAccount");
        }
        serviceKeys = serviceKeys == null ? builder -> { } : serviceKeys;
    }

    /** An action on a resource that has no policy of its own. */
    public static Authorization of(String action, String resource) {
        return new Authorization(action, resource, null, null, false, null);
    }
}
