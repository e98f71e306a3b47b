package io.citadel.protocol.sigv4;

import io.citadel.core.Principal;

/**
 * What the verifier needs to check a signature made with one access key: its secret and whose key
 * it is. {@code secretAccessKey} is the raw secret; callers must not log it.
 */
public record SigningCredential(String accessKeyId, String secretAccessKey, boolean active, Principal principal) {

    @Override
    public String toString() {
        return "SigningCredential[accessKeyId=" + accessKeyId + ", active=" + active + ", principal=" + principal.arn() + "]";
    }
}
