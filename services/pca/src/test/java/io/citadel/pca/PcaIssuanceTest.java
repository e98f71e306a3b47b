package io.citadel.pca;

import static io.citadel.pca.PcaHarness.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.pki.DistinguishedNames;
import io.citadel.core.crypto.pki.SubjectAlternativeName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcaIssuanceTest {

    @TempDir
    Path reports;
    PcaHarness h;
    String root;

    @BeforeEach
    void start() {
        h = new PcaHarness(reports);
        root = h.activeRoot(PcaHarness.CRL_AND_OCSP);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private X509Certificate rootCert() {
        return PcaHarness.x509(h.pca.authorities().certificate(h.a(), root).certificate());
    }

    /** Java's PKIX validation of {@code leaf} with {@code intermediates} up to our root, at {@code at}. */
    private void validate(X509Certificate leaf, List<X509Certificate> intermediates, Instant at) throws Exception {
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        path.addAll(intermediates);
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(rootCert(), null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
    }

    @Test
    void endEntity_hasTheTemplatesExtensions_andVerifiesUpTheChain() throws Exception {
        String csr = h.csr(KeyPairType.EC_P256, "app.example.com", List.of(new SubjectAlternativeName.Dns("app.example.com"),
                new SubjectAlternativeName.Ip("10.1.2.3")));
        String arn = h.pca.issuance().issue(h.a(), h.endEntity(root, csr, null));
        Issuance.Issued issued = h.pca.issuance().get(h.a(), root, arn);
        X509Certificate cert = PcaHarness.x509(issued.certificate());
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(cert.getKeyUsage()[2]).as("keyEncipherment").isTrue();
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(cert.getSubjectAlternativeNames()).extracting(l -> l.get(1).toString()).containsExactly("app.example.com", "10.1.2.3");
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(h.clock.instant().plus(Duration.ofDays(30)));
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(h.clock.instant().minus(Duration.ofHours(1)));
        assertThat(cert.getExtensionValue("2.5.29.31")).as("CRL distribution point").isNotNull();
        assertThat(new String(cert.getExtensionValue("2.5.29.31"), StandardCharsets.ISO_8859_1))
                .contains(PcaHarness.BASE_URL + "/pca/crl/");
        assertThat(new String(cert.getExtensionValue("1.3.6.1.5.5.7.1.1"), StandardCharsets.ISO_8859_1))
                .contains(PcaHarness.BASE_URL + "/pca/ocsp/");
        assertThat(PcaHarness.chain(issued.chain())).hasSize(1);
        validate(cert, List.of(), h.clock.instant());
        Assertions.assertThatThrownBy(() -> validate(cert, List.of(), h.clock.instant().plus(Duration.ofDays(31))))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void serverAndClientTemplates_setTheirEkus() {
        String server = h.pca.issuance().issue(h.a(), h.endEntity(root, h.csr(KeyPairType.RSA_2048, "s", List.of()),
                Templates.PREFIX + "EndEntityServerAuthCertificate/V1"));
        String client = h.pca.issuance().issue(h.a(), h.endEntity(root, h.csr(KeyPairType.EC_P256, "c", List.of()),
                Templates.PREFIX + "EndEntityClientAuthCertificate/V1"));
        try {
            assertThat(PcaHarness.x509(h.pca.issuance().get(h.a(), root, server).certificate()).getExtendedKeyUsage())
                    .containsExactly("1.3.6.1.5.5.7.3.1");
            X509Certificate c = PcaHarness.x509(h.pca.issuance().get(h.a(), root, client).certificate());
            assertThat(c.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
            assertThat(c.getKeyUsage()[2]).as("keyEncipherment").isFalse();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void pathLength_isEnforcedDownTheHierarchy() throws Exception {
        String sub1 = h.activeSubordinate(root, 1, null);
        String sub0 = h.activeSubordinate(sub1, 0, null);
        assertThat(code(() -> h.activeSubordinate(sub0, 0, null))).isEqualTo("InvalidArgsException");
        String leafArn = h.pca.issuance().issue(h.a(), h.endEntity(sub0, h.csr(KeyPairType.EC_P256, "leaf", List.of()), null));
        Issuance.Issued leaf = h.pca.issuance().get(h.a(), sub0, leafArn);
        List<X509Certificate> chain = PcaHarness.chain(leaf.chain());
        assertThat(chain).hasSize(3);
        validate(PcaHarness.x509(leaf.certificate()), chain.subList(0, 2), h.clock.instant());
    }

    @Test
    void validityTypes_setNotAfter() {
        Instant now = h.clock.instant();
        assertThat(notAfter(new Issuance.Validity(2, "MONTHS"))).isEqualTo(now.atOffset(java.time.ZoneOffset.UTC).plusMonths(2).toInstant());
        assertThat(notAfter(new Issuance.Validity(1, "YEARS"))).isEqualTo(now.atOffset(java.time.ZoneOffset.UTC).plusYears(1).toInstant());
        assertThat(notAfter(new Issuance.Validity(20270102030405L, "END_DATE"))).isEqualTo(Instant.parse("2027-01-02T03:04:05Z"));
        assertThat(notAfter(new Issuance.Validity(now.getEpochSecond() + 3600, "ABSOLUTE"))).isEqualTo(now.plusSeconds(3600));
    }

    private Instant notAfter(Issuance.Validity v) {
        var in = new Issuance.IssueInput(root, h.csr(KeyPairType.EC_P256, "v", List.of()).getBytes(StandardCharsets.US_ASCII), null, null,
                v, null, null, null);
        return PcaHarness.x509(h.pca.issuance().get(h.a(), root, h.pca.issuance().issue(h.a(), in)).certificate()).getNotAfter().toInstant();
    }

    @Test
    void validityBeyondTheCa_orInThePast_isInvalidArgs() {
        String csr = h.csr(KeyPairType.EC_P256, "x", List.of());
        assertThat(code(() -> h.pca.issuance().issue(h.a(), new Issuance.IssueInput(root, csr.getBytes(), null, null,
                new Issuance.Validity(20, "YEARS"), null, null, null)))).isEqualTo("InvalidArgsException");
        assertThat(code(() -> h.pca.issuance().issue(h.a(), new Issuance.IssueInput(root, csr.getBytes(), null, null,
                new Issuance.Validity(1000, "ABSOLUTE"), null, null, null)))).isEqualTo("InvalidArgsException");
    }

    @Test
    void badCsrs_areMalformedCsr() {
        assertThat(code(() -> h.pca.issuance().issue(h.a(), h.endEntity(root, "not a csr", null)))).isEqualTo("MalformedCSRException");
        String csr = h.csr(KeyPairType.EC_P256, "x", List.of());
        String tampered = csr.substring(0, 100) + (csr.charAt(100) == 'A' ? 'B' : 'A') + csr.substring(101);
        assertThat(code(() -> h.pca.issuance().issue(h.a(), h.endEntity(root, tampered, null)))).isEqualTo("MalformedCSRException");
    }

    @Test
    void unknownTemplate_orMismatchedSigningAlgorithm_isInvalidArgs() {
        String csr = h.csr(KeyPairType.EC_P256, "x", List.of());
        assertThat(code(() -> h.pca.issuance().issue(h.a(), h.endEntity(root, csr, Templates.PREFIX + "Nope/V1"))))
                .isEqualTo("InvalidArgsException");
        assertThat(code(() -> h.pca.issuance().issue(h.a(), new Issuance.IssueInput(root, csr.getBytes(), "SHA256WITHRSA", null,
                new Issuance.Validity(1, "DAYS"), null, null, null)))).isEqualTo("InvalidArgsException");
        assertThat(code(() -> h.pca.issuance().issue(h.a(), h.endEntity(root, csr, Templates.PREFIX + "RootCACertificate/V1"))))
                .isEqualTo("InvalidArgsException");
    }

    @Test
    void idempotencyToken_returnsTheSameCertificate() {
        String csr = h.csr(KeyPairType.EC_P256, "x", List.of());
        var in = new Issuance.IssueInput(root, csr.getBytes(), null, null, new Issuance.Validity(1, "DAYS"), null, "tok", null);
        assertThat(h.pca.issuance().issue(h.a(), in)).isEqualTo(h.pca.issuance().issue(h.a(), in));
    }

    @Test
    void apiPassthrough_replacesSubjectAndSans() throws Exception {
        String csr = h.csr(KeyPairType.EC_P256, "from-csr", List.of(new SubjectAlternativeName.Dns("csr.example.com")));
        var in = new Issuance.IssueInput(root, csr.getBytes(), null, Templates.PREFIX + "EndEntityCertificate_APIPassthrough/V1",
                new Issuance.Validity(1, "DAYS"), null, null, new Issuance.Passthrough(
                List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, "from-api")),
                List.of(new SubjectAlternativeName.Dns("api.example.com"))));
        X509Certificate cert = PcaHarness.x509(h.pca.issuance().get(h.a(), root, h.pca.issuance().issue(h.a(), in)).certificate());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=from-api");
        assertThat(cert.getSubjectAlternativeNames()).extracting(l -> l.get(1).toString()).containsExactly("api.example.com");
    }

    @Test
    void disabledCa_issuesNothing() {
        h.pca.authorities().update(h.a(), root, null, "DISABLED");
        assertThat(code(() -> h.pca.issuance().issue(h.a(), h.endEntity(root, h.csr(KeyPairType.EC_P256, "x", List.of()), null))))
                .isEqualTo("InvalidStateException");
    }

    @Test
    void getCertificate_withAnotherCasArn_isInvalidArn_unknownSerial_isNotFound() {
        String arn = h.pca.issuance().issue(h.a(), h.endEntity(root, h.csr(KeyPairType.EC_P256, "x", List.of()), null));
        String other = h.activeRoot(null);
        assertThat(code(() -> h.pca.issuance().get(h.a(), other, arn))).isEqualTo("InvalidArnException");
        assertThat(code(() -> h.pca.issuance().get(h.a(), root, root + "/certificate/abc"))).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void apiPassthrough_keyUsageEkuAndCustomExtensions_replaceTheTemplates() throws Exception {
        byte[] utf8Hello = {0x0c, 0x05, 'h', 'e', 'l', 'l', 'o'};
        var passthrough = new Issuance.Passthrough(List.of(), List.of(), Set.of(io.citadel.core.crypto.pki.KeyUsage.DIGITAL_SIGNATURE,
                io.citadel.core.crypto.pki.KeyUsage.NON_REPUDIATION), List.of("1.3.6.1.5.5.7.3.4"),
                List.of(new io.citadel.core.crypto.pki.CertificateSpec.CustomExtension("1.2.3.4", false, utf8Hello)));
        var in = new Issuance.IssueInput(root, h.csr(KeyPairType.EC_P256, "mail", List.of()).getBytes(), null,
                Templates.PREFIX + "EndEntityCertificate_APIPassthrough/V1", new Issuance.Validity(1, "DAYS"), null, null, passthrough);
        X509Certificate cert = PcaHarness.x509(h.pca.issuance().get(h.a(), root, h.pca.issuance().issue(h.a(), in)).certificate());
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.4");
        assertThat(cert.getKeyUsage()[1]).as("nonRepudiation").isTrue();
        assertThat(cert.getKeyUsage()[2]).as("keyEncipherment").isFalse();
        assertThat(cert.getExtensionValue("1.2.3.4")).endsWith(utf8Hello);
        var clash = new Issuance.Passthrough(List.of(), List.of(), null, null,
                List.of(new io.citadel.core.crypto.pki.CertificateSpec.CustomExtension("2.5.29.19", true, new byte[] {0x30, 0x00})));
        assertThat(code(() -> h.pca.issuance().issue(h.a(), new Issuance.IssueInput(root, h.csr(KeyPairType.EC_P256, "x", List.of()).getBytes(),
                null, Templates.PREFIX + "EndEntityCertificate_APIPassthrough/V1", new Issuance.Validity(1, "DAYS"), null, null, clash))))
                .isEqualTo("InvalidArgsException");
    }
}
