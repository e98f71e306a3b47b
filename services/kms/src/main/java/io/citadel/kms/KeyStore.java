package io.citadel.kms;

import io.citadel.core.json.ParsedRecords;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.Entry;
import io.citadel.storage.Transaction;
import java.util.List;
import java.util.Optional;

/** The KMS repository: keys, material versions, aliases and grants read and written inside one transaction. */
final class KeyStore {

    /** Parsed key records by their stored bytes: every cryptographic call re-reads its key. */
    private static final ParsedRecords<KmsKey> KEYS = new ParsedRecords<>(KmsKey.class, 4096);

    private KeyStore() {
    }

    static Optional<KmsKey> key(Transaction tx, String accountId, String region, String keyId) {
        return tx.get(KmsKeys.key(accountId, region, keyId)).map(KEYS::read);
    }

    static void putKey(Transaction tx, KmsKey key) {
        tx.put(KmsKeys.key(key.accountId(), key.region(), key.keyId()), StoredJson.write(key));
    }

    static Optional<KeyMaterial> material(Transaction tx, KmsKey key, int version) {
        return tx.get(KmsKeys.material(key.accountId(), key.region(), key.keyId(), version))
                .map(b -> StoredJson.read(b, KeyMaterial.class));
    }

    static void putMaterial(Transaction tx, KmsKey key, KeyMaterial material) {
        tx.put(KmsKeys.material(key.accountId(), key.region(), key.keyId(), material.version()), StoredJson.write(material));
    }

    static List<KeyMaterial> materials(Transaction tx, KmsKey key) {
        return tx.scanAll(KmsKeys.materials(key.accountId(), key.region(), key.keyId())).stream()
                .map(e -> StoredJson.read(e.value(), KeyMaterial.class)).toList();
    }

    /** Destroys every material version of the key: its ciphertexts become undecryptable for good. */
    static void deleteMaterials(Transaction tx, KmsKey key) {
        for (Entry e : tx.scanAll(KmsKeys.materials(key.accountId(), key.region(), key.keyId()))) {
            tx.delete(e.key());
        }
    }

    static Optional<Alias> alias(Transaction tx, String accountId, String region, String aliasName) {
        return tx.get(KmsKeys.alias(accountId, region, aliasName)).map(b -> StoredJson.read(b, Alias.class));
    }

    static void putAlias(Transaction tx, String accountId, String region, Alias alias) {
        tx.put(KmsKeys.alias(accountId, region, alias.aliasName()), StoredJson.write(alias));
        tx.put(KmsKeys.keyAliases(accountId, region, alias.targetKeyId()) + alias.aliasName(), new byte[0]);
    }

    static void deleteAlias(Transaction tx, String accountId, String region, Alias alias) {
        tx.delete(KmsKeys.alias(accountId, region, alias.aliasName()));
        tx.delete(KmsKeys.keyAliases(accountId, region, alias.targetKeyId()) + alias.aliasName());
    }

    /** The alias names of one key, in name order. */
    static List<String> aliasesOf(Transaction tx, String accountId, String region, String keyId) {
        String prefix = KmsKeys.keyAliases(accountId, region, keyId);
        return tx.scanAll(prefix).stream().map(e -> e.key().substring(prefix.length())).toList();
    }

    static Optional<Grant> grant(Transaction tx, String accountId, String region, String keyId, String grantId) {
        return tx.get(KmsKeys.grant(accountId, region, keyId, grantId)).map(b -> StoredJson.read(b, Grant.class));
    }

    static void putGrant(Transaction tx, String accountId, String region, Grant grant) {
        tx.put(KmsKeys.grant(accountId, region, grant.keyId(), grant.grantId()), StoredJson.write(grant));
        tx.put(KmsKeys.grantById(accountId, region, grant.grantId()), grant.keyId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static void deleteGrant(Transaction tx, String accountId, String region, Grant grant) {
        tx.delete(KmsKeys.grant(accountId, region, grant.keyId(), grant.grantId()));
        tx.delete(KmsKeys.grantById(accountId, region, grant.grantId()));
    }

    static Optional<String> grantKeyId(Transaction tx, String accountId, String region, String grantId) {
        return tx.get(KmsKeys.grantById(accountId, region, grantId))
                .map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8));
    }

    static List<Grant> grants(Transaction tx, String accountId, String region, String keyId) {
        return tx.scanAll(KmsKeys.grants(accountId, region, keyId)).stream()
                .map(e -> StoredJson.read(e.value(), Grant.class)).toList();
    }

}
