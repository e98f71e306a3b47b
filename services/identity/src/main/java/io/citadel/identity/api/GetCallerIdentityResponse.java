package io.citadel.identity.api;

/** STS GetCallerIdentityResponse: members UserId, Account, Arn. */
public record GetCallerIdentityResponse(String userId, String account, String arn) {
}
