package io.citadel.bench.jmh;

import io.citadel.core.crypto.AesGcm;
import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.Ecdh;
import io.citadel.core.crypto.Hkdf;
import io.citadel.core.crypto.HmacAlgorithm;
import io.citadel.core.crypto.Hmacs;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.OaepHash;
import io.citadel.core.crypto.RsaOaep;
import io.citadel.core.crypto.SignInput;
import io.citadel.core.crypto.SignatureScheme;
import io.citadel.core.crypto.Signatures;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The raw rate of the primitives behind KMS operations, the yardstick of the KMS issue's "at least
 * 70% of the raw rate" target: the server's rate for an operation is compared with this benchmark
 * run on both cores ({@code -t 2}). Inputs are as the load generator sends them (1 KB plaintexts,
 * 32-byte messages for signing).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KmsPrimitivesBenchmark {

    private final SecureRandom random = new SecureRandom();
    private final byte[] plaintext = new byte[1024];
    private final byte[] message = "a message of thirty-two bytes!!!".getBytes(StandardCharsets.US_ASCII);
    private byte[] aesKey;
    private AsymmetricKeyPair p256;
    private AsymmetricKeyPair peer;
    private AsymmetricKeyPair rsa2048;
    private AsymmetricKeyPair rsa4096;
    private AsymmetricKeyPair ed25519;
    private AsymmetricKeyPair mlDsa65;
    private byte[] oaepCiphertext;
    private byte[] hmacKey;

    @Setup
    public void setup() {
        random.nextBytes(plaintext);
        aesKey = new byte[32];
        random.nextBytes(aesKey);
        hmacKey = new byte[32];
        random.nextBytes(hmacKey);
        p256 = KeyPairs.generate(KeyPairType.EC_P256, random);
        peer = KeyPairs.generate(KeyPairType.EC_P256, random);
        rsa2048 = KeyPairs.generate(KeyPairType.RSA_2048, random);
        rsa4096 = KeyPairs.generate(KeyPairType.RSA_4096, random);
        ed25519 = KeyPairs.generate(KeyPairType.ED25519, random);
        mlDsa65 = KeyPairs.generate(KeyPairType.ML_DSA_65, random);
        oaepCiphertext = RsaOaep.encrypt(OaepHash.SHA_256, rsa2048.publicSpki(), message, random);
    }

    /** Symmetric Encrypt's cryptography: HKDF per ciphertext, then AES-256-GCM of 1 KB. */
    @Benchmark
    public byte[] symmetricEncrypt1k() {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] key = Hkdf.sha256(aesKey, salt, "citadel/kms/v1/symmetric".getBytes(StandardCharsets.US_ASCII), 32);
        return new AesGcm(random).seal(key, plaintext, salt);
    }

    @Benchmark
    public byte[] signEcdsaP256() {
        return Signatures.sign(SignatureScheme.ECDSA_SHA_256, p256.privatePkcs8(), message, SignInput.MESSAGE, random);
    }

    @Benchmark
    public byte[] signRsa2048Pss() {
        return Signatures.sign(SignatureScheme.RSA_PSS_SHA_256, rsa2048.privatePkcs8(), message, SignInput.MESSAGE, random);
    }

    @Benchmark
    public byte[] signRsa4096Pkcs1() {
        return Signatures.sign(SignatureScheme.RSA_PKCS1_SHA_256, rsa4096.privatePkcs8(), message, SignInput.MESSAGE, random);
    }

    @Benchmark
    public byte[] signEd25519() {
        return Signatures.sign(SignatureScheme.ED25519, ed25519.privatePkcs8(), message, SignInput.MESSAGE, random);
    }

    @Benchmark
    public byte[] signMlDsa65() {
        return Signatures.sign(SignatureScheme.ML_DSA, mlDsa65.privatePkcs8(), message, SignInput.MESSAGE, random);
    }

    @Benchmark
    public byte[] decryptRsa2048Oaep() {
        return RsaOaep.decrypt(OaepHash.SHA_256, rsa2048.privatePkcs8(), oaepCiphertext);
    }

    @Benchmark
    public byte[] deriveSharedSecretP256() {
        return Ecdh.deriveSharedSecret(p256.privatePkcs8(), peer.publicSpki());
    }

    @Benchmark
    public byte[] hmacSha256() {
        return Hmacs.compute(HmacAlgorithm.HMAC_SHA_256, hmacKey, plaintext);
    }
}
