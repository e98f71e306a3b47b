package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Malformed EventBridge requests get AWS's 400 errors, never a 500. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EventsBadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void malformedRequests_areClientErrors() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("PutEvents", "{\"Entries\":[null]}");
        cases.put("PutEvents#empty", "{\"Entries\":[]}");
        cases.put("PutEvents#eleven", "{\"Entries\":[" + String.join(",", java.util.Collections.nCopies(11,
                "{\"Source\":\"a\",\"DetailType\":\"b\",\"Detail\":\"{}\"}")) + "]}");
        cases.put("PutEvents#missing", "{}");
        cases.put("PutTargets", "{\"Rule\":\"r\",\"Targets\":[null]}");
        cases.put("PutTargets#bad-id", "{\"Rule\":\"r\",\"Targets\":[{\"Id\":\"bad id\",\"Arn\":\"x\"}]}");
        cases.put("PutRule", "{\"Name\":\"r\",\"EventPattern\":\"not json\"}");
        cases.put("PutRule#state", "{\"Name\":\"r\",\"EventPattern\":\"{}\",\"State\":\"MAYBE\"}");
        cases.put("StartReplay", "{\"ReplayName\":\"x\",\"EventSourceArn\":\"arn:aws:events:us-east-1:1:archive/a\"}");
        cases.put("CreateConnection", "{\"Name\":\"c\",\"AuthorizationType\":\"BASIC\",\"AuthParameters\":{}}");
        cases.put("UpdateConnection", "{\"Name\":\"missing\"}");
        cases.put("CreateApiDestination", "{\"Name\":\"d\",\"ConnectionArn\":\"arn:aws:events:us-east-1:1:connection/x/y\","
                + "\"InvocationEndpoint\":\"ftp://x\",\"HttpMethod\":\"POST\"}");
        cases.put("TestEventPattern", "{\"EventPattern\":\"{}\",\"Event\":\"[1]\"}");
        cases.put("PutPermission", "{\"Policy\":\"not json\"}");
        cases.put("PutPermission#principal", "{\"Action\":\"events:PutEvents\",\"Principal\":\"someone\",\"StatementId\":\"s\"}");
        cases.put("TagResource", "{\"ResourceARN\":\"arn:aws:events:us-east-1:1:rule/x\",\"Tags\":[null]}");
        cases.put("ListRules", "{\"NextToken\":\"%%%\"}");
        cases.put("DescribeEventBus", "{\"Name\":\"arn:aws:events:us-east-1:123456789012:event-bus/other\"}");
        cases.put("CreateEventBus", "{\"Name\":\"has/slash\"}");
        cases.put("ListEndpoints", "{}");
        try (Node node = Node.start(dataDir)) {
            Credentials root = node.bootstrapCredentials();
            for (Map.Entry<String, String> c : cases.entrySet()) {
                String operation = c.getKey().split("#")[0];
                RawRequest request = SignedRequests.post(node.port(), root, "events", "us-east-1", List.of(
                        Map.entry("Content-Type", "application/x-amz-json-1.1"), Map.entry("X-Amz-Target", "AWSEvents." + operation)),
                        c.getValue().getBytes(StandardCharsets.UTF_8), Instant.now());
                RawHttp.Response r = RawHttp.exchange(node.port(), request.toBytes(), Duration.ofSeconds(10));
                String body = new String(r.body(), StandardCharsets.UTF_8);
                assertThat(r.status()).as("%s %s -> %s", c.getKey(), c.getValue(), body).isEqualTo(400);
                assertThat(JSON.readTree(body).path("__type").asText()).as(c.getKey() + ": " + body).isNotEmpty()
                        .isNotEqualTo("InternalFailure");
            }
        }
    }
}
