package io.citadel.parameters;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.events.AwsEvent;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import io.citadel.storage.outbox.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Parameter Store's EventBridge events (source aws.ssm; "Parameter Store Change" for every change,
 * "Parameter Store Policy Action" when a policy acts), written durably in the same transaction as
 * the change, to the storage {@link Outbox} the events service delivers from.
 */
public final class ParameterEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Storage storage;

    ParameterEvents(Storage storage) {
        this.storage = storage;
    }

    /** One event as EventBridge would carry it (its JSON text). */
    public record Event(String json) {
    }

    static void change(Transaction tx, String account, String region, Instant time, String operation, String name,
                       ParameterType type, String description) {
        ObjectNode detail = JSON.createObjectNode().put("operation", operation).put("name", name).put("type", type.wire());
        if (description != null) {
            detail.put("description", description);
        }
        write(tx, account, region, time, "Parameter Store Change", name, detail);
    }

    static void policyAction(Transaction tx, String account, String region, Instant time, String name, ParameterType type,
                             ParameterPolicy.Type policyType, String reason) {
        ObjectNode detail = JSON.createObjectNode().put("parameter-name", name).put("parameter-type", type.wire())
                .put("policy-type", policyType.name()).put("action-status", "Finished").put("action-reason", reason);
        write(tx, account, region, time, "Parameter Store Policy Action", name, detail);
    }

    private static void write(Transaction tx, String account, String region, Instant time, String detailType, String name,
                              ObjectNode detail) {
        AwsEvent event = new AwsEvent(UUID.randomUUID().toString(), detailType, "aws.ssm", account, time, region,
                List.of(ParameterNames.arn(region, account, name)), detail.toString());
        Outbox.append(tx, time, event.json());
    }

    /** The events of one account and region still waiting in the outbox, oldest first (for tests). */
    public List<Event> list(String account, String region) {
        String mine = "\"account\":\"" + account + "\",\"time\"";
        String inRegion = "\"region\":\"" + region + "\"";
        return storage.transaction(tx -> Outbox.all(tx).stream().map(Outbox.Message::eventJson)
                .filter(json -> json.contains("\"source\":\"aws.ssm\"") && json.contains(mine) && json.contains(inRegion))
                .map(Event::new).toList());
    }
}
