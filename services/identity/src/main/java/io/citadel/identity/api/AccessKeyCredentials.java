package io.citadel.identity.api;

import io.citadel.identity.AccessKey;
import io.citadel.identity.IdentityService;
import io.citadel.protocol.sigv4.CredentialResolver;
import io.citadel.protocol.sigv4.SigningCredential;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves SigV4 access keys from the identity service, with a small, bounded, short-lived cache
 * so that the hot path does not read storage on every request. A deactivated key stops working
 * within {@link #TTL} on every node.
 */
public final class AccessKeyCredentials implements CredentialResolver {

    static final Duration TTL = Duration.ofSeconds(2);
    static final int MAX_ENTRIES = 10_000;

    private record Cached(Optional<SigningCredential> credential, Instant expires) {
    }

    private final IdentityService identity;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public AccessKeyCredentials(IdentityService identity, InstantSource clock) {
        this.identity = identity;
        this.clock = clock;
    }

    @Override
    public Optional<SigningCredential> resolve(String accessKeyId) {
        Instant now = clock.instant();
        Cached cached = cache.get(accessKeyId);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.credential();
        }
        Optional<SigningCredential> credential = load(accessKeyId);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(accessKeyId, new Cached(credential, now.plus(TTL)));
        return credential;
    }

    private Optional<SigningCredential> load(String accessKeyId) {
        if (accessKeyId.length() != 20 || !accessKeyId.startsWith("AKIA")) {
            return Optional.empty();
        }
        return identity.accessKey(accessKeyId).map(key -> new SigningCredential(key.accessKeyId(), key.secretAccessKey(),
                key.status() == AccessKey.Status.Active, identity.principalOf(key)));
    }
}
