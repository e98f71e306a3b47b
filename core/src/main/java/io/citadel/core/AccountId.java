package io.citadel.core;

import java.security.SecureRandom;

/** Twelve-digit AWS account ids. */
public final class AccountId {

    private AccountId() {
    }

    public static boolean isValid(String id) {
        if (id == null || id.length() != 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    public static String requireValid(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("accountId: " + id + " (expected: 12 digits)");
        }
        return id;
    }

    public static String random(SecureRandom random) {
        StringBuilder sb = new StringBuilder(12);
        sb.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < 12; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }
}
