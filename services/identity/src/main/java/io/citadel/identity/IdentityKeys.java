package io.citadel.identity;

import java.util.Locale;

/**
 * Storage keys of the identity service (every one is listed in docs/iam.md). IAM is global, so its
 * region segment is {@code aws-global}; accounts, access keys and STS sessions are looked up before
 * any account is known, so they live under the {@code global} namespace. Names are lower-cased in
 * keys because IAM names are unique regardless of case.
 */
final class IdentityKeys {

    static final String ACCOUNTS = "global/iam/accounts/";
    static final String ACCESS_KEYS = "global/iam/access-keys/";
    static final String ACCESS_KEY_LAST_USED = "global/iam/access-key-last-used/";
    static final String SESSIONS = "global/iam/sessions/";

    private IdentityKeys() {
    }

    static String account(String accountId) {
        return ACCOUNTS + accountId;
    }

    static String accessKey(String accessKeyId) {
        return ACCESS_KEYS + accessKeyId;
    }

    static String accessKeyLastUsed(String accessKeyId) {
        return ACCESS_KEY_LAST_USED + accessKeyId;
    }

    static String session(String accessKeyId) {
        return SESSIONS + accessKeyId;
    }

    static String iam(String accountId) {
        return accountId + "/aws-global/iam/";
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    static String usersPrefix(String accountId) {
        return iam(accountId) + "users/";
    }

    static String user(String accountId, String userName) {
        return usersPrefix(accountId) + lower(userName);
    }

    /** Index of one principal's keys: {@code #root} for the root user, else the lower-cased user name. */
    static String principalKeysPrefix(String accountId, String userNameOrNull) {
        String principal = userNameOrNull == null ? "#root" : lower(userNameOrNull);
        return iam(accountId) + "access-key-index/" + principal + "/";
    }

    static String groupsPrefix(String accountId) {
        return iam(accountId) + "groups/";
    }

    static String group(String accountId, String groupName) {
        return groupsPrefix(accountId) + lower(groupName);
    }

    /** Members of a group, one empty-valued key per lower-cased user name. */
    static String groupMembersPrefix(String accountId, String groupName) {
        return iam(accountId) + "group-members/" + lower(groupName) + "/";
    }

    /** The groups of a user, one empty-valued key per lower-cased group name (reverse of group-members). */
    static String userGroupsPrefix(String accountId, String userName) {
        return iam(accountId) + "user-groups/" + lower(userName) + "/";
    }

    static String rolesPrefix(String accountId) {
        return iam(accountId) + "roles/";
    }

    static String role(String accountId, String roleName) {
        return rolesPrefix(accountId) + lower(roleName);
    }

    static String inlinePoliciesPrefix(String accountId, EntityKind kind, String entityName) {
        return iam(accountId) + "inline-policies/" + kind.segment() + "/" + lower(entityName) + "/";
    }

    static String inlinePolicy(String accountId, EntityKind kind, String entityName, String policyName) {
        return inlinePoliciesPrefix(accountId, kind, entityName) + lower(policyName);
    }

    static String attachmentsPrefix(String accountId, EntityKind kind, String entityName) {
        return iam(accountId) + "attachments/" + kind.segment() + "/" + lower(entityName) + "/";
    }

    static String attachment(String accountId, EntityKind kind, String entityName, String policyName) {
        return attachmentsPrefix(accountId, kind, entityName) + lower(policyName);
    }

    static String managedPoliciesPrefix(String accountId) {
        return iam(accountId) + "policies/";
    }

    static String managedPolicy(String accountId, String policyName) {
        return managedPoliciesPrefix(accountId) + lower(policyName);
    }

    static String policyVersionsPrefix(String accountId, String policyName) {
        return iam(accountId) + "policy-versions/" + lower(policyName) + "/";
    }

    static String policyVersion(String accountId, String policyName, String versionId) {
        return policyVersionsPrefix(accountId, policyName) + versionId;
    }
}
