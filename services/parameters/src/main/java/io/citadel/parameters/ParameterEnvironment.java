package io.citadel.parameters;

import io.citadel.core.RequestContext;
import io.citadel.core.access.Access;
import io.citadel.storage.Storage;
import java.time.InstantSource;

/** What the parts of Parameter Store share: storage, clock, the policy engine, KMS for SecureString, the limits. */
final class ParameterEnvironment {

    final Storage storage;
    final InstantSource clock;
    final Access access;
    final SecureValues secure;
    final ParameterLimits limits;

    ParameterEnvironment(Storage storage, InstantSource clock, Access access, SecureValues secure, ParameterLimits limits) {
        this.storage = storage;
        this.clock = clock;
        this.access = access;
        this.secure = secure;
        this.limits = limits;
    }

    static String account(RequestContext ctx) {
        return ctx.principal().accountId();
    }

    String arn(RequestContext ctx, String name) {
        return ParameterNames.arn(ctx.region(), account(ctx), name);
    }

    void require(RequestContext ctx, String operation, String resource) {
        access.require(ctx, "ssm:" + operation, resource);
    }
}
