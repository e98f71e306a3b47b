package io.citadel.secrets;

import io.citadel.core.json.ParsedRecords;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.Entry;
import io.citadel.storage.Transaction;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where secrets live in storage (docs/secrets.md): {@code {account}/{region}/secretsmanager/s/{name}}
 * the head, {@code .../v/{name}#{versionId}} one version's protected value, {@code .../r/{name}} a
 * rotation in progress. '#' cannot occur in a name, so one secret's versions never interleave with
 * another's.
 */
final class SecretRepository {

    private static final ParsedRecords<StoredSecret> HEADS = new ParsedRecords<>(StoredSecret.class, 4096);
    private static final ParsedRecords<SecretVersion> VERSIONS = new ParsedRecords<>(SecretVersion.class, 4096);

    private SecretRepository() {
    }

    static String base(String account, String region) {
        return account + "/" + region + "/secretsmanager/";
    }

    static String headPrefix(String account, String region) {
        return base(account, region) + "s/";
    }

    static Optional<StoredSecret> head(Transaction tx, String account, String region, String name) {
        return head(tx::get, account, region, name);
    }

    private static Optional<StoredSecret> head(Function<String, Optional<byte[]>> get, String account, String region, String name) {
        return get.apply(headPrefix(account, region) + name).map(HEADS::read);
    }

    static void putHead(Transaction tx, StoredSecret s) {
        tx.put(headPrefix(s.account(), s.region()) + s.name(), StoredJson.write(s));
    }

    /** Every head of an account and region, page by page through storage's readers (no transaction: each head is one record). */
    static List<StoredSecret> heads(io.citadel.storage.Storage storage, String account, String region) {
        List<StoredSecret> out = new java.util.ArrayList<>();
        String after = null;
        io.citadel.storage.ScanPage page;
        do {
            page = storage.scan(headPrefix(account, region), after, io.citadel.storage.KeyRules.MAX_SCAN_LIMIT);
            page.entries().forEach(e -> out.add(HEADS.read(e.value())));
            after = page.lastKey().orElse(null);
        } while (page.hasMore());
        return out;
    }


    private static String versionKey(String account, String region, String name, String versionId) {
        return base(account, region) + "v/" + name + "#" + versionId;
    }

    static Optional<SecretVersion> version(Transaction tx, String account, String region, String name, String versionId) {
        return version(tx::get, account, region, name, versionId);
    }

    /** {@code get} is a transaction's or, for reads that need no transaction (one immutable record), the storage's own. */
    static Optional<SecretVersion> version(Function<String, Optional<byte[]>> get, String account, String region, String name,
                                           String versionId) {
        return get.apply(versionKey(account, region, name, versionId)).map(VERSIONS::read);
    }

    static void putVersion(Transaction tx, String account, String region, String name, SecretVersion v) {
        tx.put(versionKey(account, region, name, v.versionId()), StoredJson.write(v));
    }

    static void deleteVersion(Transaction tx, String account, String region, String name, String versionId) {
        tx.delete(versionKey(account, region, name, versionId));
    }

    static Optional<RotationState> rotation(Transaction tx, String account, String region, String name) {
        return tx.get(base(account, region) + "r/" + name).map(b -> StoredJson.read(b, RotationState.class));
    }

    static void putRotation(Transaction tx, String account, String region, String name, RotationState state) {
        tx.put(base(account, region) + "r/" + name, StoredJson.write(state));
    }

    static void deleteRotation(Transaction tx, String account, String region, String name) {
        tx.delete(base(account, region) + "r/" + name);
    }

    /** Removes the secret, every version and its rotation state. */
    static void deleteAll(Transaction tx, String account, String region, String name) {
        for (Entry e : tx.scanAll(base(account, region) + "v/" + name + "#")) {
            tx.delete(e.key());
        }
        deleteRotation(tx, account, region, name);
        tx.delete(headPrefix(account, region) + name);
    }

    /** Resolves a parsed SecretId: a full ARN must match the stored ARN; otherwise the name (or partial ARN's name). */
    static Optional<StoredSecret> find(Transaction tx, SecretNames.Id id, String region) {
        return find(tx::get, id, region);
    }

    /** As above, through {@code get}: a head is one record, so reads resolve it without a transaction (storage's readers). */
    static Optional<StoredSecret> find(Function<String, Optional<byte[]>> get, SecretNames.Id id, String region) {
        if (id.fullArn() != null) {
            Optional<StoredSecret> byFull = head(get, id.account(), region, id.name()).filter(s -> s.arn().equals(id.fullArn()));
            if (byFull.isPresent()) {
                return byFull;
            }
        }
        String name = id.partialName() != null ? id.partialName() : id.name();
        if (name == null || name.length() > SecretNames.MAX_NAME_CHARS || name.chars().anyMatch(c -> !SecretNames.isNameChar((char) c))) {
            return Optional.empty();
        }
        return head(get, id.account(), region, name);
    }
}
