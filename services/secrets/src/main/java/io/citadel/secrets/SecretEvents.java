package io.citadel.secrets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.events.AwsEvent;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import io.citadel.storage.outbox.Outbox;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Secrets Manager's rotation events as AWS emits them: "AWS Service Event via CloudTrail" from
 * aws.secretsmanager with detail.eventName RotationStarted, RotationSucceeded, RotationFailed or
 * RotationAbandoned, written to the storage {@link Outbox} in the same transaction as the change.
 */
public final class SecretEvents {

    public static final String DETAIL_TYPE = "AWS Service Event via CloudTrail";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE = "secretsmanager.amazonaws.com";

    private final Storage storage;

    SecretEvents(Storage storage) {
        this.storage = storage;
    }

    static void rotation(Transaction tx, String account, String region, Instant time, String eventName, String arn, String token,
                         String errorMessage) {
        ObjectNode detail = JSON.createObjectNode().put("eventVersion", "1.08");
        detail.putObject("userIdentity").put("accountId", account).put("invokedBy", SERVICE);
        detail.put("eventTime", time.truncatedTo(ChronoUnit.SECONDS).toString()).put("eventSource", SERVICE)
                .put("eventName", eventName).put("awsRegion", region).put("sourceIPAddress", SERVICE).put("userAgent", SERVICE)
                .putNull("requestParameters").putNull("responseElements");
        ObjectNode extra = detail.putObject("additionalEventData").put("SecretId", arn);
        if (token != null) {
            extra.put("ClientRequestToken", token);
        }
        if (errorMessage != null) {
            detail.put("errorMessage", errorMessage);
        }
        String eventId = UUID.randomUUID().toString();
        detail.put("requestID", UUID.randomUUID().toString()).put("eventID", eventId).put("readOnly", false)
                .put("eventType", "AwsServiceEvent").put("managementEvent", true).put("recipientAccountId", account)
                .put("eventCategory", "Management");
        AwsEvent event = new AwsEvent(eventId, DETAIL_TYPE, "aws.secretsmanager", account, time, region, List.of(arn), detail.toString());
        Outbox.append(tx, time, event.json());
    }

    /** The Secrets Manager events of one account and region still waiting in the outbox, oldest first (for tests and operators). */
    public List<String> list(String account, String region) {
        String mine = "\"account\":\"" + account + "\"";
        String inRegion = "\"region\":\"" + region + "\"";
        return storage.transaction(tx -> Outbox.all(tx).stream().map(Outbox.Message::eventJson)
                .filter(json -> json.contains("\"source\":\"aws.secretsmanager\"") && json.contains(mine) && json.contains(inRegion))
                .toList());
    }
}
