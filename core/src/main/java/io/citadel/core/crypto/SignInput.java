package io.citadel.core.crypto;

/**
 * What the bytes handed to {@link Signatures} are, as AWS KMS's MessageType: the message itself, a digest the
 * caller already computed with the scheme's hash, or (ML-DSA only) the 64-byte message representative mu of
 * FIPS 204.
 */
public enum SignInput { MESSAGE, DIGEST, EXTERNAL_MU }
