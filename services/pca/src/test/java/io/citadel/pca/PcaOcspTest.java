package io.citadel.pca;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.KeyPairType;
import io.citadel.storage.schedule.StorageScheduler;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OCSP responder's pre-produced answers (RFC 5019) and the rules that keep them true: revocation, nonces, refresh. */
class PcaOcspTest {

    @TempDir
    Path reports;
    PcaHarness h;
    String root;
    String caId;
    X509Certificate rootCert;

    @BeforeEach
    void start() {
        h = new PcaHarness(reports);
        root = h.activeRoot(PcaHarness.CRL_AND_OCSP);
        caId = root.substring(root.lastIndexOf('/') + 1);
        rootCert = PcaHarness.x509(h.pca.authorities().certificate(h.a(), root).certificate());
    }

    @AfterEach
    void close() {
        h.close();
    }

    private Issuance.Issued issue() {
        String arn = h.pca.issuance().issue(h.a(), h.endEntity(root, h.csr(KeyPairType.EC_P256, "leaf", List.of()), null));
        return h.pca.issuance().get(h.a(), root, arn);
    }

    private CertificateID id(Issuance.Issued leaf) throws Exception {
        return new CertificateID(new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1), new X509CertificateHolder(rootCert.getEncoded()),
                PcaHarness.x509(leaf.certificate()).getSerialNumber());
    }

    private static byte[] request(CertificateID id, byte[] nonce) throws Exception {
        OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
        if (nonce != null) {
            builder.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(nonce).getOctets())));
        }
        return builder.build().getEncoded();
    }

    /** The basic response, after checking it is successful and signed by the CA's key. */
    private BasicOCSPResp basic(byte[] der) throws Exception {
        OCSPResp response = new OCSPResp(der);
        assertThat(response.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(rootCert.getPublicKey()))).isTrue();
        return basic;
    }

    private CertificateStatus status(byte[] der) throws Exception {
        SingleResp[] answers = basic(der).getResponses();
        assertThat(answers).hasSize(1);
        return answers[0].getCertStatus();
    }

    @Test
    void nonceLessAnswer_isPreProduced_andRevocationReplacesItAtOnce() throws Exception {
        Issuance.Issued leaf = issue();
        byte[] question = request(id(leaf), null);
        byte[] first = h.pca.revocation().ocsp(caId, question);
        assertThat(status(first)).isEqualTo(CertificateStatus.GOOD);
        h.clock.advance(Duration.ofMinutes(1));
        assertThat(h.pca.revocation().ocsp(caId, question)).as("the pre-produced answer").isEqualTo(first);

        h.pca.issuance().revoke(h.a(), root, leaf.serial(), "KEY_COMPROMISE");

        byte[] after = h.pca.revocation().ocsp(caId, question);
        assertThat(after).isNotEqualTo(first);
        assertThat(status(after)).isInstanceOf(RevokedStatus.class);
        assertThat(((RevokedStatus) status(after)).getRevocationReason()).isEqualTo(1); // keyCompromise
        assertThat(h.pca.revocation().ocsp(caId, question)).as("the revoked answer is pre-produced in turn").isEqualTo(after);
    }

    @Test
    void revocationOnAnotherNode_isSeenByTheNextRequest() throws Exception {
        // a second node over the same storage, with its own caches
        Pca other = new Pca(h.storage, h.clock, h.random, h.access, new StorageScheduler(h.storage, h.clock, "node-2"),
                new PcaSettings(() -> PcaHarness.BASE_URL, reports, 5), h.kms);
        Issuance.Issued leaf = issue();
        byte[] question = request(id(leaf), null);
        assertThat(status(h.pca.revocation().ocsp(caId, question))).isEqualTo(CertificateStatus.GOOD);
        assertThat(status(other.revocation().ocsp(caId, question))).isEqualTo(CertificateStatus.GOOD);

        other.issuance().revoke(h.a(), root, leaf.serial(), "SUPERSEDED");

        assertThat(status(h.pca.revocation().ocsp(caId, question))).isInstanceOf(RevokedStatus.class);
    }

    @Test
    void nonceRequests_areSignedFresh_andEchoTheirNonce() throws Exception {
        Issuance.Issued leaf = issue();
        CertificateID id = id(leaf);
        h.pca.revocation().ocsp(caId, request(id, null)); // a pre-produced answer exists for this certificate
        byte[] one = h.pca.revocation().ocsp(caId, request(id, new byte[] {1, 2, 3, 4}));
        byte[] two = h.pca.revocation().ocsp(caId, request(id, new byte[] {5, 6, 7, 8}));
        assertThat(nonce(basic(one))).containsExactly(1, 2, 3, 4);
        assertThat(nonce(basic(two))).containsExactly(5, 6, 7, 8);
        assertThat(status(one)).isEqualTo(CertificateStatus.GOOD);
        assertThat(h.pca.revocation().ocsp(caId, request(id, new byte[] {1, 2, 3, 4}))).as("signed again, not replayed").isNotEqualTo(one);
        assertThat(basic(h.pca.revocation().ocsp(caId, request(id, null))).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)).isNull();
    }

    private static byte[] nonce(BasicOCSPResp basic) {
        Extension nonce = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        assertThat(nonce).isNotNull();
        return nonce.getExtnValue().getOctets();
    }

    @Test
    void preProducedAnswer_isRemadeAfterTheRefreshPeriod_wellBeforeNextUpdate() throws Exception {
        byte[] question = request(id(issue()), null);
        BasicOCSPResp first = basic(h.pca.revocation().ocsp(caId, question));
        Instant produced = first.getProducedAt().toInstant();
        assertThat(first.getResponses()[0].getNextUpdate().toInstant()).isEqualTo(produced.plus(Revocation.OCSP_VALIDITY));

        h.clock.advance(OcspResponseCache.REFRESH.minusSeconds(1));
        assertThat(basic(h.pca.revocation().ocsp(caId, question)).getProducedAt().toInstant()).isEqualTo(produced);
        h.clock.advance(Duration.ofSeconds(1));
        BasicOCSPResp refreshed = basic(h.pca.revocation().ocsp(caId, question));
        assertThat(refreshed.getProducedAt().toInstant()).isEqualTo(produced.plus(OcspResponseCache.REFRESH));
        assertThat(OcspResponseCache.REFRESH).isLessThan(Revocation.OCSP_VALIDITY.dividedBy(2));
    }

    @Test
    void unknownSerial_isUnknown() throws Exception {
        CertificateID absent = new CertificateID(new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1),
                new X509CertificateHolder(rootCert.getEncoded()), BigInteger.valueOf(424242));
        assertThat(status(h.pca.revocation().ocsp(caId, request(absent, null)))).isInstanceOf(UnknownStatus.class);
        assertThat(status(h.pca.revocation().ocsp(caId, request(absent, null)))).isInstanceOf(UnknownStatus.class);
    }

    @Test
    void disablingOcsp_stopsPreProducedAnswers() throws Exception {
        byte[] question = request(id(issue()), null);
        assertThat(status(h.pca.revocation().ocsp(caId, question))).isEqualTo(CertificateStatus.GOOD);

        h.pca.authorities().update(h.a(), root, new Authorities.RevocationInput(true, 7, null, null, null, null, null, null, false, null), null);
        assertThat(h.pca.revocation().ocsp(caId, question)).as("unauthorized").containsExactly(0x30, 0x03, 0x0a, 0x01, 0x06);
    }
}
