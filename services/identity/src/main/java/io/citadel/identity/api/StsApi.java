package io.citadel.identity.api;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.access.Access;
import io.citadel.identity.IdentityService;
import io.citadel.identity.SecurityTokens;
import io.citadel.identity.TemporaryCredential;
import io.citadel.identity.api.StsShapes.AssumeRoleRequest;
import io.citadel.identity.api.StsShapes.AssumeRoleResponse;
import io.citadel.identity.api.StsShapes.AssumedRoleUser;
import io.citadel.identity.api.StsShapes.Credentials;
import io.citadel.identity.api.StsShapes.GetAccessKeyInfoRequest;
import io.citadel.identity.api.StsShapes.GetAccessKeyInfoResponse;
import io.citadel.identity.api.StsShapes.GetSessionTokenRequest;
import io.citadel.identity.api.StsShapes.GetSessionTokenResponse;
import io.citadel.protocol.Operation;
import io.citadel.protocol.ServiceApi;
import io.citadel.protocol.WireProtocol;
import java.util.List;
import java.util.Objects;

/** The STS operation table (query protocol, API version 2011-06-15). */
public final class StsApi {

    public static final WireProtocol.Query PROTOCOL =
            new WireProtocol.Query("2011-06-15", "https://sts.amazonaws.com/doc/2011-06-15/");

    private StsApi() {
    }

    /**
     * The STS operation table. GetCallerIdentity and GetSessionToken need no permission (AWS documents
     * that policies cannot control them); GetAccessKeyInfo requires sts:GetAccessKeyInfo on {@code *};
     * AssumeRole requires sts:AssumeRole on the role, judged together with the role's trust policy.
     */
    public static ServiceApi create(IdentityService identity, Access access) {
        Objects.requireNonNull(access, "access");
        SecurityTokens sts = identity.sts();
        return ServiceApi.of("sts", PROTOCOL, List.of(
                new Operation<>("GetCallerIdentity", GetCallerIdentityRequest.class, StsApi::getCallerIdentity),
                new Operation<>("AssumeRole", AssumeRoleRequest.class, false, (c, r) -> assumeRole(sts, access, c, r)),
                // AWS: "No permissions are required ... You cannot use policies to control authentication operations."
                new Operation<>("GetSessionToken", GetSessionTokenRequest.class, false, (c, r) ->
                        new GetSessionTokenResponse(credentials(sts.sessionToken(c.principal(), r.durationSeconds())
                                .credential()))),
                new Operation<>("GetAccessKeyInfo", GetAccessKeyInfoRequest.class, (c, r) -> {
                    access.require(c, "sts:GetAccessKeyInfo", "*");
                    return new GetAccessKeyInfoResponse(sts.accountOfAccessKey(r.accessKeyId()));
                })));
    }

    static GetCallerIdentityResponse getCallerIdentity(RequestContext context, GetCallerIdentityRequest request) {
        Principal p = context.principal();
        return new GetCallerIdentityResponse(p.userId(), p.accountId(), p.arn());
    }

    static AssumeRoleResponse assumeRole(SecurityTokens sts, Access access, RequestContext context, AssumeRoleRequest r) {
        SecurityTokens.Issued issued = sts.assumeRole(context, new SecurityTokens.AssumeRoleInput(r.roleArn(),
                r.roleSessionName(), r.durationSeconds(), r.externalId(), r.policy(),
                r.policyArns() == null ? null : r.policyArns().stream().map(StsShapes.PolicyDescriptorType::arn).toList(),
                r.tags() == null ? null : r.tags().stream().map(t -> t == null ? null
                        : new io.citadel.identity.Tag(t.key() == null ? "" : t.key(), t.value() == null ? "" : t.value())).toList(),
                r.transitiveTagKeys()), access);
        return new AssumeRoleResponse(credentials(issued.credential()),
                new AssumedRoleUser(issued.assumedRoleId(), issued.assumedRoleArn()), issued.packedPolicySize());
    }

    private static Credentials credentials(TemporaryCredential c) {
        return new Credentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    }
}
