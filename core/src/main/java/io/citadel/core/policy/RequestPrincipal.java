package io.citadel.core.policy;

import java.util.Map;
import java.util.Objects;

/**
 * The authenticated caller as policy evaluation sees it. For an assumed role {@code arn} is the
 * session ARN ({@code arn:aws:sts::ACCT:assumed-role/NAME/SESSION}) and {@code roleArn} the role's
 * IAM ARN with its path; for a service principal {@code arn} is the service name and
 * {@code accountId} is null.
 */
public record RequestPrincipal(
        PrincipalType type,
        String arn,
        String accountId,
        String userId,
        String userName,
        String roleArn,
        Map<String, String> tags) {

    public RequestPrincipal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(arn, "arn");
        if (type != PrincipalType.SERVICE) {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(userId, "userId");
        }
        if (type == PrincipalType.ASSUMED_ROLE) {
            Objects.requireNonNull(roleArn, "roleArn (required for ASSUMED_ROLE)");
        }
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** The root user of {@code accountId}: ARN {@code arn:aws:iam::ACCT:root}, user id the account id. */
    public static RequestPrincipal root(String accountId) {
        return new RequestPrincipal(PrincipalType.ROOT, rootArn(accountId), accountId, accountId, null, null, Map.of());
    }

    /** An IAM user; {@code path} is "/" or "/a/b/". */
    public static RequestPrincipal user(String accountId, String path, String userName, String userId,
                                        Map<String, String> tags) {
        return new RequestPrincipal(PrincipalType.IAM_USER, "arn:aws:iam::" + accountId + ":user" + path + userName,
                accountId, userId, userName, null, tags);
    }

    /**
     * A role session: {@code userId} becomes {@code ROLEID:session} as {@code aws:userid} reports it,
     * and {@code tags} are the role's tags merged with session tags.
     */
    public static RequestPrincipal assumedRole(String accountId, String path, String roleName, String roleId,
                                               String sessionName, Map<String, String> tags) {
        return new RequestPrincipal(PrincipalType.ASSUMED_ROLE,
                "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName,
                accountId, roleId + ":" + sessionName, null,
                "arn:aws:iam::" + accountId + ":role" + path + roleName, tags);
    }

    /** An AWS service acting for itself, e.g. {@code cloudtrail.amazonaws.com}. */
    public static RequestPrincipal service(String serviceName) {
        return new RequestPrincipal(PrincipalType.SERVICE, serviceName, null, null, null, null, Map.of());
    }

    static String rootArn(String accountId) {
        return "arn:aws:iam::" + accountId + ":root";
    }

    /** The ARN that {@code aws:PrincipalArn} reports: the role ARN for role sessions. */
    public String principalArn() {
        return type == PrincipalType.ASSUMED_ROLE ? roleArn : arn;
    }
}
