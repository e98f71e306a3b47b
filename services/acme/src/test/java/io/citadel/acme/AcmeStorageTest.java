package io.citadel.acme;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.pki.Jws;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.Entry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What ACME keeps in storage: sealed at rest (the CA key, EAB keys), and shared by every node over it (nonces, accounts). */
class AcmeStorageTest {

    @Test
    void caPrivateKey_andEabKeys_neverReachTheRawStorageInPlaintext() {
        try (TestDnsServer dns = new TestDnsServer()) {
            AcmeHarness h = new AcmeHarness(80, Map.of(), dns.address(), false, null);
            TestAcmeClient c = h.client();
            c.register(Map.of("termsOfServiceAgreed", true));
            AcmeValidationTest.issueByDns(h, c, dns, "sealed.example.test");
            ExternalAccountKey eab = h.acme.accounts().createExternalAccountKey(h.directory);
            String rootKey = LocalCaIssuer.PREFIX + HexFormat.of().formatHex(Jws.sha256(AcmeHarness.CA_ARN.getBytes(StandardCharsets.UTF_8)));
            byte[] privateKey = StoredJson.read(h.storage.get(rootKey).orElseThrow(), LocalCaIssuer.StoredRoot.class).privateKey();
            for (byte[] secret : new byte[][] {privateKey, eab.hmacKey()}) {
                for (Entry e : h.raw.scan("", null, 1000).entries()) {
                    String value = new String(e.value(), StandardCharsets.ISO_8859_1);
                    assertThat(value).as(e.key()).doesNotContain(new String(secret, StandardCharsets.ISO_8859_1))
                            .doesNotContain(Base64.getEncoder().encodeToString(secret));
                }
            }
        }
    }

    @Test
    void aNonceFromOneNode_isAcceptedOnceByAnother_overSharedStorage() {
        AcmeHarness h = new AcmeHarness();
        Nonces other = new Nonces(h.storage, h.clock, new java.security.SecureRandom());
        String nonce = h.acme.nonces().issue();
        assertThat(other.consume(nonce)).isTrue();
        assertThat(h.acme.nonces().consume(nonce)).isFalse();
    }
}
