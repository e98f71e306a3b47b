package io.citadel.core.audit;

/**
 * Where a service hands what it did on its own (a {@link ServiceEvent}) to be recorded in the audit
 * trail, as CloudTrail records AWS service events. Returns once the record is durable; throws
 * {@link AuditUnavailableException} when it cannot be made durable.
 */
public interface ServiceEventRecorder {

    void record(ServiceEvent event);

    /** Records nothing: for tests of a service alone, and for the benchmark-only audit-off node. */
    ServiceEventRecorder NONE = event -> { };
}
