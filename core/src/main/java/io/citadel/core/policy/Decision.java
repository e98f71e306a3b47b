package io.citadel.core.policy;

/**
 * The result of evaluating a request: the outcome, the statement that decided it (the explicit
 * Deny, or the Allow that granted; null for an implicit deny or the root user's own-account
 * access), and a short fixed reason for logs and Simulate* output.
 */
public record Decision(Outcome outcome, StatementRef decidedBy, String reason) {

    public enum Outcome { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY }

    public boolean isAllowed() {
        return outcome == Outcome.ALLOW;
    }
}
