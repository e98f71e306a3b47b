package io.citadel.core.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One API call as the server saw it, handed to the audit trail: who (when known), what, from where,
 * and how it ended. Request parameters and response elements are the AWS members exactly as they
 * travelled, before redaction; the audit trail redacts them before anything is written.
 *
 * @param requestId          the x-amzn-RequestId the client received
 * @param eventTime          when the request arrived
 * @param service            the signing name of the service ({@code sts}, {@code kms}, ...), or "unknown"
 * @param operation          the AWS operation name, or "unknown"
 * @param region             the credential scope's region, or null when authentication did not get that far
 * @param principal          the authenticated caller, or null when authentication failed
 * @param accessKeyId        the access key id the request named (also when authentication failed), or null
 * @param sourceIp           the peer address
 * @param userAgent          the User-Agent header, or null
 * @param readOnly           whether the operation only reads
 * @param requestParameters  the decoded input members, or null when the input never decoded
 * @param responseElements   the output members, or null on error
 * @param errorCode          the AWS error code the client received, or null on success
 * @param errorMessage       the error message the client received, or null on success
 * @param resources          ARNs the call touched (may be empty)
 */
public record ApiCall(
        String requestId,
        Instant eventTime,
        String service,
        String operation,
        String region,
        Principal principal,
        String accessKeyId,
        String sourceIp,
        String userAgent,
        boolean readOnly,
        ObjectNode requestParameters,
        ObjectNode responseElements,
        String errorCode,
        String errorMessage,
        List<String> resources) {

    public ApiCall {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        resources = resources == null ? List.of() : List.copyOf(resources);
    }
}
