package io.citadel.kms;

/**
 * Storage keys of the KMS service (listed in docs/kms.md). Keys, aliases and grants live in their
 * account's region namespace; the material of a multi-Region key lives once under the account's
 * {@code multi-region} namespace, shared by the primary and its replicas, so a rotation reaches
 * every region in the same write.
 */
final class KmsKeys {

    private KmsKeys() {
    }

    static String scope(String accountId, String region) {
        return accountId + "/" + region + "/kms/";
    }

    static String keys(String accountId, String region) {
        return scope(accountId, region) + "key/";
    }

    static String key(String accountId, String region, String keyId) {
        return keys(accountId, region) + keyId;
    }

    static String materials(String accountId, String region, String keyId) {
        String scope = keyId.startsWith("mrk-") ? accountId + "/multi-region/kms/" : scope(accountId, region);
        return scope + "material/" + keyId + "/";
    }

    static String material(String accountId, String region, String keyId, int version) {
        return materials(accountId, region, keyId) + String.format("%010d", version);
    }

    static String aliases(String accountId, String region) {
        return scope(accountId, region) + "alias/";
    }

    static String alias(String accountId, String region, String aliasName) {
        return aliases(accountId, region) + aliasName;
    }

    /** Index: the aliases of one key, for kms:ResourceAliases and key deletion. */
    static String keyAliases(String accountId, String region, String keyId) {
        return scope(accountId, region) + "key-alias/" + keyId + "/";
    }

    static String grants(String accountId, String region, String keyId) {
        return scope(accountId, region) + "grant/" + keyId + "/";
    }

    static String grant(String accountId, String region, String keyId, String grantId) {
        return grants(accountId, region, keyId) + grantId;
    }

    /** Index: grant id to key id, to find a grant by its id or token alone. */
    static String grantById(String accountId, String region, String grantId) {
        return scope(accountId, region) + "grant-id/" + grantId;
    }

    static String importParameters(String accountId, String region, String keyId) {
        return scope(accountId, region) + "import/" + keyId;
    }

    static String lastUsage(String accountId, String region, String keyId) {
        return scope(accountId, region) + "usage/" + keyId;
    }

    /** The id under which one key's scheduled jobs (deletion, rotation, import expiry) run. */
    static String jobId(KmsKey key) {
        return key.accountId() + "/" + key.region() + "/" + key.keyId();
    }
}
