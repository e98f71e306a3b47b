package io.citadel.storage.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.CorruptedValueException;
import io.citadel.storage.KeyRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored job format of docs/formats.md, the index key shape, and the retry arithmetic. */
class JobRecordTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void encode_matchesTheDocumentedLayout() {
        JobStatus status = new JobStatus(new ScheduledJob("k", "i", Instant.ofEpochMilli(0x0102), new byte[] {(byte) 0xAA}), 3, "é");

        assertThat(HexFormat.of().formatHex(JobRecord.encode(status)))
                .isEqualTo("01" + "0000000000000102" + "00000003" + "0002" + "c3a9" + "00000001" + "aa");
    }

    @Test
    void decode_roundTrips() {
        JobStatus status = new JobStatus(new ScheduledJob("kms.delete-key", "a/b", T0, new byte[ScheduledJob.MAX_PAYLOAD_BYTES]), 7,
                "€".repeat(JobStatus.MAX_ERROR_CHARS));

        assertThat(JobRecord.decode("kms.delete-key", "a/b", JobRecord.encode(status))).isEqualTo(status);
    }

    @Test
    void decode_unknownFormatTruncatedOrTrailing_isCorrupted() {
        byte[] valid = JobRecord.encode(JobStatus.fresh(new ScheduledJob("k", "i", T0, new byte[] {1, 2})));
        byte[] otherFormat = valid.clone();
        otherFormat[0] = 2;
        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);

        assertThatThrownBy(() -> JobRecord.decode("k", "i", otherFormat))
                .isInstanceOf(CorruptedValueException.class)
                .hasMessage("scheduled job record k/i: format byte 0x02 (expected: 0x01)");
        for (int length = 0; length < valid.length; length++) {
            byte[] truncated = Arrays.copyOf(valid, length);
            assertThatThrownBy(() -> JobRecord.decode("k", "i", truncated)).isInstanceOf(CorruptedValueException.class);
        }
        assertThatThrownBy(() -> JobRecord.decode("k", "i", trailing))
                .hasMessage("scheduled job record k/i: 1 trailing bytes (expected: none)");
    }

    @Test
    void dueKeys_sortByTimeThenId_andParseBack() {
        List<String> keys = new ArrayList<>(List.of(
                ScheduleKeys.due("k", T0.plusMillis(10), "a"),
                ScheduleKeys.due("k", T0.plusMillis(9), "z/z"),
                ScheduleKeys.due("k", Instant.EPOCH, "😀/x"),
                ScheduleKeys.due("k", ScheduledJob.LATEST_DUE, "a"),
                ScheduleKeys.due("k", T0.plusMillis(9), "a/b")));
        keys.sort(KeyRules.ORDER);

        assertThat(keys).extracting(key -> ScheduleKeys.parseDue("k", key).orElseThrow().id())
                .containsExactly("😀/x", "a/b", "z/z", "a", "a");
        assertThat(ScheduleKeys.parseDue("k", ScheduleKeys.due("k", T0, "a/b/c")).orElseThrow())
                .isEqualTo(new ScheduleKeys.DueEntry("k", "a/b/c", T0, ScheduleKeys.due("k", T0, "a/b/c")));
        assertThat(ScheduleKeys.due("k", ScheduledJob.LATEST_DUE, "x")).isEqualTo("global/schedule/due/k/253402300799999/x");
        assertThat(ScheduleKeys.parseDue("k", "global/schedule/due/k/12345/x")).isEmpty();
        assertThat(ScheduleKeys.parseDue("k", "global/schedule/due/k.x/000000000000000/x")).isEmpty();
    }

    @Test
    void longestKeys_areValidStorageKeys() {
        ScheduledJob job = new ScheduledJob("k".repeat(ScheduledJob.MAX_KIND_CHARS), "😀".repeat(ScheduledJob.MAX_ID_CHARS / 2),
                ScheduledJob.LATEST_DUE);

        assertThat(KeyRules.checkKey(ScheduleKeys.job(job.kind(), job.id()))).isNotEmpty();
        assertThat(KeyRules.checkKey(ScheduleKeys.due(job))).isNotEmpty();
    }

    @Test
    void backoff_doublesFromThirtySecondsUpToOneHour() {
        assertThat(StorageScheduler.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(StorageScheduler.backoff(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(StorageScheduler.backoff(7)).isEqualTo(Duration.ofSeconds(1920));
        assertThat(StorageScheduler.backoff(8)).isEqualTo(Duration.ofHours(1));
        assertThat(StorageScheduler.backoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void errorText_isOneLineOfAtMost1024Chars_withoutCause() {
        RuntimeException error = new IllegalStateException("line\r\n" + "😀".repeat(600), new RuntimeException("cause detail"));

        String text = StorageScheduler.errorText("node-a", error);

        assertThat(text).startsWith("node-a: java.lang.IllegalStateException: line  😀").doesNotContain("cause detail");
        assertThat(text.length()).isLessThanOrEqualTo(JobStatus.MAX_ERROR_CHARS).isGreaterThan(JobStatus.MAX_ERROR_CHARS - 2);
        assertThat(Character.isHighSurrogate(text.charAt(text.length() - 1))).isFalse();
        assertThat(StorageScheduler.errorText("n", new IllegalStateException())).isEqualTo("n: java.lang.IllegalStateException");
    }
}
