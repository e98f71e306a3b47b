package io.citadel.core.policy;

/**
 * The kind of caller, which decides how resource-based policies and permissions boundaries combine
 * (AWS "Policy evaluation for requests within a single account") and the value of
 * {@code aws:PrincipalType}.
 */
public enum PrincipalType {
    /** The account root user; {@code aws:PrincipalType} "Account". */
    ROOT("Account"),
    /** An IAM user signing with its own credentials; "User". */
    IAM_USER("User"),
    /** A role session from AssumeRole; "AssumedRole". */
    ASSUMED_ROLE("AssumedRole"),
    /** An AWS service principal such as {@code cloudtrail.amazonaws.com}; no aws:PrincipalType. */
    SERVICE(null);

    private final String contextValue;

    PrincipalType(String contextValue) {
        this.contextValue = contextValue;
    }

    /** The {@code aws:PrincipalType} value, or null when AWS sets none. */
    public String contextValue() {
        return contextValue;
    }
}
