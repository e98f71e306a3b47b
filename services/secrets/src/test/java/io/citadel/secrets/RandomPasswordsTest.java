package io.citadel.secrets;

import static io.citadel.secrets.SecretsHarness.code;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RandomPasswordsTest {

    private final RandomPasswords passwords = new RandomPasswords(new SecureRandom());

    private static RandomPasswords.Options opts(Long length, String exclude, Boolean noNumbers, Boolean noPunct, Boolean noUpper,
                                                Boolean noLower, Boolean space, Boolean requireEach) {
        return new RandomPasswords.Options(length, exclude, noNumbers, noPunct, noUpper, noLower, space, requireEach);
    }

    @RepeatedTest(20)
    void defaults_are32Characters_withEveryTypeButSpace() {
        String p = passwords.generate(RandomPasswords.Options.defaults());
        assertThat(p).hasSize(32);
        assertThat(p).containsPattern("[a-z]").containsPattern("[A-Z]").containsPattern("[0-9]").containsPattern("[!-/:-@\\[-`{-~]")
                .doesNotContain(" ");
    }

    @RepeatedTest(20)
    void requireEachIncludedType_putsOneOfEachEvenInShortPasswords() {
        String p = passwords.generate(opts(5L, null, null, null, null, null, true, null));
        assertThat(p).hasSize(5).containsPattern("[a-z]").containsPattern("[A-Z]").containsPattern("[0-9]").contains(" ");
    }

    @Test
    void exclusions_areHonoured() {
        for (int i = 0; i < 50; i++) {
            String p = passwords.generate(opts(64L, "abcXYZ019", null, true, null, null, null, null));
            assertThat(p).doesNotContainPattern("[abcXYZ019]").doesNotContainPattern("[!-/:-@\\[-`{-~]");
        }
        assertThat(passwords.generate(opts(4096L, null, true, true, true, null, null, null))).hasSize(4096).matches("[a-z]+");
        assertThat(passwords.generate(opts(1L, null, null, null, null, null, null, false))).hasSize(1);
    }

    @Test
    void impossibleRequirements_areInvalidParameter() {
        assertThat(code(() -> passwords.generate(opts(10L, null, true, true, true, true, null, null)))).isEqualTo("InvalidParameterException");
        assertThat(code(() -> passwords.generate(opts(3L, null, null, null, null, null, null, true)))).isEqualTo("InvalidParameterException");
        assertThat(code(() -> passwords.generate(opts(0L, null, null, null, null, null, null, null)))).isEqualTo("InvalidParameterException");
        assertThat(code(() -> passwords.generate(opts(4097L, null, null, null, null, null, null, null)))).isEqualTo("InvalidParameterException");
        assertThat(code(() -> passwords.generate(opts(8L, RandomPasswords.LOWER + RandomPasswords.UPPER + RandomPasswords.DIGITS
                + RandomPasswords.PUNCTUATION, null, null, null, null, null, null)))).isEqualTo("InvalidParameterException");
    }
}
