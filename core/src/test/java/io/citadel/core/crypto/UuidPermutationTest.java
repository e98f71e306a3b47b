package io.citadel.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidPermutationTest {

    private static byte[] key(int fill) {
        byte[] k = new byte[UuidPermutation.KEY_BYTES];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    @Test
    void encrypt_thenDecrypt_roundTrips_andYieldsVersion4Uuids() {
        UuidPermutation p = new UuidPermutation(key(7));
        long[][] samples = {{0, 0}, {0, 1}, {5, 123_456_789}, {(1L << 58) - 1, -1L}, {63, Long.MAX_VALUE}};
        for (long[] s : samples) {
            UUID id = p.encrypt(s[0], s[1]);
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(UUID.fromString(id.toString())).isEqualTo(id);
            assertThat(p.decrypt(id)).containsExactly(s[0], s[1]);
        }
    }

    @Test
    void consecutiveNumbers_giveDistinctUnrelatedIds() {
        UuidPermutation p = new UuidPermutation(key(1));
        Set<UUID> ids = new HashSet<>();
        for (long i = 0; i < 10_000; i++) {
            ids.add(p.encrypt(0, i));
        }
        assertThat(ids).hasSize(10_000);
        assertThat(p.encrypt(0, 1).toString().substring(0, 8)).isNotEqualTo(p.encrypt(0, 2).toString().substring(0, 8));
    }

    @Test
    void anotherKey_decryptsToSomethingElse() {
        UUID id = new UuidPermutation(key(1)).encrypt(0, 42);
        assertThat(new UuidPermutation(key(2)).decrypt(id)).isNotEqualTo(new long[] {0, 42});
    }
}
