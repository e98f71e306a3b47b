package io.citadel.acm;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.access.Access;
import io.citadel.core.access.Authorization;
import io.citadel.storage.Storage;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the parts of ACM share: storage, clock, randomness, the policy engine, the issuing CA and the settings. */
final class AcmEnvironment {

    private static final Pattern ARN = Pattern.compile("arn:aws:acm:([a-z0-9-]+):(\\d{12}):certificate/([0-9a-f-]{36})");

    final Storage storage;
    final InstantSource clock;
    final SecureRandom random;
    final Access access;
    final CertificateIssuer issuer;
    final AcmSettings settings;

    AcmEnvironment(Storage storage, InstantSource clock, SecureRandom random, Access access, CertificateIssuer issuer, AcmSettings settings) {
        this.storage = storage;
        this.clock = clock;
        this.random = random;
        this.access = access;
        this.issuer = issuer;
        this.settings = settings;
    }

    Instant now() {
        return clock.instant();
    }

    static String arn(String region, String account, String id) {
        return "arn:aws:acm:" + region + ":" + account + ":certificate/" + id;
    }

    /** The id an ARN names in the caller's account and region; InvalidArnException when it is no certificate ARN. */
    static String idOf(RequestContext ctx, String arn) {
        Matcher m = ARN.matcher(arn);
        if (!m.matches()) {
            throw AcmErrors.error(AcmErrors.INVALID_ARN, "Certificate ARN " + arn
                    + " is not valid (expected: arn:aws:acm:<region>:<account>:certificate/<id>)");
        }
        if (!m.group(1).equals(ctx.region()) || !m.group(2).equals(ctx.principal().accountId())) {
            throw AcmErrors.notFound(arn);
        }
        return m.group(3);
    }

    /** The caller's certificate named by {@code arn}, not yet authorized. */
    StoredCertificate find(RequestContext ctx, String arn) {
        String id = idOf(ctx, arn);
        return CertificateRepository.find(storage, ctx.principal().accountId(), ctx.region(), id)
                .orElseThrow(() -> AcmErrors.notFound(arn));
    }

    /** Requires {@code acm:<operation>} on the certificate (identity policies, with its tags as aws:ResourceTag). */
    void require(RequestContext ctx, String operation, StoredCertificate c) {
        access.require(ctx, new Authorization("acm:" + operation, c.arn(), null, null, false, request -> request.resourceTags(c.tags())));
    }

    /** Requires an action on no certificate or one that does not exist yet. */
    void requireWithout(RequestContext ctx, String operation) {
        access.require(ctx, Authorization.of("acm:" + operation, "*"));
    }

    /** The context ACM acts in for itself (managed renewal, approvals): the owning account's root, in {@code region}. */
    static RequestContext serviceContext(String account, String region, String operation, Instant now) {
        return new RequestContext("acm-" + java.util.UUID.randomUUID(), now, null, "acm.amazonaws.com", true,
                Principal.root(account, "ACMSERVICE"), region, "acm", operation);
    }
}
