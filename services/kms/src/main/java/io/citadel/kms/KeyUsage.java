package io.citadel.kms;

/** What a KMS key may be used for (KeyUsageType). */
public enum KeyUsage {
    ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT
}
