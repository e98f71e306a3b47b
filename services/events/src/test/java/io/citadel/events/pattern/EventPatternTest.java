package io.citadel.events.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.ErrorCode;
import io.citadel.core.ServiceException;
import org.junit.jupiter.api.Test;

class EventPatternTest {

    private static final String EVENT = """
            {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"EC2 Instance State-change Notification",
             "source":"aws.ec2","account":"111122223333","time":"2017-12-22T18:43:48Z","region":"us-west-1",
             "resources":["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
             "detail":{"instance-id":"i-1234567890abcdef0","state":"terminated"}}""";

    @Test
    void parse_patternAtTheLengthLimit_isAccepted_andOneMore_isRefused() throws Exception {
        String head = "{\"source\":[\"";
        String tail = "\"]}";
        String atLimit = head + "a".repeat(PatternParser.MAX_PATTERN_LENGTH - head.length() - tail.length()) + tail;
        assertThat(atLimit).hasSize(4096);
        assertThat(EventPattern.parse(atLimit).text()).isEqualTo(atLimit);

        String over = head + "a".repeat(PatternParser.MAX_PATTERN_LENGTH + 1 - head.length() - tail.length()) + tail;
        assertThatThrownBy(() -> EventPattern.parse(over)).isInstanceOf(InvalidEventPatternException.class)
                .hasMessage("Event pattern is not valid. Reason: Event pattern is 4097 characters long (maximum: 4096)");
    }

    @Test
    void parse_longPatternWithAnError_truncatesTheSourceAsJacksonDoes() {
        String pattern = "{\"a\":[\"" + "x".repeat(600) + "\"],\"b\":\"oops\"}";
        assertThatThrownBy(() -> EventPattern.parse(pattern)).isInstanceOf(InvalidEventPatternException.class)
                .hasMessageStartingWith("Event pattern is not valid. Reason: \"b\" must be an object or an array\n at [Source: (String)\"{\"a\":[\"xxx")
                .hasMessageContaining("\"[truncated " + (pattern.length() - 500) + " chars]; line: 1, column: ");
    }

    @Test
    void parse_null_isRefused() {
        assertThatThrownBy(() -> EventPattern.parse(null)).isInstanceOf(InvalidEventPatternException.class)
                .hasMessage("Event pattern is not valid. Reason: Filter is not an object");
    }

    @Test
    void parse_wildcardComplexity_isMeasuredOverOneFieldsWildcards() throws Exception {
        assertThat(WildcardPattern.parse("/Users/*/dir/dir/dir/dir/dir/doc.txt").complexity(100)).isEqualTo(8);
        assertThat(WildcardPattern.parse("*:*:*:*:*:event-bus/*").complexity(100)).isEqualTo(13);
        assertThat(WildcardPattern.parse("arn:aws:events:us-east-1:*:event-bus/*").complexity(100)).isEqualTo(5);
        assertThat(WildcardPattern.parse("no stars").complexity(100)).isZero();
        assertThat(WildcardPattern.parse("*a".repeat(60)).complexity(10)).isGreaterThan(10);

        assertThat(EventPattern.parse("{\"x\":[{\"wildcard\":\"arn:aws:events:us-east-1:*:event-bus/*\"},{\"wildcard\":\"*.png\"}]}")
                .matches("{\"x\":\"a.png\"}")).isTrue();
        String tooMuch = "{\"x\":[{\"wildcard\":\"arn:aws:events:us-east-1:*:event-bus/*\"},"
                + "{\"anything-but\":{\"wildcard\":[\"*/lib/*\",\"*.tmp\"]}}]}";
        assertThatThrownBy(() -> EventPattern.parse(tooMuch)).isInstanceOf(InvalidEventPatternException.class)
                .hasMessage("Event pattern is not valid. Reason: Rule is too complex - try using fewer wildcard characters"
                        + " or fewer repeating character sequences after a wildcard character");
        assertThat(EventPattern.parse("{\"x\":[{\"wildcard\":\"arn:aws:events:us-east-1:*:event-bus/*\"}],"
                + "\"y\":[{\"wildcard\":\"*/lib/*\"}],\"z\":[{\"wildcard\":\"*.tmp\"}]}")).isNotNull();
    }

    @Test
    void matches_wildcardAgainstALongValue_isFast() throws Exception {
        WildcardPattern p = WildcardPattern.parse("*a".repeat(40) + "*b");
        String value = "a".repeat(100_000);
        long start = System.nanoTime();
        assertThat(p.matches(value)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void matches_stringEvent_thatIsNotAnObject_isAnIllegalArgument() throws Exception {
        EventPattern p = EventPattern.parse("{\"source\":[\"a\"]}");
        assertThatThrownBy(() -> p.matches("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.matches("{")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testEventPattern_docsEvent_matchesAndValidates() throws Exception {
        var event = EventPattern.validateTestEvent(EVENT);
        assertThat(EventPattern.parse("{\"source\":[\"aws.ec2\"],\"detail\":{\"state\":[\"terminated\"]}}").matches(event))
                .isTrue();
        assertThat(EventPattern.parse("{\"source\":[\"aws.ec2\"],\"detail\":{\"state\":[\"running\"]}}").matches(event))
                .isFalse();
    }

    @Test
    void testEventPattern_checksThePatternThenTheEvent() throws Exception {
        assertThat(EventPattern.testEventPattern("{\"source\":[\"aws.ec2\"]}", EVENT)).isTrue();
        assertThat(EventPattern.testEventPattern("{\"source\":[\"aws.s3\"]}", EVENT)).isFalse();
        assertThatThrownBy(() -> EventPattern.testEventPattern("{\"source\":\"aws.ec2\"}", "{}"))
                .isInstanceOf(InvalidEventPatternException.class);
        assertThatThrownBy(() -> EventPattern.testEventPattern("{\"source\":[\"aws.ec2\"]}", "{\"source\":\"aws.ec2\"}"))
                .isInstanceOf(ServiceException.class).hasMessage("Parameter Event is not valid.");
    }

    @Test
    void validateTestEvent_eachMandatoryFieldMissing_isAValidationException() throws Exception {
        for (String field : EventPattern.TEST_EVENT_FIELDS) {
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(EVENT);
            ((com.fasterxml.jackson.databind.node.ObjectNode) json).remove(field);
            assertThatThrownBy(() -> EventPattern.validateTestEvent(json.toString())).as(field)
                    .isInstanceOfSatisfying(ServiceException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.VALIDATION))
                    .hasMessage("Parameter Event is not valid.");
        }
    }

    @Test
    void validateTestEvent_notJsonOrNotAnObject_isAValidationException() {
        for (String bad : new String[]{"", "{", "[]", "\"event\"", "null"}) {
            assertThatThrownBy(() -> EventPattern.validateTestEvent(bad)).as(bad)
                    .isInstanceOf(ServiceException.class).hasMessage("Parameter Event is not valid.");
        }
        assertThatThrownBy(() -> EventPattern.validateTestEvent(null)).isInstanceOf(ServiceException.class);
    }
}
