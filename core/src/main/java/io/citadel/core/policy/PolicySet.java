package io.citadel.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every policy that applies to one request, plus how to combine them.
 *
 * @param identityPolicies the principal's identity-based policies (user inline + managed + its
 *     groups', or the role's); ignored for the root user and service principals
 * @param resourcePolicy the resource-based policy (key policy, secret policy), or null
 * @param resourceAccount the account that owns the resource; null means the principal's account
 * @param permissionsBoundary the principal's permissions boundary, or null
 * @param sessionPolicies policies passed when the session was created; empty means none passed
 * @param resourcePolicyIsPrimary KMS mode: the resource policy is the primary authority, so identity
 *     policies count only where it allows the principal's account, and without it even root is denied
 */
public record PolicySet(List<PolicyDocument> identityPolicies, PolicyDocument resourcePolicy, String resourceAccount,
                        PolicyDocument permissionsBoundary, List<PolicyDocument> sessionPolicies,
                        boolean resourcePolicyIsPrimary) {

    public PolicySet {
        identityPolicies = List.copyOf(identityPolicies);
        sessionPolicies = List.copyOf(sessionPolicies);
        if (resourcePolicyIsPrimary) {
            Objects.requireNonNull(resourcePolicy, "resourcePolicy (required when it is primary)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Identity-based policies only: the usual check for an IAM API call in the caller's account. */
    public static PolicySet identity(List<PolicyDocument> policies) {
        return builder().identity(policies).build();
    }

    public static final class Builder {

        private final List<PolicyDocument> identity = new ArrayList<>();
        private final List<PolicyDocument> session = new ArrayList<>();
        private PolicyDocument resourcePolicy;
        private String resourceAccount;
        private PolicyDocument boundary;
        private boolean primary;

        private Builder() {
        }

        public Builder identity(PolicyDocument... policies) {
            identity.addAll(List.of(policies));
            return this;
        }

        public Builder identity(List<PolicyDocument> policies) {
            identity.addAll(policies);
            return this;
        }

        /** The resource-based policy and the account owning the resource. */
        public Builder resourcePolicy(PolicyDocument policy, String ownerAccount) {
            this.resourcePolicy = policy;
            this.resourceAccount = ownerAccount;
            return this;
        }

        /** The account owning the resource when it has no resource-based policy. */
        public Builder resourceAccount(String ownerAccount) {
            this.resourceAccount = ownerAccount;
            return this;
        }

        public Builder permissionsBoundary(PolicyDocument policy) {
            this.boundary = policy;
            return this;
        }

        public Builder sessionPolicies(PolicyDocument... policies) {
            session.addAll(List.of(policies));
            return this;
        }

        public Builder sessionPolicies(List<PolicyDocument> policies) {
            session.addAll(policies);
            return this;
        }

        /** KMS key policy semantics; see {@link PolicySet#resourcePolicyIsPrimary()}. */
        public Builder resourcePolicyIsPrimary(boolean primary) {
            this.primary = primary;
            return this;
        }

        public PolicySet build() {
            return new PolicySet(identity, resourcePolicy, resourceAccount, boundary, session, primary);
        }
    }
}
