package io.citadel.identity;

import io.citadel.core.RequestContext;
import io.citadel.core.access.Access;
import io.citadel.core.access.AccessDeniedException;
import io.citadel.core.access.Authorization;
import io.citadel.core.policy.AuthorizationRequest;
import io.citadel.core.policy.Decision;
import io.citadel.core.policy.PolicyEvaluator;
import io.citadel.core.policy.PolicySet;
import java.util.Objects;

/**
 * The authorization layer: evaluates one operation against the caller's identity policies (from
 * {@link IdentityService#policiesFor}, cached there), its permissions boundary and session policies,
 * and the resource's own policy, with AWS's global condition keys taken from the request. A denial
 * says who, what, on which resource and why, in AWS's words.
 */
public final class PolicyAccess implements Access {

    private final IdentityService identity;

    public PolicyAccess(IdentityService identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    @Override
    public AccessDeniedException denied(RequestContext context, Authorization authorization, Decision decision) {
        return new AccessDeniedException(message(context, authorization, decision));
    }

    /** The engine's decision for one operation, without throwing. */
    @Override
    public Decision decide(RequestContext context, Authorization authorization) {
        context.touched().add(authorization.resource());
        PrincipalPolicies policies = identity.policiesFor(context.principal());
        AuthorizationRequest.Builder request = AuthorizationRequest.builder(authorization.action(),
                        authorization.resource(), policies.principal())
                .secureTransport(context.secureTransport())
                .currentTime(context.receivedAt())
                .requestedRegion(context.region());
        if (context.sourceIp() != null) {
            request.sourceIp(context.sourceIp());
        }
        request.with(authorization.serviceKeys());
        PolicySet.Builder set = policies.policySet();
        if (authorization.resourcePolicy() != null) {
            set.resourcePolicy(authorization.resourcePolicy(), authorization.resourceAccount());
        } else if (authorization.resourceAccount() != null) {
            set.resourceAccount(authorization.resourceAccount());
        }
        set.resourcePolicyIsPrimary(authorization.resourcePolicyIsPrimary());
        return PolicyEvaluator.evaluate(request.build(), set.build());
    }

    /**
     * AWS's wording: {@code User: ARN is not authorized to perform: ACTION on resource: RESOURCE}
     * followed by {@code because no <policy type> allows the ACTION action} (implicit deny) or
     * {@code with an explicit deny in a <policy type>}.
     */
    static String message(RequestContext context, Authorization authorization, Decision decision) {
        String head = "User: " + context.principal().arn() + " is not authorized to perform: " + authorization.action()
                + " on resource: " + authorization.resource();
        if (decision.outcome() == Decision.Outcome.EXPLICIT_DENY) {
            String where = switch (decision.decidedBy().source()) {
                case IDENTITY -> "an identity-based policy";
                case RESOURCE -> "a resource-based policy";
                case PERMISSIONS_BOUNDARY -> "a permissions boundary";
                case SESSION -> "a session policy";
            };
            return head + " with an explicit deny in " + where;
        }
        return head + " because no " + missingAllow(decision) + " allows the " + authorization.action()
                + " action";
    }

    /** Which kind of policy failed to allow, read from the engine's fixed reason text. */
    private static String missingAllow(Decision decision) {
        String reason = decision.reason() == null ? "" : decision.reason();
        if (reason.contains("resource policy does not allow")) {
            return "resource-based policy";
        }
        if (reason.contains("permissions boundary")) {
            return "permissions boundary";
        }
        if (reason.contains("session policy")) {
            return "session policy";
        }
        return "identity-based policy";
    }
}
