package io.citadel.identity.api;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
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

    public static ServiceApi create() {
        return ServiceApi.of("sts", PROTOCOL, List.of(
                new Operation<>("GetCallerIdentity", GetCallerIdentityRequest.class, StsApi::getCallerIdentity)));
    }

    static GetCallerIdentityResponse getCallerIdentity(RequestContext context, GetCallerIdentityRequest request) {
        Principal p = context.principal();
        return new GetCallerIdentityResponse(p.userId(), p.accountId(), p.arn());
    }
}
