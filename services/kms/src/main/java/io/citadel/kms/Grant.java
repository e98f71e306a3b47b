package io.citadel.kms;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A grant on one key: who may do which operations, under which encryption-context constraint, and
 * who may retire it. Grants take effect at once (no eventual consistency), so grant tokens are
 * accepted but never needed.
 */
public record Grant(String grantId, String keyId, String name, String granteePrincipal, String retiringPrincipal,
             String issuingAccount, List<String> operations, Map<String, String> contextSubset,
             Map<String, String> contextEquals, Instant creationDate) {

    /** The operations a grant can allow (GrantOperation). */
    static final Set<String> OPERATIONS = Set.of("Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
            "ReEncryptFrom", "ReEncryptTo", "Sign", "Verify", "GetPublicKey", "CreateGrant", "RetireGrant", "DescribeKey",
            "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GenerateMac", "VerifyMac", "DeriveSharedSecret");

    /** Operations that may carry an encryption-context constraint (cryptographic operations on symmetric keys). */
    static final Set<String> CONSTRAINABLE = Set.of("Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
            "ReEncryptFrom", "ReEncryptTo", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "CreateGrant",
            "RetireGrant");

    public Grant {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(granteePrincipal, "granteePrincipal");
        operations = List.copyOf(operations);
        contextSubset = contextSubset == null ? null : Map.copyOf(contextSubset);
        contextEquals = contextEquals == null ? null : Map.copyOf(contextEquals);
    }

    /**
     * Whether a grantee using this grant's CreateGrant may create a grant of {@code ops} with these
     * constraints: AWS allows only a subset of this grant's operations, under constraints at least as
     * strict as this grant's.
     */
    boolean allowsChild(List<String> ops, Map<String, String> childSubset, Map<String, String> childEquals) {
        if (!operations.containsAll(ops)) {
            return false;
        }
        if (contextEquals != null) {
            return contextEquals.equals(childEquals);
        }
        if (contextSubset != null) {
            Map<String, String> child = childEquals != null ? childEquals : childSubset;
            return child != null && child.entrySet().containsAll(contextSubset.entrySet());
        }
        return true;
    }

    /** Whether the constraint admits a request's encryption context (null constraint: any context). */
    boolean admits(Map<String, String> context) {
        Map<String, String> actual = context == null ? Map.of() : context;
        if (contextEquals != null && !contextEquals.equals(actual)) {
            return false;
        }
        if (contextSubset != null) {
            for (var e : contextSubset.entrySet()) {
                if (!e.getValue().equals(actual.get(e.getKey()))) {
                    return false;
                }
            }
        }
        return true;
    }
}
