package io.citadel.acm;

import io.citadel.core.RequestContext;
import io.citadel.core.crypto.Hashes;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.SignatureScheme;
import io.citadel.core.crypto.pki.CertificateRequests;
import io.citadel.core.crypto.pki.CertificateSigner;
import io.citadel.core.crypto.pki.CertificateSpec;
import io.citadel.core.crypto.pki.Certificates;
import io.citadel.core.crypto.pki.DistinguishedNames;
import io.citadel.core.crypto.pki.KeyUsage;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A stand-in certificate authority inside the node, built on core.crypto.pki: one self-signed RSA 2048 root per
 * authority, generated on first use and kept in the sealed storage ({@code global/acm/issuers/<sha256(name)>}). The
 * authority named {@link #PUBLIC} issues ACM's "public" certificates (the node's public issuing CA); other authorities
 * exist only when created ({@link #createAuthority}), for the module's tests: a node issues private certificates
 * through ACM PCA. Leaves follow ACM's end-entity template: serverAuth and clientAuth, digitalSignature
 * (and keyEncipherment for RSA keys), CA:false.
 */
public final class InProcessIssuer implements CertificateIssuer {

    public static final String PUBLIC = "public";
    static final Duration BACKDATE = Duration.ofHours(1);
    static final Duration ROOT_VALIDITY = Duration.ofDays(25 * 365);
    private static final Pattern PCA_ARN = Pattern.compile("arn:aws:acm-pca:([a-z0-9-]+):(\\d{12}):certificate-authority/[0-9a-zA-Z-]{1,64}");
    private static final String PREFIX = "global/acm/issuers/";

    /** A stored authority: its name, the root key (PKCS#8) and its self-signed certificate. */
    record Authority(String name, byte[] privateKey, byte[] certificate, byte[] subject, byte[] publicKey) {
    }

    private final Storage storage;
    private final InstantSource clock;
    private final SecureRandom random;
    public InProcessIssuer(Storage storage, InstantSource clock, SecureRandom random) {
        this.storage = storage;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public Issued issue(RequestContext caller, String certificateAuthorityArn, byte[] csrDer, Duration validity) {
        Authority authority;
        if (certificateAuthorityArn == null) {
            authority = authority(PUBLIC, "Citadel ACM Public Root");
        } else {
            var m = PCA_ARN.matcher(certificateAuthorityArn);
            if (!m.matches()) {
                throw new IssueFailure("PCA_INVALID_ARN", "certificateAuthorityArn: " + certificateAuthorityArn
                        + " (expected: arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>)");
            }
            Optional<Authority> existing = find(certificateAuthorityArn);
            if (existing.isPresent()) {
                authority = existing.get();
            } else {
                throw new IssueFailure("PCA_RESOURCE_NOT_FOUND", "Could not find certificate authority " + certificateAuthorityArn + ".");
            }
        }
        CertificateRequests.CertificateRequest csr = CertificateRequests.parse(csrDer);
        if (!csr.signatureValid()) {
            throw new IssueFailure("PCA_INVALID_ARGS", "the certificate signing request's signature does not verify");
        }
        // backdated an hour, as public CAs do, so relying parties with a slow clock accept it at once
        Instant notBefore = clock.instant().minus(BACKDATE).truncatedTo(ChronoUnit.SECONDS);
        Set<KeyUsage> usage = csr.publicKeyAlgorithm().equals("RSA")
                ? Set.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT) : Set.of(KeyUsage.DIGITAL_SIGNATURE);
        CertificateSpec spec = new CertificateSpec(Certificates.randomSerial(random), csr.subject(), csr.publicKey(), notBefore,
                notBefore.plus(validity), csr.subjectAlternativeNames(), usage,
                List.of(CertificateSpec.EKU_SERVER_AUTH, CertificateSpec.EKU_CLIENT_AUTH), new CertificateSpec.BasicConstraints(false, null),
                List.of(), List.of(), List.of());
        byte[] der = Certificates.issue(spec, new Certificates.Issuer(authority.subject(), authority.publicKey(),
                CertificateSigner.ofPrivateKey(SignatureScheme.RSA_PKCS1_SHA_256, authority.privateKey(), random)));
        return new Issued(der, List.of(authority.certificate()));
    }

    /** Creates the authority {@code name} now (tests register private CAs this way); returns its root certificate (DER). */
    public byte[] createAuthority(String name) {
        return authority(name, "Citadel Private CA " + name.substring(name.lastIndexOf('/') + 1)).certificate();
    }

    /** The root certificate (DER) of the public issuing authority, created on first use: what clients must trust. */
    public byte[] publicRoot() {
        return authority(PUBLIC, "Citadel ACM Public Root").certificate();
    }

    private Optional<Authority> find(String name) {
        return storage.get(key(name)).map(b -> StoredJson.read(b, Authority.class));
    }

    private Authority authority(String name, String commonName) {
        Optional<Authority> existing = find(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        var pair = KeyPairs.generate(KeyPairType.RSA_2048, random);
        byte[] subject = DistinguishedNames.encode(List.of(new DistinguishedNames.Attribute(DistinguishedNames.ORGANIZATION, "Citadel"),
                new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, commonName.length() > 64 ? commonName.substring(0, 64) : commonName)));
        Instant notBefore = clock.instant().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        CertificateSpec spec = new CertificateSpec(Certificates.randomSerial(random), subject, pair.publicSpki(), notBefore,
                notBefore.plus(ROOT_VALIDITY), List.of(), Set.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN, KeyUsage.DIGITAL_SIGNATURE),
                List.of(), new CertificateSpec.BasicConstraints(true, null), List.of(), List.of(), List.of());
        byte[] der = Certificates.issue(spec, Certificates.Issuer.selfSigned(spec,
                CertificateSigner.ofPrivateKey(SignatureScheme.RSA_PKCS1_SHA_256, pair.privatePkcs8(), random)));
        Authority fresh = new Authority(name, pair.privatePkcs8(), der, subject, pair.publicSpki());
        // Two nodes may race on first use: the first committed root wins and both use it.
        return storage.transaction(tx -> {
            Optional<byte[]> raced = tx.get(key(name));
            if (raced.isPresent()) {
                return StoredJson.read(raced.get(), Authority.class);
            }
            tx.put(key(name), StoredJson.write(fresh));
            return fresh;
        });
    }

    private static String key(String name) {
        return PREFIX + Hashes.hex(Hashes.sha256(name.getBytes(StandardCharsets.UTF_8)));
    }
}
