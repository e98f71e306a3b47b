package io.citadel.parameters;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Parameter Store's EventBridge events (source aws.ssm; "Parameter Store Change" for every change,
 * "Parameter Store Policy Action" when a policy acts), written durably in the same transaction as
 * the change, to a per-account-and-region log the events service will deliver from. Keys:
 * {@code <account>/<region>/ssm/events/<sequence, 19 digits>}, the sequence in {@code .../ssm/event-sequence}.
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
        String id = UUID.randomUUID().toString();
        ObjectNode event = JSON.createObjectNode().put("version", "0").put("id", id).put("detail-type", detailType)
                .put("source", "aws.ssm").put("account", account).put("time", time.toString()).put("region", region);
        event.putArray("resources").add(ParameterNames.arn(region, account, name));
        event.set("detail", detail);
        String seqKey = ParameterRepository.base(account, region) + "event-sequence";
        long seq = tx.get(seqKey).map(b -> StoredJson.read(b, Long.class)).orElse(0L) + 1;
        tx.put(seqKey, StoredJson.write(seq));
        tx.put(ParameterRepository.base(account, region) + "events/" + String.format("%019d", seq), StoredJson.write(new Event(event.toString())));
    }

    /** The logged events of one account and region, oldest first. */
    public List<Event> list(String account, String region) {
        return storage.transaction(tx -> tx.scanAll(ParameterRepository.base(account, region) + "events/").stream()
                .map(e -> StoredJson.read(e.value(), Event.class)).toList());
    }
}
