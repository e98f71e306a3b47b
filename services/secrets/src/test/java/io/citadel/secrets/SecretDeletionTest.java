package io.citadel.secrets;

import static io.citadel.secrets.SecretsHarness.code;
import static io.citadel.secrets.SecretsHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretDeletionTest {

    private final SecretsHarness h = new SecretsHarness();
    private final SecretWrites writes = h.secrets().writes();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void delete_defaultsTo30Days_readsAreRefused_andRestoreUndoesIt() {
        h.create("s", "v");
        SecretWrites.Deleted d = writes.delete(h.a(), "s", null, false);
        assertThat(d.deletionDate()).isEqualTo(h.clock.instant().plus(Duration.ofDays(30)));
        assertThat(error(() -> h.current("s")).getMessage())
                .isEqualTo("You can't perform this operation on the secret because it was marked for deletion.");
        assertThat(code(() -> writes.putValue(h.a(), "s", null, "x", null, null))).isEqualTo("InvalidRequestException");
        assertThat(h.describe("s").deletedDate()).isEqualTo(d.deletionDate());
        assertThat(h.secrets().reads().list(h.a(), false, null, null, null, null, null).items()).isEmpty();
        assertThat(h.secrets().reads().list(h.a(), true, null, null, null, null, null).items()).hasSize(1);
        assertThat(error(() -> h.create("s", "again")).getMessage())
                .isEqualTo("You can't create this secret because a secret with this name is already scheduled for deletion.");
        writes.restore(h.a(), "s");
        assertThat(h.current("s")).isEqualTo("v");
        h.clock.advance(Duration.ofDays(31));
        h.node1.tick();
        assertThat(h.current("s")).isEqualTo("v");
    }

    @Test
    void purge_afterTheRecoveryWindow_removesTheSecretForGood() {
        h.create("s", "v");
        writes.delete(h.a(), "s", 7L, false);
        h.clock.advance(Duration.ofDays(6));
        h.node1.tick();
        assertThat(h.describe("s").isDeleted()).isTrue();
        h.clock.advance(Duration.ofDays(1));
        h.node1.tick();
        assertThat(code(() -> h.describe("s"))).isEqualTo("ResourceNotFoundException");
        h.create("s", "new");
        assertThat(h.current("s")).isEqualTo("new");
    }

    @Test
    void recoveryWindow_outside7To30_orWithForce_isInvalidParameter() {
        h.create("s", "v");
        assertThat(error(() -> writes.delete(h.a(), "s", 6L, false)).getMessage())
                .isEqualTo("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        assertThat(code(() -> writes.delete(h.a(), "s", 31L, false))).isEqualTo("InvalidParameterException");
        assertThat(code(() -> writes.delete(h.a(), "s", 7L, true))).isEqualTo("InvalidParameterException");
    }

    @Test
    void forceDelete_removesAtOnce() {
        h.create("s", "v");
        writes.delete(h.a(), "s", null, true);
        assertThat(code(() -> h.describe("s"))).isEqualTo("ResourceNotFoundException");
        assertThat(writes.storedVersions(new StoredSecret(h.accountA, "us-east-1", "s", "x", null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, 0))).isZero();
    }
}
