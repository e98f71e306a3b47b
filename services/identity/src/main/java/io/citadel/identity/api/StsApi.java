package io.citadel.identity.api;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
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

/** The STS operation table (query protocol, API version 2011-06-15). */
public final class StsApi {

    public static final WireProtocol.Query PROTOCOL =
            new WireProtocol.Query("2011-06-15", "https://sts.amazonaws.com/doc/2011-06-15/");

    private StsApi() {
    }

    /** GetCallerIdentity only; kept until the wiring passes the identity service to {@link #create(IdentityService)}. */
    public static ServiceApi create() {
        return ServiceApi.of("sts", PROTOCOL, List.of(
                new Operation<>("GetCallerIdentity", GetCallerIdentityRequest.class, StsApi::getCallerIdentity)));
    }

    public static ServiceApi create(IdentityService identity) {
        SecurityTokens sts = identity.sts();
        return ServiceApi.of("sts", PROTOCOL, List.of(
                new Operation<>("GetCallerIdentity", GetCallerIdentityRequest.class, StsApi::getCallerIdentity),
                new Operation<>("AssumeRole", AssumeRoleRequest.class, false, (c, r) -> assumeRole(sts, c, r)),
                new Operation<>("GetSessionToken", GetSessionTokenRequest.class, false, (c, r) ->
                        new GetSessionTokenResponse(credentials(sts.sessionToken(c.principal(), r.durationSeconds()).credential()))),
                new Operation<>("GetAccessKeyInfo", GetAccessKeyInfoRequest.class, (c, r) ->
                        new GetAccessKeyInfoResponse(sts.accountOfAccessKey(r.accessKeyId())))));
    }

    static GetCallerIdentityResponse getCallerIdentity(RequestContext context, GetCallerIdentityRequest request) {
        Principal p = context.principal();
        return new GetCallerIdentityResponse(p.userId(), p.accountId(), p.arn());
    }

    static AssumeRoleResponse assumeRole(SecurityTokens sts, RequestContext context, AssumeRoleRequest r) {
        SecurityTokens.Issued issued = sts.assumeRole(context, new SecurityTokens.AssumeRoleInput(r.roleArn(),
                r.roleSessionName(), r.durationSeconds(), r.externalId(), r.policy(),
                r.policyArns() == null ? null : r.policyArns().stream().map(StsShapes.PolicyDescriptorType::arn).toList(),
                r.tags() == null ? null : r.tags().stream().map(t -> t == null ? null
                        : new io.citadel.identity.Tag(t.key() == null ? "" : t.key(), t.value() == null ? "" : t.value())).toList(),
                r.transitiveTagKeys()));
        return new AssumeRoleResponse(credentials(issued.credential()),
                new AssumedRoleUser(issued.assumedRoleId(), issued.assumedRoleArn()), issued.packedPolicySize());
    }

    private static Credentials credentials(TemporaryCredential c) {
        return new Credentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    }
}
