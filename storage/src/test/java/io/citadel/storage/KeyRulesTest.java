package io.citadel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRulesTest {

    private static final String MAX = new String(Character.toChars(Character.MAX_CODE_POINT));

    @Test
    void compare_ordersByCodePointLikeUtf8Bytes() {
        List<String> keys = new ArrayList<>(List.of("\uD83D\uDE00", "\uFFFF", "\uE000", "\u00e9", "z", "a", "\uD800\uDC00"));
        keys.sort(KeyRules.ORDER);

        assertThat(keys).containsExactly("a", "z", "\u00e9", "\uE000", "\uFFFF", "\uD800\uDC00", "\uD83D\uDE00");
        List<String> byUtf8 = new ArrayList<>(keys);
        byUtf8.sort((x, y) -> java.util.Arrays.compareUnsigned(
                x.getBytes(java.nio.charset.StandardCharsets.UTF_8), y.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(byUtf8).isEqualTo(keys);
    }

    @Test
    void prefixUpperBound_incrementsTheLastCodePoint() {
        assertThat(KeyRules.prefixUpperBound("acct/")).contains("acct0");
        assertThat(KeyRules.prefixUpperBound("a%")).contains("a&");
        assertThat(KeyRules.prefixUpperBound("\uD7FF")).contains("\uE000");
        assertThat(KeyRules.prefixUpperBound("\uFFFF")).contains("\uD800\uDC00");
        assertThat(KeyRules.prefixUpperBound("a\uD83D\uDE00")).contains("a\uD83D\uDE01");
        assertThat(KeyRules.prefixUpperBound("a" + MAX + MAX)).contains("b");
        assertThat(KeyRules.prefixUpperBound(MAX)).isEmpty();
        assertThat(KeyRules.prefixUpperBound("")).isEmpty();
    }

    @Test
    void scanRange_clampsStartAfterToThePrefix() {
        assertThat(ScanRange.of("acct/", null)).contains(new ScanRange("acct/", true, "acct0"));
        assertThat(ScanRange.of("acct/", "aaa")).contains(new ScanRange("acct/", true, "acct0"));
        assertThat(ScanRange.of("acct/", "acct/x")).contains(new ScanRange("acct/x", false, "acct0"));
        assertThat(ScanRange.of("acct/", "acct0")).isEmpty();
        assertThat(ScanRange.of("", "m")).contains(new ScanRange("m", false, null));
        assertThat(new ScanRange("m", false, "n").sqlCondition("k")).isEqualTo("k > ? AND k < ?");
    }
}
