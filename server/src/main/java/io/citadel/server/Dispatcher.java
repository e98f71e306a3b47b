package io.citadel.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.ErrorCode;
import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.core.TouchedResources;
import io.citadel.core.audit.ApiCall;
import io.citadel.core.audit.AuditRecorder;
import io.citadel.core.audit.AuditUnavailableException;
import io.citadel.protocol.Authenticator;
import io.citadel.protocol.Operation;
import io.citadel.protocol.PublicRoute;
import io.citadel.protocol.ServiceApi;
import io.citadel.protocol.WireProtocol;
import io.citadel.protocol.WireRequest;
import io.citadel.protocol.WireResponse;
import io.citadel.protocol.json.JsonCodec;
import io.citadel.protocol.query.FormParameters;
import io.citadel.protocol.query.QueryCodec;
import io.citadel.protocol.sigv4.AuthFailure;
import io.citadel.protocol.sigv4.AuthenticationException;
import io.citadel.protocol.sigv4.Authenticated;
import io.citadel.protocol.sigv4.ClaimedAccessKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
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
 * calls the operation, encodes the output or the AWS error in the request's protocol, and hands
 * the call to the audit trail, durably, before the answer leaves (fail-closed).
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final String INTERNAL_MESSAGE = "We encountered an internal error. Please try again.";
    private static final String JSON_11 = "application/x-amz-json-1.1";

    private final Map<String, ServiceApi> jsonByTargetPrefix = new HashMap<>();
    private final Map<String, ServiceApi> queryBySigningName = new HashMap<>();
    private final Authenticator authenticator;
    private final AuditRecorder audit;
    private final InstantSource clock;
    private final RequestMetrics metrics;
    private final List<PublicRoute> publicRoutes;
    private final JsonCodec json = new JsonCodec();
    private final QueryCodec query = new QueryCodec();

    public Dispatcher(List<ServiceApi> services, Authenticator authenticator, AuditRecorder audit, InstantSource clock,
                      RequestMetrics metrics) {
        this(services, List.of(), authenticator, audit, clock, metrics);
    }

    /** As above, with routes outside the signed API (CRLs, OCSP, ACME) that are matched before any AWS protocol. */
    public Dispatcher(List<ServiceApi> services, List<PublicRoute> publicRoutes, Authenticator authenticator, AuditRecorder audit,
                      InstantSource clock, RequestMetrics metrics) {
        this.publicRoutes = publicRoutes.stream()
                .sorted(Comparator.comparingInt((PublicRoute r) -> r.pathPrefix().length()).reversed()).toList();
        for (ServiceApi api : services) {
            switch (api.protocol()) {
                case WireProtocol.Json j -> jsonByTargetPrefix.put(j.targetPrefix(), api);
                case WireProtocol.Query q -> queryBySigningName.put(api.signingName(), api);
            }
        }
        this.authenticator = authenticator;
        this.audit = audit;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Answers one API request; never throws. */
    public WireResponse dispatch(WireRequest request) {
        long start = System.nanoTime();
        if (!publicRoutes.isEmpty() && request.header("x-amz-target") == null && !isQuery(request)) {
            String path = pathOf(request);
            for (PublicRoute route : publicRoutes) {
                if (route.matches(request.method(), path)) {
                    WireResponse response = answerPublic(route, request);
                    metrics.record("public", route.pathPrefix(), response.status(), System.nanoTime() - start);
                    return response;
                }
            }
        }
        Exchange exchange = new Exchange(request, requestId(), clock.instant());
        WireResponse response;
        if (request.header("x-amz-target") != null) {
            response = dispatchJson(exchange);
        } else if (isQuery(request)) {
            response = dispatchQuery(exchange);
        } else {
            response = exchange.fail(json.error(ErrorCode.UNKNOWN_OPERATION, "No AWS operation matches " + request.method()
                    + " " + pathOf(request) + " (expected: POST / with X-Amz-Target, or an AWS query Action)", JSON_11),
                    ErrorCode.UNKNOWN_OPERATION.code(), "no AWS operation matches the request");
        }
        response = recorded(exchange, response);
        metrics.record(exchange.service, exchange.operation, response.status(), System.nanoTime() - start);
        return withRequestId(response, exchange.requestId);
    }

    private static WireResponse answerPublic(PublicRoute route, WireRequest request) {
        try {
            return route.handler().apply(request);
        } catch (RuntimeException e) {
            LOG.error("public route {} failed", route.pathPrefix(), e);
            return new WireResponse(500, TransportErrors.CONTENT_TYPE, Map.of(),
                    TransportErrors.body("InternalFailure", "We encountered an internal error. Please try again."));
        }
    }

    private WireResponse dispatchJson(Exchange exchange) {
        WireRequest request = exchange.request;
        String target = request.header("x-amz-target");
        String contentType = jsonContentType(request);
        String errorContentType = contentType == null ? JSON_11 : contentType;
        int dot = target.lastIndexOf('.');
        ServiceApi api = dot < 0 ? null : jsonByTargetPrefix.get(target.substring(0, dot));
        exchange.service = api == null ? "unknown" : api.signingName();
        exchange.operation = dot < 0 ? target : target.substring(dot + 1);
        try {
            if (!request.method().equals("POST")) {
                throw new ServiceException(ErrorCode.UNKNOWN_OPERATION,
                        "HTTP method " + request.method() + " is not supported (expected: POST)");
            }
            if (contentType == null) {
                throw new ServiceException(ErrorCode.UNKNOWN_OPERATION, "Unsupported Content-Type: "
                        + request.header("content-type") + " (expected: application/x-amz-json-1.1 or 1.0)");
            }
            exchange.authenticate(authenticator);
            if (api == null) {
                throw new ServiceException(ErrorCode.UNKNOWN_OPERATION, "Unknown target: " + target);
            }
            if (!exchange.caller.service().equals(api.signingName())) {
                throw new AuthenticationException(AuthFailure.SIGNATURE_MISMATCH,
                        "Credential should be scoped to correct service: '" + api.signingName() + "'. ");
            }
            Operation<?, ?> operation = api.operation(exchange.operation);
            if (operation == null) {
                throw new ServiceException(ErrorCode.UNKNOWN_OPERATION, "Unknown operation: " + exchange.operation);
            }
            exchange.readOnly = operation.readOnly();
            exchange.requestParameters = json.parse(request.body());
            Object input = json.decode(operation, exchange.requestParameters);
            exchange.responseElements = json.encode(invoke(exchange, operation, input));
            return json.success(contentType, exchange.responseElements);
        } catch (AuthenticationException e) {
            return exchange.fail(json.error(JsonCodec.authError(e.failure()), e.getMessage(), errorContentType),
                    JsonCodec.authError(e.failure()).code(), e.getMessage());
        } catch (ServiceException e) {
            return exchange.fail(json.error(e.errorCode(), e.getMessage(), errorContentType), e.errorCode().code(), e.getMessage());
        } catch (AuditUnavailableException e) {
            return exchange.auditFailed(json.error(ErrorCode.INTERNAL_FAILURE, INTERNAL_MESSAGE, errorContentType), e);
        } catch (RuntimeException e) {
            LOG.error("request {} ({} {}) failed", exchange.requestId, exchange.service, exchange.operation, e);
            return exchange.fail(json.error(ErrorCode.INTERNAL_FAILURE, INTERNAL_MESSAGE, errorContentType),
                    ErrorCode.INTERNAL_FAILURE.code(), INTERNAL_MESSAGE);
        }
    }

    private WireResponse dispatchQuery(Exchange exchange) {
        WireRequest request = exchange.request;
        try {
            Map<String, String> parameters = FormParameters.parse(request.method().equals("GET")
                    ? request.rawQuery().getBytes(StandardCharsets.UTF_8) : request.body());
            exchange.operation = parameters.getOrDefault("Action", "unknown");
            exchange.authenticate(authenticator);
            exchange.service = exchange.caller.service();
            ServiceApi api = queryBySigningName.get(exchange.service);
            if (!parameters.containsKey("Action")) {
                throw new ServiceException(ErrorCode.MISSING_ACTION, "Missing Action");
            }
            Operation<?, ?> operation = api == null ? null : api.operation(exchange.operation);
            if (operation == null) {
                throw new ServiceException(ErrorCode.INVALID_ACTION, "Could not find operation " + exchange.operation
                        + (api == null ? " for service " + exchange.service : " for version "
                        + ((WireProtocol.Query) api.protocol()).apiVersion()));
            }
            exchange.readOnly = operation.readOnly();
            exchange.requestParameters = query.members(parameters);
            Object input = query.decode(operation, exchange.requestParameters);
            exchange.responseElements = query.encode(invoke(exchange, operation, input));
            return query.success((WireProtocol.Query) api.protocol(), exchange.operation, exchange.responseElements,
                    exchange.requestId);
        } catch (AuthenticationException e) {
            return exchange.fail(query.error(QueryCodec.authError(e.failure()), e.getMessage(), exchange.requestId),
                    QueryCodec.authError(e.failure()).code(), e.getMessage());
        } catch (ServiceException e) {
            return exchange.fail(query.error(e.errorCode(), e.getMessage(), exchange.requestId),
                    QueryCodec.wireCode(e.errorCode()).code(), e.getMessage());
        } catch (AuditUnavailableException e) {
            return exchange.auditFailed(query.error(ErrorCode.INTERNAL_FAILURE, INTERNAL_MESSAGE, exchange.requestId), e);
        } catch (RuntimeException e) {
            LOG.error("request {} ({} {}) failed", exchange.requestId, exchange.service, exchange.operation, e);
            return exchange.fail(query.error(ErrorCode.INTERNAL_FAILURE, INTERNAL_MESSAGE, exchange.requestId),
                    ErrorCode.INTERNAL_FAILURE.code(), INTERNAL_MESSAGE);
        }
    }

    /** Runs the operation; a state-changing one is announced to the audit trail first. */
    private Object invoke(Exchange exchange, Operation<?, ?> operation, Object input) {
        RequestContext context = new RequestContext(exchange.requestId, exchange.receivedAt, exchange.request.sourceIp(),
                exchange.request.header("user-agent"), exchange.request.secure(), exchange.caller.principal(),
                exchange.caller.region(), exchange.caller.service(), exchange.operation, exchange.touched);
        if (!operation.readOnly()) {
            audit.intend(exchange.toApiCall());
        }
        return operation.invoke(context, input);
    }

    /** Makes the call's event durable; when that fails, the client gets a 500 instead of the answer. */
    private WireResponse recorded(Exchange exchange, WireResponse response) {
        if (exchange.auditFailure != null) {
            return response;
        }
        try {
            audit.record(exchange.toApiCall());
            return response;
        } catch (AuditUnavailableException e) {
            LOG.error("request {} ({} {}): audit record failed, answering 500", exchange.requestId, exchange.service,
                    exchange.operation, e);
            boolean queryShaped = exchange.request.header("x-amz-target") == null && isQuery(exchange.request);
            return queryShaped
                    ? query.error(ErrorCode.INTERNAL_FAILURE, INTERNAL_MESSAGE, exchange.requestId)
                    : json.error(ErrorCode.INTERNAL_FAILURE, INTERNAL_MESSAGE, JSON_11);
        }
    }

    /** What is known about one request as it moves through the dispatcher. */
    private static final class Exchange {
        final WireRequest request;
        final String requestId;
        final Instant receivedAt;
        String service = "unknown";
        String operation = "unknown";
        boolean readOnly = true;
        Authenticated caller;
        ObjectNode requestParameters;
        ObjectNode responseElements;
        String errorCode;
        String errorMessage;
        AuditUnavailableException auditFailure;
        final TouchedResources touched = new TouchedResources();

        Exchange(WireRequest request, String requestId, Instant receivedAt) {
            this.request = request;
            this.requestId = requestId;
            this.receivedAt = receivedAt;
        }

        void authenticate(Authenticator authenticator) {
            caller = authenticator.authenticate(request);
        }

        WireResponse fail(WireResponse response, String code, String message) {
            responseElements = null;
            errorCode = code;
            errorMessage = message;
            return response;
        }

        WireResponse auditFailed(WireResponse response, AuditUnavailableException e) {
            LOG.error("request {} ({} {}): audit intent failed, the operation did not run", requestId, service, operation, e);
            auditFailure = e;
            return response;
        }

        ApiCall toApiCall() {
            Principal principal = caller == null ? null : caller.principal();
            String accessKeyId = principal != null ? principal.accessKeyId() : ClaimedAccessKey.of(request).orElse(null);
            return new ApiCall(requestId, receivedAt, service, operation, caller == null ? null : caller.region(), principal,
                    accessKeyId, request.sourceIp(), request.header("user-agent"), readOnly, requestParameters,
                    responseElements, errorCode, errorMessage, touched.list());
        }
    }

    /** A random UUID-shaped request id; not a secret, so no SecureRandom (whose lock the hot path would contend on). */
    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
                .toString();
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
