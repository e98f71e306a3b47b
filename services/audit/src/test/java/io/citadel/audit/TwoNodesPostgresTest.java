package io.citadel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.storage.Barrier;
import io.citadel.storage.RootKey;
import io.citadel.storage.postgres.PostgresStorage;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two nodes on one PostgreSQL table append to one chain, concurrently, and it verifies. */
class TwoNodesPostgresTest {

    private final String table = "citadel_audit_test_" + UUID.randomUUID().toString().replace("-", "");

    @AfterEach
    void drop() throws Exception {
        PostgresTamperTest.dropTable(table);
    }

    @Test
    void twoNodes_appendToOneChain() throws Exception {
        byte[] root = new byte[RootKey.BYTES];
        new SecureRandom().nextBytes(root);
        Instant t0 = Instant.parse("2025-03-01T10:00:00Z");
        Fixtures.MutableClock clock = new Fixtures.MutableClock(t0);
        AuditSettings shared = AuditSettings.defaults().shared(Duration.ofMinutes(15));
        try (Barrier a = Barrier.open(PostgresStorage.open(PostgresTamperTest.URL, PostgresTamperTest.USER, "", table), new RootKey(root.clone()));
             Barrier b = Barrier.open(PostgresStorage.open(PostgresTamperTest.URL, PostgresTamperTest.USER, "", table), new RootKey(root.clone()));
             AuditTrail nodeA = AuditTrail.open(a, clock, shared);
             AuditTrail nodeB = AuditTrail.open(b, clock, shared)) {
            assertThat(nodeA.publicKeyPem()).isEqualTo(nodeB.publicKeyPem());
            CountDownLatch start = new CountDownLatch(1);
            int perThread = 20;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    AuditTrail node = t % 2 == 0 ? nodeA : nodeB;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            node.record(Fixtures.getCallerIdentity(Fixtures.ALICE, t0));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get();
                }
            }
            VerificationResult result = AuditVerifier.verify(a);
            assertThat(result.ok()).as(result.summary()).isTrue();
            assertThat(result.recordsChecked()).isEqualTo(16 * perThread);
            int seen = 0;
            String token = null;
            do {
                LookupPage page = nodeB.lookup(Fixtures.ACCOUNT, "us-east-1", LookupQuery.by("Username", "alice").withNextToken(token));
                seen += page.events().size();
                token = page.nextToken();
            } while (token != null);
            assertThat(seen).isEqualTo(16 * perThread);
        }
    }
}
