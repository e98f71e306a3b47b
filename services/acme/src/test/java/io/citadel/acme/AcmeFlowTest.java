package io.citadel.acme;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.pki.Jws;
import io.citadel.core.crypto.pki.Pem;
import io.citadel.protocol.WireResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The whole RFC 8555 flow through the routes, observing each state: account, order, http-01, finalize, download, revoke. */
class AcmeFlowTest {

    @Test
    void directoryAndNonce_areServedWithReplayNonceAndIndexLink() {
        AcmeHarness h = new AcmeHarness();
        TestAcmeClient c = h.client();
        WireResponse dir = c.send("GET", c.url("directory"), null, null);
        assertThat(dir.status()).isEqualTo(200);
        assertThat(TestAcmeClient.body(dir).get("newNonce").asText()).isEqualTo(c.url("new-nonce"));
        assertThat(TestAcmeClient.body(dir).get("meta").get("externalAccountRequired").asBoolean()).isFalse();
        assertThat(dir.headers()).containsKey("Replay-Nonce");
        WireResponse head = c.send("HEAD", c.url("new-nonce"), null, null);
        WireResponse get = c.send("GET", c.url("new-nonce"), null, null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(get.status()).isEqualTo(204);
        assertThat(head.headers().get("Replay-Nonce")).isNotEqualTo(get.headers().get("Replay-Nonce"));
        assertThat(head.headers().get("Cache-Control")).isEqualTo("no-store");
        assertThat(head.headers().get("Link")).isEqualTo("<" + c.url("directory") + ">;rel=\"index\"");
    }

    @ParameterizedTest
    @EnumSource(value = KeyPairType.class, names = {"EC_P256", "RSA_2048", "ED25519"})
    void http01_orderGoesPendingReadyProcessingValid_andTheCertificateChainsToTheCa(KeyPairType accountKey) throws Exception {
        try (AcmeTestSupport.ChallengeServer web = new AcmeTestSupport.ChallengeServer()) {
            AcmeHarness h = new AcmeHarness(web.port(), Map.of("*.example.test", "127.0.0.1"), null, false, null);
            TestAcmeClient c = h.client().useKey(accountKey);
            WireResponse created = c.register(Map.of("termsOfServiceAgreed", true, "contact", List.of("mailto:ops@example.test")));
            assertThat(created.status()).isEqualTo(201);
            assertThat(TestAcmeClient.body(created).get("status").asText()).isEqualTo("valid");
            WireResponse again = c.register(Map.of("onlyReturnExisting", true));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.headers().get("Location")).isEqualTo(c.kid);

            WireResponse orderResponse = c.post(c.url("new-order"), Map.of("identifiers",
                    List.of(Map.of("type", "dns", "value", "www.example.test"))));
            assertThat(orderResponse.status()).isEqualTo(201);
            String orderUrl = orderResponse.headers().get("Location");
            JsonNode order = TestAcmeClient.body(orderResponse);
            assertThat(order.get("status").asText()).isEqualTo("pending");
            String authzUrl = order.get("authorizations").get(0).asText();

            JsonNode authz = TestAcmeClient.body(c.post(authzUrl, null));
            assertThat(authz.get("status").asText()).isEqualTo("pending");
            assertThat(authz.get("identifier").get("value").asText()).isEqualTo("www.example.test");
            JsonNode http01 = null;
            for (JsonNode ch : authz.get("challenges")) {
                if (ch.get("type").asText().equals("http-01")) {
                    http01 = ch;
                }
            }
            assertThat(http01).isNotNull();
            String token = http01.get("token").asText();
            String thumbprint = Jws.PublicJwk.of(TestAcmeClient.jwk(c.key.publicSpki())).thumbprint();
            web.tokens.put(token, token + "." + thumbprint);

            WireResponse started = c.post(http01.get("url").asText(), Map.of());
            assertThat(TestAcmeClient.body(started).get("status").asText()).isEqualTo("processing");
            assertThat(started.headers().get("Link")).contains("<" + authzUrl + ">;rel=\"up\"");
            assertThat(TestAcmeClient.body(c.post(authzUrl, null)).get("status").asText()).isEqualTo("pending");
            h.runValidations();
            JsonNode validated = TestAcmeClient.body(c.post(authzUrl, null));
            assertThat(validated.get("status").asText()).isEqualTo("valid");
            assertThat(TestAcmeClient.body(c.post(orderUrl, null)).get("status").asText()).isEqualTo("ready");

            AsymmetricKeyPair certKey = AcmeTestSupport.certificateKey();
            String finalizeUrl = order.get("finalize").asText();
            WireResponse finalized = c.post(finalizeUrl, Map.of("csr",
                    Jws.base64url(AcmeTestSupport.csr(certKey, "www.example.test", "www.example.test"))));
            assertThat(finalized.status()).as(new String(finalized.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            JsonNode done = TestAcmeClient.body(finalized);
            assertThat(done.get("status").asText()).isEqualTo("valid");

            WireResponse download = c.post(done.get("certificate").asText(), null);
            assertThat(download.contentType()).isEqualTo("application/pem-certificate-chain");
            List<byte[]> chain = Pem.decodeEvery(new String(download.body(), StandardCharsets.US_ASCII), Pem.CERTIFICATE);
            assertThat(chain).hasSize(2);
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            X509Certificate leaf = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(chain.get(0)));
            X509Certificate root = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(chain.get(1)));
            leaf.verify(root.getPublicKey());
            assertThat(leaf.getSubjectAlternativeNames().stream().map(l -> (Object) l.get(1)).toList()).containsExactly("www.example.test");
            assertThat(leaf.getPublicKey().getEncoded()).isEqualTo(certKey.publicSpki());

            JsonNode orders = TestAcmeClient.body(c.post(c.kid + "/orders", null));
            assertThat(orders.get("orders").get(0).asText()).isEqualTo(orderUrl);

            WireResponse revoked = c.post(c.url("revoke-cert"), Map.of("certificate", Jws.base64url(chain.get(0)), "reason", 4));
            assertThat(revoked.status()).isEqualTo(200);
            assertThat(h.localCa.isRevoked(AcmeHarness.CA_ARN, leaf.getSerialNumber())).isTrue();
        }
    }

    @Test
    void revokeCert_signedWithTheCertificateKey_isAccepted() throws Exception {
        try (TestDnsServer dns = new TestDnsServer()) {
            AcmeHarness h = new AcmeHarness(80, Map.of(), dns.address(), false, null);
            TestAcmeClient c = h.client();
            c.register(Map.of("termsOfServiceAgreed", true));
            byte[] leaf = AcmeValidationTest.issueByDns(h, c, dns, "key.example.test");
            TestAcmeClient holder = h.client();
            holder.key = AcmeValidationTest.lastCertificateKey;
            WireResponse r = holder.postWith(holder.url("revoke-cert"), Map.of("certificate", Jws.base64url(leaf)), true,
                    holder.nonce(), holder.url("revoke-cert"));
            assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        }
    }

    @Test
    void accountUpdate_changesContacts_andDeactivationLocksTheAccount() {
        AcmeHarness h = new AcmeHarness();
        TestAcmeClient c = h.client();
        c.register(Map.of("termsOfServiceAgreed", true));
        JsonNode updated = TestAcmeClient.body(c.post(c.kid, Map.of("contact", List.of("mailto:new@example.test"))));
        assertThat(updated.get("contact").get(0).asText()).isEqualTo("mailto:new@example.test");
        JsonNode deactivated = TestAcmeClient.body(c.post(c.kid, Map.of("status", "deactivated")));
        assertThat(deactivated.get("status").asText()).isEqualTo("deactivated");
        WireResponse after = c.post(c.url("new-order"), Map.of("identifiers", List.of(Map.of("type", "dns", "value", "a.example.test"))));
        assertThat(after.status()).isEqualTo(403);
        assertThat(TestAcmeClient.body(after).get("type").asText()).isEqualTo("urn:ietf:params:acme:error:unauthorized");
    }

    @Test
    void keyChange_rollsTheAccountOverToTheNewKey() {
        AcmeHarness h = new AcmeHarness();
        TestAcmeClient c = h.client();
        c.register(Map.of("termsOfServiceAgreed", true));
        AsymmetricKeyPair oldKey = c.key;
        AsymmetricKeyPair newKey = io.citadel.core.crypto.KeyPairs.generate(KeyPairType.EC_P256, new java.security.SecureRandom());
        Map<String, Object> inner = new java.util.LinkedHashMap<>();
        inner.put("alg", "ES256");
        inner.put("jwk", TestAcmeClient.jwk(newKey.publicSpki()));
        inner.put("url", c.url("key-change"));
        byte[] innerJws = TestAcmeClient.jws(inner, Map.of("account", c.kid, "oldKey", TestAcmeClient.jwk(oldKey.publicSpki())), newKey, "ES256");
        WireResponse r = c.post(c.url("key-change"), TestAcmeClient.body(new WireResponse(200, "", Map.of(), innerJws)));
        assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(c.post(c.kid, null).status()).isEqualTo(400); // the old key no longer signs for the account
        c.key = newKey;
        assertThat(c.post(c.kid, null).status()).isEqualTo(200);
    }

    @Test
    void externalAccountBinding_withTheOperatorsKey_createsTheAccount_once() {
        AcmeHarness h = new AcmeHarness(80, Map.of(), null, true, null);
        ExternalAccountKey eab = h.acme.accounts().createExternalAccountKey(h.directory);
        TestAcmeClient c = h.client();
        WireResponse r = c.register(Map.of("termsOfServiceAgreed", true, "externalAccountBinding", binding(c, eab)));
        assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        TestAcmeClient other = h.client();
        WireResponse reused = other.register(Map.of("termsOfServiceAgreed", true, "externalAccountBinding", binding(other, eab)));
        assertThat(TestAcmeClient.body(reused).get("type").asText()).isEqualTo("urn:ietf:params:acme:error:unauthorized");
        assertThat(TestAcmeClient.body(reused).get("detail").asText()).contains("already bound");
    }

    static Object binding(TestAcmeClient c, ExternalAccountKey eab) {
        try {
            String protectedB64 = Jws.base64url(TestAcmeClient.JSON.writeValueAsBytes(
                    Map.of("alg", "HS256", "kid", eab.keyId(), "url", c.url("new-account"))));
            String payloadB64 = Jws.base64url(TestAcmeClient.JSON.writeValueAsBytes(TestAcmeClient.jwk(c.key.publicSpki())));
            byte[] mac = Jws.mac("HS256", eab.hmacKey(), (protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII));
            return Map.of("protected", protectedB64, "payload", payloadB64, "signature", Jws.base64url(mac));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
