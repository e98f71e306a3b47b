package io.citadel.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyPairsTest {

    @ParameterizedTest
    @EnumSource(KeyPairType.class)
    void generate_thenFromPrivate_roundTrips(KeyPairType type) {
        AsymmetricKeyPair pair = TestKeys.of(type);

        AsymmetricKeyPair imported = KeyPairs.fromPrivate(type, pair.privatePkcs8());

        assertThat(imported.publicSpki()).isEqualTo(pair.publicSpki());
        assertThat(imported.privatePkcs8()).isEqualTo(pair.privatePkcs8());
    }

    @ParameterizedTest
    @EnumSource(KeyPairType.class)
    void fromPrivate_withAnyOtherType_isRejected(KeyPairType type) {
        byte[] pkcs8 = TestKeys.of(type).privatePkcs8();
        for (KeyPairType other : KeyPairType.values()) {
            if (other != type) {
                assertThatThrownBy(() -> KeyPairs.fromPrivate(other, pkcs8))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("not a " + other + " key")
                        .hasMessageContaining("found: " + type);
            }
        }
    }

    @Test
    void fromPrivate_p384AsP256_isRejected() {
        assertThatThrownBy(() -> KeyPairs.fromPrivate(KeyPairType.EC_P256, TestKeys.of(KeyPairType.EC_P384).privatePkcs8()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("private key: not a EC_P256 key (found: EC_P384)");
    }

    @Test
    void fromPrivate_rsa2048AsRsa3072_isRejected() {
        assertThatThrownBy(() -> KeyPairs.fromPrivate(KeyPairType.RSA_3072, TestKeys.of(KeyPairType.RSA_2048).privatePkcs8()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("private key: not a RSA_3072 key (found: RSA_2048)");
    }

    @Test
    void fromPrivate_withGarbage_isRejected() {
        assertThatThrownBy(() -> KeyPairs.fromPrivate(KeyPairType.EC_P256, new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("private key: not a EC_P256 key (");
        assertThatThrownBy(() -> KeyPairs.fromPrivate(KeyPairType.EC_P256, new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("private key: not a EC_P256 key (not PKCS#8 DER)");
    }

    @Test
    void fromPrivate_withUnsupportedRsaSize_isRejected() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4));
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();

        assertThatThrownBy(() -> KeyPairs.fromPrivate(KeyPairType.RSA_2048, pkcs8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RSA modulus of 1024 bits (expected: 2048, 3072 or 4096)");
    }

    @Test
    void fromPrivate_withUnsupportedCurve_isRejected() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();

        assertThatThrownBy(() -> KeyPairs.fromPrivate(KeyPairType.ED25519, pkcs8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("algorithm 1.3.101.110");
    }

    @Test
    void fromPrivate_withExplicitCurveParameters_isRejected() throws Exception {
        org.bouncycastle.asn1.x9.X9ECParameters p256 = org.bouncycastle.asn1.sec.SECNamedCurves.getByName("secp256r1");
        org.bouncycastle.crypto.params.ECDomainParameters explicit = new org.bouncycastle.crypto.params.ECDomainParameters(
                p256.getCurve(), p256.getG(), p256.getN(), p256.getH());
        byte[] pkcs8 = org.bouncycastle.crypto.util.PrivateKeyInfoFactory.createPrivateKeyInfo(
                new org.bouncycastle.crypto.params.ECPrivateKeyParameters(BigInteger.valueOf(12345), explicit)).getEncoded(ASN1Encoding.DER);

        assertThatThrownBy(() -> KeyPairs.fromPrivate(KeyPairType.EC_P256, pkcs8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("private key: not a EC_P256 key (EC key without a named curve (explicit parameters are not accepted))");
    }

    @Test
    void generate_twice_givesDifferentKeys() {
        AsymmetricKeyPair first = KeyPairs.generate(KeyPairType.EC_P256, TestKeys.RANDOM);
        AsymmetricKeyPair second = KeyPairs.generate(KeyPairType.EC_P256, TestKeys.RANDOM);

        assertThat(first.publicSpki()).isNotEqualTo(second.publicSpki());
    }

    @Test
    void generate_keysTheJdkCanParse_haveTheSameEncodingThere() throws Exception {
        record Jdk(KeyPairType type, String algorithm) {
        }
        for (Jdk jdk : new Jdk[] {new Jdk(KeyPairType.RSA_2048, "RSA"), new Jdk(KeyPairType.EC_P256, "EC"),
                new Jdk(KeyPairType.EC_P384, "EC"), new Jdk(KeyPairType.EC_P521, "EC"), new Jdk(KeyPairType.ED25519, "Ed25519")}) {
            AsymmetricKeyPair pair = TestKeys.of(jdk.type());
            KeyFactory factory = KeyFactory.getInstance(jdk.algorithm());

            assertThat(factory.generatePublic(new X509EncodedKeySpec(pair.publicSpki())).getEncoded())
                    .as(jdk.type().toString()).isEqualTo(pair.publicSpki());
            assertThat(factory.generatePrivate(new PKCS8EncodedKeySpec(pair.privatePkcs8()))).as(jdk.type().toString()).isNotNull();
        }
    }

    @Test
    void fromPrivate_ofJdkGeneratedKeys_derivesTheJdkPublicKey() throws Exception {
        record Jdk(KeyPairType type, String algorithm, java.security.spec.AlgorithmParameterSpec spec) {
        }
        for (Jdk jdk : new Jdk[] {
                new Jdk(KeyPairType.RSA_2048, "RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4)),
                new Jdk(KeyPairType.EC_P256, "EC", new ECGenParameterSpec("secp256r1")),
                new Jdk(KeyPairType.EC_P384, "EC", new ECGenParameterSpec("secp384r1")),
                new Jdk(KeyPairType.EC_P521, "EC", new ECGenParameterSpec("secp521r1")),
                new Jdk(KeyPairType.ED25519, "Ed25519", null)}) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jdk.algorithm());
            if (jdk.spec() != null) {
                generator.initialize(jdk.spec());
            }
            KeyPair pair = generator.generateKeyPair();

            AsymmetricKeyPair imported = KeyPairs.fromPrivate(jdk.type(), pair.getPrivate().getEncoded());

            assertThat(imported.publicSpki()).as(jdk.type().toString()).isEqualTo(pair.getPublic().getEncoded());
        }
    }

    @Test
    void fromPrivate_ofJdkGeneratedMlDsaKey_derivesTheJdkPublicKey() throws Exception {
        JdkMlDsa.assumeAvailable();
        KeyPair pair = KeyPairGenerator.getInstance("ML-DSA-65").generateKeyPair();

        AsymmetricKeyPair imported = KeyPairs.fromPrivate(KeyPairType.ML_DSA_65, pair.getPrivate().getEncoded());

        assertThat(imported.publicSpki()).isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    void fromPrivate_withEmbeddedPublicKeyOfAnotherKey_isRejected() throws Exception {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(TestKeys.of(KeyPairType.EC_P256).privatePkcs8());
        ECPrivateKey ec = ECPrivateKey.getInstance(info.parsePrivateKey());
        SubjectPublicKeyInfo other = SubjectPublicKeyInfo.getInstance(KeyPairs.generate(KeyPairType.EC_P256, TestKeys.RANDOM).publicSpki());
        ECPrivateKey spliced = new ECPrivateKey(256, ec.getKey(), other.getPublicKeyData(), null);
        byte[] pkcs8 = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), spliced).getEncoded(ASN1Encoding.DER);
        byte[] honest = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), new ECPrivateKey(256, ec.getKey(), ec.getPublicKey(), null))
                .getEncoded(ASN1Encoding.DER);

        assertThat(KeyPairs.fromPrivate(KeyPairType.EC_P256, honest).publicSpki()).isEqualTo(TestKeys.of(KeyPairType.EC_P256).publicSpki());
        assertThatThrownBy(() -> KeyPairs.fromPrivate(KeyPairType.EC_P256, pkcs8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("private key: not a EC_P256 key (embedded public key does not match the private key)");
    }

    @Test
    void fromPrivate_ed25519WithEmbeddedPublicKeyOfAnotherKey_isRejected() throws Exception {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(TestKeys.of(KeyPairType.ED25519).privatePkcs8());
        byte[] otherPublic = SubjectPublicKeyInfo.getInstance(KeyPairs.generate(KeyPairType.ED25519, TestKeys.RANDOM).publicSpki())
                .getPublicKeyData().getOctets();
        byte[] pkcs8 = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey(), null, otherPublic).getEncoded(ASN1Encoding.DER);

        assertThat(info.getPublicKeyData()).isNotNull(); // what generate writes carries its public key (RFC 8410 OneAsymmetricKey)
        assertThatThrownBy(() -> KeyPairs.fromPrivate(KeyPairType.ED25519, pkcs8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("private key: not a ED25519 key (embedded public key does not match the private key)");
    }

    @Test
    void fromPrivate_withInconsistentRsaCrtValues_isRejected() throws Exception {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(TestKeys.of(KeyPairType.RSA_2048).privatePkcs8());
        RSAPrivateKey rsa = RSAPrivateKey.getInstance(info.parsePrivateKey());
        RSAPrivateKey faulty = new RSAPrivateKey(rsa.getModulus(), rsa.getPublicExponent(), rsa.getPrivateExponent(), rsa.getPrime1(),
                rsa.getPrime2(), rsa.getExponent1().add(BigInteger.TWO), rsa.getExponent2(), rsa.getCoefficient());
        byte[] pkcs8 = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), faulty).getEncoded(ASN1Encoding.DER);

        assertThatThrownBy(() -> KeyPairs.fromPrivate(KeyPairType.RSA_2048, pkcs8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("private key: not a RSA_2048 key (RSA CRT values are inconsistent)");
    }

    @Test
    void fromPrivate_withMlDsaSeedAndAnotherKeysExpandedKey_isRejected() throws Exception {
        byte[] seed = mlDsaSeed(TestKeys.of(KeyPairType.ML_DSA_44).privatePkcs8());
        byte[] otherExpanded = new org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters(
                org.bouncycastle.crypto.params.MLDSAParameters.ml_dsa_44, mlDsaSeed(KeyPairs.generate(KeyPairType.ML_DSA_44, TestKeys.RANDOM).privatePkcs8()))
                .getEncoded();
        byte[] ownExpanded = new org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters(
                org.bouncycastle.crypto.params.MLDSAParameters.ml_dsa_44, seed).getEncoded();
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(TestKeys.of(KeyPairType.ML_DSA_44).privatePkcs8());

        byte[] honest = bothForm(info, seed, ownExpanded);
        byte[] spliced = bothForm(info, seed, otherExpanded);

        assertThat(KeyPairs.fromPrivate(KeyPairType.ML_DSA_44, honest).publicSpki()).isEqualTo(TestKeys.of(KeyPairType.ML_DSA_44).publicSpki());
        assertThatThrownBy(() -> KeyPairs.fromPrivate(KeyPairType.ML_DSA_44, spliced))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("private key: not a ML_DSA_44 key (malformed ML_DSA private key)");
    }

    @Test
    void generate_mlDsa_writesTheSeedOnlyForm() {
        byte[] pkcs8 = TestKeys.of(KeyPairType.ML_DSA_87).privatePkcs8();

        // RFC 9881: PrivateKeyInfo whose privateKey OCTET STRING holds seed [0] IMPLICIT OCTET STRING (32 bytes).
        assertThat(PrivateKeyInfo.getInstance(pkcs8).getPrivateKey().getOctets()).hasSize(34).startsWith(0x80, 0x20);
        assertThat(pkcs8).hasSize(54);
    }

    private static byte[] mlDsaSeed(byte[] seedOnlyPkcs8) {
        byte[] inner = PrivateKeyInfo.getInstance(seedOnlyPkcs8).getPrivateKey().getOctets();
        return java.util.Arrays.copyOfRange(inner, 2, 34);
    }

    /** RFC 9881's "both" form: SEQUENCE { seed OCTET STRING, expandedKey OCTET STRING }. */
    private static byte[] bothForm(PrivateKeyInfo info, byte[] seed, byte[] expanded) throws Exception {
        ASN1EncodableVector both = new ASN1EncodableVector();
        both.add(new DEROctetString(seed));
        both.add(new DEROctetString(expanded));
        return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), new DERSequence(both)).getEncoded(ASN1Encoding.DER);
    }
}
