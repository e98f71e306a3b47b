package io.citadel.secrets;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.access.Access;
import io.citadel.core.access.Authorization;
import io.citadel.core.policy.ConditionKeys;
import io.citadel.core.policy.PolicyDocument;
import io.citadel.core.policy.PolicyKind;
import io.citadel.storage.Storage;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the parts of Secrets Manager share: storage, clock, randomness, the policy engine, KMS, the limits. */
final class SecretEnvironment {

    final Storage storage;
    final InstantSource clock;
    final SecureRandom random;
    final Access access;
    final SecretCrypto crypto;
    final SecretLimits limits;
    private final Map<String, PolicyDocument> parsedPolicies = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PolicyDocument> eldest) {
            return size() > 10_000;
        }
    };

    SecretEnvironment(Storage storage, InstantSource clock, SecureRandom random, Access access, SecretCrypto crypto, SecretLimits limits) {
        this.storage = storage;
        this.clock = clock;
        this.random = random;
        this.access = access;
        this.crypto = crypto;
        this.limits = limits;
    }

    Instant now() {
        return clock.instant();
    }

    /** A resolved secret, not yet authorized. */
    StoredSecret find(RequestContext ctx, String secretId) {
        SecretNames.Id id = SecretNames.parse(secretId, ctx.region(), ctx.principal().accountId());
        return SecretRepository.find(storage::get, id, ctx.region()).orElseThrow(SecretErrors::notFound);
    }

    Optional<StoredSecret> findOptional(RequestContext ctx, String secretId) {
        SecretNames.Id id = SecretNames.parse(secretId, ctx.region(), ctx.principal().accountId());
        return SecretRepository.find(storage::get, id, ctx.region());
    }

    /** Requires {@code secretsmanager:<operation>} on the secret: identity policies and its resource policy (cross-account needs both). */
    void require(RequestContext ctx, String operation, StoredSecret secret, ConditionKeys extra) {
        PolicyDocument policy = secret.policy() == null ? null : parsed(secret.policy());
        access.require(ctx, new Authorization("secretsmanager:" + operation, secret.arn(), policy, secret.account(), false, request -> {
            request.put("secretsmanager:SecretId", secret.arn());
            request.resourceTags(secret.tags());
            if (extra != null) {
                extra.addTo(request);
            }
        }));
    }

    /** Requires an action on a secret that does not exist yet, or on no secret at all: identity policies only. */
    void requireWithoutSecret(RequestContext ctx, String operation, String resource, ConditionKeys extra) {
        access.require(ctx, new Authorization("secretsmanager:" + operation, resource, null, null, false, extra));
    }

    synchronized PolicyDocument parsed(String policy) {
        return parsedPolicies.computeIfAbsent(policy, p -> PolicyDocument.parse(p, PolicyKind.RESOURCE));
    }

    /** The context the service acts in for itself (rotation, replication, purge): the owning account's root, in {@code region}. */
    static RequestContext serviceContext(String account, String region, String operation, Instant now) {
        return new RequestContext("secretsmanager-" + java.util.UUID.randomUUID(), now, null, "secretsmanager.amazonaws.com", true,
                Principal.root(account, "SECRETSMANAGERSERVICE"), region, "secretsmanager", operation);
    }

    /** The caller's context in another region (a replica's KMS calls). */
    static RequestContext inRegion(RequestContext ctx, String region) {
        return new RequestContext(ctx.requestId(), ctx.receivedAt(), ctx.sourceIp(), ctx.userAgent(), ctx.secureTransport(),
                ctx.principal(), region, ctx.service(), ctx.operation(), ctx.touched());
    }
}
