package io.citadel.events.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mangled patterns are refused with InvalidEventPatternException, never another exception; matching never throws. */
class EventPatternFuzzTest {

    private static final String ALPHABET = "{}[]\":,*\\ .-=<>0123456789eE+aAbnulltruefalse$or";

    @Test
    void parse_mangledPatterns_onlyEverRefuseWithInvalidEventPatternException() {
        Random random = new Random(11);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 5_000; i++) {
            String base = RuleMatcherTest.randomPattern(random);
            StringBuilder mangled = new StringBuilder(base);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(mangled.length());
                switch (random.nextInt(3)) {
                    case 0 -> mangled.deleteCharAt(at);
                    case 1 -> mangled.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    default -> mangled.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
            }
            EventPattern pattern;
            try {
                pattern = EventPattern.parse(mangled.toString());
                accepted++;
            } catch (InvalidEventPatternException e) {
                assertThat(e.getMessage()).startsWith("Event pattern is not valid. Reason: ");
                refused++;
                continue;
            }
            for (int e = 0; e < 5; e++) {
                JsonNode event = RuleMatcherTest.randomEvent(random);
                pattern.matches(event);
            }
        }
        assertThat(accepted).isPositive();
        assertThat(refused).isPositive();
    }
}
