package io.citadel.acme;

import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.SignatureScheme;
import io.citadel.core.crypto.pki.CertificateRequests;
import io.citadel.core.crypto.pki.CertificateSigner;
import io.citadel.core.crypto.pki.CertificateSpec;
import io.citadel.core.crypto.pki.Certificates;
import io.citadel.core.crypto.pki.DistinguishedNames;
import io.citadel.core.crypto.pki.Jws;
import io.citadel.core.crypto.pki.KeyUsage;
import io.citadel.core.crypto.pki.SubjectAlternativeName;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.Storage;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The default {@link AcmeIssuer} until ACME is connected to the private CA: for each CA ARN, an EC P-256 root
 * generated on first use whose private key lives only in the sealed storage ({@code global/acme/local-ca/{sha256(arn)}}),
 * signing leaf certificates with serverAuth and clientAuth. Revocations are recorded beside it.
 */
public final class LocalCaIssuer implements AcmeIssuer {

    static final String PREFIX = "global/acme/local-ca/";
    static final Duration ROOT_VALIDITY = Duration.ofDays(3650);
    /** Leaves start a little in the past, so clients with a slightly slow clock accept them at once. */
    static final Duration BACKDATE = Duration.ofMinutes(1);

    record StoredRoot(String certificateAuthorityArn, byte[] privateKey, byte[] certificate, byte[] subject, byte[] publicKey) {
    }

    record StoredRevocation(String serialHex, int reason, Instant revokedAt) {
    }

    private final Storage storage;
    private final InstantSource clock;
    private final SecureRandom random;

    public LocalCaIssuer(Storage storage, InstantSource clock, SecureRandom random) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public Issued issue(String certificateAuthorityArn, byte[] csrDer, List<String> dnsNames, Duration validity) {
        StoredRoot root = root(certificateAuthorityArn);
        CertificateRequests.CertificateRequest csr = CertificateRequests.parse(csrDer);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String commonName = dnsNames.stream().filter(n -> n.length() <= 64).findFirst().orElse(null);
        byte[] subject = commonName == null ? DistinguishedNames.encode(List.of())
                : DistinguishedNames.encode(List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, commonName)));
        Set<KeyUsage> usage = csr.publicKeyAlgorithm().equals("RSA")
                ? Set.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT) : Set.of(KeyUsage.DIGITAL_SIGNATURE);
        CertificateSpec spec = new CertificateSpec(Certificates.randomSerial(random), subject, csr.publicKey(),
                now.minus(BACKDATE), now.plus(validity),
                dnsNames.stream().<SubjectAlternativeName>map(SubjectAlternativeName.Dns::new).toList(), usage,
                List.of(CertificateSpec.EKU_SERVER_AUTH, CertificateSpec.EKU_CLIENT_AUTH),
                new CertificateSpec.BasicConstraints(false, null), List.of(), List.of(), List.of());
        byte[] leaf = Certificates.issue(spec, issuer(root));
        return new Issued(leaf, List.of(root.certificate()));
    }

    @Override
    public void revoke(String certificateAuthorityArn, BigInteger serial, int reason) {
        String hex = serial.toString(16);
        storage.put(PREFIX + arnHash(certificateAuthorityArn) + "/revoked/" + hex,
                StoredJson.write(new StoredRevocation(hex, reason, clock.instant())));
    }

    /** Whether {@link #revoke} recorded {@code serial} for the CA. */
    public boolean isRevoked(String certificateAuthorityArn, BigInteger serial) {
        return storage.get(PREFIX + arnHash(certificateAuthorityArn) + "/revoked/" + serial.toString(16)).isPresent();
    }

    /** The CA's root certificate (DER), created on first use. */
    public byte[] rootCertificate(String certificateAuthorityArn) {
        return root(certificateAuthorityArn).certificate();
    }

    private StoredRoot root(String arn) {
        String key = PREFIX + arnHash(arn);
        var existing = storage.get(key);
        if (existing.isPresent()) {
            return StoredJson.read(existing.get(), StoredRoot.class);
        }
        StoredRoot fresh = generate(arn);
        byte[] value = StoredJson.write(fresh);
        // two nodes may race on first use: the first root written wins, the other's is dropped unused
        return storage.transaction(tx -> {
            var again = tx.get(key);
            if (again.isPresent()) {
                return StoredJson.read(again.get(), StoredRoot.class);
            }
            tx.put(key, value);
            return fresh;
        });
    }

    private StoredRoot generate(String arn) {
        AsymmetricKeyPair pair = KeyPairs.generate(KeyPairType.EC_P256, random);
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        byte[] subject = DistinguishedNames.encode(List.of(
                new DistinguishedNames.Attribute(DistinguishedNames.ORGANIZATION, "Citadel"),
                new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, "Citadel ACME local CA " + id)));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        CertificateSpec spec = new CertificateSpec(Certificates.randomSerial(random), subject, pair.publicSpki(),
                now.minus(BACKDATE), now.plus(ROOT_VALIDITY), List.of(), Set.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN),
                List.of(), new CertificateSpec.BasicConstraints(true, null), List.of(), List.of(), List.of());
        CertificateSigner signer = CertificateSigner.ofPrivateKey(SignatureScheme.ECDSA_SHA_256, pair.privatePkcs8(), random);
        byte[] certificate = Certificates.issue(spec, Certificates.Issuer.selfSigned(spec, signer));
        return new StoredRoot(arn, pair.privatePkcs8(), certificate, subject, pair.publicSpki());
    }

    private Certificates.Issuer issuer(StoredRoot root) {
        return new Certificates.Issuer(root.subject(), root.publicKey(),
                CertificateSigner.ofPrivateKey(SignatureScheme.ECDSA_SHA_256, root.privateKey(), random));
    }

    private static String arnHash(String arn) {
        return HexFormat.of().formatHex(Jws.sha256(arn.getBytes(StandardCharsets.UTF_8)));
    }
}
