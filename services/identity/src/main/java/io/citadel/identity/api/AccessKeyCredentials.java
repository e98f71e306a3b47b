package io.citadel.identity.api;

import io.citadel.identity.AccessKey;
import io.citadel.identity.IdentityService;
import io.citadel.identity.TemporaryCredential;
import io.citadel.protocol.sigv4.Authenticated;
import io.citadel.protocol.sigv4.CredentialResolver;
import io.citadel.protocol.sigv4.SigningCredential;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves SigV4 access keys, long-term (AKIA) and temporary (ASIA, with their session token),
 * from the identity service, with a small, bounded, short-lived cache so that the hot path does not
 * read storage on every request. Changes made through this node empty the cache at once; changes
 * made on another node take effect here within {@link #TTL}. A temporary credential is never
 * served past its expiration.
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
        identity.onChange(cache::clear);
    }

    @Override
    public Optional<SigningCredential> resolve(String accessKeyId) {
        Instant now = clock.instant();
        Cached cached = cache.get(accessKeyId);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.credential();
        }
        Instant expires = now.plus(TTL);
        Optional<SigningCredential> credential;
        if (isKeyId(accessKeyId, "ASIA")) {
            Optional<TemporaryCredential> temporary = identity.sts().validCredential(accessKeyId);
            if (temporary.isPresent() && temporary.get().expiration().isBefore(expires)) {
                expires = temporary.get().expiration();
            }
            credential = temporary.map(t -> new SigningCredential(t.accessKeyId(), t.secretAccessKey(), true,
                    identity.sts().principalOf(t), t.sessionToken()));
        } else if (isKeyId(accessKeyId, "AKIA")) {
            credential = identity.accessKey(accessKeyId).map(key -> new SigningCredential(key.accessKeyId(),
                    key.secretAccessKey(), key.status() == AccessKey.Status.Active, identity.principalOf(key)));
        } else {
            credential = Optional.empty();
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(accessKeyId, new Cached(credential, expires));
        return credential;
    }

    /**
     * Records that a long-term key signed a request that verified (GetAccessKeyLastUsed). Call it
     * after {@code SigV4Verifier.verify}; it writes at most once a minute per key.
     */
    public void recordUse(Authenticated authenticated) {
        String keyId = authenticated.principal().accessKeyId();
        if (isKeyId(keyId, "AKIA")) {
            identity.recordAccessKeyUse(keyId, authenticated.service(), authenticated.region());
        }
    }

    private static boolean isKeyId(String id, String prefix) {
        if (id == null || id.length() != 20 || !id.startsWith(prefix)) {
            return false;
        }
        for (int i = 4; i < 20; i++) {
            char c = id.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) {
                return false;
            }
        }
        return true;
    }
}
