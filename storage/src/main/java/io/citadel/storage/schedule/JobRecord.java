package io.citadel.storage.schedule;

import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.CorruptedValueException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The value stored under a job's key (docs/formats.md, "Scheduled job record"): format byte,
 * due time, attempts, last error and payload. Kind and id are not repeated; they come from the key.
 */
final class JobRecord {

    static final byte FORMAT = 1;
    private static final int FIXED_BYTES = 1 + 8 + 4 + 2 + 4;

    private JobRecord() {
    }

    static byte[] encode(JobStatus status) {
        ScheduledJob job = status.job();
        byte[] error = status.lastError().getBytes(StandardCharsets.UTF_8);
        byte[] payload = job.payload();
        return ByteBuffer.allocate(FIXED_BYTES + error.length + payload.length)
                .put(FORMAT)
                .putLong(job.dueAt().toEpochMilli())
                .putInt(status.attempts())
                .putShort((short) error.length)
                .put(error)
                .putInt(payload.length)
                .put(payload)
                .array();
    }

    /** Decodes the record of job (kind, id); throws {@link CorruptedValueException} when it is not one this class wrote. */
    static JobStatus decode(String kind, String id, byte[] value) {
        try {
            ByteBuffer in = ByteBuffer.wrap(value);
            byte format = in.get();
            if (format != FORMAT) {
                throw corrupt(kind, id, "format byte 0x" + String.format("%02x", format) + " (expected: 0x01)", null);
            }
            Instant dueAt = Instant.ofEpochMilli(in.getLong());
            int attempts = in.getInt();
            byte[] error = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(error);
            int payloadLength = in.getInt();
            if (payloadLength < 0 || payloadLength > ScheduledJob.MAX_PAYLOAD_BYTES) {
                throw corrupt(kind, id, "payload length " + payloadLength + " (expected: 0.." + ScheduledJob.MAX_PAYLOAD_BYTES + ")", null);
            }
            byte[] payload = new byte[payloadLength];
            in.get(payload);
            if (in.hasRemaining()) {
                throw corrupt(kind, id, in.remaining() + " trailing bytes (expected: none)", null);
            }
            String lastError = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(error))
                    .toString();
            return new JobStatus(new ScheduledJob(kind, id, dueAt, payload), attempts, lastError);
        } catch (BufferUnderflowException e) {
            throw corrupt(kind, id, value.length + " bytes, truncated", e);
        } catch (CharacterCodingException | IllegalArgumentException e) {
            throw corrupt(kind, id, e.getMessage(), e);
        }
    }

    private static CorruptedValueException corrupt(String kind, String id, String detail, Throwable cause) {
        return new CorruptedValueException("scheduled job record " + kind + "/" + id + ": " + detail, cause);
    }
}
