package io.citadel.pca;

import static io.citadel.pca.PcaHarness.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.pki.DistinguishedNames;
import io.citadel.core.crypto.pki.Pem;
import io.citadel.kms.KeyAdministration;
import io.citadel.kms.KmsKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Provider;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SM2 CAs (KeyAlgorithm SM2, SigningAlgorithm SM3WITHSM2, AWS's China Regions): certificates, CRLs and OCSP answers
 * signed SM2-with-SM3 with the default user ID, on the sm2p256v1 curve. The JDK cannot parse or verify any of it, so
 * every signature is checked with BouncyCastle's JCA provider and its SM2 signer with the user ID spelled out.
 */
class PcaSm2Test {

    private static final String SM2_WITH_SM3 = "1.2.156.10197.1.501";
    private static final String SM2P256V1 = "1.2.156.10197.1.301";
    private static final byte[] DEFAULT_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
    private static final Provider BC = new BouncyCastleProvider();

    @TempDir
    Path reports;
    PcaHarness h;

    @BeforeEach
    void start() {
        h = new PcaHarness(reports);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private String create(String type, String keyAlgorithm, String signingAlgorithm, String commonName, Map<String, String> tags) {
        return h.pca.authorities().create(h.a(), new Authorities.CreateInput(type, keyAlgorithm, signingAlgorithm,
                List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, commonName)), PcaHarness.CRL_AND_OCSP, null, tags,
                null, null));
    }

    private Issuance.IssueInput input(String caArn, String csr, String signing, String template, int days) {
        return new Issuance.IssueInput(caArn, csr.getBytes(StandardCharsets.US_ASCII), signing, template == null ? null : Templates.PREFIX + template,
                new Issuance.Validity(days, "DAYS"), null, null, null);
    }

    private String activeSm2Root() {
        String root = create("ROOT", "SM2", "SM3WITHSM2", "SM2 Root", null);
        String certArn = h.pca.issuance().issue(h.a(), input(root, h.pca.authorities().csr(h.a(), root), "SM3WITHSM2", "RootCACertificate/V1", 3650));
        h.pca.authorities().importCertificate(h.a(), root, h.pca.issuance().get(h.a(), root, certArn).certificate()
                .getBytes(StandardCharsets.US_ASCII), null);
        return root;
    }

    private static X509CertificateHolder holder(String pem) throws Exception {
        return new X509CertificateHolder(Pem.decodeOne(pem, Pem.CERTIFICATE));
    }

    private static ContentVerifierProvider verifier(X509CertificateHolder issuer) throws Exception {
        return new JcaContentVerifierProviderBuilder().setProvider(BC).build(issuer);
    }

    /** SM2 verification with the user ID given explicitly, independent of any default. */
    private static boolean sm2Verifies(X509CertificateHolder issuer, byte[] signed, byte[] signature, byte[] userId) throws Exception {
        SM2Signer signer = new SM2Signer();
        signer.init(false, new ParametersWithID(PublicKeyFactory.createKey(issuer.getSubjectPublicKeyInfo()), userId));
        signer.update(signed, 0, signed.length);
        return signer.verifySignature(signature);
    }

    private static X509Certificate bcX509(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509", BC).generateCertificate(
                new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void sm2RootAndSubordinate_issueLeavesThatBouncyCastleValidates_andRevokeThemByCrlAndOcsp() throws Exception {
        String root = activeSm2Root();
        X509CertificateHolder rootCert = holder(h.pca.authorities().certificate(h.a(), root).certificate());
        assertThat(rootCert.getSignatureAlgorithm().getAlgorithm().getId()).isEqualTo(SM2_WITH_SM3);
        assertThat(rootCert.getSignatureAlgorithm().getParameters()).as("parameters absent").isNull();
        assertThat(rootCert.getSubjectPublicKeyInfo().getAlgorithm().getParameters().toString()).isEqualTo(SM2P256V1);
        assertThat(rootCert.isSignatureValid(verifier(rootCert))).as("root self-signature").isTrue();
        byte[] rootTbs = rootCert.toASN1Structure().getTBSCertificate().getEncoded(ASN1Encoding.DER);
        assertThat(sm2Verifies(rootCert, rootTbs, rootCert.getSignature(), DEFAULT_USER_ID)).as("user ID 1234567812345678").isTrue();
        assertThat(sm2Verifies(rootCert, rootTbs, rootCert.getSignature(), new byte[0])).as("the empty user ID").isFalse();

        // the subordinate's CSR is signed SM2-with-SM3 too, and the import verifies the chain with BouncyCastle
        String sub = create("SUBORDINATE", "SM2", "SM3WITHSM2", "SM2 Issuing CA", null);
        String subCsr = h.pca.authorities().csr(h.a(), sub);
        PKCS10CertificationRequest parsedCsr = new PKCS10CertificationRequest(Pem.decodeOne(subCsr, Pem.CERTIFICATE_REQUEST));
        assertThat(parsedCsr.getSignatureAlgorithm().getAlgorithm().getId()).isEqualTo(SM2_WITH_SM3);
        assertThat(parsedCsr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(parsedCsr.getSubjectPublicKeyInfo())))
                .as("the subordinate's CSR").isTrue();
        String subCertArn = h.pca.issuance().issue(h.a(), input(root, subCsr, "SM3WITHSM2", "SubordinateCACertificate_PathLen0/V1", 1825));
        Issuance.Issued subIssued = h.pca.issuance().get(h.a(), root, subCertArn);
        h.pca.authorities().importCertificate(h.a(), sub, subIssued.certificate().getBytes(StandardCharsets.US_ASCII),
                subIssued.chain().getBytes(StandardCharsets.US_ASCII));
        assertThat(h.pca.authorities().describe(h.a(), sub).status()).isEqualTo("ACTIVE");
        X509CertificateHolder subCert = holder(subIssued.certificate());
        assertThat(subCert.isSignatureValid(verifier(rootCert))).as("subordinate signed by the root").isTrue();
        X509Certificate subX509 = bcX509(subIssued.certificate());
        assertThat(subX509.getBasicConstraints()).isZero();
        assertThat(subX509.getKeyUsage()).as("digitalSignature, keyCertSign, cRLSign")
                .containsExactly(true, false, false, false, false, true, true, false, false);

        String subId = sub.substring(sub.lastIndexOf('/') + 1);
        for (KeyPairType leafKey : List.of(KeyPairType.SM2, KeyPairType.EC_P256, KeyPairType.RSA_2048)) {
            String leafArn = h.pca.issuance().issue(h.a(), input(sub, h.csr(leafKey, "app.example.cn", List.of()), null, null, 30));
            Issuance.Issued leafIssued = h.pca.issuance().get(h.a(), sub, leafArn);
            X509CertificateHolder leaf = holder(leafIssued.certificate());
            assertThat(leaf.getSignatureAlgorithm().getAlgorithm().getId()).as(leafKey + " leaf").isEqualTo(SM2_WITH_SM3);
            assertThat(leaf.isSignatureValid(verifier(subCert))).as(leafKey + " leaf signed by the subordinate").isTrue();
            X509Certificate leafX509 = bcX509(leafIssued.certificate());
            // EndEntityCertificate/V1: an SM2 key signs (TLS 1.3 per RFC 8998, TLCP) and encrypts (SM2PKE, TLCP's
            // encryption certificate), so the template's digitalSignature and keyEncipherment both stay
            assertThat(leafX509.getKeyUsage()).as(leafKey + ": digitalSignature, keyEncipherment")
                    .containsExactly(true, false, true, false, false, false, false, false, false);
            assertThat(leafX509.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");

            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(bcX509(h.pca.authorities().certificate(h.a(), root).certificate()), null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(h.clock.instant()));
            CertPathValidator.getInstance("PKIX", BC).validate(CertificateFactory.getInstance("X.509", BC)
                    .generateCertPath(List.of(leafX509, subX509)), params);

            h.pca.issuance().revoke(h.a(), sub, leafX509.getSerialNumber().toString(16), "KEY_COMPROMISE");
            X509CRLHolder crl = new X509CRLHolder(h.pca.revocation().crl(subId).orElseThrow());
            assertThat(crl.toASN1Structure().getSignatureAlgorithm().getAlgorithm().getId()).isEqualTo(SM2_WITH_SM3);
            assertThat(crl.isSignatureValid(verifier(subCert))).as("CRL signature").isTrue();
            assertThat(sm2Verifies(subCert, crl.toASN1Structure().getTBSCertList().getEncoded(ASN1Encoding.DER),
                    crl.toASN1Structure().getSignature().getOctets(), DEFAULT_USER_ID)).as("CRL with user ID 1234567812345678").isTrue();
            assertThat(crl.getRevokedCertificate(leafX509.getSerialNumber())).as("revoked in the CRL").isNotNull();

            CertificateID id = new CertificateID(new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1), subCert, leafX509.getSerialNumber());
            OCSPResp response = new OCSPResp(h.pca.revocation().ocsp(subId, new OCSPReqBuilder().addRequest(id).build().getEncoded()));
            assertThat(response.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
            BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
            assertThat(basic.getSignatureAlgOID().getId()).isEqualTo(SM2_WITH_SM3);
            assertThat(basic.isSignatureValid(verifier(subCert))).as("OCSP signature").isTrue();
            assertThat(sm2Verifies(subCert, basic.getTBSResponseData(), basic.getSignature(), DEFAULT_USER_ID)).isTrue();
            assertThat(basic.getResponses()[0].getCertStatus()).isInstanceOf(RevokedStatus.class);
        }

        CertificateID unrevoked = new CertificateID(new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1), subCert,
                subCert.getSerialNumber().add(java.math.BigInteger.ONE));
        BasicOCSPResp unknown = (BasicOCSPResp) new OCSPResp(h.pca.revocation().ocsp(subId,
                new OCSPReqBuilder().addRequest(unrevoked).build().getEncoded())).getResponseObject();
        assertThat(unknown.isSignatureValid(verifier(subCert))).isTrue();
        assertThat(unknown.getResponses()[0].getCertStatus()).isNotEqualTo(CertificateStatus.GOOD);
    }

    @Test
    void anSm2CaIssuingToAGoodLeaf_answersGoodByOcsp() throws Exception {
        String root = activeSm2Root();
        String leafArn = h.pca.issuance().issue(h.a(), input(root, h.csr(KeyPairType.SM2, "good.example.cn", List.of()), "SM3WITHSM2",
                "EndEntityServerAuthCertificate/V1", 30));
        X509CertificateHolder rootCert = holder(h.pca.authorities().certificate(h.a(), root).certificate());
        X509CertificateHolder leaf = holder(h.pca.issuance().get(h.a(), root, leafArn).certificate());
        assertThat(leaf.getSubjectPublicKeyInfo().getAlgorithm().getParameters().toString()).isEqualTo(SM2P256V1);
        CertificateID id = new CertificateID(new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1), rootCert, leaf.getSerialNumber());
        BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(h.pca.revocation().ocsp(root.substring(root.lastIndexOf('/') + 1),
                new OCSPReqBuilder().addRequest(id).build().getEncoded())).getResponseObject();
        assertThat(basic.isSignatureValid(verifier(rootCert))).isTrue();
        assertThat(basic.getResponses()[0].getCertStatus()).isEqualTo(CertificateStatus.GOOD);
    }

    @Test
    void sm2PairsOnlyWithSm3WithSm2_andViceVersa() {
        for (String[] pair : List.of(new String[] {"SM2", "SHA256WITHECDSA"}, new String[] {"SM2", "SHA256WITHRSA"},
                new String[] {"SM2", "ML_DSA_44"}, new String[] {"EC_prime256v1", "SM3WITHSM2"}, new String[] {"RSA_2048", "SM3WITHSM2"},
                new String[] {"ML_DSA_44", "SM3WITHSM2"})) {
            assertThat(code(() -> create("ROOT", pair[0], pair[1], "x", null))).as(pair[0] + " with " + pair[1]).isEqualTo("InvalidArgsException");
        }
        String root = create("ROOT", "SM2", "SM3WITHSM2", "SM2 Root", null);
        String csr = h.pca.authorities().csr(h.a(), root);
        assertThat(code(() -> h.pca.issuance().issue(h.a(), input(root, csr, "SHA256WITHECDSA", "RootCACertificate/V1", 365))))
                .isEqualTo("InvalidArgsException");
        String ecRoot = h.activeRoot(null);
        assertThat(code(() -> h.pca.issuance().issue(h.a(), input(ecRoot, h.csr(KeyPairType.SM2, "x", List.of()), "SM3WITHSM2", null, 30))))
                .as("an EC CA asked to sign SM3WITHSM2").isEqualTo("InvalidArgsException");
        assertThat(h.pca.issuance().issue(h.a(), input(ecRoot, h.csr(KeyPairType.SM2, "sm2-leaf", List.of()), null, null, 30)))
                .as("an EC CA issues to an SM2 key with its own algorithm").startsWith("arn:");
    }

    @Test
    void anSm2CaWithAKmsHeldKey_isInvalidArgs_sinceKmsHasNoSm2Keys() {
        KmsKey p256 = h.kms.administration().createKey(h.a(), new KeyAdministration.CreateKeyInput(null, null, "SIGN_VERIFY",
                "ECC_NIST_P256", null, null, null, false, List.of(), false, null));
        assertThat(code(() -> create("ROOT", "SM2", "SM3WITHSM2", "x", Map.of(KmsKeys.TAG, p256.arn())))).isEqualTo("InvalidArgsException");
        assertThat(code(() -> create("ROOT", "SM2", "SM3WITHSM2", "x", Map.of(KmsKeys.TAG, "alias/nothing")))).isEqualTo("InvalidArgsException");
        assertThat(code(() -> h.kms.administration().createKey(h.a(), new KeyAdministration.CreateKeyInput(null, null, "SIGN_VERIFY",
                "SM2", null, null, null, false, List.of(), false, null)))).as("KMS itself").isEqualTo("UnsupportedOperationException");
    }

    @Test
    void aTamperedSm2Csr_isMalformedCsr_soIsOneSignedWithAnotherUserId() throws Exception {
        String root = activeSm2Root();
        String pem = h.csr(KeyPairType.SM2, "leaf", List.of());
        PKCS10CertificationRequest parsed = new PKCS10CertificationRequest(Pem.decodeOne(pem, Pem.CERTIFICATE_REQUEST));
        byte[] signature = parsed.getSignature();
        signature[signature.length - 3] ^= 1;
        String tampered = Pem.encode(Pem.CERTIFICATE_REQUEST, new CertificationRequest(parsed.toASN1Structure().getCertificationRequestInfo(),
                parsed.getSignatureAlgorithm(), new DERBitString(signature)).getEncoded(ASN1Encoding.DER));
        assertThat(code(() -> h.pca.issuance().issue(h.a(), input(root, tampered, null, null, 30)))).isEqualTo("MalformedCSRException");
        assertThat(PcaHarness.error(() -> h.pca.issuance().issue(h.a(), input(root, tampered, null, null, 30))).getMessage())
                .contains("1234567812345678");
        assertThat(h.pca.issuance().issue(h.a(), input(root, pem, null, null, 30))).as("the untampered CSR").startsWith("arn:");
    }

    @Test
    void anSm2CasPrivateKey_isOnlyInTheSealedStorage() throws Exception {
        String arn = activeSm2Root();
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        byte[] pkcs8 = h.storage.get(PcaRepository.base(h.accountA, PcaHarness.REGION) + "key/" + id).orElseThrow();
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
        assertThat(info.getPrivateKeyAlgorithm().getParameters().toString()).isEqualTo(SM2P256V1);
        byte[] scalar = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, ECPrivateKey.getInstance(info.parsePrivateKey()).getKey());
        assertThat(SubjectPublicKeyInfo.getInstance(PcaRepository.authority(h.storage.reads(), h.accountA, PcaHarness.REGION, id)
                .orElseThrow().publicKey()).getAlgorithm().getParameters().toString()).isEqualTo(SM2P256V1);
        String after = null;
        io.citadel.storage.ScanPage page;
        int values = 0;
        do {
            page = h.raw.scan("", after, 1000);
            for (io.citadel.storage.Entry e : page.entries()) {
                values++;
                assertThat(indexOf(e.value(), scalar)).as("raw value of %s", e.key()).isEqualTo(-1);
            }
            after = page.lastKey().orElse(null);
        } while (page.hasMore());
        assertThat(values).isGreaterThan(3);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
