package io.citadel.acme;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.pki.Jws;
import io.citadel.protocol.WireResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every problem document this server produces: status, Content-Type application/problem+json, the error URN, a detail naming the rule. */
class AcmeProblemsTest {

    private final AcmeHarness h = new AcmeHarness();
    private final TestAcmeClient c = h.client();

    private static void assertProblem(WireResponse r, int status, String type, String detailPart) {
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        JsonNode body = TestAcmeClient.body(r);
        assertThat(body.get("type").asText()).as(body.toString()).isEqualTo("urn:ietf:params:acme:error:" + type);
        assertThat(r.status()).as(body.toString()).isEqualTo(status);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("detail").asText()).contains(detailPart);
        assertThat(r.headers()).containsKey("Replay-Nonce");
    }

    private void register() {
        assertThat(c.register(Map.of("termsOfServiceAgreed", true)).status()).isEqualTo(201);
    }

    @Test
    void reusedNonce_isBadNonce_andTheAnswerCarriesAFreshOne() {
        String nonce = c.nonce();
        assertThat(c.postWith(c.url("new-account"), Map.of(), true, nonce, c.url("new-account")).status()).isEqualTo(201);
        WireResponse replay = c.postWith(c.url("new-account"), Map.of(), true, nonce, c.url("new-account"));
        assertProblem(replay, 400, "badNonce", "unused nonce");
        assertThat(replay.headers().get("Replay-Nonce")).isNotEqualTo(nonce);
        assertProblem(c.postWith(c.url("new-account"), Map.of(), true, null, c.url("new-account")), 400, "badNonce", "null");
    }

    @Test
    void expiredNonce_isBadNonce() {
        String nonce = c.nonce();
        h.clock.advance(Nonces.LIFETIME.plus(Duration.ofSeconds(1)));
        assertProblem(c.postWith(c.url("new-account"), Map.of(), true, nonce, c.url("new-account")), 400, "badNonce", "minutes old");
    }

    @Test
    void malformedBodies_wrongMediaType_andUnknownResources() {
        assertProblem(c.send("POST", c.url("new-account"), "application/jose+json", "{not json".getBytes(StandardCharsets.UTF_8)),
                400, "malformed", "not JSON");
        assertProblem(c.send("POST", c.url("new-account"), "application/json", "{}".getBytes(StandardCharsets.UTF_8)),
                415, "malformed", "application/jose+json");
        assertProblem(c.send("PUT", c.url("new-account"), null, null), 405, "malformed", "method PUT");
        assertProblem(c.send("GET", c.url("new-order"), null, null), 405, "malformed", "POST-as-GET");
        WireResponse unknown = c.send("GET", "http://acme.test:4566/acme/nope/directory", null, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(TestAcmeClient.body(unknown).get("detail").asText()).contains("enable-acme");
        assertThat(unknown.headers()).doesNotContainKey("Replay-Nonce");
        register();
        assertProblem(c.post(c.url("order/doesnotexist"), null), 404, "malformed", "does not exist");
        assertProblem(c.post(c.url("order/../../x"), null), 404, "malformed", "no ACME resource");
    }

    @Test
    void badSignature_and_jwkWhereKidIsRequired_areMalformed() {
        register();
        AsymmetricKeyPair mine = c.key;
        c.key = KeyPairs.generate(KeyPairType.EC_P256, new SecureRandom());
        assertProblem(c.post(c.kid, null), 400, "malformed", "does not verify");
        c.key = mine;
        assertProblem(c.postWith(c.url("new-order"), Map.of(), true, c.nonce(), c.url("new-order")), 400, "malformed", "kid");
    }

    @Test
    void urlHeaderOfAnotherResource_isUnauthorized() {
        register();
        assertProblem(c.postWith(c.kid, null, false, c.nonce(), c.url("new-order")), 403, "unauthorized", "request URL");
    }

    @Test
    void algNoneOrMac_isBadSignatureAlgorithm_listingTheSupportedOnes() {
        c.alg = "HS256";
        WireResponse r = c.send("POST", c.url("new-account"), "application/jose+json", TestAcmeClient.jws(
                Map.of("alg", "none", "nonce", c.nonce(), "url", c.url("new-account"), "jwk", TestAcmeClient.jwk(c.key.publicSpki())),
                Map.of(), c.key, "ES256"));
        assertProblem(r, 400, "badSignatureAlgorithm", "none");
        assertThat(TestAcmeClient.body(r).get("algorithms").toString()).contains("ES256", "RS256", "EdDSA");
    }

    @Test
    void smallRsaKey_isBadPublicKey() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("nonce", c.nonce());
        header.put("url", c.url("new-account"));
        header.put("jwk", Map.of("kty", "RSA", "n", Jws.base64url(new byte[128]).replace('A', 'B'), "e", "AQAB"));
        assertProblem(c.send("POST", c.url("new-account"), "application/jose+json", TestAcmeClient.jws(header, Map.of(), c.key, "ES256")),
                400, "badPublicKey", "bits");
    }

    @Test
    void unknownAccount_isAccountDoesNotExist_byKeyAndByKid() {
        assertProblem(c.register(Map.of("onlyReturnExisting", true)), 400, "accountDoesNotExist", "onlyReturnExisting");
        c.kid = c.url("acct/AAAAAAAAAAAAAAAAAAAAAA");
        assertProblem(c.post(c.url("new-order"), Map.of()), 400, "accountDoesNotExist", "does not exist");
    }

    @Test
    void contacts_mustBeOneMailtoAddressEach() {
        assertProblem(c.register(Map.of("contact", List.of("tel:+1555"))), 400, "unsupportedContact", "mailto");
        assertProblem(c.register(Map.of("contact", List.of("mailto:a@example.test?subject=x"))), 400, "invalidContact", "no header fields");
    }

    @Test
    void directoryRequiringEab_refusesAccountsWithoutIt() {
        AcmeHarness eab = new AcmeHarness(80, Map.of(), null, true, null);
        TestAcmeClient client = eab.client();
        assertThat(TestAcmeClient.body(client.send("GET", client.url("directory"), null, null)).get("meta")
                .get("externalAccountRequired").asBoolean()).isTrue();
        assertProblem(client.register(Map.of("termsOfServiceAgreed", true)), 400, "externalAccountRequired", "create-acme-eab-key");
    }

    @Test
    void identifiers_otherTypesAndUncertifiableNames() {
        register();
        assertProblem(c.post(c.url("new-order"), Map.of("identifiers", List.of(Map.of("type", "ip", "value", "10.0.0.1")))),
                400, "unsupportedIdentifier", "ip");
        assertProblem(c.post(c.url("new-order"), Map.of("identifiers", List.of(Map.of("type", "dns", "value", "localhost")))),
                400, "rejectedIdentifier", "single label");
        assertProblem(c.post(c.url("new-order"), Map.of("identifiers", List.of(Map.of("type", "dns", "value", "a.*.example.test")))),
                400, "rejectedIdentifier", "label '*'");
        assertProblem(c.post(c.url("new-order"), Map.of("identifiers", List.of(Map.of("type", "dns", "value", "10.1.2.3")))),
                400, "rejectedIdentifier", "IP address");
        assertProblem(c.post(c.url("new-order"), Map.of("identifiers", List.of())), 400, "malformed", "empty");
    }

    @Test
    void finalizeBeforeValidation_isOrderNotReady() {
        register();
        AcmeValidationTest.Flow f = AcmeValidationTest.Flow.order(c, "early.example.test");
        assertProblem(c.post(f.finalizeUrl(), Map.of("csr", Jws.base64url(AcmeTestSupport.csr(AcmeTestSupport.certificateKey(),
                "early.example.test", "early.example.test")))), 403, "orderNotReady", "is pending");
    }

    @Test
    void csrProblems_areBadCsr() {
        try (TestDnsServer dns = new TestDnsServer()) {
            AcmeHarness hd = new AcmeHarness(80, Map.of(), dns.address(), false, null);
            TestAcmeClient cd = hd.client();
            cd.register(Map.of("termsOfServiceAgreed", true));
            AcmeValidationTest.Flow f = ready(hd, cd, dns, "csr.example.test");
            assertProblem(cd.post(f.finalizeUrl(), Map.of("csr", Jws.base64url(AcmeTestSupport.csr(cd.key, "csr.example.test",
                    "csr.example.test")))), 400, "badCSR", "account key");
            assertProblem(cd.post(f.finalizeUrl(), Map.of("csr", Jws.base64url(AcmeTestSupport.csr(AcmeTestSupport.certificateKey(),
                    "csr.example.test", "csr.example.test", "other.example.test")))), 400, "badCSR", "exactly the order's identifiers");
            assertProblem(cd.post(f.finalizeUrl(), Map.of("csr", Jws.base64url(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}))),
                    400, "badCSR", "malformed");
            byte[] tampered = AcmeTestSupport.csr(AcmeTestSupport.certificateKey(), "csr.example.test", "csr.example.test");
            tampered[tampered.length - 5] ^= 1;
            assertProblem(cd.post(f.finalizeUrl(), Map.of("csr", Jws.base64url(tampered))), 400, "badCSR", "");
        }
    }

    @Test
    void revocationProblems_alreadyRevoked_badReason_andStrangers() {
        try (TestDnsServer dns = new TestDnsServer()) {
            AcmeHarness hd = new AcmeHarness(80, Map.of(), dns.address(), false, null);
            TestAcmeClient cd = hd.client();
            cd.register(Map.of("termsOfServiceAgreed", true));
            byte[] leaf = AcmeValidationTest.issueByDns(hd, cd, dns, "rev.example.test");
            assertProblem(cd.post(cd.url("revoke-cert"), Map.of("certificate", Jws.base64url(leaf), "reason", 2)),
                    400, "badRevocationReason", "reason: 2");
            TestAcmeClient stranger = hd.client();
            stranger.register(Map.of("termsOfServiceAgreed", true));
            assertProblem(stranger.post(stranger.url("revoke-cert"), Map.of("certificate", Jws.base64url(leaf))), 403, "unauthorized",
                    "only the account that ordered");
            assertThat(cd.post(cd.url("revoke-cert"), Map.of("certificate", Jws.base64url(leaf))).status()).isEqualTo(200);
            assertProblem(cd.post(cd.url("revoke-cert"), Map.of("certificate", Jws.base64url(leaf))), 400, "alreadyRevoked", "was revoked");
        }
    }

    @Test
    void caThatRefuses_makesTheOrderInvalidWithServerInternal() {
        try (TestDnsServer dns = new TestDnsServer()) {
            AcmeIssuer refusing = new AcmeIssuer() {
                @Override
                public Issued issue(String arn, byte[] csr, List<String> names, Duration validity) {
                    throw new IllegalStateException("CA disabled");
                }

                @Override
                public void revoke(String arn, java.math.BigInteger serial, int reason) {
                }
            };
            AcmeHarness hd = new AcmeHarness(80, Map.of(), dns.address(), false, refusing);
            TestAcmeClient cd = hd.client();
            cd.register(Map.of("termsOfServiceAgreed", true));
            AcmeValidationTest.Flow f = ready(hd, cd, dns, "refused.example.test");
            JsonNode order = TestAcmeClient.body(cd.post(f.finalizeUrl(), Map.of("csr", Jws.base64url(AcmeTestSupport.csr(
                    AcmeTestSupport.certificateKey(), "refused.example.test", "refused.example.test")))));
            assertThat(order.get("status").asText()).isEqualTo("invalid");
            assertThat(order.get("error").get("type").asText()).isEqualTo("urn:ietf:params:acme:error:serverInternal");
        }
    }

    @Test
    void finalize_movesTheOrderThroughProcessing_whileTheCaSigns() {
        try (TestDnsServer dns = new TestDnsServer()) {
            java.util.concurrent.atomic.AtomicReference<AcmeHarness> harness = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicReference<String[]> ids = new java.util.concurrent.atomic.AtomicReference<>();
            AcmeIssuer observing = new AcmeIssuer() {
                @Override
                public Issued issue(String arn, byte[] csr, List<String> names, Duration validity) {
                    AcmeHarness hh = harness.get();
                    seen.set(hh.acme.orders().get(hh.directory, ids.get()[0], ids.get()[1]).status().name());
                    return hh.localCa.issue(arn, csr, names, validity);
                }

                @Override
                public void revoke(String arn, java.math.BigInteger serial, int reason) {
                }
            };
            AcmeHarness hd = new AcmeHarness(80, Map.of(), dns.address(), false, observing);
            harness.set(hd);
            TestAcmeClient cd = hd.client();
            cd.register(Map.of("termsOfServiceAgreed", true));
            AcmeValidationTest.Flow f = ready(hd, cd, dns, "slow.example.test");
            ids.set(new String[] {cd.kid.substring(cd.kid.lastIndexOf('/') + 1), f.orderUrl().substring(f.orderUrl().lastIndexOf('/') + 1)});
            JsonNode order = TestAcmeClient.body(cd.post(f.finalizeUrl(), Map.of("csr", Jws.base64url(AcmeTestSupport.csr(
                    AcmeTestSupport.certificateKey(), "slow.example.test", "slow.example.test")))));
            assertThat(seen.get()).isEqualTo("processing");
            assertThat(order.get("status").asText()).isEqualTo("valid");
            assertProblem(cd.post(f.finalizeUrl(), Map.of("csr", Jws.base64url(AcmeTestSupport.csr(AcmeTestSupport.certificateKey(),
                    "slow.example.test", "slow.example.test")))), 403, "orderNotReady", "is valid");
        }
    }

    @Test
    void keyChangeToAKeyInUse_isConflictWithThatAccountsLocation() {
        register();
        TestAcmeClient other = h.client();
        other.register(Map.of("termsOfServiceAgreed", true));
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("alg", "ES256");
        inner.put("jwk", TestAcmeClient.jwk(other.key.publicSpki()));
        inner.put("url", c.url("key-change"));
        byte[] innerJws = TestAcmeClient.jws(inner, Map.of("account", c.kid, "oldKey", TestAcmeClient.jwk(c.key.publicSpki())),
                other.key, "ES256");
        WireResponse r = c.post(c.url("key-change"), TestAcmeClient.body(new WireResponse(200, "", Map.of(), innerJws)));
        assertProblem(r, 409, "malformed", "already the key of account");
        assertThat(r.headers().get("Location")).isEqualTo(other.kid);
    }

    @Test
    void everyProblemType_hasItsUrnAndStatus() {
        for (AcmeProblem.Type t : AcmeProblem.Type.values()) {
            assertThat(t.urn()).startsWith("urn:ietf:params:acme:error:");
            assertThat(t.status()).isBetween(400, 599);
        }
    }

    private static AcmeValidationTest.Flow ready(AcmeHarness hd, TestAcmeClient cd, TestDnsServer dns, String name) {
        AcmeValidationTest.Flow f = AcmeValidationTest.Flow.order(cd, name);
        String thumbprint = Jws.PublicJwk.of(TestAcmeClient.jwk(cd.key.publicSpki())).thumbprint();
        dns.put("_acme-challenge." + name, ChallengeValidation.dnsValue(f.token("dns-01") + "." + thumbprint));
        cd.post(f.challengeUrl("dns-01"), Map.of());
        hd.runValidations();
        return f;
    }
}
