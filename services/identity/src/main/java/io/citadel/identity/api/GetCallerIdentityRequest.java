package io.citadel.identity.api;

/** STS GetCallerIdentity takes no members. */
public record GetCallerIdentityRequest() {
}
