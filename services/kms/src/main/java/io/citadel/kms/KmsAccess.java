package io.citadel.kms;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.access.Access;
import io.citadel.core.access.Authorization;
import io.citadel.core.policy.ConditionKeys;
import io.citadel.core.policy.Decision;
import io.citadel.storage.Storage;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * KMS authorization: the key policy (primary authority), the caller's identity policies and, when
 * those do not allow, the key's grants. Every decision sees the KMS condition keys: kms:CallerAccount,
 * kms:ViaService, kms:EncryptionContext:*, kms:KeySpec, kms:KeyUsage, kms:KeyOrigin, kms:MultiRegion,
 * kms:MultiRegionKeyType, kms:RequestAlias, kms:ResourceAliases and aws:ResourceTag/*, plus the
 * operation's own keys. An explicit deny is never overridden by a grant.
 */
final class KmsAccess {

    private final Access access;
    private final Storage storage;
    private final PolicyCache policies = new PolicyCache();

    KmsAccess(Access access, Storage storage) {
        this.access = Objects.requireNonNull(access, "access");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /**
     * Requires {@code kms:<operation>} on {@code key}, or a grant of {@code grantOperation} (null: no
     * grant can allow it) whose constraints admit {@code context}.
     */
    void require(RequestContext ctx, ResolvedKey resolved, String operation, String grantOperation, Call call,
                 Map<String, String> context, ConditionKeys extra) {
        require(ctx, resolved, operation, grantOperation, call, context, extra, grant -> true);
    }

    /** As above; a grant counts only if {@code grantFits} accepts it too (CreateGrant through a grant). */
    void require(RequestContext ctx, ResolvedKey resolved, String operation, String grantOperation, Call call,
                 Map<String, String> context, ConditionKeys extra, java.util.function.Predicate<Grant> grantFits) {
        KmsKey key = resolved.key();
        Authorization authorization = new Authorization("kms:" + operation, key.arn(), policies.get(key.policy()),
                key.accountId(), true, request -> {
            keys(ctx, resolved, call, context).addTo(request);
            if (extra != null) {
                extra.addTo(request);
            }
        });
        Decision decision = access.decide(ctx, authorization);
        if (decision.isAllowed()) {
            return;
        }
        if (decision.outcome() == Decision.Outcome.IMPLICIT_DENY && grantOperation != null
                && grantAllows(ctx, key, grantOperation, context, grantFits)) {
            return;
        }
        throw access.denied(ctx, authorization, decision);
    }

    /** Requires an action that has no key (CreateKey, ListKeys, ListAliases): identity policies only. */
    void requireWithoutKey(RequestContext ctx, String action, String resource, ConditionKeys extra) {
        access.require(ctx, new Authorization(action, resource, null, null, false, request -> {
            request.put("kms:CallerAccount", ctx.principal().accountId());
            if (extra != null) {
                extra.addTo(request);
            }
        }));
    }

    /** Whether {@code policy} lets the caller call PutKeyPolicy on {@code key} (the lockout safety check). */
    boolean policyAllowsPutKeyPolicy(RequestContext ctx, KmsKey key, String policy) {
        Authorization authorization = new Authorization("kms:PutKeyPolicy", key.arn(), policies.get(policy),
                key.accountId(), true, request -> request.put("kms:CallerAccount", ctx.principal().accountId()));
        return access.decide(ctx, authorization).isAllowed();
    }

    /** Parses a key policy, as CreateKey and PutKeyPolicy must before storing it. */
    void parse(String policy) {
        policies.get(policy);
    }

    private ConditionKeys keys(RequestContext ctx, ResolvedKey resolved, Call call, Map<String, String> context) {
        KmsKey key = resolved.key();
        return request -> {
            request.put("kms:CallerAccount", ctx.principal().accountId());
            request.put("kms:KeySpec", key.keySpec().name());
            request.put("kms:KeyUsage", key.keyUsage().name());
            request.put("kms:KeyOrigin", key.origin().name());
            request.put("kms:MultiRegion", Boolean.toString(key.multiRegion()));
            if (key.multiRegion()) {
                request.put("kms:MultiRegionKeyType", key.isPrimary() ? "PRIMARY" : "REPLICA");
            }
            if (call.isViaService()) {
                request.put("kms:ViaService", call.viaService());
            }
            if (resolved.requestAlias() != null) {
                request.put("kms:RequestAlias", resolved.requestAlias());
            }
            request.put("kms:ResourceAliases", resolved.aliases().get());
            if (context != null && !context.isEmpty()) {
                context.forEach((k, v) -> request.put("kms:EncryptionContext:" + k, v));
                request.put("kms:EncryptionContextKeys", List.copyOf(context.keySet()));
            }
            request.resourceTags(key.tags());
        };
    }

    private boolean grantAllows(RequestContext ctx, KmsKey key, String grantOperation, Map<String, String> context,
                                java.util.function.Predicate<Grant> grantFits) {
        List<Grant> grants = KeyStore.grants(storage.reads(), key.accountId(), key.region(), key.keyId());
        for (Grant grant : grants) {
            if (grant.operations().contains(grantOperation) && isGrantee(ctx.principal(), grant.granteePrincipal())
                    && grant.admits(context) && grantFits.test(grant)) {
                return true;
            }
        }
        return false;
    }

    /** A grantee is a principal ARN; a grant to a role also covers the role's sessions. */
    static boolean isGrantee(Principal caller, String grantee) {
        if (grantee.equals(caller.arn())) {
            return true;
        }
        String account = caller.accountId();
        if (caller.type() == Principal.Type.ASSUMED_ROLE) {
            String roleName = caller.arn().substring(caller.arn().indexOf("assumed-role/") + "assumed-role/".length(),
                    caller.arn().lastIndexOf('/'));
            return grantee.startsWith("arn:aws:iam::" + account + ":role/") && grantee.endsWith("/" + roleName);
        }
        return false;
    }

}
