package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACM PCA through boto3 (pca_boto3.py): a root, a subordinate (PathLen0) and leaves, judged by OpenSSL (verify, x509 -text,
 * crl -verify, verify -crl_check, ocsp) and Java's CertPathValidator; then revocation seen by the CRL and by OCSP. An ML-DSA
 * root judged by Java's PKIX validator, and an SM2 root judged by OpenSSL (verify with the user ID) and BouncyCastle.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PcaBoto3Test {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SM2_USER_ID = "1234567812345678";

    @TempDir
    Path dataDir;
    @TempDir
    Path home;
    @TempDir
    Path work;

    private JsonNode run(Node node, ObjectNode plan) throws Exception {
        Credentials admin = node.bootstrapCredentials();
        plan.put("endpoint", node.endpoint()).put("region", "us-east-1").put("workdir", work.toString());
        plan.putObject("admin").put("access_key", admin.accessKeyId()).put("secret_key", admin.secretAccessKey());
        Processes.Result result = Processes.run(List.of(Python.executable().toString(), script().toString()),
                Python.cleanEnv(home), Duration.ofSeconds(150), plan.toString()).requireSuccess("pca_boto3.py");
        return JSON.readTree(result.stdout());
    }

    @Test
    void privateCaHierarchy_withBoto3_verifiesWithOpenSslAndJava_andRevocationIsVisible() throws Exception {
        try (Node node = Node.start(dataDir)) {
            PcaOpenSsl.leafCsr(work, "app.example.com", "DNS:app.example.com,IP:127.0.0.1");
            JsonNode out = run(node, JSON.createObjectNode().put("phase", "issue"));

            assertThat(out.get("idempotent").asBoolean()).isTrue();
            assertThat(out.get("pending").asText()).isEqualTo("PENDING_CERTIFICATE");
            assertThat(out.get("root_status").asText()).isEqualTo("ACTIVE");
            assertThat(out.get("sub_status").asText()).isEqualTo("ACTIVE");
            assertThat(out.get("root_subject_cn").asText()).isEqualTo("Boto Root");
            assertThat(out.get("root_has_not_after").asBoolean()).isTrue();
            assertThat(out.get("sub_chain_is_root").asBoolean()).isTrue();
            assertThat(out.get("leaf_chain_count").asInt()).isEqualTo(2);
            assertThat(out.get("listed")).hasSize(2);
            assertThat(out.at("/tags/0/Key").asText()).isEqualTo("team");
            assertThat(out.get("paged_tags")).extracting(JsonNode::asText).containsExactlyInAnyOrder("team", "a", "b");
            assertThat(out.get("permissions")).extracting(JsonNode::asText).containsExactly("acm.amazonaws.com");
            assertThat(out.get("policy_round_trip").asBoolean()).isTrue();
            assertThat(out.get("report_status").asText()).isEqualTo("SUCCESS");
            Path report = node.dataDir().resolve("pca-audit-reports").resolve("audit-bucket").resolve(out.get("report_key").asText());
            assertThat(Files.readString(report)).contains(out.get("leaf_arn").asText());
            Map<String, String> expected = Map.of(
                    "bad_csr", "MalformedCSRException",
                    "not_found", "ResourceNotFoundException",
                    "bad_arn", "InvalidArnException",
                    "delete_active", "InvalidStateException",
                    "too_long", "InvalidArgsException",
                    "bad_template", "InvalidArgsException",
                    "wrong_signing", "InvalidArgsException",
                    "no_policy", "ResourceNotFoundException",
                    "import_again_mismatch", "CertificateMismatchException",
                    "bad_status", "InvalidArgsException");
            expected.forEach((name, code) -> {
                assertThat(out.at("/errors/" + name + "/error").asText()).as("%s: %s", name, out.at("/errors/" + name)).isEqualTo(code);
                assertThat(out.at("/errors/" + name + "/status").asInt()).as(name).isEqualTo(400);
                assertThat(out.at("/errors/" + name + "/message").asText()).as(name).isNotBlank();
            });

            Path root = work.resolve("root.pem");
            Path sub = work.resolve("sub.pem");
            Path leaf = work.resolve("leaf.pem");
            Path client = work.resolve("client.pem");
            String subId = out.get("sub_arn").asText().substring(out.get("sub_arn").asText().lastIndexOf('/') + 1);
            String crlUrl = node.endpoint() + "/pca/crl/" + subId + ".crl";
            String ocspUrl = node.endpoint() + "/pca/ocsp/" + subId;

            assertThat(PcaOpenSsl.ok(work, "verify", "-CAfile", root.toString(), "-untrusted", sub.toString(), leaf.toString()))
                    .contains("leaf.pem: OK");
            assertThat(PcaOpenSsl.ok(work, "verify", "-CAfile", root.toString(), "-untrusted", sub.toString(), "-purpose", "sslclient",
                    client.toString())).contains("client.pem: OK");
            assertThat(PcaOpenSsl.ok(work, "verify", "-CAfile", root.toString(), "-untrusted", sub.toString(), "-purpose", "sslserver",
                    leaf.toString())).contains("leaf.pem: OK");
            String leafText = PcaOpenSsl.ok(work, "x509", "-in", leaf.toString(), "-noout", "-text");
            assertThat(leafText).contains("CA:FALSE", "TLS Web Server Authentication", "Digital Signature, Key Encipherment",
                    "DNS:app.example.com", "IP Address:127.0.0.1", "URI:" + crlUrl, "OCSP - URI:" + ocspUrl, "Subject: CN = app.example.com");
            assertThat(leafText).doesNotContain("TLS Web Client Authentication");
            String subText = PcaOpenSsl.ok(work, "x509", "-in", sub.toString(), "-noout", "-text");
            assertThat(subText).contains("CA:TRUE, pathlen:0", "Certificate Sign, CRL Sign");
            assertThat(PcaOpenSsl.ok(work, "x509", "-in", root.toString(), "-noout", "-text")).contains("CA:TRUE", "Issuer: C = US, O = Citadel, CN = Boto Root");
            assertThat(PcaOpenSsl.ok(work, "x509", "-in", client.toString(), "-noout", "-text")).contains("TLS Web Client Authentication");
            PcaOpenSsl.pkixValidates(root, leaf, sub);
            PcaOpenSsl.pkixValidates(root, client, sub);
            assertThat(PcaOpenSsl.x509(leaf).getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");

            Path chain = PcaOpenSsl.concat(work, "chain.pem", sub, root);
            Path crl = PcaOpenSsl.fetchCrl(work, crlUrl, "sub.crl");
            assertThat(PcaOpenSsl.ok(work, "crl", "-in", crl.toString(), "-CAfile", chain.toString(), "-noout", "-verify")).contains("verify OK");
            assertThat(PcaOpenSsl.ok(work, "crl", "-in", crl.toString(), "-noout", "-text")).contains("X509v3 CRL Number", "No Revoked Certificates");
            assertThat(PcaOpenSsl.ok(work, "verify", "-crl_check", "-CAfile", root.toString(), "-untrusted", sub.toString(),
                    "-CRLfile", crl.toString(), leaf.toString())).contains("leaf.pem: OK");
            assertThat(PcaOpenSsl.ok(work, "ocsp", "-issuer", sub.toString(), "-cert", leaf.toString(), "-url", ocspUrl,
                    "-CAfile", root.toString())).contains("leaf.pem: good", "Response verify OK");

            String serial = PcaOpenSsl.ok(work, "x509", "-in", leaf.toString(), "-noout", "-serial").strip().replace("serial=", "");
            JsonNode revoked = run(node, JSON.createObjectNode().put("phase", "revoke").put("sub_arn", out.get("sub_arn").asText())
                    .put("root_arn", out.get("root_arn").asText()).put("serial", serial));
            assertThat(revoked.at("/errors/again/error").asText()).isEqualTo("RequestAlreadyProcessedException");
            assertThat(revoked.get("deleted").asText()).isEqualTo("DELETED");
            assertThat(revoked.get("restored").asText()).isEqualTo("DISABLED");

            assertThat(PcaOpenSsl.ok(work, "ocsp", "-issuer", sub.toString(), "-cert", leaf.toString(), "-url", ocspUrl,
                    "-CAfile", root.toString())).contains("leaf.pem: revoked", "Reason: keyCompromise", "Response verify OK");
            assertThat(PcaOpenSsl.ok(work, "ocsp", "-issuer", sub.toString(), "-cert", client.toString(), "-url", ocspUrl,
                    "-CAfile", root.toString())).contains("client.pem: good");
            Path crlAfter = PcaOpenSsl.fetchCrl(work, crlUrl, "sub-after.crl");
            assertThat(PcaOpenSsl.ok(work, "crl", "-in", crlAfter.toString(), "-CAfile", chain.toString(), "-noout", "-verify"))
                    .contains("verify OK");
            assertThat(PcaOpenSsl.ok(work, "crl", "-in", crlAfter.toString(), "-noout", "-text")).contains("Key Compromise");
            Processes.Result check = PcaOpenSsl.openssl(work, "verify", "-crl_check", "-CAfile", root.toString(), "-untrusted", sub.toString(),
                    "-CRLfile", crlAfter.toString(), leaf.toString());
            assertThat(check.exitCode()).isNotZero();
            assertThat(check.stdout() + check.stderr()).contains("certificate revoked");
        }
    }

    @Test
    void mlDsaRoot_withBoto3_issuesALeafThatJavasPkixValidatorAccepts() throws Exception {
        try (Node node = Node.start(dataDir)) {
            PcaOpenSsl.leafCsr(work, "pq.example.com", "DNS:pq.example.com");
            JsonNode out = run(node, JSON.createObjectNode().put("phase", "ml_dsa"));
            assertThat(out.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(out.get("key_algorithm").asText()).isEqualTo("ML_DSA_65");
            assertThat(out.get("signing_algorithm").asText()).isEqualTo("ML_DSA_65");
            assertThat(out.at("/errors/other_level/error").asText()).isEqualTo("InvalidArgsException");
            assertThat(out.at("/errors/other_level/status").asInt()).isEqualTo(400);
            assertThat(out.at("/errors/ecdsa_with_ml_dsa_key/error").asText()).isEqualTo("InvalidArgsException");

            // the local OpenSSL (3.0) has no ML-DSA, so Java's PKIX validator (JDK 24 and later) judges these certificates
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate root = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(work.resolve("mldsa-root.pem"))));
            X509Certificate leaf = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(work.resolve("mldsa-leaf.pem"))));
            assertThat(root.getSigAlgOID()).as("id-ml-dsa-65").isEqualTo("2.16.840.1.101.3.4.3.18");
            assertThat(leaf.getSigAlgOID()).isEqualTo("2.16.840.1.101.3.4.3.18");
            assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(leaf)), params);
        }
    }

    @Test
    void sm2Root_withBoto3_issuesALeafToAnOpenSslSm2Csr_thatOpenSslVerifiesWithTheDefaultUserId() throws Exception {
        try (Node node = Node.start(dataDir)) {
            Path leafKey = work.resolve("sm2-leaf.key");
            PcaOpenSsl.ok(work, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", leafKey.toString());
            // OpenSSL 3.0 signs and verifies SM2 with the empty user ID unless given one; Citadel uses GM/T 0009's default
            PcaOpenSsl.ok(work, "req", "-new", "-key", leafKey.toString(), "-sm3", "-sigopt", "distid:" + SM2_USER_ID,
                    "-subj", "/CN=sm2.example.cn", "-addext", "subjectAltName=DNS:sm2.example.cn", "-out", work.resolve("sm2-leaf.csr").toString());
            PcaOpenSsl.ok(work, "req", "-new", "-key", leafKey.toString(), "-sm3", "-subj", "/CN=sm2.example.cn",
                    "-out", work.resolve("sm2-empty-id.csr").toString());
            JsonNode out = run(node, JSON.createObjectNode().put("phase", "sm2"));
            assertThat(out.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(out.get("key_algorithm").asText()).isEqualTo("SM2");
            assertThat(out.get("signing_algorithm").asText()).isEqualTo("SM3WITHSM2");
            for (String name : List.of("ecdsa_with_sm2_key", "sm2_signing_with_ec_key", "kms_held_sm2", "other_signing")) {
                assertThat(out.at("/errors/" + name + "/error").asText()).as("%s: %s", name, out.at("/errors/" + name)).isEqualTo("InvalidArgsException");
                assertThat(out.at("/errors/" + name + "/status").asInt()).as(name).isEqualTo(400);
            }
            assertThat(out.at("/errors/empty_user_id_csr/error").asText()).isEqualTo("MalformedCSRException");
            assertThat(out.at("/errors/empty_user_id_csr/message").asText()).contains("distid:" + SM2_USER_ID);

            Path root = work.resolve("sm2-root.pem");
            Path leaf = work.resolve("sm2-leaf.pem");
            String vfyopt = "distid:" + SM2_USER_ID;
            assertThat(PcaOpenSsl.ok(work, "req", "-verify", "-vfyopt", vfyopt, "-in", work.resolve("sm2-root.csr").toString(), "-noout"))
                    .as("the CA's own CSR").contains("verify OK");
            assertThat(PcaOpenSsl.ok(work, "verify", "-vfyopt", vfyopt, "-CAfile", root.toString(), "-purpose", "sslserver", leaf.toString()))
                    .contains("sm2-leaf.pem: OK");
            String leafText = PcaOpenSsl.ok(work, "x509", "-in", leaf.toString(), "-noout", "-text");
            assertThat(leafText).contains("Signature Algorithm: SM2-with-SM3", "ASN1 OID: SM2", "Digital Signature, Key Encipherment",
                    "TLS Web Server Authentication", "DNS:sm2.example.cn", "Subject: CN = sm2.example.cn");
            assertThat(PcaOpenSsl.ok(work, "x509", "-in", root.toString(), "-noout", "-text"))
                    .contains("CA:TRUE", "Certificate Sign, CRL Sign", "Issuer: C = CN, O = Citadel, CN = Boto SM2 Root");

            String rootId = out.get("root_arn").asText().substring(out.get("root_arn").asText().lastIndexOf('/') + 1);
            Path crl = PcaOpenSsl.fetchCrl(work, node.endpoint() + "/pca/crl/" + rootId + ".crl", "sm2.crl");
            // OpenSSL 3.0's crl -verify, verify -crl_check and ocsp cannot be given an SM2 user ID (they fail on these
            // signatures), so BouncyCastle judges the CRL and the OCSP answers OpenSSL fetched
            Provider bc = new org.bouncycastle.jce.provider.BouncyCastleProvider();
            var rootHolder = new org.bouncycastle.cert.X509CertificateHolder(
                    io.citadel.core.crypto.pki.Pem.decodeOne(Files.readString(root), io.citadel.core.crypto.pki.Pem.CERTIFICATE));
            var verifier = new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder().setProvider(bc).build(rootHolder);
            var crlHolder = new org.bouncycastle.cert.X509CRLHolder(Files.readAllBytes(work.resolve("sm2.crl")));
            assertThat(crlHolder.toASN1Structure().getSignatureAlgorithm().getAlgorithm().getId()).isEqualTo("1.2.156.10197.1.501");
            assertThat(crlHolder.isSignatureValid(verifier)).as("CRL signature").isTrue();
            String revokedSerial = PcaOpenSsl.ok(work, "x509", "-in", work.resolve("sm2-revoked.pem").toString(), "-noout", "-serial")
                    .strip().replace("serial=", "");
            assertThat(crlHolder.getRevokedCertificate(new java.math.BigInteger(revokedSerial, 16))).as("revoked in the CRL").isNotNull();
            for (String[] c : List.of(new String[] {"sm2-leaf.pem", "good"}, new String[] {"sm2-revoked.pem", "revoked"})) {
                Path response = work.resolve(c[0] + ".ocsp");
                assertThat(PcaOpenSsl.ok(work, "ocsp", "-issuer", root.toString(), "-cert", work.resolve(c[0]).toString(),
                        "-url", node.endpoint() + "/pca/ocsp/" + rootId, "-noverify", "-respout", response.toString())).contains(c[0] + ": " + c[1]);
                var basic = (org.bouncycastle.cert.ocsp.BasicOCSPResp) new org.bouncycastle.cert.ocsp.OCSPResp(Files.readAllBytes(response))
                        .getResponseObject();
                assertThat(basic.getSignatureAlgOID().getId()).isEqualTo("1.2.156.10197.1.501");
                assertThat(basic.isSignatureValid(verifier)).as("OCSP signature for " + c[0]).isTrue();
            }
        }
    }

    private static Path script() {
        try {
            return Path.of(PcaBoto3Test.class.getResource("/pca_boto3.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
