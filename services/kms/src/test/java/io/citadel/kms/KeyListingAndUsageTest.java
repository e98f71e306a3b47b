package io.citadel.kms;

import static io.citadel.kms.KmsHarness.code;
import static io.citadel.kms.KmsHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.RequestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyListingAndUsageTest {

    private final KmsHarness h = new KmsHarness();
    private final KeyAdministration admin = h.kms.administration();
    private final KeyDeletion deletion = h.kms.deletion();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void listKeys_pagesThrough250Keys_withLimitAndMarker_eachOnce() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 250; i++) {
            created.add(h.symmetricKey().keyId());
        }
        h.createKey(h.b(), KmsHarness.input(null, null));
        h.createKey(h.ctx(h.rootA, KmsHarness.WEST), KmsHarness.input(null, null));

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String marker = null;
        do {
            KeyAdministration.KeyPage page = admin.listKeys(h.a(), 100, marker);
            sizes.add(page.keys().size());
            page.keys().forEach(k -> seen.add(k.keyId()));
            marker = page.nextMarker();
        } while (marker != null);

        assertThat(sizes).containsExactly(100, 100, 50);
        assertThat(seen).doesNotHaveDuplicates().hasSize(250);
        assertThat(new HashSet<>(seen)).isEqualTo(created);
        assertThat(seen).isSorted();
    }

    @Test
    void listKeys_defaultsTo100_andSmallLimitsPage() {
        for (int i = 0; i < 105; i++) {
            h.symmetricKey();
        }
        KeyAdministration.KeyPage first = admin.listKeys(h.a(), null, null);
        assertThat(first.keys()).hasSize(100);
        assertThat(first.nextMarker()).isNotNull();
        KeyAdministration.KeyPage one = admin.listKeys(h.a(), 1, first.nextMarker());
        assertThat(one.keys()).hasSize(1);
        assertThat(one.keys().getFirst().keyId()).isGreaterThan(first.keys().getLast().keyId());
        assertThat(admin.listKeys(h.a(), 1000, null).nextMarker()).isNull();
    }

    @Test
    void listKeys_withAMarkerItDidNotIssue_isInvalidMarker() {
        h.symmetricKey();
        assertThat(code(() -> admin.listKeys(h.a(), 10, "../../other/account"))).isEqualTo("InvalidMarkerException");
    }

    @Test
    void listKeys_includesKeysInEveryState_andMultiRegionKeys() {
        KmsKey disabled = h.symmetricKey();
        admin.disableKey(h.a(), disabled.keyId());
        KmsKey pending = h.symmetricKey();
        deletion.scheduleKeyDeletion(h.a(), pending.keyId(), 7, false);
        KmsKey mrk = h.createKey(h.a(), KmsHarness.multiRegion());
        KmsKey external = h.createKey(h.a(), KmsHarness.external(null, null));

        assertThat(admin.listKeys(h.a(), null, null).keys()).extracting(KmsKey::keyId)
                .containsExactlyInAnyOrder(disabled.keyId(), pending.keyId(), mrk.keyId(), external.keyId());
    }

    @Test
    void getKeyLastUsage_isEmptyUntilUsed_thenNamesTheLastOperation() {
        KmsKey key = h.symmetricKey();
        assertThat(admin.getKeyLastUsage(h.a(), key.keyId()).lastUsage()).isEmpty();
        assertThat(admin.getKeyLastUsage(h.a(), key.keyId()).key().keyId()).isEqualTo(key.keyId());

        h.clock.advance(Duration.ofMinutes(1));
        RequestContext encryptCall = h.a();
        byte[] blob = h.encrypt(encryptCall, key.keyId(), utf8("x"), null);

        Optional<KeyUsageTracker.LastUsage> afterEncrypt = admin.getKeyLastUsage(h.a(), key.keyId()).lastUsage();
        assertThat(afterEncrypt).hasValueSatisfying(u -> {
            assertThat(u.operation()).isEqualTo("Encrypt");
            assertThat(u.timestamp()).isEqualTo(encryptCall.receivedAt());
            assertThat(u.requestId()).isEqualTo(encryptCall.requestId());
        });

        h.kms.flushUsage();
        assertThat(admin.getKeyLastUsage(h.a(), key.keyId()).lastUsage()).isEqualTo(afterEncrypt);

        h.clock.advance(Duration.ofMinutes(1));
        h.decrypt(h.a(), blob, null);
        assertThat(admin.getKeyLastUsage(h.a(), key.keyId()).lastUsage()).hasValueSatisfying(u -> {
            assertThat(u.operation()).isEqualTo("Decrypt");
            assertThat(u.timestamp()).isEqualTo(KmsHarness.START.plus(Duration.ofMinutes(2)));
        });
    }

    @Test
    void getKeyLastUsage_reachesOtherNodes_onceFlushed() {
        KmsKey key = h.symmetricKey();
        Kms other = h.secondNode();
        h.encrypt(h.a(), key.keyId(), utf8("x"), null);
        assertThat(other.administration().getKeyLastUsage(h.a(), key.keyId()).lastUsage()).isEmpty();

        h.kms.flushUsage();

        assertThat(other.administration().getKeyLastUsage(h.a(), key.keyId()).lastUsage()).hasValueSatisfying(u ->
                assertThat(u.operation()).isEqualTo("Encrypt"));
    }

    @Test
    void getKeyLastUsage_ignoresFailedAndNonCryptographicCalls() {
        KmsKey key = h.symmetricKey();
        h.describe(h.a(), key.keyId());
        admin.disableKey(h.a(), key.keyId());
        assertThat(code(() -> h.encrypt(h.a(), key.keyId(), utf8("x"), null))).isEqualTo("DisabledException");
        h.kms.flushUsage();
        assertThat(admin.getKeyLastUsage(h.a(), key.keyId()).lastUsage()).isEmpty();
    }

    @Test
    void getKeyLastUsage_ofADeletedKey_isGone_evenIfNotedBeforeTheFlush() {
        KmsKey key = h.symmetricKey();
        h.encrypt(h.a(), key.keyId(), utf8("x"), null);
        deletion.scheduleKeyDeletion(h.a(), key.keyId(), 7, false);
        h.clock.advance(Duration.ofDays(8));
        h.runDue();

        h.kms.flushUsage();

        assertThat(h.keysMentioning(key.keyId())).isEmpty();
    }
}
