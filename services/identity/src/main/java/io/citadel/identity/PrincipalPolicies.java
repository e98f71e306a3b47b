package io.citadel.identity;

import io.citadel.core.policy.PolicyDocument;
import io.citadel.core.policy.PolicySet;
import io.citadel.core.policy.RequestPrincipal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the policy engine needs about one caller: the caller as policies see it (ARNs, ids,
 * tags), its identity-based policies (a user's inline and attached policies and those of its
 * groups; a role's for a role session), its permissions boundary (null: none), and the session
 * policies passed to AssumeRole (empty: none). Documents are parsed and labelled (policy name or
 * ARN), immutable and shareable.
 */
public record PrincipalPolicies(RequestPrincipal principal, List<PolicyDocument> identityPolicies,
                                PolicyDocument permissionsBoundary, List<PolicyDocument> sessionPolicies) {

    public PrincipalPolicies {
        Objects.requireNonNull(principal, "principal");
        identityPolicies = List.copyOf(identityPolicies);
        sessionPolicies = List.copyOf(sessionPolicies);
    }

    /** The principal's tags ({@code aws:PrincipalTag/...}): user or role tags, with session tags over them. */
    public Map<String, String> tags() {
        return principal.tags();
    }

    /** A policy set builder with this caller's identity policies, boundary and session policies filled in. */
    public PolicySet.Builder policySet() {
        PolicySet.Builder builder = PolicySet.builder().identity(identityPolicies).sessionPolicies(sessionPolicies);
        if (permissionsBoundary != null) {
            builder.permissionsBoundary(permissionsBoundary);
        }
        return builder;
    }
}
