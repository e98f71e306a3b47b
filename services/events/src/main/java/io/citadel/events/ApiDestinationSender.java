package io.citadel.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.storage.Storage;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * HTTP delivery to API destinations with java.net.http: the destination's method and endpoint (each
 * {@code *} replaced by the target's PathParameterValues), the connection's and the target's headers
 * and query parameters, and the connection's authorization (API key header, basic, or an OAuth
 * client-credentials token fetched and cached until it expires). Each destination's
 * InvocationRateLimitPerSecond is enforced per node by a token bucket.
 */
final class ApiDestinationSender {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Storage storage;
    private final InstantSource clock;
    private final HttpClient client;
    private final Duration timeout;
    private final ConcurrentMap<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Token> tokens = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Object> tokenLocks = new ConcurrentHashMap<>();

    private record Token(String value, Instant expires, Instant connectionModified) {
    }

    ApiDestinationSender(EventsEnvironment env, Duration timeout) {
        this.storage = env.storage;
        this.clock = env.clock;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Outcome send(DeliveryRecord d, EventsArns.Parsed arn, String payload) {
        String name = arn.path().split("/")[0];
        record Found(ApiDestinationRecord destination, ConnectionRecord connection) {
        }
        Found found = storage.transaction(tx -> {
            var dest = EventsEnvironment.read(tx, EventsKeys.apiDestinations(arn.account(), arn.region()) + name,
                    ApiDestinationRecord.class).filter(x -> !arn.path().contains("/") || x.arn().equals(d.target().arn()));
            if (dest.isEmpty() || !arn.account().equals(d.account())) {
                return null;
            }
            return new Found(dest.get(), Connections.connectionByArn(tx, arn.account(), arn.region(), dest.get().connectionArn())
                    .orElse(null));
        });
        if (found == null) {
            return new Outcome.Failed("API destination " + d.target().arn() + " does not exist");
        }
        if (found.connection() == null) {
            return new Outcome.Failed("the connection of API destination " + name + " does not exist");
        }
        RateLimiter limiter = limiters.compute(found.destination().arn(), (k, v) ->
                v == null || v.rate() != found.destination().invocationRateLimitPerSecond()
                        ? new RateLimiter(found.destination().invocationRateLimitPerSecond()) : v);
        Duration wait = limiter.tryAcquire(clock.instant());
        if (!wait.isZero()) {
            return new Outcome.Throttled(wait);
        }
        try {
            HttpRequest request = request(d.target(), found.destination(), found.connection(), payload);
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome.Delivered();
            }
            if (status == 401) {
                tokens.remove(found.connection().arn());
            }
            if (status == 401 || status == 407 || status == 409 || status == 429 || status >= 500) {
                return new Outcome.Retry("HTTP " + status + " from " + found.destination().name());
            }
            return new Outcome.Failed("HTTP " + status + " from " + found.destination().name() + " (not retried)");
        } catch (IOException e) {
            return new Outcome.Retry(e.getClass().getSimpleName() + " calling " + found.destination().name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Retry("interrupted calling " + found.destination().name());
        } catch (OAuthFailure e) {
            return new Outcome.Retry(e.getMessage());
        }
    }

    private HttpRequest request(TargetSpec target, ApiDestinationRecord dest, ConnectionRecord conn, String payload)
            throws IOException, InterruptedException {
        String endpoint = dest.invocationEndpoint();
        List<String> pathValues = target.pathParameterValues() == null ? List.of() : target.pathParameterValues();
        for (String v : pathValues) {
            int star = endpoint.indexOf('*');
            if (star < 0) {
                break;
            }
            endpoint = endpoint.substring(0, star) + URLEncoder.encode(v, StandardCharsets.UTF_8) + endpoint.substring(star + 1);
        }
        List<String> query = new ArrayList<>();
        conn.invocationParams().query().forEach(p -> query.add(enc(p.key()) + "=" + enc(p.value())));
        if (target.queryStringParameters() != null) {
            target.queryStringParameters().forEach((k, v) -> query.add(enc(k) + "=" + enc(v)));
        }
        if (!query.isEmpty()) {
            endpoint += (endpoint.contains("?") ? "&" : "?") + String.join("&", query);
        }
        String method = dest.httpMethod();
        boolean body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint)).timeout(timeout)
                .method(method, body ? HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8)
                        : HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Amazon/EventBridge/ApiDestinations");
        conn.invocationParams().headers().forEach(h -> b.setHeader(h.key(), h.value()));
        if (target.headerParameters() != null) {
            target.headerParameters().forEach(b::setHeader);
        }
        switch (conn.authorizationType()) {
            case "API_KEY" -> b.setHeader(conn.apiKeyName(), conn.apiKeyValue());
            case "BASIC" -> b.setHeader("Authorization", basic(conn.username(), conn.password()));
            case "OAUTH_CLIENT_CREDENTIALS" -> b.setHeader("Authorization", "Bearer " + token(conn));
            default -> throw new OAuthFailure("connection " + conn.name() + " has an unknown authorization type");
        }
        return b.build();
    }

    /** The connection's OAuth access token, fetched with the client credentials when absent or expired. */
    private String token(ConnectionRecord conn) throws IOException, InterruptedException {
        Token cached = valid(conn);
        if (cached != null) {
            return cached.value();
        }
        synchronized (tokenLocks.computeIfAbsent(conn.arn(), k -> new Object())) {
            cached = valid(conn);
            return cached != null ? cached.value() : fetchToken(conn);
        }
    }

    private Token valid(ConnectionRecord conn) {
        Token t = tokens.get(conn.arn());
        return t != null && t.expires().isAfter(clock.instant()) && t.connectionModified().equals(conn.lastModifiedTime()) ? t : null;
    }

    private String fetchToken(ConnectionRecord conn) throws IOException, InterruptedException {
        Instant now = clock.instant();
        List<String> form = new ArrayList<>(List.of("grant_type=client_credentials"));
        conn.oauthParams().body().forEach(p -> form.add(enc(p.key()) + "=" + enc(p.value())));
        String endpoint = conn.authorizationEndpoint();
        List<String> query = new ArrayList<>();
        conn.oauthParams().query().forEach(p -> query.add(enc(p.key()) + "=" + enc(p.value())));
        if (!query.isEmpty()) {
            endpoint += (endpoint.contains("?") ? "&" : "?") + String.join("&", query);
        }
        boolean post = !"GET".equals(conn.oauthHttpMethod());
        if (!post) {
            endpoint += (endpoint.contains("?") ? "&" : "?") + String.join("&", form);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint)).timeout(timeout)
                .header("Authorization", basic(conn.clientId(), conn.clientSecret()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(conn.oauthHttpMethod(), post ? HttpRequest.BodyPublishers.ofString(String.join("&", form))
                        : HttpRequest.BodyPublishers.noBody());
        conn.oauthParams().headers().forEach(h -> b.setHeader(h.key(), h.value()));
        HttpResponse<String> response = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new OAuthFailure("OAuth token request of connection " + conn.name() + ": HTTP " + response.statusCode());
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new OAuthFailure("OAuth token response of connection " + conn.name() + " is not JSON");
        }
        String token = body.path("access_token").asText(null);
        if (token == null) {
            throw new OAuthFailure("OAuth token response of connection " + conn.name() + " has no access_token");
        }
        long seconds = body.path("expires_in").asLong(3600);
        tokens.put(conn.arn(), new Token(token, now.plusSeconds(Math.max(1, seconds - 30)), conn.lastModifiedTime()));
        return token;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** An OAuth token could not be had; retried like any transient failure. */
    private static final class OAuthFailure extends RuntimeException {
        OAuthFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** Invocations per second for one destination on this node: a bucket of {@code rate} tokens refilled continuously. */
    static final class RateLimiter {
        private final int rate;
        private double tokens;
        private Instant last;

        RateLimiter(int rate) {
            this.rate = rate;
            this.tokens = rate;
        }

        int rate() {
            return rate;
        }

        /** Zero when a token was taken, else how long until one is available. */
        synchronized Duration tryAcquire(Instant now) {
            if (last != null && now.isAfter(last)) {
                tokens = Math.min(rate, tokens + rate * (Duration.between(last, now).toNanos() / 1e9));
            }
            if (last == null || now.isAfter(last)) {
                last = now;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - tokens) / rate * 1e9));
        }
    }
}
