package io.citadel.core.crypto;

/** The hashes RSA-OAEP runs with in KMS (RSAES_OAEP_SHA_1 and RSAES_OAEP_SHA_256); MGF1 uses the same hash. */
public enum OaepHash {
    SHA_1(20),
    SHA_256(32);

    private final int digestBytes;

    OaepHash(int digestBytes) {
        this.digestBytes = digestBytes;
    }

    public int digestBytes() {
        return digestBytes;
    }
}
