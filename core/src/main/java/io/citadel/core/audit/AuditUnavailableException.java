package io.citadel.core.audit;

/** The audit trail could not make a record durable; the request must fail. */
public final class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
