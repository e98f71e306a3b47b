package io.citadel.core.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something a service did on its own, not in answer to a call (CloudTrail's {@code AwsServiceEvent}),
 * such as Secrets Manager's RotationSucceeded or RotationFailed.
 *
 * @param service                  the service's short name, e.g. {@code secretsmanager}
 * @param account                  the account whose resource it concerns
 * @param errorMessage             why it failed, or null; never a secret value
 * @param additionalEventDataJson  a JSON object's text, or null (CloudTrail's {@code additionalEventData})
 */
public record ServiceEvent(Instant time, String service, String eventName, String account, String region, List<String> resources,
                           String errorMessage, String additionalEventDataJson) {

    public ServiceEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        resources = List.copyOf(resources);
    }
}
