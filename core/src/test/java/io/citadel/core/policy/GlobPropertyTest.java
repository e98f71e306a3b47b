package io.citadel.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Wildcard matching against a plain dynamic-programming reference on seeded random inputs. */
class GlobPropertyTest {

    private static final char[] PATTERN_ALPHABET = {'a', 'b', ':', '*', '?', 'A'};
    private static final char[] TEXT_ALPHABET = {'a', 'b', ':', 'A', '*', '?'};

    /** The definition of * and ? as a DP table: O(n x m), obviously right. */
    static boolean reference(String p, String s, boolean ignoreCase) {
        int m = p.length();
        int n = s.length();
        boolean[][] dp = new boolean[m + 1][n + 1];
        dp[0][0] = true;
        for (int i = 1; i <= m; i++) {
            char pc = p.charAt(i - 1);
            dp[i][0] = dp[i - 1][0] && pc == '*';
            for (int j = 1; j <= n; j++) {
                char sc = s.charAt(j - 1);
                if (pc == '*') {
                    dp[i][j] = dp[i - 1][j] || dp[i][j - 1];
                } else if (pc == '?') {
                    dp[i][j] = dp[i - 1][j - 1];
                } else {
                    boolean same = ignoreCase ? Character.toLowerCase(pc) == Character.toLowerCase(sc) : pc == sc;
                    dp[i][j] = same && dp[i - 1][j - 1];
                }
            }
        }
        return dp[m][n];
    }

    private static String random(Random r, char[] alphabet, int maxLength) {
        int len = r.nextInt(maxLength + 1);
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            sb.append(alphabet[r.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }

    @Test
    void matches_agreesWithReference_onRandomInputs() {
        Random r = new Random(20240601L);
        for (int i = 0; i < 200_000; i++) {
            String p = random(r, PATTERN_ALPHABET, 8);
            String s = random(r, TEXT_ALPHABET, 10);
            boolean ignoreCase = r.nextBoolean();
            assertThat(Glob.compile(p, ignoreCase).matches(s))
                    .as("pattern %s text %s ignoreCase %s", p, s, ignoreCase)
                    .isEqualTo(reference(p, s, ignoreCase));
        }
    }

    @Test
    void matches_onSubRegion_agreesWithSubstring() {
        Random r = new Random(7L);
        for (int i = 0; i < 50_000; i++) {
            String p = random(r, PATTERN_ALPHABET, 6);
            String s = random(r, TEXT_ALPHABET, 12);
            int from = r.nextInt(s.length() + 1);
            int to = from + r.nextInt(s.length() - from + 1);
            assertThat(Glob.compile(p, false).matches(s, from, to))
                    .as("pattern %s text %s [%d,%d)", p, s, from, to)
                    .isEqualTo(reference(p, s.substring(from, to), false));
        }
    }

    @Test
    void literal_treatsWildcardsAsCharacters() {
        assertThat(Glob.literal("a*", false).matches("a*")).isTrue();
        assertThat(Glob.literal("a*", false).matches("ab")).isFalse();
        assertThat(Glob.literal("a?", false).matches("ab")).isFalse();
    }

    /** A backtracking matcher would need exponential time here; the guard only stops a hang, it measures nothing. */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void matches_pathologicalPattern_terminates() {
        String text = "a".repeat(20_000);
        String pattern = "*a".repeat(1_000) + "b";

        assertThat(Glob.compile(pattern, false).matches(text)).isFalse();
    }
}
