package io.citadel.events;

import io.citadel.core.RequestContext;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.Transaction;
import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Connections (API key, basic, OAuth client credentials) and API destinations. Secrets are kept in
 * sealed storage only; describing a connection names the key, user or client but never the secret.
 */
public final class Connections {

    /** What CreateConnection / UpdateConnection carry (null members keep their current value on update). */
    public record ConnectionInput(String description, String authorizationType, String apiKeyName, String apiKeyValue,
                                  String username, String password, String clientId, String clientSecret,
                                  String authorizationEndpoint, String oauthHttpMethod, ConnectionRecord.HttpParams oauthParams,
                                  ConnectionRecord.HttpParams invocationParams) {
        @Override
        public String toString() {
            return "ConnectionInput[authorizationType=" + authorizationType + "]";
        }
    }

    /** What CreateApiDestination / UpdateApiDestination carry. */
    public record DestinationInput(String description, String connectionArn, String invocationEndpoint, String httpMethod,
                                   Integer invocationRateLimitPerSecond) {
    }

    static final int DEFAULT_RATE = 300;

    private final EventsEnvironment env;

    Connections(EventsEnvironment env) {
        this.env = env;
    }

    public ConnectionRecord create(RequestContext ctx, String name, ConnectionInput in) {
        String account = EventsEnvironment.account(ctx);
        String arn = EventsArns.of(ctx.region(), account, "connection", name + "/" + UUID.randomUUID());
        env.require(ctx, "CreateConnection", arn);
        Instant now = env.clock.instant();
        ConnectionRecord c = checked(new ConnectionRecord(name, arn, in.description(), in.authorizationType(), in.apiKeyName(),
                in.apiKeyValue(), in.username(), in.password(), in.clientId(), in.clientSecret(), in.authorizationEndpoint(),
                in.oauthHttpMethod(), orNone(in.oauthParams()), orNone(in.invocationParams()), "AUTHORIZED", now, now, now));
        return env.storage.transaction(tx -> {
            String key = EventsKeys.connections(account, ctx.region()) + name;
            if (tx.get(key).isPresent()) {
                throw EventsErrors.exists("Connection " + name + " already exists.");
            }
            if (tx.scanAll(EventsKeys.connections(account, ctx.region())).size() >= env.limits.connections()) {
                throw EventsErrors.limit("The requested resource exceeds the maximum number allowed: " + env.limits.connections()
                        + " connections.");
            }
            EventsEnvironment.write(tx, key, c);
            return c;
        });
    }

    public ConnectionRecord update(RequestContext ctx, String name, ConnectionInput in) {
        String account = EventsEnvironment.account(ctx);
        Instant now = env.clock.instant();
        return env.storage.transaction(tx -> {
            ConnectionRecord old = connection(tx, account, ctx.region(), name);
            env.require(ctx, "UpdateConnection", old.arn());
            ConnectionRecord c = checked(new ConnectionRecord(name, old.arn(), or(in.description(), old.description()),
                    or(in.authorizationType(), old.authorizationType()), or(in.apiKeyName(), old.apiKeyName()),
                    or(in.apiKeyValue(), old.apiKeyValue()), or(in.username(), old.username()), or(in.password(), old.password()),
                    or(in.clientId(), old.clientId()), or(in.clientSecret(), old.clientSecret()),
                    or(in.authorizationEndpoint(), old.authorizationEndpoint()), or(in.oauthHttpMethod(), old.oauthHttpMethod()),
                    or(in.oauthParams(), old.oauthParams()), or(in.invocationParams(), old.invocationParams()), "AUTHORIZED",
                    old.creationTime(), now, now));
            EventsEnvironment.write(tx, EventsKeys.connections(account, ctx.region()) + name, c);
            return c;
        });
    }

    public ConnectionRecord describe(RequestContext ctx, String name) {
        String account = EventsEnvironment.account(ctx);
        ConnectionRecord c = env.storage.transaction(tx -> connection(tx, account, ctx.region(), name));
        env.require(ctx, "DescribeConnection", c.arn());
        return c;
    }

    public ConnectionRecord delete(RequestContext ctx, String name) {
        String account = EventsEnvironment.account(ctx);
        return env.storage.transaction(tx -> {
            ConnectionRecord c = connection(tx, account, ctx.region(), name);
            env.require(ctx, "DeleteConnection", c.arn());
            tx.delete(EventsKeys.connections(account, ctx.region()) + name);
            return c;
        });
    }

    public Page<ConnectionRecord> list(RequestContext ctx, String namePrefix, String state, Integer limit, String token) {
        String account = EventsEnvironment.account(ctx);
        env.require(ctx, "ListConnections", "*");
        List<ConnectionRecord> all = env.storage.transaction(tx -> tx.scanAll(EventsKeys.connections(account, ctx.region())))
                .stream().map(e -> StoredJson.read(e.value(), ConnectionRecord.class))
                .filter(c -> state == null || state.equals(c.state())).sorted(Comparator.comparing(ConnectionRecord::name)).toList();
        return Page.of(all, ConnectionRecord::name, namePrefix, limit, token);
    }

    public ApiDestinationRecord createDestination(RequestContext ctx, String name, DestinationInput in) {
        String account = EventsEnvironment.account(ctx);
        String arn = EventsArns.of(ctx.region(), account, "api-destination", name + "/" + UUID.randomUUID());
        env.require(ctx, "CreateApiDestination", arn);
        Instant now = env.clock.instant();
        return env.storage.transaction(tx -> {
            String key = EventsKeys.apiDestinations(account, ctx.region()) + name;
            if (tx.get(key).isPresent()) {
                throw EventsErrors.exists("An api-destination '" + name + "' already exists.");
            }
            if (tx.scanAll(EventsKeys.apiDestinations(account, ctx.region())).size() >= env.limits.apiDestinations()) {
                throw EventsErrors.limit("The requested resource exceeds the maximum number allowed: " + env.limits.apiDestinations()
                        + " API destinations.");
            }
            requireConnection(tx, account, ctx.region(), in.connectionArn());
            ApiDestinationRecord d = new ApiDestinationRecord(name, arn, in.description(), in.connectionArn(),
                    checkEndpoint(in.invocationEndpoint()), in.httpMethod(), rate(in.invocationRateLimitPerSecond()), "ACTIVE", now, now);
            EventsEnvironment.write(tx, key, d);
            return d;
        });
    }

    public ApiDestinationRecord updateDestination(RequestContext ctx, String name, DestinationInput in) {
        String account = EventsEnvironment.account(ctx);
        Instant now = env.clock.instant();
        return env.storage.transaction(tx -> {
            ApiDestinationRecord old = destination(tx, account, ctx.region(), name);
            env.require(ctx, "UpdateApiDestination", old.arn());
            if (in.connectionArn() != null) {
                requireConnection(tx, account, ctx.region(), in.connectionArn());
            }
            ApiDestinationRecord d = new ApiDestinationRecord(name, old.arn(), or(in.description(), old.description()),
                    or(in.connectionArn(), old.connectionArn()),
                    in.invocationEndpoint() == null ? old.invocationEndpoint() : checkEndpoint(in.invocationEndpoint()),
                    or(in.httpMethod(), old.httpMethod()),
                    in.invocationRateLimitPerSecond() == null ? old.invocationRateLimitPerSecond() : rate(in.invocationRateLimitPerSecond()),
                    "ACTIVE", old.creationTime(), now);
            EventsEnvironment.write(tx, EventsKeys.apiDestinations(account, ctx.region()) + name, d);
            return d;
        });
    }

    public ApiDestinationRecord describeDestination(RequestContext ctx, String name) {
        String account = EventsEnvironment.account(ctx);
        ApiDestinationRecord d = env.storage.transaction(tx -> destination(tx, account, ctx.region(), name));
        env.require(ctx, "DescribeApiDestination", d.arn());
        return d;
    }

    public void deleteDestination(RequestContext ctx, String name) {
        String account = EventsEnvironment.account(ctx);
        env.storage.transaction(tx -> {
            ApiDestinationRecord d = destination(tx, account, ctx.region(), name);
            env.require(ctx, "DeleteApiDestination", d.arn());
            tx.delete(EventsKeys.apiDestinations(account, ctx.region()) + name);
            return null;
        });
    }

    public Page<ApiDestinationRecord> listDestinations(RequestContext ctx, String namePrefix, String connectionArn, Integer limit,
                                                       String token) {
        String account = EventsEnvironment.account(ctx);
        env.require(ctx, "ListApiDestinations", "*");
        List<ApiDestinationRecord> all = env.storage.transaction(tx -> tx.scanAll(EventsKeys.apiDestinations(account, ctx.region())))
                .stream().map(e -> StoredJson.read(e.value(), ApiDestinationRecord.class))
                .filter(d -> connectionArn == null || connectionArn.equals(d.connectionArn()))
                .sorted(Comparator.comparing(ApiDestinationRecord::name)).toList();
        return Page.of(all, ApiDestinationRecord::name, namePrefix, limit, token);
    }

    static ConnectionRecord connection(Transaction tx, String account, String region, String name) {
        return EventsEnvironment.read(tx, EventsKeys.connections(account, region) + name, ConnectionRecord.class)
                .orElseThrow(() -> EventsErrors.notFound("Failed to describe the connection(s). Connection '" + name + "' does not exist."));
    }

    static ApiDestinationRecord destination(Transaction tx, String account, String region, String name) {
        return EventsEnvironment.read(tx, EventsKeys.apiDestinations(account, region) + name, ApiDestinationRecord.class)
                .orElseThrow(() -> EventsErrors.notFound("Failed to describe the api-destination(s). An api-destination '" + name
                        + "' does not exist."));
    }

    /** The connection an ARN names, in the given account and region. */
    static Optional<ConnectionRecord> connectionByArn(Transaction tx, String account, String region, String arn) {
        return EventsArns.parse(arn).filter(p -> p.type().equals("connection") && p.account().equals(account))
                .flatMap(p -> EventsEnvironment.read(tx, EventsKeys.connections(account, region) + p.path().split("/")[0],
                        ConnectionRecord.class))
                .filter(c -> c.arn().equals(arn));
    }

    private static void requireConnection(Transaction tx, String account, String region, String arn) {
        if (connectionByArn(tx, account, region, arn).isEmpty()) {
            throw EventsErrors.notFound("Connection '" + arn + "' does not exist.");
        }
    }

    private static ConnectionRecord checked(ConnectionRecord c) {
        switch (c.authorizationType()) {
            case "API_KEY" -> {
                if (c.apiKeyName() == null || c.apiKeyValue() == null) {
                    throw EventsErrors.validation("ApiKeyAuthParameters with ApiKeyName and ApiKeyValue are required for API_KEY.");
                }
            }
            case "BASIC" -> {
                if (c.username() == null || c.password() == null) {
                    throw EventsErrors.validation("BasicAuthParameters with Username and Password are required for BASIC.");
                }
            }
            case "OAUTH_CLIENT_CREDENTIALS" -> {
                if (c.clientId() == null || c.clientSecret() == null || c.authorizationEndpoint() == null || c.oauthHttpMethod() == null) {
                    throw EventsErrors.validation("OAuthParameters with ClientParameters (ClientID, ClientSecret), "
                            + "AuthorizationEndpoint and HttpMethod are required for OAUTH_CLIENT_CREDENTIALS.");
                }
                checkEndpoint(c.authorizationEndpoint());
            }
            default -> throw EventsErrors.validation("AuthorizationType " + c.authorizationType() + " is not valid.");
        }
        return c;
    }

    private static String checkEndpoint(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw EventsErrors.validation("Endpoint " + endpoint + " is not valid (expected: an https:// or http:// URL).");
            }
            return endpoint;
        } catch (java.net.URISyntaxException e) {
            throw EventsErrors.validation("Endpoint " + endpoint + " is not a URL.");
        }
    }

    private static int rate(Integer r) {
        int v = r == null ? DEFAULT_RATE : r;
        if (v < 1 || v > 300) {
            throw EventsErrors.validation("InvocationRateLimitPerSecond: " + v + " (expected: 1..300)");
        }
        return v;
    }

    private static ConnectionRecord.HttpParams orNone(ConnectionRecord.HttpParams p) {
        return p == null ? ConnectionRecord.HttpParams.NONE : p;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
