package io.citadel.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignaturesTest {

    private static final byte[] MESSAGE = "GetPublicKey, then Sign: alias/release-signing".getBytes(StandardCharsets.UTF_8);

    /** Every (key type, scheme) pair AWS KMS offers. */
    static Stream<Arguments> validPairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (KeyPairType type : KeyPairType.values()) {
            for (SignatureScheme scheme : SignatureScheme.values()) {
                if (scheme.supports(type)) {
                    pairs.add(Arguments.of(type, scheme));
                }
            }
        }
        return pairs.stream();
    }

    static Stream<Arguments> digestPairs() {
        return validPairs().filter(a -> ((SignatureScheme) a.get()[1]).accepts(SignInput.DIGEST));
    }

    @Test
    void validPairs_coverEveryTypeAndScheme() {
        assertThat(validPairs().map(a -> a.get()[0]).distinct()).containsExactlyInAnyOrder((Object[]) KeyPairType.values());
        assertThat(validPairs().map(a -> a.get()[1]).distinct()).containsExactlyInAnyOrder((Object[]) SignatureScheme.values());
        assertThat(validPairs()).hasSize(3 * 6 + 4 + 2 + 3 + 1);
    }

    @ParameterizedTest
    @MethodSource("validPairs")
    void sign_message_thenVerify_succeeds(KeyPairType type, SignatureScheme scheme) {
        AsymmetricKeyPair pair = TestKeys.of(type);

        byte[] signature = Signatures.sign(scheme, pair.privatePkcs8(), MESSAGE, SignInput.MESSAGE, TestKeys.RANDOM);

        assertThat(Signatures.verify(scheme, pair.publicSpki(), MESSAGE, SignInput.MESSAGE, signature)).isTrue();
        byte[] changed = MESSAGE.clone();
        changed[0] ^= 1;
        assertThat(Signatures.verify(scheme, pair.publicSpki(), changed, SignInput.MESSAGE, signature)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("validPairs")
    void verify_withFlippedBitInAnySignatureByte_fails(KeyPairType type, SignatureScheme scheme) {
        AsymmetricKeyPair pair = TestKeys.of(type);
        byte[] signature = Signatures.sign(scheme, pair.privatePkcs8(), MESSAGE, SignInput.MESSAGE, TestKeys.RANDOM);
        Signatures.Verifier verifier = Signatures.verifier(scheme, pair.publicSpki());

        for (int i = 0; i < signature.length; i++) {
            byte[] tampered = signature.clone();
            tampered[i] ^= (byte) (1 << (i % 8));
            assertThat(verifier.verify(MESSAGE, SignInput.MESSAGE, tampered)).as("bit %d of byte %d", i % 8, i).isFalse();
        }
        assertThat(verifier.verify(MESSAGE, SignInput.MESSAGE, signature)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("validPairs")
    void verify_withAnotherKeyOfTheSameType_fails(KeyPairType type, SignatureScheme scheme) {
        byte[] signature = Signatures.sign(scheme, TestKeys.of(type).privatePkcs8(), MESSAGE, SignInput.MESSAGE, TestKeys.RANDOM);
        byte[] otherPublic = type == KeyPairType.RSA_4096
                ? TestKeys.of(KeyPairType.RSA_2048).publicSpki() // spares a second RSA-4096 generation; a wrong length is also a wrong key
                : KeyPairs.generate(type, TestKeys.RANDOM).publicSpki();

        assertThat(Signatures.verify(scheme, otherPublic, MESSAGE, SignInput.MESSAGE, signature)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("digestPairs")
    void sign_message_verifiesAsDigestOfTheHash_andViceVersa(KeyPairType type, SignatureScheme scheme) throws Exception {
        AsymmetricKeyPair pair = TestKeys.of(type);
        byte[] digest = hash(scheme, MESSAGE);

        byte[] overMessage = Signatures.sign(scheme, pair.privatePkcs8(), MESSAGE, SignInput.MESSAGE, TestKeys.RANDOM);
        byte[] overDigest = Signatures.sign(scheme, pair.privatePkcs8(), digest, SignInput.DIGEST, TestKeys.RANDOM);

        assertThat(Signatures.verify(scheme, pair.publicSpki(), digest, SignInput.DIGEST, overMessage)).isTrue();
        assertThat(Signatures.verify(scheme, pair.publicSpki(), MESSAGE, SignInput.MESSAGE, overDigest)).isTrue();
        byte[] otherDigest = digest.clone();
        otherDigest[digest.length - 1] ^= 1;
        assertThat(Signatures.verify(scheme, pair.publicSpki(), otherDigest, SignInput.DIGEST, overMessage)).isFalse();
    }

    @Test
    void sign_rsaPkcs1_isDeterministic_soMessageAndDigestSignaturesAreEqual() throws Exception {
        // PKCS#1 v1.5 and Ed25519ph are deterministic: the digest path must produce the very same bytes.
        for (SignatureScheme scheme : List.of(SignatureScheme.RSA_PKCS1_SHA_256, SignatureScheme.RSA_PKCS1_SHA_384,
                SignatureScheme.RSA_PKCS1_SHA_512, SignatureScheme.ED25519_PH)) {
            AsymmetricKeyPair pair = TestKeys.of(scheme == SignatureScheme.ED25519_PH ? KeyPairType.ED25519 : KeyPairType.RSA_2048);
            assertThat(Signatures.sign(scheme, pair.privatePkcs8(), hash(scheme, MESSAGE), SignInput.DIGEST, TestKeys.RANDOM))
                    .as(scheme.toString())
                    .isEqualTo(Signatures.sign(scheme, pair.privatePkcs8(), MESSAGE, SignInput.MESSAGE, TestKeys.RANDOM));
        }
    }

    @Test
    void sign_mlDsa_isHedged() {
        byte[] pkcs8 = TestKeys.of(KeyPairType.ML_DSA_44).privatePkcs8();

        assertThat(Signatures.sign(SignatureScheme.ML_DSA, pkcs8, MESSAGE, SignInput.MESSAGE, TestKeys.RANDOM))
                .isNotEqualTo(Signatures.sign(SignatureScheme.ML_DSA, pkcs8, MESSAGE, SignInput.MESSAGE, TestKeys.RANDOM));
    }

    @Test
    void sign_mlDsa_hasTheFips204SignatureSizes() {
        assertThat(Signatures.sign(SignatureScheme.ML_DSA, TestKeys.of(KeyPairType.ML_DSA_44).privatePkcs8(), MESSAGE, SignInput.MESSAGE,
                TestKeys.RANDOM)).hasSize(2420);
        assertThat(Signatures.sign(SignatureScheme.ML_DSA, TestKeys.of(KeyPairType.ML_DSA_65).privatePkcs8(), MESSAGE, SignInput.MESSAGE,
                TestKeys.RANDOM)).hasSize(3309);
        assertThat(Signatures.sign(SignatureScheme.ML_DSA, TestKeys.of(KeyPairType.ML_DSA_87).privatePkcs8(), MESSAGE, SignInput.MESSAGE,
                TestKeys.RANDOM)).hasSize(4627);
    }

    @ParameterizedTest
    @MethodSource("mlDsaTypes")
    void sign_externalMu_verifiesAsMessageSignature_andViceVersa(KeyPairType type) {
        AsymmetricKeyPair pair = TestKeys.of(type);
        byte[] mu = mu(pair.publicSpki(), MESSAGE);

        byte[] overMu = Signatures.sign(SignatureScheme.ML_DSA, pair.privatePkcs8(), mu, SignInput.EXTERNAL_MU, TestKeys.RANDOM);
        byte[] overMessage = Signatures.sign(SignatureScheme.ML_DSA, pair.privatePkcs8(), MESSAGE, SignInput.MESSAGE, TestKeys.RANDOM);

        assertThat(Signatures.verify(SignatureScheme.ML_DSA, pair.publicSpki(), MESSAGE, SignInput.MESSAGE, overMu)).isTrue();
        assertThat(Signatures.verify(SignatureScheme.ML_DSA, pair.publicSpki(), mu, SignInput.EXTERNAL_MU, overMessage)).isTrue();
        byte[] otherMu = mu.clone();
        otherMu[0] ^= 1;
        assertThat(Signatures.verify(SignatureScheme.ML_DSA, pair.publicSpki(), otherMu, SignInput.EXTERNAL_MU, overMessage)).isFalse();
    }

    static Stream<KeyPairType> mlDsaTypes() {
        return Stream.of(KeyPairType.ML_DSA_44, KeyPairType.ML_DSA_65, KeyPairType.ML_DSA_87);
    }

    // Independent implementations: the JDK's SunRsaSign, SunEC and (JDK 24+) ML-DSA.

    @Test
    void sign_rsaAndEcdsaAndEd25519_verifyWithTheJdk_andJdkSignaturesVerifyHere() throws Exception {
        record Jca(KeyPairType type, SignatureScheme scheme, String algorithm, PSSParameterSpec pss) {
        }
        List<Jca> cases = List.of(
                new Jca(KeyPairType.RSA_2048, SignatureScheme.RSA_PKCS1_SHA_256, "SHA256withRSA", null),
                new Jca(KeyPairType.RSA_3072, SignatureScheme.RSA_PKCS1_SHA_384, "SHA384withRSA", null),
                new Jca(KeyPairType.RSA_4096, SignatureScheme.RSA_PKCS1_SHA_512, "SHA512withRSA", null),
                new Jca(KeyPairType.RSA_2048, SignatureScheme.RSA_PSS_SHA_256, "RSASSA-PSS",
                        new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1)),
                new Jca(KeyPairType.RSA_3072, SignatureScheme.RSA_PSS_SHA_384, "RSASSA-PSS",
                        new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1)),
                new Jca(KeyPairType.RSA_2048, SignatureScheme.RSA_PSS_SHA_512, "RSASSA-PSS",
                        new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1)),
                new Jca(KeyPairType.EC_P256, SignatureScheme.ECDSA_SHA_256, "SHA256withECDSA", null),
                new Jca(KeyPairType.EC_P384, SignatureScheme.ECDSA_SHA_384, "SHA384withECDSA", null),
                new Jca(KeyPairType.EC_P521, SignatureScheme.ECDSA_SHA_512, "SHA512withECDSA", null),
                new Jca(KeyPairType.ED25519, SignatureScheme.ED25519, "Ed25519", null));
        for (Jca jca : cases) {
            AsymmetricKeyPair pair = TestKeys.of(jca.type());
            String keyAlgorithm = switch (jca.type().family()) {
                case RSA -> "RSA";
                case EC -> "EC";
                default -> "Ed25519";
            };
            KeyFactory factory = KeyFactory.getInstance(keyAlgorithm);
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(pair.publicSpki()));
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pair.privatePkcs8()));

            byte[] ours = Signatures.sign(jca.scheme(), pair.privatePkcs8(), MESSAGE, SignInput.MESSAGE, TestKeys.RANDOM);
            Signature verifier = Signature.getInstance(jca.algorithm());
            if (jca.pss() != null) {
                verifier.setParameter(jca.pss());
            }
            verifier.initVerify(publicKey);
            verifier.update(MESSAGE);
            assertThat(verifier.verify(ours)).as("JDK verifies our " + jca.scheme()).isTrue();

            Signature signer = Signature.getInstance(jca.algorithm());
            if (jca.pss() != null) {
                signer.setParameter(jca.pss());
            }
            signer.initSign(privateKey);
            signer.update(MESSAGE);
            byte[] theirs = signer.sign();
            assertThat(Signatures.verify(jca.scheme(), pair.publicSpki(), MESSAGE, SignInput.MESSAGE, theirs))
                    .as("we verify the JDK's " + jca.scheme()).isTrue();
            if (jca.scheme().accepts(SignInput.DIGEST)) {
                assertThat(Signatures.verify(jca.scheme(), pair.publicSpki(), hash(jca.scheme(), MESSAGE), SignInput.DIGEST, theirs))
                        .as("we verify the JDK's " + jca.scheme() + " by digest").isTrue();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("mlDsaTypes")
    void sign_mlDsa_verifiesWithTheJdk_includingExternalMu(KeyPairType type) throws Exception {
        JdkMlDsa.assumeAvailable();
        AsymmetricKeyPair pair = TestKeys.of(type);
        PublicKey publicKey = KeyFactory.getInstance("ML-DSA").generatePublic(new X509EncodedKeySpec(pair.publicSpki()));
        byte[] overMessage = Signatures.sign(SignatureScheme.ML_DSA, pair.privatePkcs8(), MESSAGE, SignInput.MESSAGE, TestKeys.RANDOM);
        byte[] overMu = Signatures.sign(SignatureScheme.ML_DSA, pair.privatePkcs8(), mu(pair.publicSpki(), MESSAGE), SignInput.EXTERNAL_MU,
                TestKeys.RANDOM);

        for (byte[] signature : List.of(overMessage, overMu)) {
            Signature verifier = Signature.getInstance("ML-DSA");
            verifier.initVerify(publicKey);
            verifier.update(MESSAGE);
            assertThat(verifier.verify(signature)).isTrue();
        }
    }

    // Known answers: RFC 8032 section 7.1 TEST 1 (Ed25519) and section 7.3 (Ed25519ph).

    private static final String RFC8032_PKCS8_PREFIX = "302e020100300506032b657004220420";
    private static final String RFC8032_SPKI_PREFIX = "302a300506032b6570032100";

    @Test
    void sign_ed25519_matchesRfc8032Test1() {
        byte[] pkcs8 = TestKeys.hex(RFC8032_PKCS8_PREFIX + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] spki = TestKeys.hex(RFC8032_SPKI_PREFIX + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] expected = TestKeys.hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

        assertThat(KeyPairs.fromPrivate(KeyPairType.ED25519, pkcs8).publicSpki()).isEqualTo(spki);
        assertThat(Signatures.sign(SignatureScheme.ED25519, pkcs8, new byte[0], SignInput.MESSAGE, TestKeys.RANDOM)).isEqualTo(expected);
        assertThat(Signatures.verify(SignatureScheme.ED25519, spki, new byte[0], SignInput.MESSAGE, expected)).isTrue();
    }

    @Test
    void sign_ed25519ph_matchesRfc8032Section73() throws Exception {
        byte[] pkcs8 = TestKeys.hex(RFC8032_PKCS8_PREFIX + "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42");
        byte[] spki = TestKeys.hex(RFC8032_SPKI_PREFIX + "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf");
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        byte[] expected = TestKeys.hex("98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae4131f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406");
        byte[] prehash = MessageDigest.getInstance("SHA-512").digest(abc);

        assertThat(KeyPairs.fromPrivate(KeyPairType.ED25519, pkcs8).publicSpki()).isEqualTo(spki);
        assertThat(Signatures.sign(SignatureScheme.ED25519_PH, pkcs8, abc, SignInput.MESSAGE, TestKeys.RANDOM)).isEqualTo(expected);
        assertThat(Signatures.sign(SignatureScheme.ED25519_PH, pkcs8, prehash, SignInput.DIGEST, TestKeys.RANDOM)).isEqualTo(expected);
        assertThat(Signatures.verify(SignatureScheme.ED25519_PH, spki, abc, SignInput.MESSAGE, expected)).isTrue();
        assertThat(Signatures.verify(SignatureScheme.ED25519_PH, spki, prehash, SignInput.DIGEST, expected)).isTrue();
        // Ed25519ph is a different algorithm from Ed25519: the same bytes are no pure Ed25519 signature of "abc".
        assertThat(Signatures.verify(SignatureScheme.ED25519, spki, abc, SignInput.MESSAGE, expected)).isFalse();
    }

    // Bad signatures are false, not exceptions.

    @Test
    void verify_withMalformedEcdsaDer_returnsFalse() {
        byte[] spki = TestKeys.of(KeyPairType.EC_P256).publicSpki();
        byte[] good = Signatures.sign(SignatureScheme.ECDSA_SHA_256, TestKeys.of(KeyPairType.EC_P256).privatePkcs8(), MESSAGE,
                SignInput.MESSAGE, TestKeys.RANDOM);
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        byte[] zeroR = TestKeys.hex("3006020100020101");
        byte[] notASequence = TestKeys.hex("0400");
        byte[] hugeLength = TestKeys.hex("3084ffffffff020101020101");

        for (byte[] bad : List.of(new byte[0], new byte[] {0x30}, trailing, truncated, zeroR, notASequence, hugeLength, new byte[64])) {
            assertThat(Signatures.verify(SignatureScheme.ECDSA_SHA_256, spki, MESSAGE, SignInput.MESSAGE, bad)).as(TestKeys.hex(bad)).isFalse();
        }
    }

    @Test
    void verify_withWrongLengthOrOversizedValue_returnsFalse() {
        byte[] rsa = TestKeys.of(KeyPairType.RSA_2048).publicSpki();
        byte[] allOnes = new byte[256];
        Arrays.fill(allOnes, (byte) 0xff);
        for (SignatureScheme scheme : List.of(SignatureScheme.RSA_PKCS1_SHA_256, SignatureScheme.RSA_PSS_SHA_256)) {
            assertThat(Signatures.verify(scheme, rsa, MESSAGE, SignInput.MESSAGE, new byte[0])).isFalse();
            assertThat(Signatures.verify(scheme, rsa, MESSAGE, SignInput.MESSAGE, new byte[255])).isFalse();
            assertThat(Signatures.verify(scheme, rsa, MESSAGE, SignInput.MESSAGE, allOnes)).isFalse();
        }
        byte[] ed = TestKeys.of(KeyPairType.ED25519).publicSpki();
        assertThat(Signatures.verify(SignatureScheme.ED25519, ed, MESSAGE, SignInput.MESSAGE, new byte[63])).isFalse();
        assertThat(Signatures.verify(SignatureScheme.ED25519_PH, ed, MESSAGE, SignInput.MESSAGE, new byte[65])).isFalse();
        byte[] mlDsa = TestKeys.of(KeyPairType.ML_DSA_44).publicSpki();
        assertThat(Signatures.verify(SignatureScheme.ML_DSA, mlDsa, MESSAGE, SignInput.MESSAGE, new byte[2419])).isFalse();
        assertThat(Signatures.verify(SignatureScheme.ML_DSA, mlDsa, MESSAGE, SignInput.MESSAGE, new byte[2420])).isFalse();
    }

    // Caller mistakes are exceptions.

    @Test
    void signer_withSchemeTheKeyDoesNotSupport_isRejected() {
        assertThatThrownBy(() -> Signatures.signer(SignatureScheme.ECDSA_SHA_384, TestKeys.of(KeyPairType.EC_P256).privatePkcs8()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ECDSA_SHA_384 key: EC_P256 (expected: a key type the scheme supports)");
        assertThatThrownBy(() -> Signatures.verifier(SignatureScheme.RSA_PSS_SHA_256, TestKeys.of(KeyPairType.ED25519).publicSpki()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RSA_PSS_SHA_256 key: ED25519 (expected: a key type the scheme supports)");
        assertThatThrownBy(() -> Signatures.signer(SignatureScheme.ML_DSA, TestKeys.of(KeyPairType.EC_P256).publicSpki()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ML_DSA private key: ");
    }

    @Test
    void sign_withInputKindTheSchemeDoesNotTake_isRejected() {
        byte[] ed = TestKeys.of(KeyPairType.ED25519).privatePkcs8();
        assertThatThrownBy(() -> Signatures.sign(SignatureScheme.ED25519, ed, new byte[64], SignInput.DIGEST, TestKeys.RANDOM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ED25519 input: DIGEST (not accepted by this scheme)");
        byte[] ec = TestKeys.of(KeyPairType.EC_P256).privatePkcs8();
        assertThatThrownBy(() -> Signatures.sign(SignatureScheme.ECDSA_SHA_256, ec, new byte[64], SignInput.EXTERNAL_MU, TestKeys.RANDOM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ECDSA_SHA_256 input: EXTERNAL_MU (not accepted by this scheme)");
        byte[] mlDsa = TestKeys.of(KeyPairType.ML_DSA_44).privatePkcs8();
        assertThatThrownBy(() -> Signatures.sign(SignatureScheme.ML_DSA, mlDsa, new byte[64], SignInput.DIGEST, TestKeys.RANDOM))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sign_withDigestOrMuOfWrongLength_isRejected() {
        byte[] ec = TestKeys.of(KeyPairType.EC_P256).privatePkcs8();
        assertThatThrownBy(() -> Signatures.sign(SignatureScheme.ECDSA_SHA_256, ec, new byte[31], SignInput.DIGEST, TestKeys.RANDOM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ECDSA_SHA_256 digest: 31 bytes (expected: 32)");
        byte[] mlDsa = TestKeys.of(KeyPairType.ML_DSA_65).publicSpki();
        assertThatThrownBy(() -> Signatures.verify(SignatureScheme.ML_DSA, mlDsa, new byte[32], SignInput.EXTERNAL_MU, new byte[3309]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ML_DSA mu: 32 bytes (expected: 64)");
    }

    @Test
    void signer_handle_signsRepeatedlyAndTellsItsKeyType() {
        AsymmetricKeyPair pair = TestKeys.of(KeyPairType.EC_SECP256K1);
        Signatures.Signer signer = Signatures.signer(SignatureScheme.ECDSA_SHA_256, pair.privatePkcs8());
        Signatures.Verifier verifier = Signatures.verifier(SignatureScheme.ECDSA_SHA_256, pair.publicSpki());

        byte[] first = signer.sign(MESSAGE, SignInput.MESSAGE, TestKeys.RANDOM);
        byte[] second = signer.sign(MESSAGE, SignInput.MESSAGE, TestKeys.RANDOM);

        assertThat(signer.keyType()).isEqualTo(KeyPairType.EC_SECP256K1);
        assertThat(verifier.keyType()).isEqualTo(KeyPairType.EC_SECP256K1);
        assertThat(first).isNotEqualTo(second); // randomized ECDSA, as AWS KMS
        assertThat(verifier.verify(MESSAGE, SignInput.MESSAGE, first)).isTrue();
        assertThat(verifier.verify(MESSAGE, SignInput.MESSAGE, second)).isTrue();
    }

    @Test
    void sign_sm2_verifiesWithBouncyCastlesJcaAndTheDefaultUserId_andTheirsVerifiesHere() throws Exception {
        java.security.Provider bc = new org.bouncycastle.jce.provider.BouncyCastleProvider();
        AsymmetricKeyPair pair = TestKeys.of(KeyPairType.SM2);
        assertThat(SubjectPublicKeyInfo.getInstance(pair.publicSpki()).getAlgorithm().getParameters().toString())
                .isEqualTo("1.2.156.10197.1.301");
        KeyFactory factory = KeyFactory.getInstance("EC", bc);
        PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(pair.publicSpki()));
        PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pair.privatePkcs8()));

        byte[] ours = Signatures.sign(SignatureScheme.SM2DSA, pair.privatePkcs8(), MESSAGE, SignInput.MESSAGE, TestKeys.RANDOM);
        Signature jca = Signature.getInstance("SM3withSM2", bc);
        jca.setParameter(new org.bouncycastle.jcajce.spec.SM2ParameterSpec("1234567812345678".getBytes(StandardCharsets.US_ASCII)));
        jca.initVerify(publicKey);
        jca.update(MESSAGE);
        assertThat(jca.verify(ours)).as("BouncyCastle's JCA, user ID 1234567812345678, verifies ours").isTrue();
        jca.setParameter(new org.bouncycastle.jcajce.spec.SM2ParameterSpec(new byte[0]));
        jca.initVerify(publicKey);
        jca.update(MESSAGE);
        assertThat(jca.verify(ours)).as("not under the empty user ID").isFalse();

        Signature signer = Signature.getInstance("SM3withSM2", bc);
        signer.initSign(privateKey, TestKeys.RANDOM);
        signer.update(MESSAGE);
        byte[] theirs = signer.sign();
        assertThat(Signatures.verify(SignatureScheme.SM2DSA, pair.publicSpki(), MESSAGE, SignInput.MESSAGE, theirs)).isTrue();
        assertThat(Signatures.verify(SignatureScheme.SM2DSA, pair.publicSpki(), MESSAGE, SignInput.MESSAGE, new byte[0])).isFalse();
        assertThat(Signatures.verify(SignatureScheme.SM2DSA, pair.publicSpki(), MESSAGE, SignInput.MESSAGE, new byte[72])).isFalse();
        assertThatThrownBy(() -> Signatures.signer(SignatureScheme.ECDSA_SHA_256, pair.privatePkcs8()))
                .as("ECDSA on the SM2 curve is not offered").isInstanceOf(IllegalArgumentException.class);
        assertThat(SignatureScheme.SM2DSA.accepts(SignInput.DIGEST)).isFalse();
    }

    @Test
    void digestBytes_matchTheSchemesHashes() {
        assertThat(SignatureScheme.RSA_PSS_SHA_256.digestBytes()).isEqualTo(32);
        assertThat(SignatureScheme.RSA_PKCS1_SHA_384.digestBytes()).isEqualTo(48);
        assertThat(SignatureScheme.ECDSA_SHA_512.digestBytes()).isEqualTo(64);
        assertThat(SignatureScheme.ED25519_PH.digestBytes()).isEqualTo(64);
        assertThat(SignatureScheme.ED25519.digestBytes()).isZero();
        assertThat(SignatureScheme.ML_DSA.digestBytes()).isZero();
    }

    private static byte[] hash(SignatureScheme scheme, byte[] message) throws Exception {
        String algorithm = switch (scheme.digestBytes()) {
            case 32 -> "SHA-256";
            case 48 -> "SHA-384";
            case 64 -> "SHA-512";
            default -> throw new IllegalArgumentException(scheme.toString());
        };
        return MessageDigest.getInstance(algorithm).digest(message);
    }

    /** FIPS 204 algorithm 7 line 6 with an empty context: mu = SHAKE256(tr || 0x00 || 0x00 || M, 64), tr = SHAKE256(pk, 64). */
    private static byte[] mu(byte[] publicSpki, byte[] message) {
        byte[] pk = SubjectPublicKeyInfo.getInstance(publicSpki).getPublicKeyData().getOctets();
        byte[] tr = shake256(pk);
        SHAKEDigest shake = new SHAKEDigest(256);
        shake.update(tr, 0, tr.length);
        shake.update((byte) 0); // domain separator: pure ML-DSA
        shake.update((byte) 0); // context length: 0
        shake.update(message, 0, message.length);
        byte[] mu = new byte[64];
        shake.doFinal(mu, 0, mu.length);
        return mu;
    }

    private static byte[] shake256(byte[] data) {
        SHAKEDigest shake = new SHAKEDigest(256);
        shake.update(data, 0, data.length);
        byte[] out = new byte[64];
        shake.doFinal(out, 0, out.length);
        return out;
    }
}
