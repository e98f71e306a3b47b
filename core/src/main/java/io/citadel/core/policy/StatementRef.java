package io.citadel.core.policy;

/**
 * Points at the statement that decided a request.
 *
 * @param source the kind of policy
 * @param policyIndex position in {@link PolicySet#identityPolicies()} or
 *     {@link PolicySet#sessionPolicies()}; 0 for the resource policy and the boundary
 * @param policyName the label from {@link PolicyDocument#named}, or null
 * @param statement the statement itself
 */
public record StatementRef(PolicySource source, int policyIndex, String policyName, Statement statement) {

    public int statementIndex() {
        return statement.index();
    }

    public String sid() {
        return statement.sid();
    }
}
