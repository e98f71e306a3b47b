package io.citadel.protocol.sigv4;

import io.citadel.core.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory credential store that counts lookups, standing in for the identity service. */
final class TestCredentials implements CredentialResolver {

    static final String ACCOUNT = "123456789012";
    static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private final Map<String, SigningCredential> credentials = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();

    static TestCredentials withDefaultKey() {
        TestCredentials c = new TestCredentials();
        c.put(ACCESS_KEY, SECRET, true);
        return c;
    }

    SigningCredential put(String accessKeyId, String secret, boolean active) {
        SigningCredential credential = new SigningCredential(accessKeyId, secret, active,
                Principal.user(ACCOUNT, "/", "alice", "AIDAEXAMPLEUSERID0001", accessKeyId));
        credentials.put(accessKeyId, credential);
        return credential;
    }

    @Override
    public Optional<SigningCredential> resolve(String accessKeyId) {
        lookups.incrementAndGet();
        return Optional.ofNullable(credentials.get(accessKeyId));
    }

    int lookups() {
        return lookups.get();
    }
}
