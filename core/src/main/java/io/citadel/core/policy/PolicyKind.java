package io.citadel.core.policy;

/**
 * Where a policy document is used, which decides the elements it must and must not have: identity
 * policies (attached to users, groups and roles, also permissions boundaries and session policies)
 * name no Principal; resource-based policies (key policies, secret policies) must; role trust
 * policies must name a Principal and have no Resource.
 */
public enum PolicyKind {
    IDENTITY,
    RESOURCE,
    TRUST,
    /** Grammar only: Principal and Resource optional. For tools that do not know the use. */
    ANY
}
