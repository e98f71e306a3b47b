package io.citadel.core.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.SignatureScheme;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;

class CrlsAndOcspTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    private final AsymmetricKeyPair caKey = KeyPairs.generate(KeyPairType.EC_P256, RANDOM);
    private final CertificateSigner signer = CertificateSigner.ofPrivateKey(SignatureScheme.ECDSA_SHA_256, caKey.privatePkcs8(), RANDOM);
    private final byte[] caName = DistinguishedNames.parse("CN=CRL Test Root");
    private final Certificates.Issuer issuer = new Certificates.Issuer(caName, caKey.publicSpki(), signer);
    private final byte[] caDer = Certificates.issue(new CertificateSpec(BigInteger.ONE, caName, caKey.publicSpki(), NOW,
            NOW.plus(365, ChronoUnit.DAYS), List.of(), EnumSet.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN), List.of(),
            new CertificateSpec.BasicConstraints(true, null), List.of(), List.of(), List.of()), issuer);

    @Test
    void crl_isSignedAndListsEntriesWithReasons() throws Exception {
        byte[] der = Crls.create(issuer, BigInteger.valueOf(7), NOW, NOW.plus(1, ChronoUnit.DAYS),
                List.of(new Crls.Revoked(BigInteger.valueOf(42), NOW, Crls.KEY_COMPROMISE),
                        new Crls.Revoked(BigInteger.valueOf(43), NOW, Crls.UNSPECIFIED)));
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(caDer));
        crl.verify(ca.getPublicKey());
        assertThat(crl.getRevokedCertificate(BigInteger.valueOf(42)).getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(crl.getRevokedCertificate(BigInteger.valueOf(43))).isNotNull();
        assertThat(crl.getExtensionValue("2.5.29.20")).as("CRL number").isNotNull();
        assertThat(crl.getExtensionValue("2.5.29.35")).as("authority key identifier").isNotNull();
        assertThatThrownBy(() -> new Crls.Revoked(BigInteger.ONE, NOW, 7)).hasMessageContaining("reason: 7");
    }

    @Test
    void ocsp_answersGoodRevokedUnknown_signedByTheCa_withTheNonce() throws Exception {
        X509CertificateHolder caHolder = new X509CertificateHolder(caDer);
        var sha1 = new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1);
        byte[] nonce = {9, 8, 7, 6};
        byte[] request = new OCSPReqBuilder()
                .addRequest(new CertificateID(sha1, caHolder, BigInteger.valueOf(10)))
                .addRequest(new CertificateID(sha1, caHolder, BigInteger.valueOf(11)))
                .addRequest(new CertificateID(sha1, caHolder, BigInteger.valueOf(12)))
                .setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                        new DEROctetString(nonce).getOctets())))
                .build().getEncoded();
        OcspResponses.Request parsed = OcspResponses.parseRequest(request);
        assertThat(parsed.ids()).hasSize(3);
        assertThat(parsed.ids()).allMatch(id -> OcspResponses.issuedBy(id, caName, caKey.publicSpki()));
        assertThat(OcspResponses.issuedBy(parsed.ids().get(0), DistinguishedNames.parse("CN=Other"), caKey.publicSpki())).isFalse();

        byte[] response = OcspResponses.respond(issuer, List.of(
                new OcspResponses.Answer(parsed.ids().get(0), new OcspResponses.Status.Good()),
                new OcspResponses.Answer(parsed.ids().get(1), new OcspResponses.Status.Revoked(NOW, Crls.SUPERSEDED)),
                new OcspResponses.Answer(parsed.ids().get(2), new OcspResponses.Status.Unknown())),
                NOW, NOW, NOW.plus(1, ChronoUnit.HOURS), parsed.nonce(), List.of(caDer));
        OCSPResp resp = new OCSPResp(response);
        assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(caDer));
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca.getPublicKey()))).isTrue();
        assertThat(basic.getResponses()[0].getCertStatus()).isNull();
        assertThat(((RevokedStatus) basic.getResponses()[1].getCertStatus()).getRevocationReason()).isEqualTo(Crls.SUPERSEDED);
        assertThat(basic.getResponses()[2].getCertStatus()).isInstanceOf(UnknownStatus.class);
        assertThat(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets())
                .as("the request's nonce extension value, echoed byte for byte").isEqualTo(nonce);
    }

    @Test
    void malformedRequest_isRefused_andErrorResponsesAreBare() {
        assertThatThrownBy(() -> OcspResponses.parseRequest(new byte[] {1, 2, 3})).hasMessage("malformed OCSP request");
        assertThat(OcspResponses.error(OcspResponses.MALFORMED_REQUEST)).containsExactly(0x30, 0x03, 0x0a, 0x01, 0x01);
    }
}
