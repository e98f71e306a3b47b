package io.citadel.core.schedule;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One pending piece of deferred work: {@code kind} names the handler (e.g. {@code kms.delete-key}),
 * {@code id} is unique within the kind (e.g. {@code 123456789012/us-east-1/<keyId>}), and
 * {@code payload} is small opaque data for the handler. {@code dueAt} is kept to the millisecond.
 *
 * <p>Kind and id appear in plaintext storage keys, so they must not contain secrets.
 */
public record ScheduledJob(String kind, String id, Instant dueAt, byte[] payload) {

    public static final int MAX_KIND_CHARS = 64;
    public static final int MAX_ID_CHARS = 512;
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024;
    public static final Instant EARLIEST_DUE = Instant.EPOCH;
    public static final Instant LATEST_DUE = Instant.parse("9999-12-31T23:59:59.999Z");

    private static final Pattern KIND = Pattern.compile("[a-z0-9.-]{1," + MAX_KIND_CHARS + "}");
    private static final byte[] EMPTY = new byte[0];

    public ScheduledJob {
        checkKind(kind);
        checkId(id);
        Objects.requireNonNull(dueAt, "job dueAt");
        if (dueAt.isBefore(EARLIEST_DUE) || dueAt.isAfter(LATEST_DUE)) {
            throw new IllegalArgumentException("job dueAt: " + dueAt + " (expected: " + EARLIEST_DUE + ".." + LATEST_DUE + ")");
        }
        dueAt = dueAt.truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(payload, "job payload");
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("job payload: " + payload.length + " bytes (expected: at most " + MAX_PAYLOAD_BYTES + ")");
        }
        payload = payload.clone();
    }

    /** A job without payload. */
    public ScheduledJob(String kind, String id, Instant dueAt) {
        this(kind, id, dueAt, EMPTY);
    }

    /** The same job due at another time, e.g. the next rotation as a handler's follow-up. */
    public ScheduledJob withDueAt(Instant newDueAt) {
        return new ScheduledJob(kind, id, newDueAt, payload);
    }

    /** A copy; the record's own array is never handed out. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Returns {@code kind} if it matches {@code [a-z0-9.-]{1,64}}, else throws {@link IllegalArgumentException}. */
    public static String checkKind(String kind) {
        Objects.requireNonNull(kind, "job kind");
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("job kind: '" + kind + "' (expected: [a-z0-9.-]{1," + MAX_KIND_CHARS + "})");
        }
        return kind;
    }

    /** Returns {@code id} if it has 1..512 chars, no control character and no unpaired surrogate. */
    public static String checkId(String id) {
        Objects.requireNonNull(id, "job id");
        if (id.isEmpty() || id.length() > MAX_ID_CHARS) {
            throw new IllegalArgumentException("job id: length " + id.length() + " (expected: 1.." + MAX_ID_CHARS + " chars)");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("job id: control character U+" + String.format("%04X", (int) c)
                        + " at index " + i + " (expected: none)");
            }
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("job id: unpaired surrogate at index " + i + " (expected: valid UTF-16)");
            }
        }
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScheduledJob other && kind.equals(other.kind) && id.equals(other.id)
                && dueAt.equals(other.dueAt) && Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, id, dueAt, Arrays.hashCode(payload));
    }

    /** Shows the payload's length only: it is opaque and may be sensitive. */
    @Override
    public String toString() {
        return "ScheduledJob[kind=" + kind + ", id=" + id + ", dueAt=" + dueAt + ", payload=" + payload.length + " bytes]";
    }
}
