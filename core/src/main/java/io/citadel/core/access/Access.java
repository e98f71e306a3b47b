package io.citadel.core.access;

import io.citadel.core.RequestContext;
import io.citadel.core.policy.Decision;

/**
 * The one question every service asks once per operation: may this caller do this? {@link #require}
 * answers by returning, or throws {@link AccessDeniedException} naming the caller, the action, the
 * resource and why (as AWS words it). Services with a second source of permission (KMS grants) ask
 * {@link #decide} and turn a denial into an exception with {@link #denied}.
 */
public interface Access {

    /** The policy engine's decision, without throwing; notes the resource as touched by the request. */
    Decision decide(RequestContext context, Authorization authorization);

    /** The exception that reports {@code decision} (a denial) in AWS's words. */
    AccessDeniedException denied(RequestContext context, Authorization authorization, Decision decision);

    default void require(RequestContext context, Authorization authorization) {
        Decision decision = decide(context, authorization);
        if (!decision.isAllowed()) {
            throw denied(context, authorization, decision);
        }
    }

    default void require(RequestContext context, String action, String resource) {
        require(context, Authorization.of(action, resource));
    }
}
