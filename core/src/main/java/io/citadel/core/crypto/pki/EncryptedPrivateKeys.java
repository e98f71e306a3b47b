package io.citadel.core.crypto.pki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/**
 * Passphrase-encrypted PKCS#8 private keys (RFC 5958 EncryptedPrivateKeyInfo, PBES2 with PBKDF2-HMAC-SHA256 and
 * AES-256-CBC), the {@code ENCRYPTED PRIVATE KEY} PEM that ACM ExportCertificate returns and that OpenSSL reads with
 * {@code openssl pkey -passin}.
 */
public final class EncryptedPrivateKeys {

    /** PBKDF2 iterations: OpenSSL 3's default for {@code pkcs8 -topk8 -v2 aes-256-cbc} is 2048; we spend more. */
    public static final int ITERATIONS = 100_000;
    /** BouncyCastle's provider, used as an instance (not registered): the JDK's own AES-CBC in the PBES2 path would not pad. */
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private EncryptedPrivateKeys() {
    }

    /** The DER EncryptedPrivateKeyInfo of {@code privatePkcs8} under {@code passphrase} (its UTF-8 bytes). */
    public static byte[] encrypt(byte[] privatePkcs8, byte[] passphrase, SecureRandom random) {
        Objects.requireNonNull(privatePkcs8, "privatePkcs8");
        Objects.requireNonNull(random, "random");
        char[] password = password(passphrase);
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(privatePkcs8);
            OutputEncryptor encryptor = new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
                    .setPRF(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256))
                    .setIterationCount(ITERATIONS)
                    .setRandom(random)
                    .setProvider(BC)
                    .build(password);
            return new PKCS8EncryptedPrivateKeyInfoBuilder(info).build(encryptor).getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("private key encryption failed", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("private key: not a PKCS#8 PrivateKeyInfo");
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The PEM ({@code ENCRYPTED PRIVATE KEY}) form of {@link #encrypt}. */
    public static String encryptToPem(byte[] privatePkcs8, byte[] passphrase, SecureRandom random) {
        return Pem.encode(Pem.ENCRYPTED_PRIVATE_KEY, encrypt(privatePkcs8, passphrase, random));
    }

    /** The PKCS#8 DER inside an EncryptedPrivateKeyInfo; throws {@link IllegalArgumentException} for a wrong passphrase or bad input. */
    public static byte[] decrypt(byte[] encryptedDer, byte[] passphrase) {
        Objects.requireNonNull(encryptedDer, "encryptedDer");
        char[] password = password(passphrase);
        try {
            PKCS8EncryptedPrivateKeyInfo info = new PKCS8EncryptedPrivateKeyInfo(encryptedDer);
            InputDecryptorProvider decryptor = new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(BC).build(password);
            return info.decryptPrivateKeyInfo(decryptor).getEncoded();
        } catch (PKCSException | IOException | RuntimeException e) {
            throw new IllegalArgumentException("encrypted private key: cannot decrypt (wrong passphrase or malformed)");
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] password(byte[] passphrase) {
        Objects.requireNonNull(passphrase, "passphrase");
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(passphrase));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            Arrays.fill(chars.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("passphrase: not UTF-8");
        }
    }
}
