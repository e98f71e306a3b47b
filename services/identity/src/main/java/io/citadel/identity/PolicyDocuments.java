package io.citadel.identity;

import io.citadel.core.ServiceException;
import io.citadel.core.policy.MalformedPolicyException;
import io.citadel.core.policy.PolicyDocument;
import io.citadel.core.policy.PolicyKind;
import io.citadel.core.policy.PolicySize;

/**
 * Checks the policy documents IAM and STS accept before anything is stored, with core's policy
 * engine, and parses stored documents for evaluation. Sizes count characters without whitespace,
 * as IAM's quotas do.
 */
public final class PolicyDocuments {

    /** What a document is for: trust policies name principals, identity and session policies must not. */
    public enum Use {
        IDENTITY(PolicyKind.IDENTITY), TRUST(PolicyKind.TRUST), SESSION(PolicyKind.IDENTITY);

        private final PolicyKind kind;

        Use(PolicyKind kind) {
            this.kind = kind;
        }
    }

    private PolicyDocuments() {
    }

    public static int sizeWithoutWhitespace(String document) {
        return PolicySize.countIamCharacters(document);
    }

    /** Parses and validates, or throws MalformedPolicyDocument naming what is wrong. */
    public static PolicyDocument parse(String document, Use use) {
        if (document == null || document.isBlank()) {
            throw malformed("Syntax errors in policy.");
        }
        try {
            return PolicyDocument.parse(document, use.kind);
        } catch (MalformedPolicyException e) {
            throw malformed(e.getMessage());
        }
    }

    public static void validate(String document, Use use) {
        parse(document, use);
    }

    /** A document stored after validation, labelled for Decision reporting. */
    static PolicyDocument stored(String document, Use use, String label) {
        return PolicyDocument.parse(document, use.kind).named(label);
    }

    static ServiceException malformed(String message) {
        return new ServiceException(IdentityErrors.MALFORMED_POLICY_DOCUMENT, message);
    }
}
