package io.citadel.core.policy;

/**
 * Policy size as IAM counts it against its quotas: characters, not counting white space. Callers
 * enforce the quota that applies (IAM returns LimitExceeded / MalformedPolicyDocument); KMS instead
 * limits a key policy to 32 KiB of UTF-8 bytes including white space.
 */
public final class PolicySize {

    /** Aggregate inline policies of one IAM user. */
    public static final int USER_INLINE_MAX = 2048;
    /** Aggregate inline policies of one IAM group. */
    public static final int GROUP_INLINE_MAX = 5120;
    /** Aggregate inline policies of one IAM role. */
    public static final int ROLE_INLINE_MAX = 10240;
    /** One customer managed policy (also a permissions boundary). */
    public static final int MANAGED_MAX = 6144;
    /** Role trust policy (default quota). */
    public static final int TRUST_MAX = 2048;
    /** KMS key policy, in bytes, white space included. */
    public static final int KEY_POLICY_MAX_BYTES = 32768;

    private PolicySize() {
    }

    /** Characters of {@code json} that are not white space (space, tab, CR, LF), as IAM counts. */
    public static int countIamCharacters(String json) {
        int n = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                n++;
            }
        }
        return n;
    }
}
