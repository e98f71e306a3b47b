package io.citadel.core.crypto;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One generated key pair per type for the whole test run, because RSA-4096 generation takes seconds. */
final class TestKeys {

    static final SecureRandom RANDOM = new SecureRandom();

    private static final Map<KeyPairType, AsymmetricKeyPair> PAIRS = new ConcurrentHashMap<>();

    private TestKeys() {
    }

    static AsymmetricKeyPair of(KeyPairType type) {
        return PAIRS.computeIfAbsent(type, t -> KeyPairs.generate(t, RANDOM));
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
