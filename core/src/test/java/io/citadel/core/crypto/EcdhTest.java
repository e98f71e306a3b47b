package io.citadel.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EcdhTest {

    // RFC 5903 section 8.1, the 256-bit random ECP group: initiator i, responder r, and the shared x of g^ir.
    private static final String I = "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433";
    private static final String GI_X = "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180";
    private static final String GI_Y = "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3";
    private static final String R = "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53";
    private static final String GR_X = "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63";
    private static final String GR_Y = "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab";
    private static final String GIR_X = "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de";

    @Test
    void deriveSharedSecret_matchesRfc5903Section81() throws Exception {
        byte[] initiator = p256Private(I);
        byte[] responder = p256Private(R);

        assertThat(TestKeys.hex(Ecdh.deriveSharedSecret(initiator, p256Public(GR_X, GR_Y)))).isEqualTo(GIR_X);
        assertThat(TestKeys.hex(Ecdh.deriveSharedSecret(responder, p256Public(GI_X, GI_Y)))).isEqualTo(GIR_X);
        assertThat(KeyPairs.fromPrivate(KeyPairType.EC_P256, initiator).publicSpki()).isEqualTo(p256Public(GI_X, GI_Y));
    }

    @ParameterizedTest
    @CsvSource({"EC_P256, 32", "EC_P384, 48", "EC_P521, 66"})
    void deriveSharedSecret_matchesTheJdksKeyAgreement(KeyPairType type, int bytes) throws Exception {
        AsymmetricKeyPair own = TestKeys.of(type);
        AsymmetricKeyPair peer = KeyPairs.generate(type, TestKeys.RANDOM);
        KeyFactory factory = KeyFactory.getInstance("EC");
        KeyAgreement jdk = KeyAgreement.getInstance("ECDH");
        jdk.init(factory.generatePrivate(new PKCS8EncodedKeySpec(own.privatePkcs8())));
        jdk.doPhase(factory.generatePublic(new X509EncodedKeySpec(peer.publicSpki())), true);

        byte[] secret = Ecdh.deriveSharedSecret(own.privatePkcs8(), peer.publicSpki());

        assertThat(secret).hasSize(bytes).isEqualTo(jdk.generateSecret());
        assertThat(Ecdh.deriveSharedSecret(peer.privatePkcs8(), own.publicSpki())).isEqualTo(secret);
    }

    @Test
    void deriveSharedSecret_onSecp256k1_agreesBothWays() {
        AsymmetricKeyPair a = TestKeys.of(KeyPairType.EC_SECP256K1);
        AsymmetricKeyPair b = KeyPairs.generate(KeyPairType.EC_SECP256K1, TestKeys.RANDOM);

        byte[] secret = Ecdh.deriveSharedSecret(a.privatePkcs8(), b.publicSpki());

        assertThat(secret).hasSize(32).isEqualTo(Ecdh.deriveSharedSecret(b.privatePkcs8(), a.publicSpki()));
    }

    @Test
    void deriveSharedSecret_withPeerOnAnotherCurve_isRejected() {
        assertThatThrownBy(() -> Ecdh.deriveSharedSecret(TestKeys.of(KeyPairType.EC_P256).privatePkcs8(), TestKeys.of(KeyPairType.EC_P384).publicSpki()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ECDH peer public key: curve EC_P384 (expected: EC_P256, the private key's curve)");
        assertThatThrownBy(() -> Ecdh.deriveSharedSecret(TestKeys.of(KeyPairType.EC_P256).privatePkcs8(),
                TestKeys.of(KeyPairType.EC_SECP256K1).publicSpki()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("curve EC_SECP256K1");
    }

    @Test
    void deriveSharedSecret_withPointNotOnTheCurve_isRejected() {
        byte[] offCurve = p256Public(GR_X, GR_Y);
        offCurve[offCurve.length - 1] ^= 1; // y changed: (x, y') does not satisfy the curve equation

        assertThatThrownBy(() -> Ecdh.deriveSharedSecret(p256Private(I), offCurve))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ECDH peer public key: invalid EC point");
    }

    @Test
    void deriveSharedSecret_withNonEcKeys_isRejected() {
        byte[] ec = TestKeys.of(KeyPairType.EC_P256).privatePkcs8();
        assertThatThrownBy(() -> Ecdh.deriveSharedSecret(ec, TestKeys.of(KeyPairType.ED25519).publicSpki()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ECDH peer public key: not an EC key (found: ED25519)");
        assertThatThrownBy(() -> Ecdh.deriveSharedSecret(TestKeys.of(KeyPairType.RSA_2048).privatePkcs8(), TestKeys.of(KeyPairType.EC_P256).publicSpki()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ECDH private key: not an EC key (found: RSA_2048)");
        assertThatThrownBy(() -> Ecdh.deriveSharedSecret(ec, new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ECDH peer public key: not X.509 SubjectPublicKeyInfo DER");
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] p256Private(String d) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(d, 16), p256())).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] p256Public(String x, String y) {
        try {
            ECPoint point = new ECPoint(new BigInteger(x, 16), new BigInteger(y, 16));
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, p256())).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
