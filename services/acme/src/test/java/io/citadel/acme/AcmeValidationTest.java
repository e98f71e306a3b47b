package io.citadel.acme;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.pki.Jws;
import io.citadel.core.crypto.pki.Pem;
import io.citadel.protocol.WireResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Challenge validation and its state machine: dns-01 (wildcards only by dns-01), each failure's problem, the timeout job. */
class AcmeValidationTest {

    static AsymmetricKeyPair lastCertificateKey;

    @Test
    void wildcard_offersOnlyDns01_andIsValidatedFromTheTxtRecord() {
        try (TestDnsServer dns = new TestDnsServer()) {
            AcmeHarness h = new AcmeHarness(80, Map.of(), dns.address(), false, null);
            TestAcmeClient c = h.client();
            c.register(Map.of("termsOfServiceAgreed", true));
            byte[] leaf = issueByDns(h, c, dns, "*.wild.example.test");
            assertThat(leaf).isNotEmpty();
        }
    }

    @Test
    void dns01_withoutTheRecord_isUnauthorized_andTheOrderInvalid() {
        try (TestDnsServer dns = new TestDnsServer()) {
            AcmeHarness h = new AcmeHarness(80, Map.of(), dns.address(), false, null);
            TestAcmeClient c = h.client();
            c.register(Map.of("termsOfServiceAgreed", true));
            Flow f = Flow.order(c, "nodns.example.test");
            dns.put("_acme-challenge.nodns.example.test", "wrong-value");
            c.post(f.challengeUrl("dns-01"), Map.of());
            h.runValidations();
            JsonNode authz = TestAcmeClient.body(c.post(f.authzUrl, null));
            assertThat(authz.get("status").asText()).isEqualTo("invalid");
            JsonNode challenge = f.challenge(authz, "dns-01");
            assertThat(challenge.get("status").asText()).isEqualTo("invalid");
            assertThat(challenge.get("error").get("type").asText()).isEqualTo("urn:ietf:params:acme:error:unauthorized");
            assertThat(challenge.get("error").get("detail").asText()).contains("wrong-value");
            assertThat(TestAcmeClient.body(c.post(f.orderUrl, null)).get("status").asText()).isEqualTo("invalid");
        }
    }

    @Test
    void http01_failures_areIncorrectResponse_unauthorized_connection_andDns() {
        try (AcmeTestSupport.ChallengeServer web = new AcmeTestSupport.ChallengeServer()) {
            AcmeHarness h = new AcmeHarness(web.port(), Map.of("*.example.test", "127.0.0.1"), null, false, null);
            TestAcmeClient c = h.client();
            c.register(Map.of("termsOfServiceAgreed", true));

            Flow wrong = Flow.order(c, "wrong.example.test");
            web.tokens.put(wrong.token("http-01"), "not-the-key-authorization");
            assertThat(wrong.fail(h, "http-01")).isEqualTo("incorrectResponse");

            Flow missing = Flow.order(c, "missing.example.test");
            assertThat(missing.fail(h, "http-01")).isEqualTo("unauthorized");

            web.close();
            Flow down = Flow.order(c, "down.example.test");
            assertThat(down.fail(h, "http-01")).isEqualTo("connection");

            Flow unresolvable = Flow.order(c, "nowhere.invalid");
            assertThat(unresolvable.fail(h, "http-01")).isEqualTo("dns");
        }
    }

    @Test
    void http01_followsRedirectsOnTheSamePort_butNotToHttps() {
        try (AcmeTestSupport.ChallengeServer web = new AcmeTestSupport.ChallengeServer()) {
            AcmeHarness h = new AcmeHarness(web.port(), Map.of("*.example.test", "127.0.0.1"), null, false, null);
            TestAcmeClient c = h.client();
            c.register(Map.of("termsOfServiceAgreed", true));
            String thumbprint = Jws.PublicJwk.of(TestAcmeClient.jwk(c.key.publicSpki())).thumbprint();

            Flow moved = Flow.order(c, "moved.example.test");
            String token = moved.token("http-01");
            web.redirects.put(token, "http://other.example.test:" + web.port() + "/moved/" + token);
            web.tokens.put(token, token + "." + thumbprint);
            c.post(moved.challengeUrl("http-01"), Map.of());
            h.runValidations();
            assertThat(TestAcmeClient.body(c.post(moved.authzUrl, null)).get("status").asText()).isEqualTo("valid");

            Flow secure = Flow.order(c, "secure.example.test");
            web.redirects.put(secure.token("http-01"), "https://secure.example.test/x");
            assertThat(secure.fail(h, "http-01")).isEqualTo("connection");
        }
    }

    @Test
    void validationThatNeverFinishes_isMadeInvalidByTheDurableTimeoutJob() {
        AcmeHarness h = new AcmeHarness();
        TestAcmeClient c = h.client();
        c.register(Map.of("termsOfServiceAgreed", true));
        Flow f = Flow.order(c, "stuck.example.test");
        c.post(f.challengeUrl("http-01"), Map.of());
        h.pending.clear(); // the node died before its worker ran
        assertThat(f.challenge(TestAcmeClient.body(c.post(f.authzUrl, null)), "http-01").get("status").asText()).isEqualTo("processing");
        h.clock.advance(Duration.ofMinutes(1));
        assertThat(h.scheduler.runDue()).isEqualTo(1);
        JsonNode authz = TestAcmeClient.body(c.post(f.authzUrl, null));
        assertThat(authz.get("status").asText()).isEqualTo("invalid");
        assertThat(f.challenge(authz, "http-01").get("error").get("type").asText()).isEqualTo("urn:ietf:params:acme:error:serverInternal");
    }

    @Test
    void pendingOrder_expires_andItsAuthorizationsToo() {
        AcmeHarness h = new AcmeHarness();
        TestAcmeClient c = h.client();
        c.register(Map.of("termsOfServiceAgreed", true));
        Flow f = Flow.order(c, "late.example.test");
        h.clock.advance(Duration.ofDays(8));
        assertThat(TestAcmeClient.body(c.post(f.orderUrl, null)).get("status").asText()).isEqualTo("invalid");
        assertThat(TestAcmeClient.body(c.post(f.authzUrl, null)).get("status").asText()).isEqualTo("expired");
    }

    @Test
    void authorizationDeactivation_makesTheOrderInvalid() {
        AcmeHarness h = new AcmeHarness();
        TestAcmeClient c = h.client();
        c.register(Map.of("termsOfServiceAgreed", true));
        Flow f = Flow.order(c, "gone.example.test");
        assertThat(TestAcmeClient.body(c.post(f.authzUrl, Map.of("status", "deactivated"))).get("status").asText()).isEqualTo("deactivated");
        assertThat(TestAcmeClient.body(c.post(f.orderUrl, null)).get("status").asText()).isEqualTo("invalid");
    }

    /** Orders {@code name}, answers dns-01 through {@code dns}, finalizes with a fresh key and returns the leaf DER. */
    static byte[] issueByDns(AcmeHarness h, TestAcmeClient c, TestDnsServer dns, String name) {
        Flow f = Flow.order(c, name);
        JsonNode authz = TestAcmeClient.body(c.post(f.authzUrl, null));
        if (name.startsWith("*.")) {
            assertThat(authz.get("wildcard").asBoolean()).isTrue();
            assertThat(authz.get("challenges")).hasSize(1);
        }
        String token = f.token("dns-01");
        String thumbprint = Jws.PublicJwk.of(TestAcmeClient.jwk(c.key.publicSpki())).thumbprint();
        String base = name.startsWith("*.") ? name.substring(2) : name;
        dns.put("_acme-challenge." + base, ChallengeValidation.dnsValue(token + "." + thumbprint));
        c.post(f.challengeUrl("dns-01"), Map.of());
        h.runValidations();
        assertThat(TestAcmeClient.body(c.post(f.orderUrl, null)).get("status").asText()).isEqualTo("ready");
        lastCertificateKey = AcmeTestSupport.certificateKey();
        WireResponse done = c.post(f.finalizeUrl, Map.of("csr", Jws.base64url(AcmeTestSupport.csr(lastCertificateKey, name, name))));
        assertThat(done.status()).as(new String(done.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        WireResponse download = c.post(TestAcmeClient.body(done).get("certificate").asText(), null);
        return Pem.decodeEvery(new String(download.body(), StandardCharsets.US_ASCII), Pem.CERTIFICATE).getFirst();
    }

    /** One order for one name and its URLs. */
    record Flow(TestAcmeClient c, String orderUrl, String authzUrl, String finalizeUrl) {
        static Flow order(TestAcmeClient c, String name) {
            WireResponse r = c.post(c.url("new-order"), Map.of("identifiers", List.of(Map.of("type", "dns", "value", name))));
            assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(201);
            JsonNode order = TestAcmeClient.body(r);
            return new Flow(c, r.headers().get("Location"), order.get("authorizations").get(0).asText(), order.get("finalize").asText());
        }

        JsonNode challenge(JsonNode authz, String type) {
            for (JsonNode ch : authz.get("challenges")) {
                if (ch.get("type").asText().equals(type)) {
                    return ch;
                }
            }
            throw new AssertionError("no " + type + " challenge in " + authz);
        }

        String token(String type) {
            return challenge(TestAcmeClient.body(c.post(authzUrl, null)), type).get("token").asText();
        }

        String challengeUrl(String type) {
            return challenge(TestAcmeClient.body(c.post(authzUrl, null)), type).get("url").asText();
        }

        /** Starts {@code type}, runs the worker, and returns the error type name of the failed challenge. */
        String fail(AcmeHarness h, String type) {
            c.post(challenge(TestAcmeClient.body(c.post(authzUrl, null)), type).get("url").asText(), Map.of());
            h.runValidations();
            JsonNode ch = challenge(TestAcmeClient.body(c.post(authzUrl, null)), type);
            assertThat(ch.get("status").asText()).isEqualTo("invalid");
            return ch.get("error").get("type").asText().substring("urn:ietf:params:acme:error:".length());
        }
    }
}
