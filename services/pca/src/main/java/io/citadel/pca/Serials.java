package io.citadel.pca;

import java.math.BigInteger;

/** Certificate serial numbers as AWS shows them (lower-case hex octets joined by colons) and as RevokeCertificate accepts them. */
final class Serials {

    private Serials() {
    }

    /** {@code 0a1b...} as {@code 0a:1b:...}. */
    static String colons(String hex) {
        String even = hex.length() % 2 == 0 ? hex : "0" + hex;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < even.length(); i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(even, i, i + 2);
        }
        return out.toString();
    }

    /** The storage form (BigInteger hex, no leading zeros) of a serial given with or without colons; null when it is not hex. */
    static String normalize(String serial) {
        String hex = serial.replace(":", "").trim();
        if (hex.isEmpty() || !hex.matches("[0-9a-fA-F]+")) {
            return null;
        }
        return new BigInteger(hex, 16).toString(16);
    }

    static String key(BigInteger serial) {
        return serial.toString(16);
    }
}
