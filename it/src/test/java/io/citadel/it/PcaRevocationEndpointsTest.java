package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.crypto.pki.DistinguishedNames;
import io.citadel.pca.Authorities;
import io.citadel.pca.Issuance;
import io.citadel.pca.Pca;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unauthenticated CRL and OCSP endpoints on a real node: OCSP by GET (RFC 6960 A.1) as well as POST, the public
 * base URL setting in issued certificates, and the answers for unknown CAs and malformed requests; and a
 * _CSRPassthrough template copying an openssl CSR's extension (but never its basicConstraints).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PcaRevocationEndpointsTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private static HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void ocspByGetAndPost_unknownCa_andMalformedRequests() throws Exception {
        try (Node node = Node.builder(dataDir).flag(io.citadel.app.Setting.PUBLIC_BASE_URL, "http://ca.example.test:8080").start()) {
            Pca pca = node.citadel().pca();
            RequestContext ctx = new RequestContext("test", node.clock().instant(), "127.0.0.1", "test", false,
                    Principal.root(node.adminAccountId(), "TESTKEY"), "us-east-1", "acm-pca", "Test");
            String ca = pca.authorities().create(ctx, new Authorities.CreateInput("ROOT", "EC_prime256v1", "SHA256WITHECDSA",
                    List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, "Endpoint Root")),
                    new Authorities.RevocationInput(true, 1, null, null, null, null, null, null, true, null), null, null, null, null));
            String csr = pca.authorities().csr(ctx, ca);
            String rootArn = pca.issuance().issue(ctx, new Issuance.IssueInput(ca, csr.getBytes(StandardCharsets.US_ASCII), null,
                    "arn:aws:acm-pca:::template/RootCACertificate/V1", new Issuance.Validity(1, "YEARS"), null, null, null));
            String rootPem = pca.issuance().get(ctx, ca, rootArn).certificate();
            pca.authorities().importCertificate(ctx, ca, rootPem.getBytes(StandardCharsets.US_ASCII), null);
            PcaOpenSsl.leafCsr(work, "get.example.test", "DNS:get.example.test");
            Issuance.Issued leaf = pca.issueCertificate(ctx, null, new Issuance.IssueInput(ca, Files.readAllBytes(work.resolve("leaf.csr")),
                    null, null, new Issuance.Validity(7, "DAYS"), null, null, null));
            Path root = Files.writeString(work.resolve("root.pem"), rootPem);
            Path leafPem = Files.writeString(work.resolve("leaf.pem"), leaf.certificate());
            String id = ca.substring(ca.lastIndexOf('/') + 1);

            assertThat(PcaOpenSsl.ok(work, "x509", "-in", leafPem.toString(), "-noout", "-text"))
                    .contains("URI:http://ca.example.test:8080/pca/crl/" + id + ".crl", "OCSP - URI:http://ca.example.test:8080/pca/ocsp/" + id);

            Path request = work.resolve("req.der");
            PcaOpenSsl.ok(work, "ocsp", "-issuer", root.toString(), "-cert", leafPem.toString(), "-no_nonce", "-reqout", request.toString());
            String encoded = URLEncoder.encode(Base64.getEncoder().encodeToString(Files.readAllBytes(request)), StandardCharsets.US_ASCII);
            HttpResponse<byte[]> byGet = send(HttpRequest.newBuilder(URI.create(node.endpoint() + "/pca/ocsp/" + id + "/" + encoded)).GET().build());
            assertThat(byGet.statusCode()).isEqualTo(200);
            assertThat(byGet.headers().firstValue("content-type")).hasValue("application/ocsp-response");
            Path response = Files.write(work.resolve("resp.der"), byGet.body());
            assertThat(PcaOpenSsl.ok(work, "ocsp", "-respin", response.toString(), "-issuer", root.toString(), "-cert", leafPem.toString(),
                    "-CAfile", root.toString())).contains("leaf.pem: good", "Response verify OK");

            HttpResponse<byte[]> garbage = send(HttpRequest.newBuilder(URI.create(node.endpoint() + "/pca/ocsp/" + id))
                    .header("Content-Type", "application/ocsp-request").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2})).build());
            assertThat(garbage.statusCode()).isEqualTo(200);
            assertThat(garbage.body()).containsExactly(0x30, 0x03, 0x0a, 0x01, 0x01);
            HttpResponse<byte[]> unknownCa = send(HttpRequest.newBuilder(URI.create(node.endpoint() + "/pca/ocsp/00000000-0000-0000-0000-000000000000"))
                    .header("Content-Type", "application/ocsp-request").POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(request))).build());
            assertThat(unknownCa.body()).as("unauthorized").containsExactly(0x30, 0x03, 0x0a, 0x01, 0x06);

            Path passCsr = work.resolve("pass.csr");
            PcaOpenSsl.ok(work, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                    work.resolve("pass.key").toString(), "-subj", "/CN=pass.example.test", "-addext", "1.2.3.4=ASN1:UTF8String:from-the-csr",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-out", passCsr.toString());
            Issuance.Issued passed = pca.issueCertificate(ctx, null, new Issuance.IssueInput(ca, Files.readAllBytes(passCsr), null,
                    "arn:aws:acm-pca:::template/EndEntityCertificate_CSRPassthrough/V1", new Issuance.Validity(7, "DAYS"), null, null, null));
            String passedText = PcaOpenSsl.ok(work, "x509", "-in", Files.writeString(work.resolve("pass.pem"), passed.certificate()).toString(),
                    "-noout", "-text");
            assertThat(passedText).contains("1.2.3.4:", "from-the-csr", "CA:FALSE").doesNotContain("CA:TRUE");

            assertThat(send(HttpRequest.newBuilder(URI.create(node.endpoint() + "/pca/crl/" + id + ".crl")).GET().build()).statusCode())
                    .isEqualTo(200);
            assertThat(send(HttpRequest.newBuilder(URI.create(node.endpoint() + "/pca/crl/00000000-0000-0000-0000-000000000000.crl"))
                    .GET().build()).statusCode()).isEqualTo(404);
            assertThat(send(HttpRequest.newBuilder(URI.create(node.endpoint() + "/pca/crl/../../etc/passwd")).GET().build()).statusCode())
                    .isEqualTo(404);
        }
    }

    /** RFC 5019 pre-produced answers as OpenSSL sees them: never "good" once RevokeCertificate returns; a nonce still echoed. */
    @Test
    void ocsp_revocationReplacesTheCachedGoodAnswer_andNoncesAreEchoed() throws Exception {
        try (Node node = Node.builder(dataDir).start()) {
            Pca pca = node.citadel().pca();
            RequestContext ctx = new RequestContext("test", node.clock().instant(), "127.0.0.1", "test", false,
                    Principal.root(node.adminAccountId(), "TESTKEY"), "us-east-1", "acm-pca", "Test");
            String ca = pca.authorities().create(ctx, new Authorities.CreateInput("ROOT", "EC_prime256v1", "SHA256WITHECDSA",
                    List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, "Cache Root")),
                    new Authorities.RevocationInput(false, null, null, null, null, null, null, null, true, null), null, null, null, null));
            String csr = pca.authorities().csr(ctx, ca);
            String rootArn = pca.issuance().issue(ctx, new Issuance.IssueInput(ca, csr.getBytes(StandardCharsets.US_ASCII), null,
                    "arn:aws:acm-pca:::template/RootCACertificate/V1", new Issuance.Validity(1, "YEARS"), null, null, null));
            String rootPem = pca.issuance().get(ctx, ca, rootArn).certificate();
            pca.authorities().importCertificate(ctx, ca, rootPem.getBytes(StandardCharsets.US_ASCII), null);
            PcaOpenSsl.leafCsr(work, "cached.example.test", "DNS:cached.example.test");
            Issuance.Issued leaf = pca.issueCertificate(ctx, null, new Issuance.IssueInput(ca, Files.readAllBytes(work.resolve("leaf.csr")),
                    null, null, new Issuance.Validity(7, "DAYS"), null, null, null));
            Path root = Files.writeString(work.resolve("root.pem"), rootPem);
            Path leafPem = Files.writeString(work.resolve("leaf.pem"), leaf.certificate());
            String id = ca.substring(ca.lastIndexOf('/') + 1);
            Path request = work.resolve("req.der");
            PcaOpenSsl.ok(work, "ocsp", "-issuer", root.toString(), "-cert", leafPem.toString(), "-no_nonce", "-reqout", request.toString());
            URI get = URI.create(node.endpoint() + "/pca/ocsp/" + id + "/"
                    + URLEncoder.encode(Base64.getEncoder().encodeToString(Files.readAllBytes(request)), StandardCharsets.US_ASCII));

            byte[] first = send(HttpRequest.newBuilder(get).GET().build()).body();
            byte[] second = send(HttpRequest.newBuilder(get).GET().build()).body();
            assertThat(second).as("the pre-produced answer").isEqualTo(first);
            Path good = Files.write(work.resolve("good.der"), second);
            assertThat(PcaOpenSsl.ok(work, "ocsp", "-respin", good.toString(), "-issuer", root.toString(), "-cert", leafPem.toString(),
                    "-CAfile", root.toString())).contains("leaf.pem: good", "Response verify OK");

            pca.issuance().revoke(ctx, ca, leaf.serial(), "KEY_COMPROMISE");

            Path revoked = Files.write(work.resolve("revoked.der"), send(HttpRequest.newBuilder(get).GET().build()).body());
            assertThat(PcaOpenSsl.ok(work, "ocsp", "-respin", revoked.toString(), "-issuer", root.toString(), "-cert", leafPem.toString(),
                    "-CAfile", root.toString())).contains("leaf.pem: revoked", "Reason: keyCompromise", "Response verify OK")
                    .doesNotContain(": good");

            Path nonceRequest = work.resolve("nonce-req.der");
            PcaOpenSsl.ok(work, "ocsp", "-issuer", root.toString(), "-cert", leafPem.toString(), "-nonce", "-reqout", nonceRequest.toString());
            byte[] answer = send(HttpRequest.newBuilder(URI.create(node.endpoint() + "/pca/ocsp/" + id))
                    .header("Content-Type", "application/ocsp-request").POST(HttpRequest.BodyPublishers.ofFile(nonceRequest)).build()).body();
            Path nonceResponse = Files.write(work.resolve("nonce-resp.der"), answer);
            // -no_nonce: openssl would compare with a new nonce of its own (and -reqin replaces the file's), so the echo is compared below
            assertThat(PcaOpenSsl.ok(work, "ocsp", "-respin", nonceResponse.toString(), "-no_nonce", "-issuer", root.toString(), "-cert",
                    leafPem.toString(), "-CAfile", root.toString(), "-resp_text")).contains("OCSP Nonce", "leaf.pem: revoked", "Response verify OK");
            byte[] asked = new org.bouncycastle.cert.ocsp.OCSPReq(Files.readAllBytes(nonceRequest))
                    .getExtension(org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets();
            byte[] echoed = ((org.bouncycastle.cert.ocsp.BasicOCSPResp) new org.bouncycastle.cert.ocsp.OCSPResp(answer).getResponseObject())
                    .getExtension(org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets();
            assertThat(echoed).isEqualTo(asked).hasSizeGreaterThan(8);
        }
    }
}
