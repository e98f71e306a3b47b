package io.citadel.protocol.sigv4;

import io.citadel.core.Principal;

/**
 * What the verifier needs to check a signature made with one access key: its secret and whose key
 * it is. {@code secretAccessKey} is the raw secret; callers must not log it. {@code sessionToken}
 * is set for temporary (STS) credentials: a request signed with them must carry exactly this token
 * in {@code X-Amz-Security-Token}; it is null for long-term keys.
 */
public record SigningCredential(String accessKeyId, String secretAccessKey, boolean active, Principal principal,
                                String sessionToken) {

    /** A long-term key, without a session token. */
    public SigningCredential(String accessKeyId, String secretAccessKey, boolean active, Principal principal) {
        this(accessKeyId, secretAccessKey, active, principal, null);
    }

    @Override
    public String toString() {
        return "SigningCredential[accessKeyId=" + accessKeyId + ", active=" + active + ", principal=" + principal.arn()
                + (sessionToken != null ? ", temporary" : "") + "]";
    }
}
