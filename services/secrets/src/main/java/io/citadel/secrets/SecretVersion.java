package io.citadel.secrets;

/**
 * One version's protected value: the data key KMS generated for it (encrypted under the secret's
 * key with the context {"SecretARN", "SecretVersionId"}), the value sealed with that data key, and
 * a digest of the value for ClientRequestToken idempotency (compared in constant time; the whole
 * record is sealed by the storage barrier as well).
 */
public record SecretVersion(String versionId, boolean binary, String keyArn, byte[] wrappedKey, byte[] sealed, byte[] digest) {

    @Override
    public String toString() {
        return "SecretVersion[" + versionId + ", " + (binary ? "binary" : "string") + ", key " + keyArn + "]";
    }
}
