package io.citadel.secrets;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * GetRandomPassword from a {@link SecureRandom}: lowercase and uppercase letters, digits, AWS's
 * punctuation set {@code !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~} and optionally the space, minus the
 * excluded characters; with RequireEachIncludedType (the default) at least one of each included
 * type, placed at random positions.
 */
public final class RandomPasswords {

    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String DIGITS = "0123456789";
    static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private final SecureRandom random;

    RandomPasswords(SecureRandom random) {
        this.random = random;
    }

    /** GetRandomPassword's options (null: AWS's default). */
    public record Options(Long passwordLength, String excludeCharacters, Boolean excludeNumbers, Boolean excludePunctuation,
                          Boolean excludeUppercase, Boolean excludeLowercase, Boolean includeSpace, Boolean requireEachIncludedType) {

        public static Options defaults() {
            return new Options(null, null, null, null, null, null, null, null);
        }
    }

    public String generate(Options o) {
        long length = o.passwordLength() == null ? 32 : o.passwordLength();
        if (length < 1 || length > 4096) {
            throw SecretErrors.invalidParameter("PasswordLength: " + length + " (expected: 1..4096)");
        }
        String exclude = o.excludeCharacters() == null ? "" : o.excludeCharacters();
        List<String> types = new ArrayList<>();
        addType(types, LOWER, Boolean.TRUE.equals(o.excludeLowercase()), exclude);
        addType(types, UPPER, Boolean.TRUE.equals(o.excludeUppercase()), exclude);
        addType(types, DIGITS, Boolean.TRUE.equals(o.excludeNumbers()), exclude);
        addType(types, PUNCTUATION, Boolean.TRUE.equals(o.excludePunctuation()), exclude);
        addType(types, " ", !Boolean.TRUE.equals(o.includeSpace()), exclude);
        if (types.isEmpty()) {
            throw SecretErrors.invalidParameter("The password can't be generated: every character type is excluded.");
        }
        boolean requireEach = o.requireEachIncludedType() == null || o.requireEachIncludedType();
        if (requireEach && length < types.size()) {
            throw SecretErrors.invalidParameter("PasswordLength " + length + " is too short to include one character of each of the "
                    + types.size() + " included character types (RequireEachIncludedType).");
        }
        String all = String.join("", types);
        char[] out = new char[(int) length];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.charAt(random.nextInt(all.length()));
        }
        if (requireEach) {
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < out.length; i++) {
                positions.add(i);
            }
            java.util.Collections.shuffle(positions, random);
            for (int t = 0; t < types.size(); t++) {
                String type = types.get(t);
                out[positions.get(t)] = type.charAt(random.nextInt(type.length()));
            }
        }
        String password = new String(out);
        java.util.Arrays.fill(out, '\0');
        return password;
    }

    private static void addType(List<String> types, String chars, boolean excluded, String exclude) {
        if (excluded) {
            return;
        }
        StringBuilder left = new StringBuilder();
        for (char c : chars.toCharArray()) {
            if (exclude.indexOf(c) < 0) {
                left.append(c);
            }
        }
        if (!left.isEmpty()) {
            types.add(left.toString());
        }
    }
}
