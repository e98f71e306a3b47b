package io.citadel.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduledJobTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void kind_outsideAlphabetOrTooLong_isRejected() {
        assertThatThrownBy(() -> new ScheduledJob("KMS.Delete", "k", T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("job kind: 'KMS.Delete' (expected: [a-z0-9.-]{1,64})");
        assertThatThrownBy(() -> new ScheduledJob("kms/delete", "k", T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScheduledJob("", "k", T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScheduledJob("k".repeat(65), "k", T0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ScheduledJob("k".repeat(64), "k", T0).kind()).hasSize(64);
    }

    @Test
    void id_withSlashesAndUnicode_isAccepted() {
        ScheduledJob job = new ScheduledJob("kms.delete-key", "123456789012/us-east-1/ключ 😀 %_\\", T0);

        assertThat(job.id()).isEqualTo("123456789012/us-east-1/ключ 😀 %_\\");
    }

    @Test
    void id_emptyTooLongControlOrUnpairedSurrogate_isRejected() {
        assertThatThrownBy(() -> new ScheduledJob("k", "", T0))
                .hasMessage("job id: length 0 (expected: 1..512 chars)");
        assertThatThrownBy(() -> new ScheduledJob("k", "x".repeat(513), T0))
                .hasMessage("job id: length 513 (expected: 1..512 chars)");
        assertThatThrownBy(() -> new ScheduledJob("k", "a\nb", T0))
                .hasMessage("job id: control character U+000A at index 1 (expected: none)");
        assertThatThrownBy(() -> new ScheduledJob("k", "a\u0000", T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScheduledJob("k", "a\u0085", T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScheduledJob("k", "a\uD83D", T0))
                .hasMessage("job id: unpaired surrogate at index 1 (expected: valid UTF-16)");
    }

    @Test
    void payload_over16KiB_isRejected() {
        assertThat(new ScheduledJob("k", "i", T0, new byte[16384]).payload()).hasSize(16384);
        assertThatThrownBy(() -> new ScheduledJob("k", "i", T0, new byte[16385]))
                .hasMessage("job payload: 16385 bytes (expected: at most 16384)");
    }

    @Test
    void dueAt_isKeptToTheMillisecond_andBounded() {
        assertThat(new ScheduledJob("k", "i", T0.plusNanos(1_234_567)).dueAt()).isEqualTo(T0.plusMillis(1));
        assertThatThrownBy(() -> new ScheduledJob("k", "i", Instant.EPOCH.minusMillis(1)))
                .hasMessage("job dueAt: 1969-12-31T23:59:59.999Z (expected: 1970-01-01T00:00:00Z..9999-12-31T23:59:59.999Z)");
        assertThatThrownBy(() -> new ScheduledJob("k", "i", Instant.MAX)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void payload_isCopiedInAndOut() {
        byte[] payload = {1, 2, 3};
        ScheduledJob job = new ScheduledJob("k", "i", T0, payload);
        payload[0] = 9;
        job.payload()[1] = 9;

        assertThat(job.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void equals_comparesPayloadContent_andToStringHidesIt() {
        ScheduledJob a = new ScheduledJob("k", "i", T0, new byte[] {'s', 'e', 'c'});
        ScheduledJob b = new ScheduledJob("k", "i", T0, new byte[] {'s', 'e', 'c'});

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(a.withDueAt(T0.plusSeconds(1)));
        assertThat(a.toString()).isEqualTo("ScheduledJob[kind=k, id=i, dueAt=2025-03-01T10:00:00Z, payload=3 bytes]");
    }
}
