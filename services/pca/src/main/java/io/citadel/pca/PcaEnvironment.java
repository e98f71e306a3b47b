package io.citadel.pca;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.access.Access;
import io.citadel.core.access.Authorization;
import io.citadel.core.crypto.pki.CertificateSigner;
import io.citadel.core.crypto.pki.Certificates;
import io.citadel.core.policy.PolicyDocument;
import io.citadel.core.policy.PolicyKind;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the parts of ACM PCA share: storage, clock, randomness, the policy engine, the settings, ARN parsing and CA signers. */
final class PcaEnvironment {

    private static final Pattern CA_ARN = Pattern.compile(
            "arn:aws:acm-pca:([a-z0-9-]+):([0-9]{12}):certificate-authority/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    final Storage storage;
    final InstantSource clock;
    final SecureRandom random;
    final Access access;
    final PcaSettings settings;
    final KmsKeys kmsKeys;
    final CaKeyCache caKeys;
    private final Map<String, PolicyDocument> parsedPolicies = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PolicyDocument> eldest) {
            return size() > 1_000;
        }
    };

    /** A parsed CA ARN. */
    record CaArn(String region, String account, String id) {
    }

    PcaEnvironment(Storage storage, InstantSource clock, SecureRandom random, Access access, PcaSettings settings, KmsKeys kmsKeys) {
        this.kmsKeys = kmsKeys;
        this.storage = storage;
        this.clock = clock;
        this.random = random;
        this.access = access;
        this.settings = settings;
        this.caKeys = new CaKeyCache(random);
    }

    Instant now() {
        return clock.instant();
    }

    static CaArn parseArn(String arn) {
        Matcher m = arn == null ? null : CA_ARN.matcher(arn);
        if (m == null || !m.matches()) {
            throw PcaErrors.error(PcaErrors.INVALID_ARN, "CertificateAuthorityArn: " + arn
                    + " (expected: arn:aws:acm-pca:<region>:<account>:certificate-authority/<uuid>)");
        }
        return new CaArn(m.group(1), m.group(2), m.group(3));
    }

    static String arn(String region, String account, String id) {
        return "arn:aws:acm-pca:" + region + ":" + account + ":certificate-authority/" + id;
    }

    /** The CA an ARN names in the caller's region, not yet authorized. */
    StoredAuthority find(Transaction tx, RequestContext ctx, String arn) {
        CaArn parsed = parseArn(arn);
        if (!parsed.region().equals(ctx.region())) {
            throw PcaErrors.caNotFound(arn);
        }
        return PcaRepository.authority(tx, parsed.account(), parsed.region(), parsed.id()).orElseThrow(() -> PcaErrors.caNotFound(arn));
    }

    /** Requires {@code acm-pca:<operation>} on the CA: identity policies, and its resource policy (cross-account needs it). */
    void require(RequestContext ctx, String operation, StoredAuthority ca) {
        PolicyDocument policy = ca.policy() == null ? null : parsed(ca.policy());
        access.require(ctx, new Authorization("acm-pca:" + operation, ca.arn(), policy, ca.account(), false,
                request -> request.resourceTags(ca.tags())));
    }

    void requireWithoutAuthority(RequestContext ctx, String operation) {
        access.require(ctx, Authorization.of("acm-pca:" + operation, "*"));
    }

    synchronized PolicyDocument parsed(String policy) {
        return parsedPolicies.computeIfAbsent(policy, p -> PolicyDocument.parse(p, PolicyKind.RESOURCE));
    }

    /**
     * The CA as an issuer: its name, public key and a signer over its private key (unsealed once into {@link CaKeyCache}),
     * or through KMS Sign for the owning account when the key is in KMS.
     */
    Certificates.Issuer issuer(Transaction tx, StoredAuthority ca, String signingAlgorithm) {
        var scheme = Algorithms.schemeFor(ca.keyAlgorithm(), signingAlgorithm);
        CertificateSigner signer = ca.kmsKeyArn() != null
                ? kmsKeys.signer(serviceContext(ca.account(), ca.region(), "Sign", now()), ca.kmsKeyArn(), ca.publicKey(),
                        Algorithms.keyType(ca.keyAlgorithm()), scheme)
                : caKeys.signer(ca, scheme, () -> PcaRepository.key(tx, ca));
        return new Certificates.Issuer(ca.issuerName(), ca.publicKey(), signer);
    }

    /** Where the CA's CRL is served: the CA's CustomCname if set, else the node's public base URL. */
    String crlUrl(StoredAuthority ca) {
        String cname = ca.revocation().crlCustomCname();
        String base = cname != null && !cname.isEmpty() ? "http://" + cname : settings.publicBaseUrl().get();
        return stripSlash(base) + "/pca/crl/" + ca.id() + ".crl";
    }

    String ocspUrl(StoredAuthority ca) {
        String cname = ca.revocation().ocspCustomCname();
        String base = cname != null && !cname.isEmpty() ? "http://" + cname : settings.publicBaseUrl().get();
        return stripSlash(base) + "/pca/ocsp/" + ca.id();
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The context the service acts in for itself (purge): the owning account's root. */
    static RequestContext serviceContext(String account, String region, String operation, Instant now) {
        return new RequestContext("acm-pca-" + java.util.UUID.randomUUID(), now, null, "acm-pca.amazonaws.com", true,
                Principal.root(account, "ACMPCASERVICE"), region, "acm-pca", operation);
    }
}
