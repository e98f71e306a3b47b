package io.citadel.secrets;

import java.security.SecureRandom;

/**
 * AWS's rules for secret names and ids: a name has 1..512 ASCII letters, digits and {@code /_+=.@-};
 * its ARN is {@code arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 random characters>};
 * a SecretId is the name, the full ARN or the partial ARN (without the suffix).
 */
public final class SecretNames {

    public static final int MAX_NAME_CHARS = 512;
    static final int SUFFIX_CHARS = 6;
    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private SecretNames() {
    }

    /** A name a secret may be created with. */
    static String checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_CHARS) {
            throw SecretErrors.invalidParameter("Invalid name. Must be a valid name containing alphanumeric characters, or any of "
                    + "the following: -/_+=.@! (length: " + (name == null ? 0 : name.length()) + ", expected: 1.." + MAX_NAME_CHARS + ")");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                throw SecretErrors.invalidParameter("Invalid name. Must be a valid name containing alphanumeric characters, or any "
                        + "of the following: -/_+=.@! (invalid character at index " + i + ")");
            }
        }
        return name;
    }

    static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "/_+=.@-".indexOf(c) >= 0;
    }

    static String suffix(SecureRandom random) {
        StringBuilder out = new StringBuilder(SUFFIX_CHARS);
        for (int i = 0; i < SUFFIX_CHARS; i++) {
            out.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        return out.toString();
    }

    public static String arn(String region, String account, String name, String suffix) {
        return prefix(region, account) + name + "-" + suffix;
    }

    static String prefix(String region, String account) {
        return "arn:aws:secretsmanager:" + region + ":" + account + ":secret:";
    }

    /** The same secret's ARN in another region (replicas keep name and suffix). */
    static String inRegion(String arn, String region) {
        String[] parts = arn.split(":", 6);
        return parts[0] + ":" + parts[1] + ":" + parts[2] + ":" + region + ":" + parts[4] + ":" + parts[5];
    }

    /**
     * What a SecretId names: an account (the caller's for a plain name), the name to look up, and
     * the full ARN to match when one was given (null: a name or partial ARN).
     */
    record Id(String account, String name, String fullArn, String partialName) {
    }

    /** Parses a SecretId; ARNs of another region name nothing (ResourceNotFoundException). */
    static Id parse(String secretId, String region, String callerAccount) {
        if (secretId == null || secretId.isEmpty()) {
            throw SecretErrors.invalidParameter("SecretId: length 0 (expected: 1..2048)");
        }
        if (!secretId.startsWith("arn:")) {
            return new Id(callerAccount, secretId, null, null);
        }
        String[] parts = secretId.split(":", 7);
        if (parts.length != 7 || !parts[2].equals("secretsmanager") || !parts[5].equals("secret") || parts[6].isEmpty()
                || !parts[4].matches("[0-9]{12}")) {
            throw SecretErrors.invalidParameter("SecretId: " + secretId + " is not a secret ARN (expected: "
                    + "arn:aws:secretsmanager:<region>:<account>:secret:<name>)");
        }
        if (!parts[3].equals(region)) {
            throw SecretErrors.notFound();
        }
        String rest = parts[6];
        String withoutSuffix = rest.length() > SUFFIX_CHARS + 1 && rest.charAt(rest.length() - SUFFIX_CHARS - 1) == '-'
                ? rest.substring(0, rest.length() - SUFFIX_CHARS - 1) : null;
        return new Id(parts[4], withoutSuffix, withoutSuffix == null ? null : secretId, rest);
    }
}
