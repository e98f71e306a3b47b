package io.citadel.core.policy;

/**
 * A policy document that IAM would refuse. The message names the element and the value, e.g.
 * {@code Policy document: Statement[1].Effect: "Alow" (expected: Allow or Deny)}; the IAM and KMS
 * layers map it to MalformedPolicyDocument.
 */
public final class MalformedPolicyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public MalformedPolicyException(String message) {
        super(message);
    }
}
