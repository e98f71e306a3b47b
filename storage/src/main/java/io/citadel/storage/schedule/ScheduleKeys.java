package io.citadel.storage.schedule;

import io.citadel.core.schedule.ScheduledJob;
import java.time.Instant;
import java.util.Optional;

/**
 * The scheduler's storage keys: {@code global/schedule/job/<kind>/<id>} holds a job's record and
 * {@code global/schedule/due/<kind>/<15-digit epoch millis>/<id>} (empty value) orders one kind's
 * jobs by due time. Kinds contain no {@code /} and the id is the last segment, so ids need no
 * escaping; zero-padded millis make key order time order.
 */
final class ScheduleKeys {

    static final String ROOT = "global/schedule/";
    static final String JOBS = ROOT + "job/";
    static final String DUE = ROOT + "due/";
    static final int MILLIS_DIGITS = 15;

    private ScheduleKeys() {
    }

    static String job(String kind, String id) {
        return JOBS + kind + "/" + id;
    }

    /** The due index of one kind, earliest first. */
    static String duePrefix(String kind) {
        return DUE + kind + "/";
    }

    static String due(String kind, Instant dueAt, String id) {
        return duePrefix(kind) + millis(dueAt) + "/" + id;
    }

    static String due(ScheduledJob job) {
        return due(job.kind(), job.dueAt(), job.id());
    }

    static String millis(Instant dueAt) {
        String digits = Long.toString(dueAt.toEpochMilli());
        return "0".repeat(MILLIS_DIGITS - digits.length()) + digits;
    }

    /** The due time and id of a key under {@link #duePrefix}; empty when the key is not one this class writes. */
    static Optional<DueEntry> parseDue(String kind, String key) {
        String prefix = duePrefix(kind);
        int idStart = prefix.length() + MILLIS_DIGITS + 1;
        if (!key.startsWith(prefix) || key.length() <= idStart || key.charAt(idStart - 1) != '/') {
            return Optional.empty();
        }
        long millis = 0;
        for (int i = prefix.length(); i < idStart - 1; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            millis = millis * 10 + (c - '0');
        }
        return Optional.of(new DueEntry(kind, key.substring(idStart), Instant.ofEpochMilli(millis), key));
    }

    /** One row of the due index. */
    record DueEntry(String kind, String id, Instant dueAt, String key) {
    }
}
