package io.citadel.core;

import java.util.Objects;

/**
 * Who made a request, as SigV4 authentication established it. {@code arn} and {@code userId} are
 * formatted exactly as STS GetCallerIdentity reports them.
 */
public record Principal(Type type, String accountId, String arn, String userId, String userName, String accessKeyId) {

    public enum Type { ROOT, USER, ASSUMED_ROLE }

    public Principal {
        Objects.requireNonNull(type, "type");
        AccountId.requireValid(accountId);
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
    }

    /** The account's root user: arn {@code arn:aws:iam::<account>:root}, user id the account id. */
    public static Principal root(String accountId, String accessKeyId) {
        return new Principal(Type.ROOT, accountId, "arn:aws:iam::" + accountId + ":root", accountId, null, accessKeyId);
    }

    /**
     * A role session from STS AssumeRole: arn {@code arn:aws:sts::<account>:assumed-role/<role>/<session>},
     * user id {@code <role id>:<session>}; {@code userName} carries the session name.
     */
    public static Principal assumedRole(String accountId, String roleName, String sessionName, String roleId,
                                        String accessKeyId) {
        return new Principal(Type.ASSUMED_ROLE, accountId,
                "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName,
                roleId + ":" + sessionName, sessionName, accessKeyId);
    }

    /** An IAM user: arn {@code arn:aws:iam::<account>:user<path><name>}, user id its AIDA... id. */
    public static Principal user(String accountId, String path, String userName, String userId, String accessKeyId) {
        return new Principal(Type.USER, accountId, "arn:aws:iam::" + accountId + ":user" + path + userName,
                userId, userName, accessKeyId);
    }
}
