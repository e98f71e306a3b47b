package io.citadel.acm;

import io.citadel.core.RequestContext;
import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.SignatureScheme;
import io.citadel.core.crypto.pki.CertificateRequests;
import io.citadel.core.crypto.pki.CertificateSigner;
import io.citadel.core.crypto.pki.DistinguishedNames;
import io.citadel.core.crypto.pki.Pem;
import io.citadel.core.crypto.pki.SubjectAlternativeName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RequestCertificate, and every issuance after it: ACM generates the key pair (never leaving the sealed storage
 * except through ExportCertificate), sends a CSR to the {@link CertificateIssuer}, and stores the result. Private
 * certificates are issued during the request; public ones once their domains are validated ({@link Validations}).
 * Managed renewal and RenewCertificate issue again under the same ARN.
 */
public final class CertificateIssuance {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateIssuance.class);
    static final List<String> PUBLIC_KEY_ALGORITHMS = List.of("RSA_2048", "EC_prime256v1", "EC_secp384r1");
    static final List<String> PRIVATE_KEY_ALGORITHMS = List.of("RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1",
            "EC_secp521r1");
    private static final java.util.regex.Pattern CA_ARN = java.util.regex.Pattern.compile(
            "arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\\d{12}:certificate-authority/[0-9A-Za-z-]{1,64}");
    private static final java.time.Duration TOKEN_LIFETIME = java.time.Duration.ofHours(1);

    /** RequestCertificate's input, as the model names it; {@code domainValidationOptions} maps a domain to its ValidationDomain. */
    public record RequestInput(String domainName, String validationMethod, List<String> subjectAlternativeNames, String idempotencyToken,
                               Map<String, String> domainValidationOptions, String certificateAuthorityArn, Map<String, String> tags,
                               String keyAlgorithm, String transparencyLogging, String exportOption, String managedBy) {
    }

    /** A freshly signed certificate with its material. */
    record Signed(StoredCertificate.Material material, X509Facts facts) {
    }

    private final AcmEnvironment env;

    CertificateIssuance(AcmEnvironment env) {
        this.env = env;
    }

    /** RequestCertificate: returns the new (or, for a repeated IdempotencyToken within an hour, the earlier) certificate's ARN. */
    public String request(RequestContext ctx, RequestInput in) {
        env.requireWithout(ctx, "RequestCertificate");
        String account = ctx.principal().accountId();
        String region = ctx.region();
        boolean isPrivate = in.certificateAuthorityArn() != null;
        if (isPrivate && !CA_ARN.matcher(in.certificateAuthorityArn()).matches()) {
            throw AcmErrors.error(AcmErrors.INVALID_ARN, "CertificateAuthorityArn: " + in.certificateAuthorityArn()
                    + " is not a valid private CA ARN (expected: arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>)");
        }
        if (in.managedBy() != null) {
            throw AcmErrors.invalidParameter("ManagedBy: " + in.managedBy() + " (certificates managed by CloudFront are not offered here)");
        }
        List<String> names = DomainNames.names(in.domainName(), in.subjectAlternativeNames());
        if (names.size() > env.settings.maxDomainsPerCertificate()) {
            throw AcmErrors.error(AcmErrors.LIMIT_EXCEEDED, "DomainName and SubjectAlternativeNames: " + names.size()
                    + " domain names (expected: at most " + env.settings.maxDomainsPerCertificate() + ", the account's quota)");
        }
        String keyAlgorithm = in.keyAlgorithm() == null ? "RSA_2048" : in.keyAlgorithm();
        List<String> allowed = isPrivate ? PRIVATE_KEY_ALGORITHMS : PUBLIC_KEY_ALGORITHMS;
        if (!allowed.contains(keyAlgorithm)) {
            throw AcmErrors.invalidParameter("KeyAlgorithm: " + keyAlgorithm + " is not supported for " + (isPrivate ? "private" : "public")
                    + " certificates (expected one of " + allowed + ")");
        }
        String method = isPrivate ? null : in.validationMethod() == null ? "EMAIL" : in.validationMethod();
        if ("HTTP".equals(method)) {
            throw AcmErrors.invalidParameter("ValidationMethod: HTTP is available only for certificates managed by CloudFront (expected: DNS or EMAIL)");
        }
        Map<String, String> validationDomains = validationDomains(in.domainValidationOptions(), names);
        Map<String, String> checkedTags = CertificateTags.check(in.tags());
        Instant now = env.now();
        if (in.idempotencyToken() != null) {
            Optional<String> earlier = earlier(env.storage.reads(), account, region, in.idempotencyToken(), now);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        String id = UUID.randomUUID().toString();
        String arn = AcmEnvironment.arn(region, account, id);
        List<StoredCertificate.Validation> validations = new ArrayList<>();
        if (!isPrivate) {
            for (String name : names) {
                String vd = validationDomains.getOrDefault(name, DomainNames.base(name));
                validations.add(method.equals("DNS")
                        ? new StoredCertificate.Validation(name, name, "PENDING_VALIDATION", null, DomainNames.recordName(account, name),
                        DomainNames.recordValue(account, name), null)
                        : new StoredCertificate.Validation(name, vd, "PENDING_VALIDATION", DomainNames.emails(vd), null, null, null));
            }
        }
        StoredCertificate pending = new StoredCertificate(account, region, id, arn,
                isPrivate ? StoredCertificate.Type.PRIVATE : StoredCertificate.Type.AMAZON_ISSUED, StoredCertificate.Status.PENDING_VALIDATION,
                names.get(0), names, method, validations, keyAlgorithm, in.certificateAuthorityArn(), now, null, null, null, null,
                checkedTags, in.transparencyLogging() == null ? "ENABLED" : in.transparencyLogging(),
                in.exportOption() == null ? (isPrivate ? "ENABLED" : "DISABLED") : in.exportOption(), false, null, null);
        StoredCertificate stored = pending;
        Signed signed = null;
        if (isPrivate) {
            try {
                signed = sign(ctx, pending);
                stored = pending.issued(StoredCertificate.X509.of(signed.facts()), env.now(), keyAlgorithm);
            } catch (CertificateIssuer.IssueFailure f) {
                LOG.info("private certificate {} not issued by {}: {}", arn, in.certificateAuthorityArn(), f.failureReason());
                stored = pending.withStatus(StoredCertificate.Status.FAILED, f.failureReason());
            }
        }
        StoredCertificate toStore = stored;
        Signed material = signed;
        return env.storage.transaction(tx -> {
            if (in.idempotencyToken() != null) {
                Optional<String> raced = earlier(tx, account, region, in.idempotencyToken(), now);
                if (raced.isPresent()) {
                    return raced.get();
                }
                CertificateRepository.putToken(tx, account, region, in.idempotencyToken(),
                        new CertificateRepository.Token(arn, now.plus(TOKEN_LIFETIME)));
            }
            if (CertificateRepository.count(tx, account, region) >= env.settings.maxCertificates()) {
                throw AcmErrors.error(AcmErrors.LIMIT_EXCEEDED, "certificates in " + region + ": " + env.settings.maxCertificates()
                        + " (expected: fewer, the account's quota)");
            }
            CertificateRepository.put(tx, toStore);
            if (material != null) {
                CertificateRepository.putMaterial(tx, toStore, material.material());
                AcmEvents.available(tx, toStore, env.now(), "ISSUANCE");
                AcmJobs.scheduleLifecycle(tx, toStore, env.settings);
            } else if (!isPrivate) {
                AcmJobs.schedule(tx, AcmJobs.VALIDATION, toStore, now);
            }
            return arn;
        });
    }

    private static Optional<String> earlier(io.citadel.storage.Transaction tx, String account, String region, String token, Instant now) {
        return CertificateRepository.token(tx, account, region, token).filter(t -> t.expiresAt().isAfter(now))
                .map(CertificateRepository.Token::arn);
    }

    private static Map<String, String> validationDomains(Map<String, String> options, List<String> names) {
        Map<String, String> out = new java.util.HashMap<>();
        if (options == null) {
            return out;
        }
        for (var e : options.entrySet()) {
            String domain = DomainNames.normalise(e.getKey(), "DomainValidationOptions.DomainName");
            String vd = DomainNames.normalise(e.getValue(), "DomainValidationOptions.ValidationDomain");
            if (!names.contains(domain)) {
                throw AcmErrors.error(AcmErrors.INVALID_DOMAIN_VALIDATION_OPTIONS, "DomainValidationOptions: " + domain
                        + " is not one of the certificate's domain names " + names);
            }
            if (vd.startsWith("*.") || !DomainNames.isSelfOrParent(domain, vd)) {
                throw AcmErrors.error(AcmErrors.INVALID_DOMAIN_VALIDATION_OPTIONS, "DomainValidationOptions: ValidationDomain " + vd
                        + " for " + domain + " (expected: the domain itself or one of its parent domains)");
            }
            out.put(domain, vd);
        }
        return out;
    }

    /** A new key pair for {@code c}, a CSR for its names, and the CA's signature; {@code actor} is who the CA sees asking. */
    Signed sign(RequestContext actor, StoredCertificate c) {
        KeyPairType type = keyPairType(c.keyAlgorithm());
        AsymmetricKeyPair pair = KeyPairs.generate(type, env.random);
        List<DistinguishedNames.Attribute> subject = c.domainName().length() <= 64
                ? List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, c.domainName())) : List.of();
        List<SubjectAlternativeName> sans = c.allNames().stream().<SubjectAlternativeName>map(SubjectAlternativeName.Dns::new).toList();
        byte[] csr = CertificateRequests.create(DistinguishedNames.encode(subject), pair.publicSpki(), sans,
                CertificateSigner.ofPrivateKey(csrScheme(type), pair.privatePkcs8(), env.random));
        CertificateIssuer.Issued issued = env.issuer.issue(actor, c.certificateAuthorityArn(), csr, env.settings.validity());
        X509Facts facts;
        try {
            facts = X509Facts.of(issued.certificate());
        } catch (IllegalArgumentException e) {
            throw new CertificateIssuer.IssueFailure("PCA_REQUEST_FAILED", "the CA returned no valid certificate");
        }
        StringBuilder chain = new StringBuilder();
        issued.chain().forEach(der -> chain.append(Pem.encode(Pem.CERTIFICATE, der)));
        return new Signed(new StoredCertificate.Material(Pem.encode(Pem.CERTIFICATE, issued.certificate()),
                chain.isEmpty() ? null : chain.toString(), pair.privatePkcs8()), facts);
    }

    /**
     * Issues a certificate whose validation (or renewal validation) has succeeded, and commits it unless another node
     * did first. {@code renewal} marks a renewal under the same ARN.
     */
    void issueValidated(AcmJobs.Target t, boolean renewal) {
        Optional<StoredCertificate> current = CertificateRepository.find(env.storage, t.account(), t.region(), t.id());
        if (current.isEmpty()) {
            return;
        }
        StoredCertificate c = current.get();
        RequestContext actor = AcmEnvironment.serviceContext(t.account(), t.region(), renewal ? "RenewCertificate" : "RequestCertificate", env.now());
        Signed signed;
        try {
            signed = sign(actor, c);
        } catch (CertificateIssuer.IssueFailure f) {
            commitFailure(t, renewal, f.failureReason());
            return;
        }
        commit(t, renewal, signed);
    }

    /** RenewCertificate: private certificates only, issued again now under the same ARN. */
    public void renew(RequestContext ctx, String arn) {
        StoredCertificate c = env.find(ctx, arn);
        env.require(ctx, "RenewCertificate", c);
        if (c.type() != StoredCertificate.Type.PRIVATE) {
            throw AcmErrors.validation("Certificate " + arn + " is of type " + c.type()
                    + ": RenewCertificate renews only private certificates (type PRIVATE)");
        }
        if (c.status() == StoredCertificate.Status.PENDING_VALIDATION) {
            throw AcmErrors.inProgress(arn);
        }
        if (c.status() != StoredCertificate.Status.ISSUED && c.status() != StoredCertificate.Status.EXPIRED) {
            throw AcmErrors.validation("Certificate " + arn + " is in state " + c.status() + " (expected: ISSUED to renew)");
        }
        Signed signed;
        try {
            signed = sign(ctx, c);
        } catch (CertificateIssuer.IssueFailure f) {
            commitFailure(AcmJobs.Target.of(c), true, f.failureReason());
            return;
        }
        commit(AcmJobs.Target.of(c), true, signed);
    }

    private void commit(AcmJobs.Target t, boolean renewal, Signed signed) {
        env.storage.transaction(tx -> {
            Optional<StoredCertificate> fresh = CertificateRepository.find(tx, t.account(), t.region(), t.id());
            if (fresh.isEmpty() || (!renewal && fresh.get().status() != StoredCertificate.Status.PENDING_VALIDATION)) {
                return null;
            }
            Instant now = env.now();
            StoredCertificate c = fresh.get();
            StoredCertificate issued = c.issued(StoredCertificate.X509.of(signed.facts()), now, c.keyAlgorithm());
            if (renewal) {
                List<StoredCertificate.Validation> v = c.renewal() == null ? c.validations() : c.renewal().validations();
                issued = issued.withRenewal(new StoredCertificate.Renewal("SUCCESS", null, now, v));
            }
            CertificateRepository.put(tx, issued);
            CertificateRepository.putMaterial(tx, issued, signed.material());
            io.citadel.storage.schedule.StorageScheduler.cancel(tx, AcmJobs.VALIDATION, AcmJobs.id(t));
            AcmJobs.scheduleLifecycle(tx, issued, env.settings);
            AcmEvents.available(tx, issued, now, renewal ? "RENEWAL" : "ISSUANCE");
            return null;
        });
    }

    private void commitFailure(AcmJobs.Target t, boolean renewal, String reason) {
        env.storage.transaction(tx -> {
            Optional<StoredCertificate> fresh = CertificateRepository.find(tx, t.account(), t.region(), t.id());
            if (fresh.isEmpty()) {
                return null;
            }
            StoredCertificate c = fresh.get();
            Instant now = env.now();
            if (renewal) {
                List<StoredCertificate.Validation> v = c.renewal() == null ? c.validations() : c.renewal().validations();
                c = c.withRenewal(new StoredCertificate.Renewal("FAILED", reason, now, v));
                AcmEvents.renewalActionRequired(tx, c, now, "FAILED", c.x509() == null ? 0
                        : Math.max(0, java.time.Duration.between(now, c.x509().notAfter()).toDays()));
            } else {
                c = c.withStatus(StoredCertificate.Status.FAILED, reason);
            }
            CertificateRepository.put(tx, c);
            io.citadel.storage.schedule.StorageScheduler.cancel(tx, AcmJobs.VALIDATION, AcmJobs.id(t));
            return null;
        });
    }

    static KeyPairType keyPairType(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "RSA_2048" -> KeyPairType.RSA_2048;
            case "RSA_3072" -> KeyPairType.RSA_3072;
            case "RSA_4096" -> KeyPairType.RSA_4096;
            case "EC_prime256v1" -> KeyPairType.EC_P256;
            case "EC_secp384r1" -> KeyPairType.EC_P384;
            case "EC_secp521r1" -> KeyPairType.EC_P521;
            default -> throw AcmErrors.invalidParameter("KeyAlgorithm: " + keyAlgorithm + " (expected one of " + PRIVATE_KEY_ALGORITHMS + ")");
        };
    }

    private static SignatureScheme csrScheme(KeyPairType type) {
        return switch (type) {
            case EC_P256 -> SignatureScheme.ECDSA_SHA_256;
            case EC_P384 -> SignatureScheme.ECDSA_SHA_384;
            case EC_P521 -> SignatureScheme.ECDSA_SHA_512;
            default -> SignatureScheme.RSA_PKCS1_SHA_256;
        };
    }
}
