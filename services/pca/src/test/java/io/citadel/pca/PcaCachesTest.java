package io.citadel.pca;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.SignatureScheme;
import io.citadel.core.crypto.pki.CertificateSigner;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The in-memory caches' own rules: what a cached entry is checked against, and their bounds. */
class PcaCachesTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static StoredAuthority authority(String id, byte[] publicKey) {
        return new StoredAuthority(id, "arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/" + id, "111111111111", "us-east-1",
                StoredAuthority.Type.ROOT, StoredAuthority.Status.ACTIVE, T, T, "EC_prime256v1", "SHA256WITHECDSA", List.of(), publicKey,
                new byte[0], null, null, null, null, null, null, null, null, null, null, null, null, null, 0, null);
    }

    @Test
    void caKeyCache_unsealsOncePerCa_andOnlyForTheKeyItWasMadeFor() {
        AsymmetricKeyPair key = KeyPairs.generate(KeyPairType.EC_P256, RANDOM);
        AsymmetricKeyPair other = KeyPairs.generate(KeyPairType.EC_P256, RANDOM);
        CaKeyCache cache = new CaKeyCache(RANDOM);
        AtomicInteger unseals = new AtomicInteger();
        StoredAuthority ca = authority("ca-1", key.publicSpki());
        CertificateSigner first = cache.signer(ca, SignatureScheme.ECDSA_SHA_256, () -> {
            unseals.incrementAndGet();
            return key.privatePkcs8();
        });
        CertificateSigner again = cache.signer(ca, SignatureScheme.ECDSA_SHA_256, () -> {
            unseals.incrementAndGet();
            return key.privatePkcs8();
        });
        assertThat(again).isSameAs(first);
        assertThat(unseals).hasValue(1);

        // the same id with another public key (never the case for a real CA) does not get the cached key
        CertificateSigner mismatched = cache.signer(authority("ca-1", other.publicSpki()), SignatureScheme.ECDSA_SHA_256, () -> {
            unseals.incrementAndGet();
            return other.privatePkcs8();
        });
        assertThat(mismatched).isNotSameAs(first);
        assertThat(unseals).hasValue(2);

        cache.forget("ca-1");
        assertThat(cache.size()).isZero();
    }

    @Test
    void caKeyCache_isBounded() {
        AsymmetricKeyPair key = KeyPairs.generate(KeyPairType.EC_P256, RANDOM);
        CaKeyCache cache = new CaKeyCache(RANDOM);
        for (int i = 0; i < CaKeyCache.MAX_ENTRIES * 3; i++) {
            cache.signer(authority("ca-" + i, key.publicSpki()), SignatureScheme.ECDSA_SHA_256, key::privatePkcs8);
            assertThat(cache.size()).isLessThanOrEqualTo(CaKeyCache.MAX_ENTRIES);
        }
    }

    @Test
    void ocspCache_servesOnlyForTheSameStoredBytes_andWithinTheRefreshPeriod() {
        OcspResponseCache cache = new OcspResponseCache();
        byte[] certId = {1, 2, 3};
        byte[] caCert = {9, 9};
        byte[] good = "{\"revokedAt\":null}".getBytes();
        byte[] response = {42};
        cache.put("ca", certId, null, caCert, T, response);
        assertThat(cache.get("ca", certId, null, caCert, T)).containsExactly(42);
        assertThat(cache.get("ca", certId, good, caCert, T)).as("issued since: the record appeared").isNull();

        cache.put("ca", certId, good, caCert, T, response);
        byte[] revoked = "{\"revokedAt\":\"2026\"}".getBytes();
        assertThat(cache.get("ca", certId, revoked, caCert, T)).as("revoked since").isNull();
        assertThat(cache.get("ca", certId, good, new byte[] {9, 8}, T)).as("a new CA certificate").isNull();
        assertThat(cache.get("other", certId, good, caCert, T)).as("another CA").isNull();
        assertThat(cache.get("ca", new byte[] {1, 2, 4}, good, caCert, T)).as("another question").isNull();
        assertThat(cache.get("ca", certId, good, caCert, T.minusSeconds(1))).as("the clock went back").isNull();
        assertThat(cache.get("ca", certId, good, caCert, T.plus(OcspResponseCache.REFRESH))).as("due for refresh").isNull();
        assertThat(cache.get("ca", certId, good, caCert, T.plus(OcspResponseCache.REFRESH).minusMillis(1))).containsExactly(42);
    }
}
