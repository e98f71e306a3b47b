package io.citadel.identity;

import java.util.Locale;

/**
 * Storage keys of the identity service. IAM is global, so its region segment is {@code aws-global};
 * accounts and the access-key index are looked up before any account is known, so they live under
 * the {@code global} namespace.
 */
final class IdentityKeys {

    static final String ACCOUNTS = "global/iam/accounts/";
    static final String ACCESS_KEYS = "global/iam/access-keys/";

    private IdentityKeys() {
    }

    static String account(String accountId) {
        return ACCOUNTS + accountId;
    }

    static String accessKey(String accessKeyId) {
        return ACCESS_KEYS + accessKeyId;
    }

    static String usersPrefix(String accountId) {
        return accountId + "/aws-global/iam/users/";
    }

    /** IAM user names are unique regardless of case. */
    static String user(String accountId, String userName) {
        return usersPrefix(accountId) + userName.toLowerCase(Locale.ROOT);
    }

    /** Index of one principal's keys: {@code #root} for the root user, else the lower-cased user name. */
    static String principalKeysPrefix(String accountId, String userNameOrNull) {
        String principal = userNameOrNull == null ? "#root" : userNameOrNull.toLowerCase(Locale.ROOT);
        return accountId + "/aws-global/iam/access-key-index/" + principal + "/";
    }
}
