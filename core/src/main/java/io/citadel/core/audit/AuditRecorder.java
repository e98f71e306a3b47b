package io.citadel.core.audit;

/**
 * Where the server hands every API call so that it is recorded durably before the client gets an
 * answer (fail-closed: when a record cannot be made durable the method throws
 * {@link AuditUnavailableException} and the request fails).
 *
 * <p>A call that may change state is announced with {@link #intend} before it runs and recorded
 * with {@link #record} after; a crash in between leaves the intent, so no change reaches storage
 * without a trace. Read-only calls are only recorded.
 */
public interface AuditRecorder {

    /** Makes the intent of a state-changing call durable; returns when it is. */
    void intend(ApiCall call);

    /** Makes the final event of a call durable; returns when it is. */
    void record(ApiCall call);

    /** Records nothing: for benchmarks that measure what auditing costs, never for serving. */
    AuditRecorder DISABLED = new AuditRecorder() {
        @Override
        public void intend(ApiCall call) {
        }

        @Override
        public void record(ApiCall call) {
        }
    };
}
