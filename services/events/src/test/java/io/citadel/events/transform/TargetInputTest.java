package io.citadel.events.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.core.ErrorCode;
import io.citadel.core.ServiceException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Target input as EventBridge's input-transformation documentation shows it, on its EC2 example event. */
class TargetInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RuleContext RULE = new RuleContext("arn:aws:events:us-east-1:123456789012:rule/ec2-state",
            "ec2-state", Instant.parse("2015-11-11T21:29:55.123Z"));
    private static final Map<String, String> PATHS = Map.of("instance", "$.detail.instance-id", "state", "$.detail.state");

    private static JsonNode event() throws Exception {
        return JSON.readTree("""
                {"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"EC2 Instance State-change Notification",
                 "source":"aws.ec2","account":"123456789012","time":"2015-11-11T21:29:54Z","region":"us-east-1",
                 "resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
                 "detail":{"instance-id":"i-0123456789","state":"RUNNING","count":3,"tags":["a","b"]}}""");
    }

    private static String transform(Map<String, String> paths, String template) throws Exception {
        return TargetInput.of("t1", null, null, true, paths, template).render(event(), RULE);
    }

    @Test
    void noInputSettings_sendTheWholeEvent() throws Exception {
        TargetInput input = TargetInput.of("t1", null, null, false, null, null);
        assertThat(input).isInstanceOf(TargetInput.MatchedEvent.class);
        assertThat(JSON.readTree(input.render(event(), RULE))).isEqualTo(event());
    }

    @Test
    void input_isSentAsGiven() throws Exception {
        assertThat(TargetInput.of("t1", "{\"fixed\": true}", null, false, null, null).render(event(), RULE))
                .isEqualTo("{\"fixed\": true}");
        assertThat(TargetInput.of("t1", "\"just a string\"", null, false, null, null).render(event(), RULE))
                .isEqualTo("\"just a string\"");
    }

    @Test
    void input_notJson_isAValidationException() {
        assertThatThrownBy(() -> TargetInput.of("t1", "{not json", null, false, null, null))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.VALIDATION))
                .hasMessage("JSON syntax error in input for target t1");
        assertThatThrownBy(() -> TargetInput.of("t1", "hello", null, false, null, null))
                .hasMessage("JSON syntax error in input for target t1");
        assertThatThrownBy(() -> TargetInput.of("t1", "", null, false, null, null))
                .hasMessage("JSON syntax error in input for target t1");
        assertThatThrownBy(() -> TargetInput.of("t1", "\"" + "x".repeat(8192) + "\"", null, false, null, null))
                .hasMessage("Input for target t1 is 8194 characters long (maximum: 8192).");
    }

    @Test
    void inputPath_selectsPartOfTheEvent() throws Exception {
        assertThat(TargetInput.of("t1", null, "$.detail", false, null, null).render(event(), RULE))
                .isEqualTo("{\"instance-id\":\"i-0123456789\",\"state\":\"RUNNING\",\"count\":3,\"tags\":[\"a\",\"b\"]}");
        assertThat(TargetInput.of("t1", null, "$", false, null, null).render(event(), RULE)).isEqualTo(event().toString());
        assertThat(TargetInput.of("t1", null, "$.resources[0]", false, null, null).render(event(), RULE))
                .isEqualTo("\"arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111\"");
        assertThat(TargetInput.of("t1", null, "$.detail.tags[*]", false, null, null).render(event(), RULE))
                .isEqualTo("[\"a\",\"b\"]");
        assertThat(TargetInput.of("t1", null, "$.detail.missing", false, null, null).render(event(), RULE))
                .isEqualTo("null");
        assertThat(TargetInput.of("t1", null, "$.detail.tags[5]", false, null, null).render(event(), RULE))
                .isEqualTo("null");
    }

    @Test
    void inputPath_notAPath_isAValidationException() throws Exception {
        for (String bad : new String[]{"detail", "$..detail", "$.detail[", "$.detail[x]", "$.a b", "", "$['detail-type']",
                "$.detail[\"key\"]", "$." + "a".repeat(255)}) {
            assertThatThrownBy(() -> TargetInput.of("t1", null, bad, false, null, null)).as(bad)
                    .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.VALIDATION))
                    .hasMessage("InputPath for target t1 is invalid.");
        }
        assertThat(InputPath.parse("$").resolve(event())).isEqualTo(event());
    }

    @Test
    void moreThanOneInputSetting_isAValidationException() {
        assertThatThrownBy(() -> TargetInput.of("t1", "{}", "$.detail", false, null, null))
                .isInstanceOf(ServiceException.class)
                .hasMessage("Only one of Input, InputPath, or InputTransformer must be provided for target t1.");
        assertThatThrownBy(() -> TargetInput.of("t1", null, "$.detail", true, PATHS, "<state>"))
                .hasMessage("Only one of Input, InputPath, or InputTransformer must be provided for target t1.");
    }

    @Test
    void docs_simpleProperties_stringsAreQuotedOutsideQuotes() throws Exception {
        assertThat(transform(PATHS, "{\"instance\" : <instance>, \"state\": <state>}"))
                .isEqualTo("{\"instance\" : \"i-0123456789\", \"state\": \"RUNNING\"}");
    }

    @Test
    void docs_statementWithVariables() throws Exception {
        assertThat(transform(PATHS, "\"instance <instance> is in <state>\""))
                .isEqualTo("\"instance i-0123456789 is in RUNNING\"");
        assertThat(transform(PATHS, "<instance> is in state <state>")).isEqualTo("i-0123456789 is in state RUNNING");
        assertThat(transform(PATHS, "<instance> is in state \"<state>\"")).isEqualTo("i-0123456789 is in state \"RUNNING\"");
    }

    @Test
    void docs_jsonWithVariablesInQuotesAndOut() throws Exception {
        assertThat(transform(PATHS, "{\"myInstance\": <instance>,\"myStatus\": \"<instance> is in state \\\"<state>\\\"\"}"))
                .isEqualTo("{\"myInstance\": \"i-0123456789\",\"myStatus\": \"i-0123456789 is in state \\\"RUNNING\\\"\"}");
    }

    @Test
    void docs_objectsAndArrays_areJsonOutsideQuotes_andLoseTheirQuotesInside() throws Exception {
        Map<String, String> paths = Map.of("detail", "$.detail", "tags", "$.detail.tags", "count", "$.detail.count");
        assertThat(transform(paths, "{\"detail\": <detail>, \"tags\": <tags>, \"count\": <count>}"))
                .isEqualTo("{\"detail\": {\"instance-id\":\"i-0123456789\",\"state\":\"RUNNING\",\"count\":3,\"tags\":[\"a\",\"b\"]},"
                        + " \"tags\": [\"a\",\"b\"], \"count\": 3}");
        assertThat(transform(paths, "\"Detail is <detail>\""))
                .isEqualTo("\"Detail is {instance-id:i-0123456789,state:RUNNING,count:3,tags:[a,b]}\"");
        assertThat(transform(paths, "{\"n\": \"<count> items\"}")).isEqualTo("{\"n\": \"3 items\"}");
    }

    @Test
    void docs_valuesInsideQuotes_areNotEscaped() throws Exception {
        JsonNode quoted = JSON.readTree("{\"detail\":{\"msg\":\"say \\\"hi\\\"\"}}");
        InputTransformer t = InputTransformer.compile("t1", Map.of("msg", "$.detail.msg"), "{\"text\": \"<msg>\", \"v\": <msg>}");
        assertThat(t.render(quoted, RULE)).isEqualTo("{\"text\": \"say \"hi\"\", \"v\": \"say \\\"hi\\\"\"}");
    }

    @Test
    void missingPath_isEmptyInTextAndNullAsAJsonValue() throws Exception {
        Map<String, String> paths = Map.of("gone", "$.detail.gone");
        assertThat(transform(paths, "{\"a\": <gone>, \"b\": \"[<gone>]\"}")).isEqualTo("{\"a\": null, \"b\": \"[]\"}");
        assertThat(transform(paths, "value=<gone>.")).isEqualTo("value=.");
    }

    @Test
    void predefinedVariables() throws Exception {
        String out = transform(Map.of(), "{\"arn\": <aws.events.rule-arn>, \"name\": \"rule <aws.events.rule-name>\","
                + " \"at\": <aws.events.event.ingestion-time>, \"event\": <aws.events.event>, \"full\": <aws.events.event.json>}");
        JsonNode parsed = JSON.readTree(out);
        assertThat(parsed.get("arn").textValue()).isEqualTo("arn:aws:events:us-east-1:123456789012:rule/ec2-state");
        assertThat(parsed.get("name").textValue()).isEqualTo("rule ec2-state");
        assertThat(parsed.get("at").textValue()).isEqualTo("2015-11-11T21:29:55Z");
        assertThat(parsed.get("event").has("detail")).isFalse();
        assertThat(parsed.get("event").get("detailType").textValue()).isEqualTo("EC2 Instance State-change Notification");
        assertThat(parsed.get("event").get("id").textValue()).isEqualTo("7bf73129-1428-4cd3-a780-95db273d1602");
        assertThat(parsed.get("full")).isEqualTo(event());
    }

    @Test
    void undeclaredPlaceholder_isAValidationException_butOtherAngleBracketsAreText() throws Exception {
        assertThatThrownBy(() -> InputTransformer.compile("t1", PATHS, "<b>bold</b> <state>"))
                .isInstanceOf(ServiceException.class).hasMessage("InputTemplate for target t1 contains invalid placeholder b.");
        assertThatThrownBy(() -> InputTransformer.compile("t1", PATHS, "{\"a\": <aws.events.rule>}"))
                .hasMessage("InputTemplate for target t1 contains invalid placeholder aws.events.rule.");
        assertThat(transform(PATHS, "a < b, </p> <state>")).isEqualTo("a < b, </p> RUNNING");
    }

    @Test
    void eventPlaceholders_onlyAsValuesInAJsonObjectTemplate() throws Exception {
        for (String template : new String[]{"[<aws.events.event.json>]", "\"<aws.events.event.json>\"",
                "{\"e\": \"<aws.events.event.json>\"}", "event: <aws.events.event>"}) {
            String name = template.contains(".json") ? "aws.events.event.json" : "aws.events.event";
            assertThatThrownBy(() -> InputTransformer.compile("t1", Map.of(), template)).as(template)
                    .isInstanceOf(ServiceException.class)
                    .hasMessage("InputTemplate for target t1 contains placeholder " + name + " valid only for JSON template.");
        }
        assertThat(JSON.readTree(transform(Map.of(), "{\"e\": <aws.events.event.json>}")).get("e")).isEqualTo(event());
        assertThat(transform(Map.of("k", "$.detail.state"), "\"event was <k> today\"")).isEqualTo("\"event was RUNNING today\"");
    }

    @Test
    void arrayTemplate_isText() throws Exception {
        assertThat(transform(PATHS, "[<instance>, \"<state>\"]")).isEqualTo("[i-0123456789, \"RUNNING\"]");
    }

    @Test
    void arrayIndexAndWildcardPathsInTheMap() throws Exception {
        Map<String, String> paths = Map.of("first", "$.resources[0]", "all", "$.detail.tags[*]", "kids", "$.detail.*");
        String out = transform(paths, "{\"first\": <first>, \"all\": <all>, \"n\": <kids>}");
        assertThat(JSON.readTree(out).get("first").textValue()).isEqualTo("arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111");
        assertThat(JSON.readTree(out).get("all").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(JSON.readTree(out).get("n").size()).isEqualTo(4);
    }

    @Test
    void template_invalidJson_isAValidationException() {
        assertThatThrownBy(() -> InputTransformer.compile("t1", PATHS, "{\"instance\": <instance>"))
                .isInstanceOf(ServiceException.class).hasMessageStartingWith("InputTemplate for target t1 is not valid JSON: ");
        assertThatThrownBy(() -> InputTransformer.compile("t1", PATHS, "{<instance>: 1}"))
                .hasMessageStartingWith("InputTemplate for target t1 is not valid JSON: ");
    }

    @Test
    void template_placeholderAsAnObjectKey_isAValidationException() {
        assertThatThrownBy(() -> InputTransformer.compile("t1", PATHS, "{\"<instance>\": \"x\"}"))
                .isInstanceOf(ServiceException.class)
                .hasMessage("InputTemplate for target t1 uses a placeholder as an object key, which is not allowed.");
        assertThatThrownBy(() -> InputTransformer.compile("t1", PATHS, "{\"a\": [{\"k-<state>\": 1}]}"))
                .hasMessage("InputTemplate for target t1 uses a placeholder as an object key, which is not allowed.");
    }

    @Test
    void template_emptyOrTooLong_isAValidationException() {
        assertThatThrownBy(() -> InputTransformer.compile("t1", PATHS, ""))
                .hasMessage("InputTemplate for target t1 is required and must not be empty.");
        assertThatThrownBy(() -> InputTransformer.compile("t1", PATHS, "x".repeat(8193)))
                .hasMessage("InputTemplate for target t1 is 8193 characters long (maximum: 8192).");
    }

    @Test
    void pathsMap_upTo100Entries_andNoMore() throws Exception {
        Map<String, String> hundred = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            hundred.put("v" + i, "$.detail.state");
        }
        assertThat(InputTransformer.compile("t1", hundred, "<v99>").render(event(), RULE)).isEqualTo("RUNNING");
        Map<String, String> more = new HashMap<>(hundred);
        more.put("v100", "$.detail.state");
        assertThatThrownBy(() -> InputTransformer.compile("t1", more, "<v1>"))
                .hasMessage("InputPathsMap for target t1 has 101 entries (maximum: 100).");
    }

    @Test
    void pathsMap_badKeyOrPath_isAValidationException() throws Exception {
        assertThatThrownBy(() -> InputTransformer.compile("t1", Map.of("aws.events.rule-arn", "$.detail"), "x"))
                .hasMessageStartingWith("InputPathsMap key for target t1 is not valid: aws.events.rule-arn");
        assertThatThrownBy(() -> InputTransformer.compile("t1", Map.of("k", "$['detail']"), "x"))
                .hasMessage("InputPath for target t1 is invalid.");
        assertThatThrownBy(() -> InputTransformer.compile("t1", Map.of("k", "detail"), "x"))
                .hasMessage("InputPath for target t1 is invalid.");
        assertThat(InputTransformer.compile("t1", Map.of("k", "$.detail.tags[0]", "all", "$"), "<k>").render(event(), RULE))
                .isEqualTo("a");
    }
}
