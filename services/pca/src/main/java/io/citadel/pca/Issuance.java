package io.citadel.pca;

import io.citadel.core.RequestContext;
import io.citadel.core.crypto.pki.CertificateRequestExtensions;
import io.citadel.core.crypto.pki.CertificateRequests;
import io.citadel.core.crypto.pki.CertificateSpec;
import io.citadel.core.crypto.pki.Certificates;
import io.citadel.core.crypto.pki.DistinguishedNames;
import io.citadel.core.crypto.pki.KeyUsage;
import io.citadel.core.crypto.pki.Pem;
import io.citadel.core.crypto.pki.SubjectAlternativeName;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.Transaction;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * IssueCertificate, GetCertificate and RevokeCertificate. Issuance is synchronous: the certificate is stored before
 * IssueCertificate answers, so GetCertificate never needs RequestInProgressException. Validity defaults AWS's way:
 * notBefore one hour before issuance (never before the CA's own), notAfter at most the CA's notAfter.
 */
public final class Issuance {

    /** Backdating of notBefore, for clients whose clocks run slow (AWS: 60 minutes). */
    static final Duration BACKDATE = Duration.ofMinutes(60);
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofMinutes(5);
    /** The subject keys a CSR may carry (AWS Private CA issues for RSA, EC, since 2025 ML-DSA, and in China SM2 keys). */
    private static final java.util.Set<String> CSR_KEY_ALGORITHMS = java.util.Set.of("RSA", "EC", CertificateRequests.ML_DSA,
            CertificateRequests.SM2);
    /** The key usages an ML-DSA subject key may have (RFC 9881 section 5): signing ones only. */
    private static final java.util.Set<KeyUsage> ML_DSA_KEY_USAGES = EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.NON_REPUDIATION,
            KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN);
    private static final DateTimeFormatter END_DATE = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private final PcaEnvironment env;
    private final Revocation revocation;
    private final AuthorityControls controls;

    /** A Validity as the model has it: a value and one of DAYS, MONTHS, YEARS, END_DATE (YYYYMMDDHHMMSS), ABSOLUTE (Unix seconds). */
    public record Validity(long value, String type) {
    }

    /**
     * ApiPassthrough, on the _APIPassthrough and _APICSRPassthrough templates: a subject and SANs that replace the CSR's,
     * keyUsage and extendedKeyUsage (OIDs) that replace the template's when given, and custom extensions added as given.
     */
    public record Passthrough(List<DistinguishedNames.Attribute> subject, List<SubjectAlternativeName> subjectAlternativeNames,
                              java.util.Set<io.citadel.core.crypto.pki.KeyUsage> keyUsage, List<String> extendedKeyUsage,
                              List<CertificateSpec.CustomExtension> customExtensions) {
        /** Subject and SANs only. */
        public Passthrough(List<DistinguishedNames.Attribute> subject, List<SubjectAlternativeName> subjectAlternativeNames) {
            this(subject, subjectAlternativeNames, null, null, null);
        }
    }

    /** Extensions Citadel writes itself; a custom extension may not repeat one. */
    private static final java.util.Set<String> RESERVED_EXTENSIONS = java.util.Set.of("2.5.29.19", "2.5.29.15", "2.5.29.37", "2.5.29.17",
            "2.5.29.14", "2.5.29.35", "2.5.29.31", "1.3.6.1.5.5.7.1.1");

    /**
     * What to issue: the CA, the CSR (PEM or DER), the signing algorithm (null: the CA's own), the template ARN (null:
     * EndEntityCertificate/V1), the validity, an optional notBefore, an optional idempotency token and passthrough.
     */
    public record IssueInput(String certificateAuthorityArn, byte[] csr, String signingAlgorithm, String templateArn, Validity validity,
                             Validity validityNotBefore, String idempotencyToken, Passthrough passthrough) {
    }

    /** An issued certificate: its ARN, PEM and the chain above it (PEM, issuer first; null for a root's own certificate). */
    public record Issued(String certificateArn, String serial, String certificate, String chain, Instant notBefore, Instant notAfter) {
    }

    Issuance(PcaEnvironment env, Revocation revocation, AuthorityControls controls) {
        this.env = env;
        this.revocation = revocation;
        this.controls = controls;
    }

    /** IssueCertificate for the caller (acm-pca:IssueCertificate on the CA); returns the certificate ARN. */
    public String issue(RequestContext ctx, IssueInput in) {
        return issue(ctx, in, null).certificateArn();
    }

    /**
     * Issues for the caller, or for {@code servicePrincipal} (acm.amazonaws.com) acting for the caller: then a
     * CreatePermission grant of IssueCertificate to that principal on the CA (in the caller's account) suffices.
     */
    Issued issue(RequestContext ctx, IssueInput in, String servicePrincipal) {
        // reads outside any transaction (a transaction, even a reading one, queues behind every writer); the write
        // transaction below reads the CA again
        StoredAuthority ca = env.find(env.storage.reads(), ctx, in.certificateAuthorityArn());
        authorize(ctx, ca, "IssueCertificate", servicePrincipal);
        Authorities.requireNotDeleted(ca);
        Templates.Template template = Templates.resolve(in.templateArn());
        CertificateRequests.CertificateRequest csr = parseCsr(in.csr());
        String signing = in.signingAlgorithm() == null ? ca.signingAlgorithm() : in.signingAlgorithm();
        Algorithms.schemeFor(ca.keyAlgorithm(), signing);
        boolean selfIssue = template.root();
        if (selfIssue) {
            if (ca.type() != StoredAuthority.Type.ROOT || !java.util.Arrays.equals(csr.publicKey(), ca.publicKey())) {
                throw PcaErrors.invalidArgs("TemplateArn RootCACertificate/V1 issues only a ROOT certificate authority's own certificate"
                        + " (expected: the CSR from GetCertificateAuthorityCsr of a ROOT CA)");
            }
            if (ca.status() != StoredAuthority.Status.PENDING_CERTIFICATE && ca.status() != StoredAuthority.Status.ACTIVE) {
                throw PcaErrors.invalidState("The certificate authority " + ca.arn() + " is in status " + ca.status()
                        + " (expected: PENDING_CERTIFICATE or ACTIVE to issue its own certificate)");
            }
        } else if (ca.status() != StoredAuthority.Status.ACTIVE) {
            throw PcaErrors.invalidState("The certificate authority " + ca.arn() + " is in status " + ca.status() + " (expected: ACTIVE)");
        }
        Instant now = env.now();
        if (in.idempotencyToken() != null) {
            Transaction reads = env.storage.reads();
            Optional<Issued> earlier = PcaRepository.idempotency(reads, ca.account(), ca.region(), "cert-" + ca.id(), in.idempotencyToken())
                    .filter(i -> i.at().plus(IDEMPOTENCY_WINDOW).isAfter(now))
                    .flatMap(i -> PcaRepository.certificate(reads, ca, i.arn().substring(i.arn().lastIndexOf('/') + 1)))
                    .map(c -> issued(ca, c));
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        X509Certificate caCert = ca.hasCertificate() ? ParsedCertificates.of(ca.certificate(), "CA certificate").certificate() : null;
        if (caCert != null && !selfIssue && now.isAfter(caCert.getNotAfter().toInstant())) {
            throw PcaErrors.invalidState("The certificate authority " + ca.arn() + " is EXPIRED (its certificate ended "
                    + caCert.getNotAfter().toInstant() + "; import a renewed one)");
        }
        Instant notAfter = notAfter(in.validity(), now);
        Instant notBefore = in.validityNotBefore() != null ? notAfter(in.validityNotBefore(), now) : now.minus(BACKDATE);
        if (caCert != null) {
            Instant caNotBefore = caCert.getNotBefore().toInstant();
            Instant caNotAfter = caCert.getNotAfter().toInstant();
            if (notBefore.isBefore(caNotBefore) && in.validityNotBefore() == null) {
                notBefore = caNotBefore;
            }
            if (notAfter.isAfter(caNotAfter) && !selfIssue) {
                throw PcaErrors.invalidArgs("Validity: the certificate would expire at " + notAfter
                        + ", after the certificate authority's certificate (" + caNotAfter + ")");
            }
            if (notBefore.isBefore(caNotBefore) && !selfIssue) {
                throw PcaErrors.invalidArgs("ValidityNotBefore: " + notBefore + " is before the certificate authority's notBefore " + caNotBefore);
            }
        }
        if (!notAfter.isAfter(now)) {
            throw PcaErrors.invalidArgs("Validity: notAfter " + notAfter + " is not in the future");
        }
        if (!notAfter.isAfter(notBefore)) {
            throw PcaErrors.invalidArgs("Validity: notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
        if (template.ca() && !template.root() && caCert != null) {
            int issuerPathLen = caCert.getBasicConstraints();
            int requested = template.basicConstraints().pathLength();
            if (issuerPathLen != Integer.MAX_VALUE && requested >= issuerPathLen) {
                throw PcaErrors.invalidArgs("TemplateArn: path length " + requested + " (expected: below the issuing CA's path length "
                        + issuerPathLen + ")");
            }
        }
        byte[] subject = csr.subject();
        List<SubjectAlternativeName> sans = csr.subjectAlternativeNames();
        java.util.Set<io.citadel.core.crypto.pki.KeyUsage> keyUsage = template.keyUsage();
        if (csr.publicKeyAlgorithm().equals(CertificateRequests.ML_DSA)) {
            // an ML-DSA key only signs: RFC 9881 section 5 forbids keyEncipherment, dataEncipherment, keyAgreement,
            // encipherOnly and decipherOnly, which the end-entity template would otherwise set for any key
            keyUsage = keyUsage.stream().filter(ML_DSA_KEY_USAGES::contains).collect(Collectors.toUnmodifiableSet());
        }
        List<String> extendedKeyUsage = template.extendedKeyUsage();
        List<CertificateSpec.CustomExtension> custom = List.of();
        if (template.apiPassthrough() && in.passthrough() != null) {
            Passthrough p = in.passthrough();
            if (p.keyUsage() != null && !p.keyUsage().isEmpty()) {
                keyUsage = p.keyUsage();
            }
            if (p.extendedKeyUsage() != null && !p.extendedKeyUsage().isEmpty()) {
                extendedKeyUsage = p.extendedKeyUsage();
            }
            if (p.customExtensions() != null) {
                for (CertificateSpec.CustomExtension e : p.customExtensions()) {
                    if (RESERVED_EXTENSIONS.contains(e.oid())) {
                        throw PcaErrors.invalidArgs("CustomExtensions: " + e.oid() + " is set by the template or ApiPassthrough's own fields");
                    }
                }
                custom = p.customExtensions();
            }
        }
        if (template.csrPassthrough()) {
            List<CertificateSpec.CustomExtension> merged = new ArrayList<>(custom);
            for (CertificateSpec.CustomExtension e : CertificateRequestExtensions.requested(csrDer(in.csr()))) {
                // the template's own extensions and the API's win over the CSR's
                if (!RESERVED_EXTENSIONS.contains(e.oid()) && merged.stream().noneMatch(m -> m.oid().equals(e.oid()))) {
                    merged.add(e);
                }
            }
            custom = merged;
        }
        if (template.apiPassthrough() && in.passthrough() != null) {
            if (in.passthrough().subject() != null && !in.passthrough().subject().isEmpty()) {
                subject = encodeSubject(in.passthrough().subject());
            }
            if (in.passthrough().subjectAlternativeNames() != null && !in.passthrough().subjectAlternativeNames().isEmpty()) {
                sans = in.passthrough().subjectAlternativeNames();
            }
        }
        StoredAuthority.RevocationSettings rev = ca.revocation();
        List<String> crlPoints = template.revocationExtensions() && rev.crlEnabled() && !Boolean.TRUE.equals(rev.crlOmitExtension())
                ? List.of(env.crlUrl(ca)) : List.of();
        List<String> ocsp = template.revocationExtensions() && rev.ocspEnabled() ? List.of(env.ocspUrl(ca)) : List.of();
        BigInteger serial = Certificates.randomSerial(env.random);
        CertificateSpec spec;
        try {
            spec = new CertificateSpec(serial, subject, csr.publicKey(), notBefore, notAfter, sans, keyUsage,
                    extendedKeyUsage, template.basicConstraints(), crlPoints, ocsp, custom);
        } catch (IllegalArgumentException e) {
            throw PcaErrors.invalidArgs(e.getMessage());
        }
        String subjectText = DistinguishedNames.toString(subject);
        Instant from = notBefore;
        byte[] der;
        try {
            // signed outside the transaction: a KMS-held key signs through KMS, which uses storage itself
            der = Certificates.issue(spec, env.issuer(env.storage.reads(), ca, signing));
        } catch (IllegalArgumentException e) {
            throw PcaErrors.error(PcaErrors.MALFORMED_CSR, "The certificate could not be built from the CSR: " + e.getMessage());
        }
        StoredAuthority.Status issuedUnder = ca.status();
        // the record is serialized here and the answer built after the commit: the transaction body only checks and
        // writes, since transaction bodies run one after another (docs/storage.md, group commit)
        String hex = Serials.key(serial);
        StoredCertificate stored = new StoredCertificate(hex, ca.arn() + "/certificate/" + hex, der, subjectText, template.arn(),
                now, from, notAfter, null, null, servicePrincipal != null ? servicePrincipal : ctx.principal().arn());
        byte[] record = StoredJson.write(stored);
        byte[] idempotency = in.idempotencyToken() == null ? null : StoredJson.write(new PcaRepository.Idempotency(stored.arn(), now));
        StoredAuthority current = env.storage.transaction(tx -> {
            StoredAuthority latest = env.find(tx, ctx, in.certificateAuthorityArn());
            if (latest.status() != issuedUnder && latest.status() != StoredAuthority.Status.ACTIVE) {
                throw PcaErrors.invalidState("The certificate authority " + latest.arn() + " changed to status " + latest.status()
                        + " during issuance");
            }
            PcaRepository.putCertificate(tx, latest, hex, record);
            if (idempotency != null) {
                PcaRepository.putIdempotency(tx, latest.account(), latest.region(), "cert-" + latest.id(), in.idempotencyToken(), idempotency);
            }
            return latest;
        });
        return issued(current, stored);
    }

    private void authorize(RequestContext ctx, StoredAuthority ca, String action, String servicePrincipal) {
        if (servicePrincipal != null && controls.permits(ca, servicePrincipal, action, ctx.principal().accountId())) {
            return;
        }
        env.require(ctx, action, ca);
    }

    private static Issued issued(StoredAuthority ca, StoredCertificate c) {
        String chain = null;
        if (ca.hasCertificate() && !java.util.Arrays.equals(ca.certificate(), c.der())) {
            List<byte[]> ders = new ArrayList<>();
            ders.add(ca.certificate());
            ders.addAll(ca.chain());
            chain = X509.pem(ders);
        }
        return new Issued(c.arn(), Serials.colons(c.serial()), X509.pem(c.der()), chain, c.notBefore(), c.notAfter());
    }

    static byte[] encodeSubject(List<DistinguishedNames.Attribute> subject) {
        try {
            return DistinguishedNames.encode(subject);
        } catch (IllegalArgumentException e) {
            throw PcaErrors.invalidArgs("Subject: " + e.getMessage());
        }
    }

    /** The DER of a CSR given as PEM (CERTIFICATE REQUEST or NEW CERTIFICATE REQUEST) or DER. */
    static byte[] csrDer(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!text.contains("-----BEGIN")) {
            return bytes;
        }
        try {
            return Pem.decodeOne(text.replace("NEW CERTIFICATE REQUEST", "CERTIFICATE REQUEST"), Pem.CERTIFICATE_REQUEST);
        } catch (IllegalArgumentException e) {
            throw PcaErrors.error(PcaErrors.MALFORMED_CSR, "Csr: " + e.getMessage());
        }
    }

    static CertificateRequests.CertificateRequest parseCsr(byte[] bytes) {
        byte[] der = csrDer(bytes);
        CertificateRequests.CertificateRequest csr;
        try {
            csr = CertificateRequests.parse(der);
        } catch (IllegalArgumentException e) {
            throw PcaErrors.error(PcaErrors.MALFORMED_CSR, "Csr: " + e.getMessage());
        }
        if (!csr.signatureValid()) {
            // OpenSSL 3.0 signs SM2 with the empty user ID unless told otherwise: say which one is expected
            String sm2 = csr.publicKeyAlgorithm().equals(CertificateRequests.SM2)
                    ? " (SM2: SM3WITHSM2 with the default user ID 1234567812345678; OpenSSL: req -sigopt distid:1234567812345678)" : "";
            throw PcaErrors.error(PcaErrors.MALFORMED_CSR, "Csr: its signature does not verify with its own public key" + sm2);
        }
        if (!CSR_KEY_ALGORITHMS.contains(csr.publicKeyAlgorithm())) {
            throw PcaErrors.error(PcaErrors.MALFORMED_CSR, "Csr: public key algorithm " + csr.publicKeyAlgorithm() + " (expected: RSA, EC, ML-DSA or SM2)");
        }
        return csr;
    }

    static Instant notAfter(Validity v, Instant now) {
        if (v == null) {
            throw PcaErrors.invalidArgs("Validity: required");
        }
        var utc = now.atOffset(ZoneOffset.UTC);
        long value = v.value();
        return switch (v.type()) {
            case "DAYS" -> utc.plusDays(value).toInstant();
            case "MONTHS" -> utc.plusMonths(value).toInstant();
            case "YEARS" -> utc.plusYears(value).toInstant();
            case "ABSOLUTE" -> Instant.ofEpochSecond(value);
            case "END_DATE" -> {
                String digits = Long.toString(value);
                if (digits.length() == 12) {
                    digits = (Integer.parseInt(digits.substring(0, 2)) >= 50 ? "19" : "20") + digits;
                }
                try {
                    yield LocalDateTime.parse(digits, END_DATE).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    throw PcaErrors.invalidArgs("Validity: END_DATE " + value + " (expected: YYYYMMDDHHMMSS)");
                }
            }
            default -> throw PcaErrors.invalidArgs("Validity: Type " + v.type() + " (expected: DAYS, MONTHS, YEARS, END_DATE or ABSOLUTE)");
        };
    }

    /** GetCertificate: the certificate and its chain (the CA's certificate, then the CA's chain). */
    public Issued get(RequestContext ctx, String caArn, String certificateArn) {
        return get(ctx, caArn, certificateArn, null);
    }

    Issued get(RequestContext ctx, String caArn, String certificateArn, String servicePrincipal) {
        StoredAuthority ca = env.find(env.storage.reads(), ctx, caArn);
        authorize(ctx, ca, "GetCertificate", servicePrincipal);
        String prefix = ca.arn() + "/certificate/";
        if (certificateArn == null || !certificateArn.startsWith(prefix)) {
            throw PcaErrors.error(PcaErrors.INVALID_ARN, "CertificateArn: " + certificateArn + " (expected: " + prefix + "<serial>)");
        }
        String serial = certificateArn.substring(prefix.length());
        return PcaRepository.certificate(env.storage.reads(), ca, serial)
                .map(c -> issued(ca, c))
                .orElseThrow(() -> PcaErrors.error(PcaErrors.NOT_FOUND, "Could not find certificate: " + certificateArn));
    }

    /** RevokeCertificate: records the revocation and republishes the CA's CRL. */
    public void revoke(RequestContext ctx, String caArn, String certificateSerial, String reason) {
        StoredAuthority found = env.storage.transaction(tx -> env.find(tx, ctx, caArn));
        env.require(ctx, "RevokeCertificate", found);
        String serial = Serials.normalize(certificateSerial);
        if (serial == null) {
            throw PcaErrors.invalidArgs("CertificateSerial: " + certificateSerial + " (expected: hexadecimal, optionally colon-separated)");
        }
        int code = Revocation.reasonCode(reason);
        env.storage.transaction(tx -> {
            StoredAuthority ca = env.find(tx, ctx, caArn);
            if (ca.status() != StoredAuthority.Status.ACTIVE && ca.status() != StoredAuthority.Status.DISABLED
                    && ca.status() != StoredAuthority.Status.EXPIRED) {
                throw PcaErrors.invalidState("The certificate authority " + caArn + " is in status " + ca.status()
                        + " (expected: ACTIVE, DISABLED or EXPIRED)");
            }
            if (ca.serial() != null && Serials.normalize(ca.serial()).equals(serial)) {
                throw PcaErrors.invalidRequest("CertificateSerial: " + certificateSerial + " is the certificate authority's own certificate");
            }
            StoredCertificate cert = PcaRepository.certificate(tx, ca, serial).orElseThrow(() -> PcaErrors.error(PcaErrors.NOT_FOUND,
                    "Could not find certificate with serial " + certificateSerial + " issued by " + caArn));
            if (cert.isRevoked()) {
                throw PcaErrors.error(PcaErrors.ALREADY_PROCESSED, "The certificate with serial " + certificateSerial + " is already revoked");
            }
            Instant now = env.now();
            PcaRepository.putCertificate(tx, ca, cert.revoked(now, reason));
            PcaRepository.markRevoked(tx, ca, serial);
            if (ca.revocation().crlEnabled()) {
                PcaJobs.scheduleCrl(tx, ca, now);
            }
            return code;
        });
        revocation.publishQuietly(found);
    }
}
