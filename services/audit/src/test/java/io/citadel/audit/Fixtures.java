package io.citadel.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.Principal;
import io.citadel.core.audit.ApiCall;
import io.citadel.storage.Barrier;
import io.citadel.storage.InMemoryStorage;
import io.citadel.storage.RootKey;
import io.citadel.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;

/** Calls, principals, a mutable clock and sealed stores for the audit tests. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCOUNT = "111122223333";
    static final String OTHER_ACCOUNT = "444455556666";
    static final Principal ROOT = Principal.root(ACCOUNT, "AKIAROOTROOTROOTROOT");
    static final Principal ALICE = Principal.user(ACCOUNT, "/", "alice", "AIDAALICEALICEALICEAL", "AKIAALICEALICEALICEA");
    static final Principal BOB = Principal.user(OTHER_ACCOUNT, "/", "bob", "AIDABOBBOBBOBBOBBOBBO", "AKIABOBBOBBOBBOBBOBB");

    private Fixtures() {
    }

    /** A clock tests move by hand. */
    static final class MutableClock implements InstantSource {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    static Storage sealedInMemory() {
        byte[] key = new byte[RootKey.BYTES];
        new SecureRandom().nextBytes(key);
        return Barrier.open(new InMemoryStorage(), new RootKey(key));
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ApiCall call(Principal p, String service, String operation, Instant time, String region, List<String> resources) {
        return new ApiCall(UUID.randomUUID().toString(), time, service, operation, region, p,
                p == null ? "AKIAUNKNOWNUNKNOWNUN" : p.accessKeyId(), "10.0.0.1", "aws-cli/2.0", operation.startsWith("Get"),
                json("{\"KeyId\":\"alias/x\"}"), json("{\"KeyId\":\"k\"}"), null, null, resources);
    }

    static ApiCall getCallerIdentity(Principal p, Instant time) {
        return call(p, "sts", "GetCallerIdentity", time, "us-east-1", List.of());
    }
}
