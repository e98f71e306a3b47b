package io.citadel.pca;

import io.citadel.core.RequestContext;
import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.pki.CertificateRequests;
import io.citadel.core.crypto.pki.CertificateSigner;
import io.citadel.core.crypto.pki.DistinguishedNames;
import io.citadel.core.json.StoredJson;
import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Entry;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Transaction;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The lifecycle of a certificate authority: create (key pair and CSR), describe, list, the CSR, importing the CA's
 * certificate (PENDING_CERTIFICATE to ACTIVE), its certificate and chain, update (ACTIVE/DISABLED, revocation),
 * delete with a restore window, restore, and the purge job after the window.
 */
public final class Authorities {

    /** How long an idempotency token of CreateCertificateAuthority names the same CA (AWS: five minutes). */
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofMinutes(5);

    private final PcaEnvironment env;
    private final Revocation revocation;

    /** CreateCertificateAuthority's input, after the wire's model checks. */
    public record CreateInput(String type, String keyAlgorithm, String signingAlgorithm, List<DistinguishedNames.Attribute> subject,
                              RevocationInput revocation, String idempotencyToken, Map<String, String> tags, String usageMode,
                              String keyStorageSecurityStandard) {
    }

    /** RevocationConfiguration as the request gives it (null members absent). */
    public record RevocationInput(Boolean crlEnabled, Integer crlExpirationInDays, String crlCustomCname, String crlS3BucketName,
                                  String crlS3ObjectAcl, Boolean crlOmitExtension, String crlType, String crlCustomPath,
                                  Boolean ocspEnabled, String ocspCustomCname) {
    }

    /** A page of CAs. */
    public record Page(List<View> items, String nextToken) {
    }

    /** What Describe and List show of a CA (no key material). */
    public record View(String arn, String ownerAccount, Instant createdAt, Instant lastStateChangeAt, String type, String serial,
                       String status, Instant notBefore, Instant notAfter, String keyAlgorithm, String signingAlgorithm,
                       List<DistinguishedNames.Attribute> subject, RevocationInput revocation,
                       Instant restorableUntil, String keyStorageSecurityStandard, String usageMode) {
    }

    /** A CA's certificate and the chain above it, PEM. */
    public record CaCertificate(String certificate, String chain) {
    }

    Authorities(PcaEnvironment env, Revocation revocation) {
        this.env = env;
        this.revocation = revocation;
    }

    public String create(RequestContext ctx, CreateInput in) {
        env.requireWithoutAuthority(ctx, "CreateCertificateAuthority");
        StoredAuthority.Type type = StoredAuthority.Type.valueOf(in.type());
        var scheme = Algorithms.schemeFor(in.keyAlgorithm(), in.signingAlgorithm());
        if (in.subject().isEmpty()) {
            throw PcaErrors.invalidArgs("Subject: no attribute given (expected: at least one, e.g. CommonName)");
        }
        byte[] subjectDer;
        try {
            subjectDer = DistinguishedNames.encode(in.subject());
        } catch (IllegalArgumentException e) {
            throw PcaErrors.invalidArgs("Subject: " + e.getMessage());
        }
        StoredAuthority.RevocationSettings settings = revocationSettings(in.revocation());
        if (in.tags() != null && in.tags().size() > 50) {
            throw PcaErrors.error(PcaErrors.TOO_MANY_TAGS, "Tags: " + in.tags().size() + " (expected: at most 50)");
        }
        String account = ctx.principal().accountId();
        String region = ctx.region();
        Instant now = env.now();
        if (in.idempotencyToken() != null) {
            Optional<String> earlier = env.storage.transaction(tx -> PcaRepository.idempotency(tx, account, region, "ca", in.idempotencyToken())
                    .filter(i -> i.at().plus(IDEMPOTENCY_WINDOW).isAfter(now)).map(PcaRepository.Idempotency::arn));
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        String kmsKeyId = in.tags() == null ? null : in.tags().get(KmsKeys.TAG);
        AsymmetricKeyPair pair = null;
        KmsKeys.Bound kmsKey = null;
        byte[] publicKey;
        byte[] csr;
        if (kmsKeyId != null) {
            // the creator proves it may use the key: GetPublicKey and the CSR's Sign run as the caller
            kmsKey = env.kmsKeys.bind(ctx, kmsKeyId, in.keyAlgorithm());
            publicKey = kmsKey.publicKey();
            csr = CertificateRequests.create(subjectDer, publicKey, List.of(), env.kmsKeys.signer(ctx, kmsKey.keyArn(), publicKey,
                    Algorithms.keyType(in.keyAlgorithm()), scheme));
        } else {
            // key generation (seconds for RSA 4096) stays outside the transaction, which may be retried
            pair = KeyPairs.generate(Algorithms.keyType(in.keyAlgorithm()), env.random);
            publicKey = pair.publicSpki();
            csr = CertificateRequests.create(subjectDer, publicKey, List.of(),
                    CertificateSigner.ofPrivateKey(scheme, pair.privatePkcs8(), env.random));
        }
        AsymmetricKeyPair localKey = pair;
        String id = UUID.randomUUID().toString();
        StoredAuthority ca = new StoredAuthority(id, PcaEnvironment.arn(region, account, id), account, region, type,
                StoredAuthority.Status.PENDING_CERTIFICATE, now, now, in.keyAlgorithm(), in.signingAlgorithm(), in.subject(),
                publicKey, csr, null, List.of(), null, null, null, settings, in.tags(), null, List.of(), null, null,
                in.usageMode() == null ? "GENERAL_PURPOSE" : in.usageMode(), in.keyStorageSecurityStandard(), 0,
                kmsKey == null ? null : kmsKey.keyArn());
        return env.storage.transaction(tx -> {
            if (in.idempotencyToken() != null) {
                Optional<PcaRepository.Idempotency> raced = PcaRepository.idempotency(tx, account, region, "ca", in.idempotencyToken())
                        .filter(i -> i.at().plus(IDEMPOTENCY_WINDOW).isAfter(now));
                if (raced.isPresent()) {
                    return raced.get().arn();
                }
                PcaRepository.putIdempotency(tx, account, region, "ca", in.idempotencyToken(), new PcaRepository.Idempotency(ca.arn(), now));
            }
            int existing = countAuthorities(tx, account, region);
            if (existing >= env.settings.maxAuthoritiesPerRegion()) {
                throw PcaErrors.error(PcaErrors.LIMIT_EXCEEDED, "certificate authorities in " + region + ": " + existing
                        + " (quota: " + env.settings.maxAuthoritiesPerRegion() + ")");
            }
            PcaRepository.putAuthority(tx, ca);
            if (localKey != null) {
                PcaRepository.putKey(tx, ca, localKey.privatePkcs8());
            }
            return ca.arn();
        });
    }

    private static int countAuthorities(Transaction tx, String account, String region) {
        return tx.scanAll(PcaRepository.caPrefix(account, region)).size();
    }

    static StoredAuthority.RevocationSettings revocationSettings(RevocationInput in) {
        if (in == null) {
            return StoredAuthority.RevocationSettings.NONE;
        }
        boolean crl = Boolean.TRUE.equals(in.crlEnabled());
        boolean ocsp = Boolean.TRUE.equals(in.ocspEnabled());
        if (in.crlType() != null && in.crlType().equals("PARTITIONED")) {
            throw PcaErrors.invalidArgs("CrlType: PARTITIONED (supported here: COMPLETE)");
        }
        return new StoredAuthority.RevocationSettings(crl, in.crlExpirationInDays(), emptyToNull(in.crlCustomCname()), in.crlS3BucketName(),
                in.crlS3ObjectAcl(), in.crlOmitExtension(), in.crlType(), in.crlCustomPath(), ocsp, emptyToNull(in.ocspCustomCname()));
    }

    private static RevocationInput revocationView(StoredAuthority.RevocationSettings s) {
        return new RevocationInput(s.crlEnabled(), s.crlExpirationInDays(), s.crlCustomCname(), s.crlS3BucketName(), s.crlS3ObjectAcl(),
                s.crlOmitExtension(), s.crlType(), s.crlCustomPath(), s.ocspEnabled(), s.ocspCustomCname());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    public View describe(RequestContext ctx, String arn) {
        StoredAuthority ca = env.storage.transaction(tx -> env.find(tx, ctx, arn));
        env.require(ctx, "DescribeCertificateAuthority", ca);
        return view(ca, env.now());
    }

    static StoredAuthority.Status effectiveStatus(StoredAuthority ca, Instant now) {
        boolean expired = (ca.status() == StoredAuthority.Status.ACTIVE || ca.status() == StoredAuthority.Status.DISABLED)
                && ca.notAfter() != null && now.isAfter(ca.notAfter());
        return expired ? StoredAuthority.Status.EXPIRED : ca.status();
    }

    /** A CA whose certificate has expired shows EXPIRED (AWS's status), whatever it was before. */
    static View view(StoredAuthority ca, Instant now) {
        String status = effectiveStatus(ca, now).name();
        return new View(ca.arn(), ca.account(), ca.createdAt(), ca.lastStateChangeAt(), ca.type().name(), ca.serial(), status,
                ca.notBefore(), ca.notAfter(), ca.keyAlgorithm(), ca.signingAlgorithm(), ca.subject(), revocationView(ca.revocation()),
                ca.restorableUntil(), ca.keyStorageSecurityStandard(), ca.usageMode());
    }

    /** ListCertificateAuthorities: this account's CAs in the region (OTHER_ACCOUNTS lists none: there is no resource sharing). */
    public Page list(RequestContext ctx, Integer maxResults, String nextToken, String resourceOwner) {
        env.requireWithoutAuthority(ctx, "ListCertificateAuthorities");
        if ("OTHER_ACCOUNTS".equals(resourceOwner)) {
            return new Page(List.of(), null);
        }
        String account = ctx.principal().accountId();
        String prefix = PcaRepository.caPrefix(account, ctx.region());
        String after = null;
        if (nextToken != null) {
            try {
                after = prefix + new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw PcaErrors.error(PcaErrors.INVALID_NEXT_TOKEN, "NextToken: not a token this service returned");
            }
        }
        int limit = maxResults == null ? 100 : maxResults;
        String start = after;
        ScanPage page = env.storage.transaction(tx -> PcaRepository.authorities(tx, account, ctx.region(), start, limit));
        List<View> items = new ArrayList<>();
        for (Entry e : page.entries()) {
            items.add(view(StoredJson.read(e.value(), StoredAuthority.class), env.now()));
        }
        String next = page.hasMore() ? Base64.getUrlEncoder().withoutPadding().encodeToString(
                page.lastKey().orElseThrow().substring(prefix.length()).getBytes(StandardCharsets.UTF_8)) : null;
        return new Page(items, next);
    }

    /** GetCertificateAuthorityCsr: the PEM CSR made at creation. */
    public String csr(RequestContext ctx, String arn) {
        StoredAuthority ca = env.storage.transaction(tx -> env.find(tx, ctx, arn));
        env.require(ctx, "GetCertificateAuthorityCsr", ca);
        requireNotDeleted(ca);
        return io.citadel.core.crypto.pki.Pem.encode(io.citadel.core.crypto.pki.Pem.CERTIFICATE_REQUEST, ca.csr());
    }

    /**
     * ImportCertificateAuthorityCertificate: a ROOT's self-signed certificate (no chain), or a SUBORDINATE's certificate with
     * the chain above it (issuer first, root last). The certificate must carry the CA's public key and subject, be a CA
     * certificate, be valid now, and verify up its chain.
     */
    public void importCertificate(RequestContext ctx, String arn, byte[] certificate, byte[] chain) {
        StoredAuthority found = env.storage.transaction(tx -> env.find(tx, ctx, arn));
        env.require(ctx, "ImportCertificateAuthorityCertificate", found);
        requireNotDeleted(found);
        if (found.status() == StoredAuthority.Status.FAILED) {
            throw PcaErrors.invalidState("The certificate authority " + arn + " is in status FAILED");
        }
        List<byte[]> certDers = X509.ders(certificate, "Certificate");
        if (certDers.size() != 1) {
            throw PcaErrors.error(PcaErrors.MALFORMED_CERTIFICATE, "Certificate: " + certDers.size() + " certificates (expected: 1)");
        }
        byte[] der = certDers.get(0);
        X509Certificate cert = X509.parse(der, "Certificate");
        if (!X509.hasPublicKey(cert, found.publicKey())) {
            throw PcaErrors.error(PcaErrors.CERTIFICATE_MISMATCH, "The certificate's public key does not match the certificate authority's key");
        }
        if (cert.getBasicConstraints() < 0) {
            throw PcaErrors.invalidRequest("Certificate: basicConstraints cA is not true (expected: a CA certificate)");
        }
        Instant now = env.now();
        if (now.isBefore(cert.getNotBefore().toInstant()) || now.isAfter(cert.getNotAfter().toInstant())) {
            throw PcaErrors.invalidRequest("Certificate: not valid now (" + cert.getNotBefore().toInstant() + ".."
                    + cert.getNotAfter().toInstant() + ")");
        }
        List<byte[]> chainDers = List.of();
        if (found.type() == StoredAuthority.Type.ROOT) {
            if (chain != null && chain.length > 0) {
                throw PcaErrors.invalidRequest("CertificateChain: a ROOT certificate authority's certificate takes no chain");
            }
            if (!X509.isSelfSigned(cert)) {
                throw PcaErrors.invalidRequest("Certificate: a ROOT certificate authority needs a self-signed certificate");
            }
        } else {
            if (chain == null || chain.length == 0) {
                throw PcaErrors.invalidRequest("CertificateChain: required for a SUBORDINATE certificate authority");
            }
            chainDers = X509.ders(chain, "CertificateChain");
            List<X509Certificate> parsed = chainDers.stream().map(d -> X509.parse(d, "CertificateChain")).toList();
            String problem = X509.verifyChain(cert, parsed, now);
            if (problem != null) {
                throw PcaErrors.invalidRequest("The certificate does not verify up its chain: " + problem);
            }
        }
        List<byte[]> finalChain = chainDers;
        String serial = cert.getSerialNumber().toString(16);
        StoredAuthority imported = env.storage.transaction(tx -> {
            StoredAuthority ca = env.find(tx, ctx, arn);
            requireNotDeleted(ca);
            StoredAuthority active = ca.withCertificate(der, finalChain, Serials.colons(serial), cert.getNotBefore().toInstant(),
                    cert.getNotAfter().toInstant(), now);
            if (ca.status() == StoredAuthority.Status.DISABLED) {
                active = active.withStatus(StoredAuthority.Status.DISABLED, now);
            }
            PcaRepository.putAuthority(tx, active);
            PcaJobs.scheduleCrl(tx, active, now);
            return active;
        });
        revocation.publishQuietly(imported);
    }

    /** GetCertificateAuthorityCertificate: the CA's certificate and, for a subordinate, the chain above it. */
    public CaCertificate certificate(RequestContext ctx, String arn) {
        StoredAuthority ca = env.storage.transaction(tx -> env.find(tx, ctx, arn));
        env.require(ctx, "GetCertificateAuthorityCertificate", ca);
        return certificateOf(ca);
    }

    static CaCertificate certificateOf(StoredAuthority ca) {
        if (!ca.hasCertificate()) {
            throw PcaErrors.invalidState("The certificate authority " + ca.arn() + " has no certificate yet (status " + ca.status() + ")");
        }
        return new CaCertificate(X509.pem(ca.certificate()), ca.chain().isEmpty() ? null : X509.pem(ca.chain()));
    }

    /** UpdateCertificateAuthority: Status ACTIVE or DISABLED, and/or a new RevocationConfiguration. */
    public void update(RequestContext ctx, String arn, RevocationInput revocationInput, String status) {
        StoredAuthority found = env.storage.transaction(tx -> env.find(tx, ctx, arn));
        env.require(ctx, "UpdateCertificateAuthority", found);
        StoredAuthority.Status next = null;
        if (status != null) {
            if (!status.equals("ACTIVE") && !status.equals("DISABLED")) {
                throw PcaErrors.invalidArgs("Status: " + status + " (expected: ACTIVE or DISABLED)");
            }
            next = StoredAuthority.Status.valueOf(status);
        }
        StoredAuthority.RevocationSettings settings = revocationInput == null ? null : revocationSettings(revocationInput);
        StoredAuthority.Status target = next;
        env.storage.transaction(tx -> {
            StoredAuthority ca = env.find(tx, ctx, arn);
            requireNotDeleted(ca);
            Instant now = env.now();
            if (target != null && target != ca.status()) {
                if (ca.status() != StoredAuthority.Status.ACTIVE && ca.status() != StoredAuthority.Status.DISABLED) {
                    throw PcaErrors.invalidState("The certificate authority " + arn + " is in status " + ca.status()
                            + " (expected: ACTIVE or DISABLED to change its status)");
                }
                ca = ca.withStatus(target, now);
            }
            if (settings != null) {
                ca = ca.withRevocation(settings);
            }
            PcaRepository.putAuthority(tx, ca);
            if (settings != null && ca.hasCertificate() && settings.crlEnabled()) {
                PcaJobs.scheduleCrl(tx, ca, now);
            }
            return null;
        });
        if (target != null) {
            env.caKeys.forget(found.id());
        }
        if (settings != null && found.hasCertificate()) {
            revocation.publishQuietly(found);
        }
    }

    /**
     * DeleteCertificateAuthority: a DISABLED (or EXPIRED, FAILED) CA becomes DELETED and is purged after
     * {@code days} (7..30, default 30); a CA that never got its certificate (CREATING, PENDING_CERTIFICATE) is removed at once.
     */
    public void delete(RequestContext ctx, String arn, Integer days) {
        StoredAuthority found = env.storage.transaction(tx -> env.find(tx, ctx, arn));
        env.require(ctx, "DeleteCertificateAuthority", found);
        int window = days == null ? 30 : days;
        env.storage.transaction(tx -> {
            StoredAuthority ca = env.find(tx, ctx, arn);
            Instant now = env.now();
            switch (effectiveStatus(ca, now)) {
                case CREATING, PENDING_CERTIFICATE -> PcaRepository.deleteAll(tx, ca);
                case DISABLED, EXPIRED, FAILED -> {
                    StoredAuthority deleted = ca.deleted(now, now.plus(Duration.ofDays(window)));
                    PcaRepository.putAuthority(tx, deleted);
                    PcaJobs.schedulePurge(tx, deleted, deleted.restorableUntil());
                }
                case ACTIVE -> throw PcaErrors.invalidState("The certificate authority " + arn
                        + " is ACTIVE (expected: DISABLED before deletion; call UpdateCertificateAuthority with Status DISABLED)");
                case DELETED -> throw PcaErrors.invalidState("The certificate authority " + arn + " is already DELETED");
            }
            return null;
        });
        env.caKeys.forget(found.id());
    }

    /** RestoreCertificateAuthority: a DELETED CA within its window returns to the status it had (DISABLED, say). */
    public void restore(RequestContext ctx, String arn) {
        StoredAuthority found = env.storage.transaction(tx -> env.find(tx, ctx, arn));
        env.require(ctx, "RestoreCertificateAuthority", found);
        env.storage.transaction(tx -> {
            StoredAuthority ca = env.find(tx, ctx, arn);
            if (ca.status() != StoredAuthority.Status.DELETED) {
                throw PcaErrors.invalidState("The certificate authority " + arn + " is in status " + ca.status() + " (expected: DELETED)");
            }
            StoredAuthority restored = ca.restored(env.now());
            PcaRepository.putAuthority(tx, restored);
            PcaJobs.cancelPurge(tx, restored);
            return null;
        });
        env.caKeys.forget(found.id());
    }

    /** The purge job: removes a CA whose restore window ended (unless it was restored). */
    ScheduledJob purge(Transaction tx, ScheduledJob job) {
        PcaJobs.Target t = PcaJobs.target(job);
        PcaRepository.authority(tx, t.account(), t.region(), t.id())
                .filter(ca -> ca.status() == StoredAuthority.Status.DELETED && !ca.restorableUntil().isAfter(env.now()))
                .ifPresent(ca -> {
                    PcaRepository.deleteAll(tx, ca);
                    env.caKeys.forget(ca.id());
                });
        return null;
    }

    static void requireNotDeleted(StoredAuthority ca) {
        if (ca.status() == StoredAuthority.Status.DELETED) {
            throw PcaErrors.invalidState("The certificate authority " + ca.arn() + " is DELETED (restorable until " + ca.restorableUntil() + ")");
        }
    }
}
