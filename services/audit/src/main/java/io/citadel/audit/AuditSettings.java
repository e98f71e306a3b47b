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
 * @param blockBatches         group commits per signed block at most, 1..1,000: the block's digest is signed and its
 *                             index rows merged when it is full, older than {@code blockInterval}, or the trail closes
 * @param blockInterval        a block is signed at the latest this long after it opened, 1 ms..1 hour
 */
public record AuditSettings(int queueCapacity, int maxBatch, Path exportDirectory, Duration exportInterval,
                            int retentionDays, Duration interruptedAfter, boolean recoverIntentsOnOpen,
                            int blockBatches, Duration blockInterval) {

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
        if (blockBatches < 1 || blockBatches > 1_000) {
            throw new IllegalArgumentException("audit blockBatches: " + blockBatches + " (expected: 1..1000)");
        }
        Objects.requireNonNull(blockInterval, "blockInterval");
        if (blockInterval.toMillis() < 1 || blockInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("audit blockInterval: " + blockInterval + " (expected: PT0.001S..PT1H)");
        }
    }

    /**
     * 16,384 queued, batches of 1,000, no export, 5-minute export files, keep everything, 15 minutes, single node,
     * blocks of up to 64 group commits signed within 1 second.
     */
    public static AuditSettings defaults() {
        return new AuditSettings(16_384, 1_000, null, Duration.ofMinutes(5), 0, Duration.ofMinutes(15), true,
                64, Duration.ofSeconds(1));
    }

    /** Blocks of at most {@code batches} group commits, signed at the latest {@code interval} after they open. */
    public AuditSettings withBlocks(int batches, Duration interval) {
        return new AuditSettings(queueCapacity, maxBatch, exportDirectory, exportInterval, retentionDays, interruptedAfter,
                recoverIntentsOnOpen, batches, interval);
    }

    public AuditSettings withExport(Path directory, Duration interval) {
        return new AuditSettings(queueCapacity, maxBatch, directory, interval, retentionDays, interruptedAfter, recoverIntentsOnOpen,
                blockBatches, blockInterval);
    }

    public AuditSettings withRetentionDays(int days) {
        return new AuditSettings(queueCapacity, maxBatch, exportDirectory, exportInterval, days, interruptedAfter, recoverIntentsOnOpen,
                blockBatches, blockInterval);
    }

    public AuditSettings withQueue(int capacity, int batch) {
        return new AuditSettings(capacity, batch, exportDirectory, exportInterval, retentionDays, interruptedAfter, recoverIntentsOnOpen,
                blockBatches, blockInterval);
    }

    /** For nodes sharing a PostgreSQL database: pending intents are recovered only once older than {@code after}. */
    public AuditSettings shared(Duration after) {
        return new AuditSettings(queueCapacity, maxBatch, exportDirectory, exportInterval, retentionDays, after, false,
                blockBatches, blockInterval);
    }
}
