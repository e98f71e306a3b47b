package io.citadel.server;

import io.citadel.core.ErrorCode;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.protocol.Operation;
import io.citadel.protocol.ServiceApi;
import io.citadel.protocol.WireProtocol;
import io.citadel.protocol.WireRequest;
import io.citadel.protocol.WireResponse;
import io.citadel.protocol.json.JsonCodec;
import io.citadel.protocol.query.FormParameters;
import io.citadel.protocol.query.QueryCodec;
import io.citadel.protocol.sigv4.AuthenticationException;
import io.citadel.protocol.sigv4.Authenticated;
import io.citadel.protocol.Authenticator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one HTTP request from the wire to a service and back: picks the protocol (json by
 * X-Amz-Target, query by form body or Action parameter), verifies SigV4, decodes the input,
 * calls the operation, and encodes the output or the AWS error in the request's protocol.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final String INTERNAL_MESSAGE = "We encountered an internal error. Please try again.";

    private final Map<String, ServiceApi> jsonByTargetPrefix = new HashMap<>();
    private final Map<String, ServiceApi> queryBySigningName = new HashMap<>();
    private final Authenticator verifier;
    private final InstantSource clock;
    private final RequestMetrics metrics;
    private final JsonCodec json = new JsonCodec();
    private final QueryCodec query = new QueryCodec();

    public Dispatcher(List<ServiceApi> services, Authenticator verifier, InstantSource clock, RequestMetrics metrics) {
        for (ServiceApi api : services) {
            switch (api.protocol()) {
                case WireProtocol.Json j -> jsonByTargetPrefix.put(j.targetPrefix(), api);
                case WireProtocol.Query q -> queryBySigningName.put(api.signingName(), api);
            }
        }
        this.verifier = verifier;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Answers one API request; never throws. */
    public WireResponse dispatch(WireRequest request) {
        long start = System.nanoTime();
        String requestId = requestId();
        Instant receivedAt = clock.instant();
        Outcome outcome;
        if (request.header("x-amz-target") != null) {
            outcome = dispatchJson(request, requestId, receivedAt);
        } else if (isQuery(request)) {
            outcome = dispatchQuery(request, requestId, receivedAt);
        } else {
            outcome = new Outcome("unknown", "unknown", json.error(ErrorCode.UNKNOWN_OPERATION,
                    "No AWS operation matches " + request.method() + " " + pathOf(request)
                            + " (expected: POST / with X-Amz-Target, or an AWS query Action)", JSON_11));
        }
        WireResponse response = withRequestId(outcome.response(), requestId);
        metrics.record(outcome.service(), outcome.operation(), response.status(), System.nanoTime() - start);
        return response;
    }

    private static final String JSON_11 = "application/x-amz-json-1.1";

    /** A random UUID-shaped request id; not a secret, so no SecureRandom (whose lock the hot path would contend on). */
    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
                .toString();
    }

    private record Outcome(String service, String operation, WireResponse response) {
    }

    private Outcome dispatchJson(WireRequest request, String requestId, Instant receivedAt) {
        String target = request.header("x-amz-target");
        String contentType = jsonContentType(request);
        int dot = target.lastIndexOf('.');
        ServiceApi api = dot < 0 ? null : jsonByTargetPrefix.get(target.substring(0, dot));
        String service = api == null ? "unknown" : api.signingName();
        String operationName = dot < 0 ? target : target.substring(dot + 1);
        try {
            if (!request.method().equals("POST")) {
                throw new ServiceException(ErrorCode.UNKNOWN_OPERATION,
                        "HTTP method " + request.method() + " is not supported (expected: POST)");
            }
            if (contentType == null) {
                throw new ServiceException(ErrorCode.UNKNOWN_OPERATION, "Unsupported Content-Type: "
                        + request.header("content-type") + " (expected: application/x-amz-json-1.1 or 1.0)");
            }
            Authenticated caller = verifier.authenticate(request);
            if (api == null) {
                throw new ServiceException(ErrorCode.UNKNOWN_OPERATION, "Unknown target: " + target);
            }
            if (!caller.service().equals(api.signingName())) {
                throw new AuthenticationException(io.citadel.protocol.sigv4.AuthFailure.SIGNATURE_MISMATCH,
                        "Credential should be scoped to correct service: '" + api.signingName() + "'. ");
            }
            Operation<?, ?> operation = api.operation(operationName);
            if (operation == null) {
                throw new ServiceException(ErrorCode.UNKNOWN_OPERATION, "Unknown operation: " + operationName);
            }
            RequestContext context = context(request, requestId, receivedAt, caller, operationName);
            Object input = json.decode(operation, request.body());
            return new Outcome(service, operationName, json.success(contentType, operation.invoke(context, input)));
        } catch (AuthenticationException e) {
            return new Outcome(service, operationName, json.error(JsonCodec.authError(e.failure()), e.getMessage(),
                    contentType == null ? JSON_11 : contentType));
        } catch (ServiceException e) {
            return new Outcome(service, operationName, json.error(e.errorCode(), e.getMessage(),
                    contentType == null ? JSON_11 : contentType));
        } catch (RuntimeException e) {
            LOG.error("request {} ({} {}) failed", requestId, service, operationName, e);
            return new Outcome(service, operationName, json.error(ErrorCode.INTERNAL_FAILURE, INTERNAL_MESSAGE,
                    contentType == null ? JSON_11 : contentType));
        }
    }

    private Outcome dispatchQuery(WireRequest request, String requestId, Instant receivedAt) {
        String service = "unknown";
        String action = "unknown";
        try {
            Map<String, String> parameters = FormParameters.parse(request.method().equals("GET")
                    ? request.rawQuery().getBytes(StandardCharsets.UTF_8) : request.body());
            action = parameters.getOrDefault("Action", "unknown");
            Authenticated caller = verifier.authenticate(request);
            service = caller.service();
            ServiceApi api = queryBySigningName.get(caller.service());
            if (!parameters.containsKey("Action")) {
                throw new ServiceException(ErrorCode.MISSING_ACTION, "Missing Action");
            }
            Operation<?, ?> operation = api == null ? null : api.operation(action);
            if (operation == null) {
                throw new ServiceException(ErrorCode.INVALID_ACTION, "Could not find operation " + action
                        + (api == null ? " for service " + caller.service() : " for version "
                        + ((WireProtocol.Query) api.protocol()).apiVersion()));
            }
            RequestContext context = context(request, requestId, receivedAt, caller, action);
            Object input = query.decode(operation, parameters);
            Object output = operation.invoke(context, input);
            return new Outcome(service, action, query.success((WireProtocol.Query) api.protocol(), action, output, requestId));
        } catch (AuthenticationException e) {
            return new Outcome(service, action, query.error(QueryCodec.authError(e.failure()), e.getMessage(), requestId));
        } catch (ServiceException e) {
            return new Outcome(service, action, query.error(e.errorCode(), e.getMessage(), requestId));
        } catch (RuntimeException e) {
            LOG.error("request {} ({} {}) failed", requestId, service, action, e);
            return new Outcome(service, action, query.error(ErrorCode.INTERNAL_FAILURE, INTERNAL_MESSAGE, requestId));
        }
    }

    private static RequestContext context(WireRequest request, String requestId, Instant receivedAt,
                                          Authenticated caller, String operation) {
        return new RequestContext(requestId, receivedAt, request.sourceIp(), request.header("user-agent"),
                request.secure(), caller.principal(), caller.region(), caller.service(), operation);
    }

    private static boolean isQuery(WireRequest request) {
        String contentType = request.header("content-type");
        if (request.method().equals("POST") && contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return pathOf(request).equals("/");
        }
        return request.method().equals("GET") && pathOf(request).equals("/")
                && (request.rawQuery().startsWith("Action=") || request.rawQuery().contains("&Action="));
    }

    private static String jsonContentType(WireRequest request) {
        String contentType = request.header("content-type");
        if (contentType == null) {
            return null;
        }
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return base.equals("application/x-amz-json-1.1") || base.equals("application/x-amz-json-1.0") ? base : null;
    }

    private static String pathOf(WireRequest request) {
        return request.rawPath().isEmpty() ? "/" : request.rawPath();
    }

    private static WireResponse withRequestId(WireResponse response, String requestId) {
        Map<String, String> headers = new HashMap<>(response.headers());
        headers.put("x-amzn-RequestId", requestId);
        return new WireResponse(response.status(), response.contentType(), headers, response.body());
    }
}
