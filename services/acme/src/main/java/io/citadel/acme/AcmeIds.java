package io.citadel.acme;

import io.citadel.core.crypto.pki.Jws;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Resource ids and challenge tokens: random base64url, and the check that an id from a URL can be a storage key segment. */
final class AcmeIds {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private AcmeIds() {
    }

    /** 16 random bytes: 22 characters. */
    static String newId(SecureRandom random) {
        return random(random, 16);
    }

    /** 32 random bytes (RFC 8555 section 8.1 asks for at least 128 bits): 43 characters. */
    static String newToken(SecureRandom random) {
        return random(random, 32);
    }

    /** Returns {@code id} when it may name a resource; otherwise the resource does not exist. */
    static String check(String id, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new AcmeProblem(AcmeProblem.Type.NOT_FOUND, what + " " + id + " does not exist");
        }
        return id;
    }

    private static String random(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Jws.base64url(b);
    }
}
