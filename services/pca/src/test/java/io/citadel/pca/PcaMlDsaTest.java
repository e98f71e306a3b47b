package io.citadel.pca;

import static io.citadel.pca.PcaHarness.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.SignInput;
import io.citadel.core.crypto.SignatureScheme;
import io.citadel.core.crypto.Signatures;
import io.citadel.core.crypto.pki.DistinguishedNames;
import io.citadel.core.crypto.pki.Pem;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ML-DSA CAs (KeyAlgorithm and SigningAlgorithm ML_DSA_44/65/87, FIPS 204): certificates, CRLs and OCSP answers signed
 * with pure ML-DSA under the parameter set's own AlgorithmIdentifier (RFC 9881), verified by the JDK's PKIX validator
 * and by OpenSSL 3.5 ({@code openssl verify}, {@code crl}, {@code ocsp}).
 */
class PcaMlDsaTest {

    private static final String ID_ML_DSA_44 = "2.16.840.1.101.3.4.3.17";
    private static final String ID_ML_DSA_65 = "2.16.840.1.101.3.4.3.18";

    @TempDir
    Path reports;
    @TempDir
    Path files;
    PcaHarness h;

    @BeforeEach
    void start() {
        h = new PcaHarness(reports);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private String create(String type, String keyAlgorithm, String commonName) {
        return h.pca.authorities().create(h.a(), new Authorities.CreateInput(type, keyAlgorithm, keyAlgorithm,
                List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, commonName)), PcaHarness.CRL_AND_OCSP, null, null,
                null, null));
    }

    private Issuance.IssueInput input(String caArn, String csr, String signing, String template, int days) {
        return new Issuance.IssueInput(caArn, csr.getBytes(StandardCharsets.US_ASCII), signing, template == null ? null : Templates.PREFIX + template,
                new Issuance.Validity(days, "DAYS"), null, null, null);
    }

    @Test
    void mlDsaRootAndSubordinate_issueALeafThatThePkixValidatorAccepts_andRevokeItByCrlAndOcsp() throws Exception {
        String root = create("ROOT", "ML_DSA_65", "ML-DSA Root");
        String rootCsr = h.pca.authorities().csr(h.a(), root);
        String rootCertArn = h.pca.issuance().issue(h.a(), input(root, rootCsr, "ML_DSA_65", "RootCACertificate/V1", 3650));
        h.pca.authorities().importCertificate(h.a(), root, h.pca.issuance().get(h.a(), root, rootCertArn).certificate()
                .getBytes(StandardCharsets.US_ASCII), null);
        X509Certificate rootCert = PcaHarness.x509(h.pca.authorities().certificate(h.a(), root).certificate());
        assertThat(rootCert.getSigAlgOID()).isEqualTo(ID_ML_DSA_65);
        rootCert.verify(rootCert.getPublicKey());

        String sub = create("SUBORDINATE", "ML_DSA_44", "ML-DSA Issuing CA");
        String subCertArn = h.pca.issuance().issue(h.a(), input(root, h.pca.authorities().csr(h.a(), sub), "ML_DSA_65",
                "SubordinateCACertificate_PathLen0/V1", 1825));
        Issuance.Issued subIssued = h.pca.issuance().get(h.a(), root, subCertArn);
        h.pca.authorities().importCertificate(h.a(), sub, subIssued.certificate().getBytes(StandardCharsets.US_ASCII),
                subIssued.chain().getBytes(StandardCharsets.US_ASCII));
        X509Certificate subCert = PcaHarness.x509(subIssued.certificate());
        assertThat(subCert.getSigAlgOID()).isEqualTo(ID_ML_DSA_65);

        for (KeyPairType leafKey : List.of(KeyPairType.ML_DSA_87, KeyPairType.EC_P256)) {
            String leafArn = h.pca.issuance().issue(h.a(), input(sub, h.csr(leafKey, "app.example.com", List.of()), "ML_DSA_44", null, 30));
            X509Certificate leaf = PcaHarness.x509(h.pca.issuance().get(h.a(), sub, leafArn).certificate());
            assertThat(leaf.getSigAlgOID()).as(leafKey + " leaf").isEqualTo(ID_ML_DSA_44);
            assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
            assertThat(leaf.getKeyUsage()[2]).as(leafKey + ": keyEncipherment").isEqualTo(leafKey == KeyPairType.EC_P256);

            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(rootCert, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(h.clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, subCert)), params);
            Files.writeString(files.resolve("root.pem"), Pem.encode(Pem.CERTIFICATE, rootCert.getEncoded()));
            Files.writeString(files.resolve("sub.pem"), Pem.encode(Pem.CERTIFICATE, subCert.getEncoded()));
            Files.writeString(files.resolve("cas.pem"), Pem.encode(Pem.CERTIFICATE, subCert.getEncoded())
                    + Pem.encode(Pem.CERTIFICATE, rootCert.getEncoded()));
            Files.writeString(files.resolve("leaf.pem"), Pem.encode(Pem.CERTIFICATE, leaf.getEncoded()));
            String at = "-attime=" + h.clock.instant().getEpochSecond();
            OpenSsl35.Result verified = OpenSsl35.run(files, "verify", at, "-CAfile", "root.pem", "-untrusted", "sub.pem", "leaf.pem");
            assertThat(verified.output()).as(leafKey + ": openssl verify").contains("leaf.pem: OK");
            assertThat(verified.exitCode()).isZero();

            h.pca.issuance().revoke(h.a(), sub, leaf.getSerialNumber().toString(16), "KEY_COMPROMISE");
            String subId = sub.substring(sub.lastIndexOf('/') + 1);
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(
                    h.pca.revocation().crl(subId).orElseThrow()));
            assertThat(crl.getSigAlgOID()).isEqualTo(ID_ML_DSA_44);
            crl.verify(subCert.getPublicKey());
            assertThat(crl.isRevoked(leaf)).isTrue();
            Files.writeString(files.resolve("crl.pem"), Pem.encode(Pem.X509_CRL, crl.getEncoded()));
            OpenSsl35.Result crlChecked = OpenSsl35.run(files, "crl", "-in", "crl.pem", "-CAfile", "cas.pem", "-noout");
            assertThat(crlChecked.output()).as("openssl crl: the ML-DSA CRL signature").contains("verify OK");
            OpenSsl35.Result revokedByCrl = OpenSsl35.run(files, "verify", at, "-crl_check", "-CAfile", "root.pem", "-untrusted", "sub.pem",
                    "-CRLfile", "crl.pem", "leaf.pem");
            assertThat(revokedByCrl.output()).as("openssl verify -crl_check").contains("certificate revoked");
            assertThat(revokedByCrl.exitCode()).isNotZero();

            CertificateID id = new CertificateID(new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1),
                    new X509CertificateHolder(subCert.getEncoded()), leaf.getSerialNumber());
            OCSPResp response = new OCSPResp(h.pca.revocation().ocsp(subId, new OCSPReqBuilder().addRequest(id).build().getEncoded()));
            assertThat(response.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
            BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
            assertThat(basic.getSignatureAlgOID().getId()).isEqualTo(ID_ML_DSA_44);
            assertThat(Signatures.verify(SignatureScheme.ML_DSA, subCert.getPublicKey().getEncoded(),
                    basic.getTBSResponseData(), SignInput.MESSAGE, basic.getSignature())).as("OCSP signature").isTrue();
            assertThat(basic.getResponses()[0].getCertStatus()).isInstanceOf(RevokedStatus.class);
            Files.write(files.resolve("ocsp.der"), response.getEncoded());
            OpenSsl35.Result ocsp = OpenSsl35.run(files, "ocsp", "-respin", "ocsp.der", "-issuer", "sub.pem", "-cert", "leaf.pem",
                    "-VAfile", "sub.pem", "-CAfile", "cas.pem", "-no_nonce", "-validity_period", "31622400");
            assertThat(ocsp.output()).as("openssl ocsp: the ML-DSA response signature and the status")
                    .contains("Response verify OK").contains("leaf.pem: revoked");
        }
    }

    @Test
    void anMlDsaKey_signsOnlyWithItsOwnParameterSet_andOtherKeysNotWithMlDsa() {
        assertThat(code(() -> h.pca.authorities().create(h.a(), new Authorities.CreateInput("ROOT", "ML_DSA_65", "ML_DSA_44",
                List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, "x")), null, null, null, null, null))))
                .isEqualTo("InvalidArgsException");
        assertThat(code(() -> h.pca.authorities().create(h.a(), new Authorities.CreateInput("ROOT", "ML_DSA_65", "SHA256WITHECDSA",
                List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, "x")), null, null, null, null, null))))
                .isEqualTo("InvalidArgsException");
        assertThat(code(() -> h.pca.authorities().create(h.a(), new Authorities.CreateInput("ROOT", "EC_prime256v1", "ML_DSA_44",
                List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, "x")), null, null, null, null, null))))
                .isEqualTo("InvalidArgsException");
        String root = create("ROOT", "ML_DSA_44", "ML-DSA Root");
        String csr = h.pca.authorities().csr(h.a(), root);
        assertThat(code(() -> h.pca.issuance().issue(h.a(), input(root, csr, "ML_DSA_87", "RootCACertificate/V1", 365))))
                .isEqualTo("InvalidArgsException");
    }

    @Test
    void aTamperedMlDsaCsr_isMalformedCsr() throws Exception {
        String root = create("ROOT", "ML_DSA_44", "ML-DSA Root");
        String rootCertArn = h.pca.issuance().issue(h.a(), input(root, h.pca.authorities().csr(h.a(), root), "ML_DSA_44",
                "RootCACertificate/V1", 365));
        h.pca.authorities().importCertificate(h.a(), root, h.pca.issuance().get(h.a(), root, rootCertArn).certificate()
                .getBytes(StandardCharsets.US_ASCII), null);
        String pem = h.csr(KeyPairType.ML_DSA_44, "leaf", List.of());
        org.bouncycastle.pkcs.PKCS10CertificationRequest parsed = new org.bouncycastle.pkcs.PKCS10CertificationRequest(
                io.citadel.core.crypto.pki.Pem.decodeOne(pem, io.citadel.core.crypto.pki.Pem.CERTIFICATE_REQUEST));
        byte[] signature = parsed.getSignature();
        signature[10] ^= 1;
        byte[] tampered = new org.bouncycastle.asn1.pkcs.CertificationRequest(parsed.toASN1Structure().getCertificationRequestInfo(),
                parsed.getSignatureAlgorithm(), new org.bouncycastle.asn1.DERBitString(signature)).getEncoded(ASN1Encoding.DER);
        String tamperedPem = io.citadel.core.crypto.pki.Pem.encode(io.citadel.core.crypto.pki.Pem.CERTIFICATE_REQUEST, tampered);
        assertThat(code(() -> h.pca.issuance().issue(h.a(), input(root, tamperedPem, "ML_DSA_44", null, 30))))
                .isEqualTo("MalformedCSRException");
        assertThat(h.pca.issuance().issue(h.a(), input(root, pem, "ML_DSA_44", null, 30))).as("the untampered CSR").startsWith("arn:");
    }
}
