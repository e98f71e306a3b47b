package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACM PCA through `aws acm-pca`: a root CA made ACTIVE the AWS way (CSR, IssueCertificate with RootCACertificate/V1,
 * import), an end-entity certificate checked by OpenSSL, tags, revocation with OCSP, the delete window and the purge
 * on the durable scheduler with the node's clock moved forward, and the errors the CLI prints.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PcaAwsCliTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void awsAcmPca_rootLifecycle_issueRevokeDeletePurge_andErrors() throws Exception {
        try (Node node = Node.start(dataDir)) {
            IamCliTest.Aws aws = IamCliTest.Aws.as(node, home, node.bootstrapCredentials());
            Path config = Files.writeString(work.resolve("ca.json"), "{\"KeyAlgorithm\":\"RSA_2048\",\"SigningAlgorithm\":\"SHA256WITHRSA\","
                    + "\"Subject\":{\"Organization\":\"Citadel CLI\",\"CommonName\":\"CLI Root\"}}");
            Path revocation = Files.writeString(work.resolve("rev.json"), "{\"OcspConfiguration\":{\"Enabled\":true}}");
            String ca = aws.ok("acm-pca", "create-certificate-authority", "--certificate-authority-configuration", "file://" + config,
                    "--revocation-configuration", "file://" + revocation, "--certificate-authority-type", "ROOT",
                    "--tags", "Key=env,Value=cli").get("CertificateAuthorityArn").asText();
            assertThat(ca).startsWith("arn:aws:acm-pca:us-east-1:" + node.adminAccountId() + ":certificate-authority/");

            Path caCsr = work.resolve("ca.csr");
            Files.writeString(caCsr, aws.ok("acm-pca", "get-certificate-authority-csr", "--certificate-authority-arn", ca).get("Csr").asText());
            String rootCertArn = aws.ok("acm-pca", "issue-certificate", "--certificate-authority-arn", ca, "--csr", "fileb://" + caCsr,
                    "--signing-algorithm", "SHA256WITHRSA", "--template-arn", "arn:aws:acm-pca:::template/RootCACertificate/V1",
                    "--validity", "Value=3650,Type=DAYS").get("CertificateArn").asText();
            aws.ok("acm-pca", "wait", "certificate-issued", "--certificate-authority-arn", ca, "--certificate-arn", rootCertArn);
            Path rootPem = work.resolve("root.pem");
            Files.writeString(rootPem, aws.ok("acm-pca", "get-certificate", "--certificate-authority-arn", ca, "--certificate-arn",
                    rootCertArn).get("Certificate").asText());
            aws.ok("acm-pca", "import-certificate-authority-certificate", "--certificate-authority-arn", ca, "--certificate",
                    "fileb://" + rootPem);
            JsonNode described = aws.ok("acm-pca", "describe-certificate-authority", "--certificate-authority-arn", ca)
                    .get("CertificateAuthority");
            assertThat(described.get("Status").asText()).isEqualTo("ACTIVE");
            assertThat(described.at("/RevocationConfiguration/OcspConfiguration/Enabled").asBoolean()).isTrue();
            assertThat(aws.ok("acm-pca", "list-certificate-authorities").get("CertificateAuthorities")).hasSize(1);
            assertThat(aws.ok("acm-pca", "list-tags", "--certificate-authority-arn", ca).at("/Tags/0/Value").asText()).isEqualTo("cli");
            aws.ok("acm-pca", "tag-certificate-authority", "--certificate-authority-arn", ca, "--tags", "Key=team,Value=pki");
            aws.ok("acm-pca", "untag-certificate-authority", "--certificate-authority-arn", ca, "--tags", "Key=env");
            assertThat(aws.ok("acm-pca", "list-tags", "--certificate-authority-arn", ca).get("Tags")).singleElement()
                    .satisfies(t -> assertThat(t.get("Key").asText()).isEqualTo("team"));

            PcaOpenSsl.leafCsr(work, "svc.internal", "DNS:svc.internal");
            String leafArn = aws.ok("acm-pca", "issue-certificate", "--certificate-authority-arn", ca, "--csr", "fileb://" + work.resolve("leaf.csr"),
                    "--signing-algorithm", "SHA384WITHRSA", "--validity", "Value=1,Type=YEARS", "--idempotency-token", "cli-1")
                    .get("CertificateArn").asText();
            JsonNode leaf = aws.ok("acm-pca", "get-certificate", "--certificate-authority-arn", ca, "--certificate-arn", leafArn);
            Path leafPem = Files.writeString(work.resolve("leaf.pem"), leaf.get("Certificate").asText());
            assertThat(leaf.get("CertificateChain").asText()).isEqualToIgnoringWhitespace(Files.readString(rootPem));
            assertThat(PcaOpenSsl.ok(work, "verify", "-CAfile", rootPem.toString(), leafPem.toString())).contains("leaf.pem: OK");
            String text = PcaOpenSsl.ok(work, "x509", "-in", leafPem.toString(), "-noout", "-text");
            assertThat(text).contains("TLS Web Server Authentication, TLS Web Client Authentication", "CA:FALSE", "DNS:svc.internal",
                    "sha384WithRSAEncryption", "OCSP - URI:" + node.endpoint() + "/pca/ocsp/");
            assertThat(text).doesNotContain("CRL Distribution Points");
            PcaOpenSsl.pkixValidates(rootPem, leafPem);

            String ocspUrl = node.endpoint() + "/pca/ocsp/" + ca.substring(ca.lastIndexOf('/') + 1);
            assertThat(PcaOpenSsl.ok(work, "ocsp", "-issuer", rootPem.toString(), "-cert", leafPem.toString(), "-url", ocspUrl,
                    "-CAfile", rootPem.toString())).contains("leaf.pem: good");
            String serial = PcaOpenSsl.ok(work, "x509", "-in", leafPem.toString(), "-noout", "-serial").strip().replace("serial=", "");
            aws.ok("acm-pca", "revoke-certificate", "--certificate-authority-arn", ca, "--certificate-serial", serial,
                    "--revocation-reason", "SUPERSEDED");
            assertThat(PcaOpenSsl.ok(work, "ocsp", "-issuer", rootPem.toString(), "-cert", leafPem.toString(), "-url", ocspUrl,
                    "-CAfile", rootPem.toString())).contains("leaf.pem: revoked", "Reason: superseded");
            JsonNode audited = aws.ok("cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=RevokeCertificate");
            assertThat(audited.get("Events")).singleElement().satisfies(e -> {
                assertThat(e.get("EventSource").asText()).isEqualTo("acm-pca.amazonaws.com");
                assertThat(e.get("CloudTrailEvent").asText()).contains(ca, serial);
            });

            assertThat(aws.fails("acm-pca", "delete-certificate-authority", "--certificate-authority-arn", ca))
                    .contains("(InvalidStateException) when calling the DeleteCertificateAuthority operation:");
            assertThat(aws.fails("acm-pca", "issue-certificate", "--certificate-authority-arn", ca, "--csr", "fileb://" + rootPem,
                    "--signing-algorithm", "SHA256WITHRSA", "--validity", "Value=1,Type=DAYS"))
                    .contains("(MalformedCSRException) when calling the IssueCertificate operation:");
            assertThat(aws.fails("acm-pca", "create-permission", "--certificate-authority-arn", ca, "--principal", "ec2.amazonaws.com",
                    "--actions", "IssueCertificate")).contains("(InvalidArgsException) when calling the CreatePermission operation:");
            aws.ok("acm-pca", "update-certificate-authority", "--certificate-authority-arn", ca, "--status", "DISABLED");
            aws.ok("acm-pca", "delete-certificate-authority", "--certificate-authority-arn", ca, "--permanent-deletion-time-in-days", "7");
            JsonNode deleted = aws.ok("acm-pca", "describe-certificate-authority", "--certificate-authority-arn", ca).get("CertificateAuthority");
            assertThat(deleted.get("Status").asText()).isEqualTo("DELETED");
            assertThat(deleted.has("RestorableUntil")).isTrue();
            assertThat(aws.fails("acm-pca", "issue-certificate", "--certificate-authority-arn", ca, "--csr", "fileb://" + work.resolve("leaf.csr"),
                    "--signing-algorithm", "SHA256WITHRSA", "--validity", "Value=1,Type=DAYS"))
                    .contains("(InvalidStateException) when calling the IssueCertificate operation:");

            node.clock().advance(Duration.ofDays(8));
            node.citadel().runScheduledJobs();
            // back to the CLI's time, which signs with the real clock: the purge has happened
            node.clock().advance(Duration.ofDays(-8));
            assertThat(aws.fails("acm-pca", "describe-certificate-authority", "--certificate-authority-arn", ca))
                    .contains("(ResourceNotFoundException) when calling the DescribeCertificateAuthority operation: Could not find certificate authority");
            assertThat(aws.ok("acm-pca", "list-certificate-authorities").get("CertificateAuthorities")).isEmpty();
        }
    }

    @Test
    void awsAcmPca_subordinateSignedByAnOutsideRoot_importsWithItsChain_andIssues() throws Exception {
        try (Node node = Node.start(dataDir)) {
            IamCliTest.Aws aws = IamCliTest.Aws.as(node, home, node.bootstrapCredentials());
            Path rootKey = work.resolve("outside-root.key");
            Path rootPem = work.resolve("outside-root.pem");
            PcaOpenSsl.ok(work, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                    rootKey.toString(), "-subj", "/O=Outside/CN=Outside Root", "-days", "3650", "-out", rootPem.toString(),
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            Path config = Files.writeString(work.resolve("sub.json"), "{\"KeyAlgorithm\":\"EC_secp384r1\",\"SigningAlgorithm\":\"SHA384WITHECDSA\","
                    + "\"Subject\":{\"Organization\":\"Citadel\",\"CommonName\":\"Issuing under Outside\"}}");
            String sub = aws.ok("acm-pca", "create-certificate-authority", "--certificate-authority-configuration", "file://" + config,
                    "--certificate-authority-type", "SUBORDINATE").get("CertificateAuthorityArn").asText();
            Path csr = Files.writeString(work.resolve("sub.csr"),
                    aws.ok("acm-pca", "get-certificate-authority-csr", "--certificate-authority-arn", sub).get("Csr").asText());
            Path ext = Files.writeString(work.resolve("sub.ext"),
                    "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign,digitalSignature\n"
                            + "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
            Path subPem = work.resolve("sub.pem");
            PcaOpenSsl.ok(work, "x509", "-req", "-in", csr.toString(), "-CA", rootPem.toString(), "-CAkey", rootKey.toString(),
                    "-CAcreateserial", "-days", "365", "-sha256", "-extfile", ext.toString(), "-out", subPem.toString(),
                    // the outside CA names the subordinate its own way: issued certificates must carry that name as issuer
                    "-subj", "/C=US/O=Outside Assigned/CN=Issuing under Outside");

            assertThat(aws.fails("acm-pca", "import-certificate-authority-certificate", "--certificate-authority-arn", sub,
                    "--certificate", "fileb://" + subPem)).contains("(InvalidRequestException) when calling the "
                    + "ImportCertificateAuthorityCertificate operation: CertificateChain: required for a SUBORDINATE certificate authority");
            aws.ok("acm-pca", "import-certificate-authority-certificate", "--certificate-authority-arn", sub, "--certificate",
                    "fileb://" + subPem, "--certificate-chain", "fileb://" + rootPem);
            assertThat(aws.ok("acm-pca", "describe-certificate-authority", "--certificate-authority-arn", sub)
                    .at("/CertificateAuthority/Status").asText()).isEqualTo("ACTIVE");

            PcaOpenSsl.leafCsr(work, "outside.internal", "DNS:outside.internal");
            String leafArn = aws.ok("acm-pca", "issue-certificate", "--certificate-authority-arn", sub, "--csr", "fileb://" + work.resolve("leaf.csr"),
                    "--signing-algorithm", "SHA384WITHECDSA", "--template-arn", "arn:aws:acm-pca:::template/EndEntityClientAuthCertificate/V1",
                    "--validity", "Value=30,Type=DAYS").get("CertificateArn").asText();
            JsonNode leaf = aws.ok("acm-pca", "get-certificate", "--certificate-authority-arn", sub, "--certificate-arn", leafArn);
            Path leafPem = Files.writeString(work.resolve("leaf.pem"), leaf.get("Certificate").asText());
            Path chain = Files.writeString(work.resolve("chain.pem"), leaf.get("CertificateChain").asText());
            assertThat(PcaOpenSsl.ok(work, "verify", "-CAfile", rootPem.toString(), "-untrusted", chain.toString(), "-purpose", "sslclient",
                    leafPem.toString())).contains("leaf.pem: OK");
            PcaOpenSsl.pkixValidates(rootPem, leafPem, subPem);
        }
    }

    @Test
    void awsAcmPca_sm2SubordinateSignedByAnOutsideOpenSslSm2Root_importsWhenSignedWithTheDefaultUserId() throws Exception {
        try (Node node = Node.start(dataDir)) {
            IamCliTest.Aws aws = IamCliTest.Aws.as(node, home, node.bootstrapCredentials());
            String distid = "distid:1234567812345678";
            Path rootKey = work.resolve("sm2-root.key");
            Path rootPem = work.resolve("sm2-root.pem");
            // a key generated apart: OpenSSL 3.0 treats a key it reads back from PEM on the SM2 curve as SM2 (one made by
            // req -newkey stays a plain EC key, which takes no distid)
            PcaOpenSsl.ok(work, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", rootKey.toString());
            PcaOpenSsl.ok(work, "req", "-x509", "-key", rootKey.toString(), "-sm3", "-sigopt", distid, "-subj", "/O=Outside/CN=Outside SM2 Root", "-days", "3650", "-out", rootPem.toString(),
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            Path config = Files.writeString(work.resolve("sub.json"), "{\"KeyAlgorithm\":\"SM2\",\"SigningAlgorithm\":\"SM3WITHSM2\","
                    + "\"Subject\":{\"Organization\":\"Citadel\",\"CommonName\":\"SM2 Issuing under Outside\"}}");
            String sub = aws.ok("acm-pca", "create-certificate-authority", "--certificate-authority-configuration", "file://" + config,
                    "--certificate-authority-type", "SUBORDINATE").get("CertificateAuthorityArn").asText();
            Path csr = Files.writeString(work.resolve("sub.csr"),
                    aws.ok("acm-pca", "get-certificate-authority-csr", "--certificate-authority-arn", sub).get("Csr").asText());
            Path ext = Files.writeString(work.resolve("sub.ext"),
                    "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign,digitalSignature\n"
                            + "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
            Path emptyIdPem = work.resolve("sub-empty-id.pem");
            Path subPem = work.resolve("sub.pem");
            // OpenSSL 3.0 signs with the empty SM2 user ID unless told otherwise: such a certificate does not verify here
            PcaOpenSsl.ok(work, "x509", "-req", "-in", csr.toString(), "-vfyopt", distid, "-CA", rootPem.toString(), "-CAkey", rootKey.toString(),
                    "-CAcreateserial", "-days", "365", "-sm3", "-extfile", ext.toString(), "-out", emptyIdPem.toString());
            PcaOpenSsl.ok(work, "x509", "-req", "-in", csr.toString(), "-vfyopt", distid, "-CA", rootPem.toString(), "-CAkey", rootKey.toString(),
                    "-CAcreateserial", "-days", "365", "-sm3", "-sigopt", distid, "-extfile", ext.toString(), "-out", subPem.toString());

            assertThat(aws.fails("acm-pca", "import-certificate-authority-certificate", "--certificate-authority-arn", sub,
                    "--certificate", "fileb://" + emptyIdPem, "--certificate-chain", "fileb://" + rootPem))
                    .contains("(InvalidRequestException) when calling the ImportCertificateAuthorityCertificate operation: "
                            + "The certificate does not verify up its chain");
            aws.ok("acm-pca", "import-certificate-authority-certificate", "--certificate-authority-arn", sub, "--certificate",
                    "fileb://" + subPem, "--certificate-chain", "fileb://" + rootPem);
            assertThat(aws.ok("acm-pca", "describe-certificate-authority", "--certificate-authority-arn", sub)
                    .at("/CertificateAuthority/Status").asText()).isEqualTo("ACTIVE");

            Path leafKey = work.resolve("leaf.key");
            PcaOpenSsl.ok(work, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", leafKey.toString());
            PcaOpenSsl.ok(work, "req", "-new", "-key", leafKey.toString(), "-sm3", "-sigopt", distid, "-subj", "/CN=sm2.outside.internal", "-out", work.resolve("leaf.csr").toString());
            String leafArn = aws.ok("acm-pca", "issue-certificate", "--certificate-authority-arn", sub, "--csr", "fileb://" + work.resolve("leaf.csr"),
                    "--signing-algorithm", "SM3WITHSM2", "--template-arn", "arn:aws:acm-pca:::template/EndEntityClientAuthCertificate/V1",
                    "--validity", "Value=30,Type=DAYS").get("CertificateArn").asText();
            JsonNode leaf = aws.ok("acm-pca", "get-certificate", "--certificate-authority-arn", sub, "--certificate-arn", leafArn);
            Path leafPem = Files.writeString(work.resolve("leaf.pem"), leaf.get("Certificate").asText());
            Path chain = Files.writeString(work.resolve("chain.pem"), leaf.get("CertificateChain").asText());
            // OpenSSL 3.0 applies -vfyopt to the certificate it verifies only, and checks intermediates under the empty
            // user ID (which fails here), so each link is verified on its own
            assertThat(PcaOpenSsl.ok(work, "verify", "-vfyopt", distid, "-partial_chain", "-CAfile", subPem.toString(),
                    "-purpose", "sslclient", leafPem.toString())).contains("leaf.pem: OK");
            assertThat(PcaOpenSsl.ok(work, "verify", "-vfyopt", distid, "-CAfile", rootPem.toString(), subPem.toString())).contains("sub.pem: OK");
            assertThat(Files.readString(chain)).isEqualTo(Files.readString(subPem) + Files.readString(rootPem));
        }
    }

    @Test
    void awsAcmPca_caWhoseKeyIsAKmsKey_signsThroughKms() throws Exception {
        try (Node node = Node.start(dataDir)) {
            IamCliTest.Aws aws = IamCliTest.Aws.as(node, home, node.bootstrapCredentials());
            String key = aws.ok("kms", "create-key", "--key-usage", "SIGN_VERIFY", "--key-spec", "ECC_NIST_P256").at("/KeyMetadata/Arn").asText();
            Path config = Files.writeString(work.resolve("ca.json"), "{\"KeyAlgorithm\":\"EC_prime256v1\",\"SigningAlgorithm\":\"SHA256WITHECDSA\","
                    + "\"Subject\":{\"CommonName\":\"KMS Root\"}}");
            Path revocation = Files.writeString(work.resolve("rev.json"), "{\"CrlConfiguration\":{\"Enabled\":true,\"ExpirationInDays\":2}}");
            String ca = aws.ok("acm-pca", "create-certificate-authority", "--certificate-authority-configuration", "file://" + config,
                    "--revocation-configuration", "file://" + revocation, "--certificate-authority-type", "ROOT",
                    "--tags", "Key=citadel:kms-key-id,Value=" + key).get("CertificateAuthorityArn").asText();
            Path caCsr = Files.writeString(work.resolve("ca.csr"),
                    aws.ok("acm-pca", "get-certificate-authority-csr", "--certificate-authority-arn", ca).get("Csr").asText());
            assertThat(PcaOpenSsl.ok(work, "req", "-in", caCsr.toString(), "-noout", "-verify")).contains("verify OK");
            String rootArn = aws.ok("acm-pca", "issue-certificate", "--certificate-authority-arn", ca, "--csr", "fileb://" + caCsr,
                    "--signing-algorithm", "SHA256WITHECDSA", "--template-arn", "arn:aws:acm-pca:::template/RootCACertificate/V1",
                    "--validity", "Value=2,Type=YEARS").get("CertificateArn").asText();
            Path rootPem = Files.writeString(work.resolve("root.pem"), aws.ok("acm-pca", "get-certificate", "--certificate-authority-arn", ca,
                    "--certificate-arn", rootArn).get("Certificate").asText());
            aws.ok("acm-pca", "import-certificate-authority-certificate", "--certificate-authority-arn", ca, "--certificate", "fileb://" + rootPem);

            Path kmsPublic = work.resolve("kms-public.der");
            Files.write(kmsPublic, java.util.Base64.getDecoder().decode(
                    aws.ok("kms", "get-public-key", "--key-id", key).get("PublicKey").asText()));
            String certKey = PcaOpenSsl.ok(work, "x509", "-in", rootPem.toString(), "-noout", "-pubkey");
            String kmsKey = PcaOpenSsl.ok(work, "pkey", "-pubin", "-inform", "DER", "-in", kmsPublic.toString());
            assertThat(certKey.strip()).isEqualTo(kmsKey.strip());

            PcaOpenSsl.leafCsr(work, "kms.internal", "DNS:kms.internal");
            String leafArn = aws.ok("acm-pca", "issue-certificate", "--certificate-authority-arn", ca, "--csr", "fileb://" + work.resolve("leaf.csr"),
                    "--signing-algorithm", "SHA256WITHECDSA", "--validity", "Value=10,Type=DAYS").get("CertificateArn").asText();
            Path leafPem = Files.writeString(work.resolve("leaf.pem"), aws.ok("acm-pca", "get-certificate", "--certificate-authority-arn", ca,
                    "--certificate-arn", leafArn).get("Certificate").asText());
            assertThat(PcaOpenSsl.ok(work, "verify", "-CAfile", rootPem.toString(), leafPem.toString())).contains("leaf.pem: OK");
            String serial = PcaOpenSsl.ok(work, "x509", "-in", leafPem.toString(), "-noout", "-serial").strip().replace("serial=", "");
            aws.ok("acm-pca", "revoke-certificate", "--certificate-authority-arn", ca, "--certificate-serial", serial,
                    "--revocation-reason", "CESSATION_OF_OPERATION");
            Path crl = PcaOpenSsl.fetchCrl(work, node.endpoint() + "/pca/crl/" + ca.substring(ca.lastIndexOf('/') + 1) + ".crl", "kms.crl");
            assertThat(PcaOpenSsl.ok(work, "crl", "-in", crl.toString(), "-CAfile", rootPem.toString(), "-noout", "-verify")).contains("verify OK");
            Processes.Result check = PcaOpenSsl.openssl(work, "verify", "-crl_check", "-CAfile", rootPem.toString(), "-CRLfile", crl.toString(),
                    leafPem.toString());
            assertThat(check.stdout() + check.stderr()).contains("certificate revoked");
        }
    }
}
