package io.citadel.identity;

import io.citadel.core.AccountId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Credentials issued by STS (ASIA... key id, secret, session token), stored sealed and valid until
 * {@code expiration}. A role session names its role by name and id, so that deleting the role (or
 * recreating one with the same name) ends the session; a GetSessionToken session names the user
 * ({@code userName} null: the root user).
 */
public record TemporaryCredential(String accessKeyId, String secretAccessKey, String sessionToken, String accountId,
                                  Kind kind, String userName, String roleName, String roleId, String roleSessionName,
                                  Instant createdAt, Instant expiration, String sessionPolicy, List<String> policyArns,
                                  List<Tag> sessionTags, List<String> transitiveTagKeys) {

    public enum Kind { ROLE_SESSION, SESSION_TOKEN }

    public TemporaryCredential {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        AccountId.requireValid(accountId);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiration, "expiration");
        if (kind == Kind.ROLE_SESSION) {
            Objects.requireNonNull(roleName, "roleName");
            Objects.requireNonNull(roleId, "roleId");
            Objects.requireNonNull(roleSessionName, "roleSessionName");
        }
        policyArns = policyArns == null ? List.of() : List.copyOf(policyArns);
        sessionTags = sessionTags == null ? List.of() : List.copyOf(sessionTags);
        transitiveTagKeys = transitiveTagKeys == null ? List.of() : List.copyOf(transitiveTagKeys);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiration);
    }

    @Override
    public String toString() {
        return "TemporaryCredential[accessKeyId=" + accessKeyId + ", accountId=" + accountId + ", kind=" + kind
                + ", role=" + roleName + ", session=" + roleSessionName + ", user=" + userName
                + ", expiration=" + expiration + "]";
    }
}
