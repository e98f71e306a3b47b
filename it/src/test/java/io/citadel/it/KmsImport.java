package io.citadel.it;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialResponse;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/** Bring-your-own-key as a client does it: GetParametersForImport, wrap the material with JCA RSA-OAEP SHA-256, ImportKeyMaterial. */
final class KmsImport {

    private KmsImport() {
    }

    /** Imports {@code material} into {@code keyId}; {@code validTo} null means the material does not expire. */
    static ImportKeyMaterialResponse importMaterial(KmsClient kms, String keyId, byte[] material, Instant validTo) {
        GetParametersForImportResponse parameters = kms.getParametersForImport(b -> b.keyId(keyId)
                .wrappingAlgorithm(AlgorithmSpec.RSAES_OAEP_SHA_256).wrappingKeySpec(WrappingKeySpec.RSA_2048));
        byte[] wrapped = wrap(parameters.publicKey().asByteArray(), material);
        return kms.importKeyMaterial(b -> b.keyId(keyId).importToken(parameters.importToken())
                .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                .expirationModel(validTo == null ? ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE : ExpirationModelType.KEY_MATERIAL_EXPIRES)
                .validTo(validTo));
    }

    /** RSAES_OAEP_SHA_256 exactly as AWS documents it: OAEP with SHA-256 and MGF1 with SHA-256. */
    static byte[] wrap(byte[] wrappingKeySpki, byte[] material) {
        try {
            PublicKey wrappingKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(wrappingKeySpki));
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
            cipher.init(Cipher.ENCRYPT_MODE, wrappingKey,
                    new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            return cipher.doFinal(material);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("cannot wrap key material", e);
        }
    }
}
