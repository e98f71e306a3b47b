package io.citadel.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the audit trail runs.
 *
 * @param queueCapacity        records waiting for the writer before callers block (back-pressure), 1..1,000,000
 * @param maxBatch             records per group commit (one transaction), 1..10,000
 * @param exportDirectory      where {@link AuditTrail#exportDue} writes gzip CloudTrail files, or null for no export
 * @param exportInterval       one export file per this period, 1 minute..1 day
 * @param retentionDays        events older than this are removed by {@link AuditTrail#applyRetention}; 0 keeps all
 * @param interruptedAfter     a pending intent older than this is recorded as Interrupted by {@link AuditTrail#recoverInterrupted}
 * @param recoverIntentsOnOpen whether {@link AuditTrail#open} records every pending intent as Interrupted at once
 *                             (true for a single node, where no other process can still be serving them)
 */
public record AuditSettings(int queueCapacity, int maxBatch, Path exportDirectory, Duration exportInterval,
                            int retentionDays, Duration interruptedAfter, boolean recoverIntentsOnOpen) {

    public AuditSettings {
        if (queueCapacity < 1 || queueCapacity > 1_000_000) {
            throw new IllegalArgumentException("audit queueCapacity: " + queueCapacity + " (expected: 1..1000000)");
        }
        if (maxBatch < 1 || maxBatch > 10_000) {
            throw new IllegalArgumentException("audit maxBatch: " + maxBatch + " (expected: 1..10000)");
        }
        Objects.requireNonNull(exportInterval, "exportInterval");
        if (exportInterval.compareTo(Duration.ofMinutes(1)) < 0 || exportInterval.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("audit exportInterval: " + exportInterval + " (expected: PT1M..P1D)");
        }
        if (retentionDays < 0 || retentionDays > 100_000) {
            throw new IllegalArgumentException("audit retentionDays: " + retentionDays + " (expected: 0..100000, 0 = keep all)");
        }
        Objects.requireNonNull(interruptedAfter, "interruptedAfter");
        if (interruptedAfter.isNegative()) {
            throw new IllegalArgumentException("audit interruptedAfter: " + interruptedAfter + " (expected: not negative)");
        }
    }

    /** 16,384 queued, batches of 1,000, no export, 5-minute export files, keep everything, 15 minutes, single node. */
    public static AuditSettings defaults() {
        return new AuditSettings(16_384, 1_000, null, Duration.ofMinutes(5), 0, Duration.ofMinutes(15), true);
    }

    public AuditSettings withExport(Path directory, Duration interval) {
        return new AuditSettings(queueCapacity, maxBatch, directory, interval, retentionDays, interruptedAfter, recoverIntentsOnOpen);
    }

    public AuditSettings withRetentionDays(int days) {
        return new AuditSettings(queueCapacity, maxBatch, exportDirectory, exportInterval, days, interruptedAfter, recoverIntentsOnOpen);
    }

    public AuditSettings withQueue(int capacity, int batch) {
        return new AuditSettings(capacity, batch, exportDirectory, exportInterval, retentionDays, interruptedAfter, recoverIntentsOnOpen);
    }

    /** For nodes sharing a PostgreSQL database: pending intents are recovered only once older than {@code after}. */
    public AuditSettings shared(Duration after) {
        return new AuditSettings(queueCapacity, maxBatch, exportDirectory, exportInterval, retentionDays, after, false);
    }
}
