package io.citadel.core.access;

import io.citadel.core.RequestContext;

/**
 * The one question every service asks once per operation: may this caller do this? Answers by
 * returning, or throws {@link AccessDeniedException} naming the caller, the action, the resource
 * and why (as AWS words it).
 */
public interface Access {

    void require(RequestContext context, Authorization authorization);

    default void require(RequestContext context, String action, String resource) {
        require(context, Authorization.of(action, resource));
    }
}
