package io.citadel.secrets.rotation;

import io.citadel.core.AccountId;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.Entry;
import io.citadel.storage.Storage;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rotation webhooks operators registered, per account and region, under
 * {@code {account}/{region}/secretsmanager/rotation-webhooks/<name>}. Each has a random 256-bit
 * signing key that lives only in storage (sealed by the barrier) and is shown once, on registration.
 * A webhook is addressed as the Lambda ARN {@code arn:aws:lambda:<region>:<account>:function:<name>}.
 */
public final class WebhookRegistry {

    /** A registered webhook, without its signing key. */
    public record Webhook(String account, String region, String name, URI url, Instant createdAt) {
        public String functionArn() {
            return BuiltInRotationFunctions.functionArn(account, region, name);
        }
    }

    /** What {@link #register} returns: the webhook and its signing key, which is never shown again. */
    public record Registered(Webhook webhook, String signingKey) {
        @Override
        public String toString() {
            return "Registered[" + webhook + ", signingKey=***]";
        }
    }

    /** The stored form (JSON, sealed by the barrier). */
    record Stored(String name, String url, String signingKey, Instant createdAt) {
    }

    static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
    private static final int KEY_BYTES = 32;

    private final Storage storage;
    private final InstantSource clock;
    private final SecureRandom random;

    public WebhookRegistry(Storage storage, InstantSource clock, SecureRandom random) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    static String prefix(String account, String region) {
        return account + "/" + region + "/secretsmanager/rotation-webhooks/";
    }

    /** Registers a webhook; fails when the name is taken, is a built-in rotator's, or the URL is not an absolute http(s) URL. */
    public Registered register(String account, String region, String name, String url) {
        checkScope(account, region);
        checkName(name);
        URI uri = checkUrl(url);
        byte[] keyBytes = new byte[KEY_BYTES];
        random.nextBytes(keyBytes);
        String signingKey = Base64.getUrlEncoder().withoutPadding().encodeToString(keyBytes);
        Instant now = clock.instant();
        String key = prefix(account, region) + name;
        boolean created = storage.transaction(tx -> {
            if (tx.get(key).isPresent()) {
                return false;
            }
            tx.put(key, StoredJson.write(new Stored(name, uri.toString(), signingKey, now)));
            return true;
        });
        if (!created) {
            throw new IllegalArgumentException("rotation webhook " + name + " already exists in " + account + "/" + region
                    + " (remove it first to replace it)");
        }
        return new Registered(new Webhook(account, region, name, uri, now), signingKey);
    }

    /** Removes a webhook; returns whether it existed. Secrets naming it fail their next rotation. */
    public boolean remove(String account, String region, String name) {
        checkScope(account, region);
        checkName(name);
        return storage.transaction(tx -> tx.delete(prefix(account, region) + name));
    }

    /** The account's webhooks in the region, by name. */
    public List<Webhook> list(String account, String region) {
        checkScope(account, region);
        List<Entry> entries = storage.transaction(tx -> tx.scanAll(prefix(account, region)));
        return entries.stream().map(e -> StoredJson.read(e.value(), Stored.class))
                .map(s -> new Webhook(account, region, s.name(), URI.create(s.url()), s.createdAt())).toList();
    }

    /** The stored webhook with its signing key, for the resolver. */
    Optional<Stored> find(String account, String region, String name) {
        if (!AccountId.isValid(account) || !REGION.matcher(region).matches() || !FUNCTION_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return storage.get(prefix(account, region) + name).map(b -> StoredJson.read(b, Stored.class));
    }

    private static void checkScope(String account, String region) {
        AccountId.requireValid(account);
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region: " + region + " (expected: a region name like us-east-1)");
        }
    }

    private static void checkName(String name) {
        if (name == null || !FUNCTION_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: " + name + " (expected: 1..64 letters, digits, '-' or '_', as a Lambda function name)");
        }
        if (BuiltInRotationFunctions.isBuiltIn(name)) {
            throw new IllegalArgumentException("name: " + name + " is a built-in rotation function");
        }
    }

    static URI checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(Objects.requireNonNull(url, "url"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url: not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("url: scheme " + (scheme.isEmpty() ? "missing" : scheme) + " (expected: https or http)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("url: has no host (expected: an absolute URL like https://rotator.example/rotate)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("url: must not contain user info (the request is authenticated by its signature)");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("url: must not contain a fragment");
        }
        return uri;
    }
}
