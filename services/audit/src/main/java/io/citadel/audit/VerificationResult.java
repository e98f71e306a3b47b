package io.citadel.audit;

import java.util.List;

/**
 * What {@link AuditVerifier} found. {@link #ok()} is false when any finding exists; {@link #first()}
 * is the earliest one in chain order. Intents without a final event are reported separately: they
 * are a crash's trace, not tampering.
 *
 * @param recordsChecked log records walked
 * @param firstSeq       where the chain starts (after retention), 1 for a full chain
 * @param lastSeq        the head's sequence number, 0 for an empty chain
 * @param findings       tampering found, earliest first
 * @param interrupted    sequence numbers of intents that have no final event (shown as Interrupted)
 */
public record VerificationResult(long recordsChecked, long firstSeq, long lastSeq, List<Finding> findings,
                                 List<Long> interrupted) {

    /** How the chain was changed. */
    public enum Kind { MODIFIED, DELETED, INSERTED, REORDERED }

    /**
     * One problem at one position.
     *
     * @param sequence the chain position (log sequence number)
     * @param eventId  the event id when it could still be read, else null
     */
    public record Finding(Kind kind, long sequence, String eventId, String detail) {
        @Override
        public String toString() {
            return kind + " at sequence " + sequence + (eventId == null ? "" : " (eventID " + eventId + ")") + ": " + detail;
        }
    }

    public VerificationResult {
        findings = List.copyOf(findings);
        interrupted = List.copyOf(interrupted);
    }

    public boolean ok() {
        return findings.isEmpty();
    }

    public Finding first() {
        return findings.isEmpty() ? null : findings.getFirst();
    }

    /** 0 when the chain verified, 1 when it did not: what a CLI exits with. */
    public int exitCode() {
        return ok() ? 0 : 1;
    }

    /** One line for people: "ok: ..." or the first finding. */
    public String summary() {
        return ok()
                ? "ok: " + recordsChecked + " records, sequence " + firstSeq + ".." + lastSeq + ", " + interrupted.size() + " interrupted"
                : "TAMPERED: " + first() + (findings.size() > 1 ? " (and " + (findings.size() - 1) + " more)" : "");
    }
}
