package io.citadel.core.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * One event in EventBridge's envelope, as a service of ours emits it (source {@code aws.kms},
 * {@code aws.ssm}, {@code aws.secretsmanager}, ...). {@link #json()} is the exact text a rule's
 * pattern is matched against and a target receives.
 *
 * @param detailJson the {@code detail} member, a JSON object's text
 */
public record AwsEvent(String id, String detailType, String source, String account, Instant time, String region,
                       List<String> resources, String detailJson) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public AwsEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(detailType, "detailType");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(region, "region");
        resources = List.copyOf(resources);
        Objects.requireNonNull(detailJson, "detailJson");
    }

    /** The envelope as EventBridge writes it: version "0", time in whole seconds (ISO 8601, UTC). */
    public String json() {
        try {
            ObjectNode event = JSON.createObjectNode().put("version", "0").put("id", id).put("detail-type", detailType)
                    .put("source", source).put("account", account).put("time", time.truncatedTo(ChronoUnit.SECONDS).toString())
                    .put("region", region);
            resources.forEach(event.putArray("resources")::add);
            event.set("detail", JSON.readTree(detailJson));
            return JSON.writeValueAsString(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("event detail is not JSON", e);
        }
    }
}
