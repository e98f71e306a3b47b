package io.citadel.core.policy;

import java.util.Arrays;

/**
 * A compiled {@code *} / {@code ?} wildcard pattern, matched by hand instead of with a regex so that
 * user-supplied patterns can never cause catastrophic backtracking: the matcher only ever rewinds to
 * the most recent {@code *}, which bounds it by O(pattern x text) and makes the common shapes
 * (exact, prefix*, *suffix, *) a single comparison.
 */
final class Glob {

    static final byte LITERAL = 0;
    static final byte STAR = 1;
    static final byte ONE = 2;

    private enum Shape { EXACT, ANY, PREFIX, SUFFIX, GENERAL }

    private static final Glob ANYTHING = new Glob(new char[] {'*'}, new byte[] {STAR}, false);

    private final char[] chars;
    private final byte[] kinds;
    private final boolean ignoreCase;
    private final Shape shape;
    private final String fixed;

    private Glob(char[] chars, byte[] kinds, boolean ignoreCase) {
        this.chars = chars;
        this.kinds = kinds;
        this.ignoreCase = ignoreCase;
        int stars = 0;
        int ones = 0;
        for (byte k : kinds) {
            if (k == STAR) {
                stars++;
            } else if (k == ONE) {
                ones++;
            }
        }
        int n = kinds.length;
        if (stars == 0 && ones == 0) {
            shape = Shape.EXACT;
            fixed = new String(chars);
        } else if (ones == 0 && stars == n) {
            shape = Shape.ANY;
            fixed = "";
        } else if (ones == 0 && stars == 1 && kinds[n - 1] == STAR) {
            shape = Shape.PREFIX;
            fixed = new String(chars, 0, n - 1);
        } else if (ones == 0 && stars == 1 && kinds[0] == STAR) {
            shape = Shape.SUFFIX;
            fixed = new String(chars, 1, n - 1);
        } else {
            shape = Shape.GENERAL;
            fixed = null;
        }
    }

    /** Compiles {@code pattern} where every {@code *} and {@code ?} is a wildcard. */
    static Glob compile(String pattern, boolean ignoreCase) {
        if (pattern.equals("*")) {
            return ANYTHING;
        }
        char[] chars = pattern.toCharArray();
        byte[] kinds = new byte[chars.length];
        for (int i = 0; i < chars.length; i++) {
            kinds[i] = chars[i] == '*' ? STAR : chars[i] == '?' ? ONE : LITERAL;
        }
        return new Glob(chars, kinds, ignoreCase);
    }

    /** Compiles a pattern whose wildcard positions were decided by the caller (policy variables). */
    static Glob of(char[] chars, byte[] kinds, int length, boolean ignoreCase) {
        return new Glob(Arrays.copyOf(chars, length), Arrays.copyOf(kinds, length), ignoreCase);
    }

    /** A pattern that matches exactly {@code text}, wildcard characters included. */
    static Glob literal(String text, boolean ignoreCase) {
        return new Glob(text.toCharArray(), new byte[text.length()], ignoreCase);
    }

    boolean isLiteral() {
        return shape == Shape.EXACT;
    }

    boolean matches(String text) {
        return matches(text, 0, text.length());
    }

    /** Matches the region {@code text[from, to)}. */
    boolean matches(String text, int from, int to) {
        int len = to - from;
        switch (shape) {
            case ANY:
                return true;
            case EXACT:
                return len == fixed.length() && text.regionMatches(ignoreCase, from, fixed, 0, len);
            case PREFIX:
                return len >= fixed.length() && text.regionMatches(ignoreCase, from, fixed, 0, fixed.length());
            case SUFFIX:
                return len >= fixed.length()
                        && text.regionMatches(ignoreCase, to - fixed.length(), fixed, 0, fixed.length());
            default:
                return general(text, from, to);
        }
    }

    private boolean general(String s, int from, int to) {
        int m = kinds.length;
        int pi = 0;
        int si = from;
        int starP = -1;
        int starS = 0;
        while (si < to) {
            if (pi < m && (kinds[pi] == ONE || (kinds[pi] == LITERAL && same(chars[pi], s.charAt(si))))) {
                pi++;
                si++;
            } else if (pi < m && kinds[pi] == STAR) {
                starP = pi++;
                starS = si;
            } else if (starP >= 0) {
                pi = starP + 1;
                si = ++starS;
            } else {
                return false;
            }
        }
        while (pi < m && kinds[pi] == STAR) {
            pi++;
        }
        return pi == m;
    }

    private boolean same(char a, char b) {
        if (a == b) {
            return true;
        }
        return ignoreCase && (Character.toLowerCase(a) == Character.toLowerCase(b)
                || Character.toUpperCase(a) == Character.toUpperCase(b));
    }

    /** The six ARN parts split at the first five literal colons, or null if there are fewer. */
    Glob[] splitArn() {
        Glob[] parts = new Glob[6];
        int start = 0;
        int part = 0;
        for (int i = 0; i < chars.length && part < 5; i++) {
            if (kinds[i] == LITERAL && chars[i] == ':') {
                parts[part++] = slice(start, i);
                start = i + 1;
            }
        }
        if (part < 5) {
            return null;
        }
        parts[5] = slice(start, chars.length);
        return parts;
    }

    private Glob slice(int from, int to) {
        return new Glob(Arrays.copyOfRange(chars, from, to), Arrays.copyOfRange(kinds, from, to), ignoreCase);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < chars.length; i++) {
            sb.append(kinds[i] == STAR ? '*' : kinds[i] == ONE ? '?' : chars[i]);
        }
        return sb.toString();
    }
}
