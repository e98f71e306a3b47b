package io.citadel.acme;

import io.citadel.core.json.StoredJson;
import io.citadel.storage.Entry;
import io.citadel.storage.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where ACME lives in the sealed storage (docs/acme.md): {@code global/acme/directory/{name}} the directory records, and
 * under {@code {account}/{region}/acme/{name}/} (the CA's namespace) {@code acct/{id}}, {@code key/{thumbprint}}
 * (account by key), {@code order/{id}}, {@code acct-order/{accountId}/{orderId}}, {@code authz/{id}},
 * {@code cert/{id}}, {@code serial/{hex}} and {@code eab/{keyId}}.
 */
final class AcmeRepository {

    static final String DIRECTORIES = "global/acme/directory/";

    private AcmeRepository() {
    }

    static String base(AcmeDirectory d) {
        return d.account() + "/" + d.region() + "/acme/" + d.name() + "/";
    }

    static Optional<AcmeDirectory> directory(Transaction tx, String name) {
        return tx.get(DIRECTORIES + name).map(b -> StoredJson.read(b, AcmeDirectory.class));
    }

    static void putDirectory(Transaction tx, AcmeDirectory d) {
        tx.put(DIRECTORIES + d.name(), StoredJson.write(d));
    }

    static boolean deleteDirectory(Transaction tx, String name) {
        return tx.delete(DIRECTORIES + name);
    }

    static List<AcmeDirectory> directories(Transaction tx) {
        List<AcmeDirectory> out = new ArrayList<>();
        for (Entry e : tx.scanAll(DIRECTORIES)) {
            out.add(StoredJson.read(e.value(), AcmeDirectory.class));
        }
        return out;
    }

    static Optional<AcmeAccount> account(Transaction tx, AcmeDirectory d, String id) {
        return read(tx, base(d) + "acct/" + id, AcmeAccount.class);
    }

    static void putAccount(Transaction tx, AcmeDirectory d, AcmeAccount a) {
        tx.put(base(d) + "acct/" + a.id(), StoredJson.write(a));
    }

    static Optional<String> accountIdByKey(Transaction tx, AcmeDirectory d, String thumbprint) {
        return tx.get(base(d) + "key/" + thumbprint).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8));
    }

    static void putKeyIndex(Transaction tx, AcmeDirectory d, String thumbprint, String accountId) {
        tx.put(base(d) + "key/" + thumbprint, accountId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static void deleteKeyIndex(Transaction tx, AcmeDirectory d, String thumbprint) {
        tx.delete(base(d) + "key/" + thumbprint);
    }

    static Optional<AcmeOrder> order(Transaction tx, AcmeDirectory d, String id) {
        return read(tx, base(d) + "order/" + id, AcmeOrder.class);
    }

    static void putOrder(Transaction tx, AcmeDirectory d, AcmeOrder o) {
        tx.put(base(d) + "order/" + o.id(), StoredJson.write(o));
        tx.put(base(d) + "acct-order/" + o.accountId() + "/" + o.id(), new byte[0]);
    }

    static List<String> orderIds(Transaction tx, AcmeDirectory d, String accountId) {
        String prefix = base(d) + "acct-order/" + accountId + "/";
        List<String> out = new ArrayList<>();
        for (Entry e : tx.scanAll(prefix)) {
            out.add(e.key().substring(prefix.length()));
        }
        return out;
    }

    static Optional<AcmeAuthorization> authorization(Transaction tx, AcmeDirectory d, String id) {
        return read(tx, base(d) + "authz/" + id, AcmeAuthorization.class);
    }

    static void putAuthorization(Transaction tx, AcmeDirectory d, AcmeAuthorization a) {
        tx.put(base(d) + "authz/" + a.id(), StoredJson.write(a));
    }

    static Optional<AcmeCertificate> certificate(Transaction tx, AcmeDirectory d, String id) {
        return read(tx, base(d) + "cert/" + id, AcmeCertificate.class);
    }

    static void putCertificate(Transaction tx, AcmeDirectory d, AcmeCertificate c) {
        tx.put(base(d) + "cert/" + c.id(), StoredJson.write(c));
        tx.put(base(d) + "serial/" + c.serialHex(), c.id().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static Optional<String> certificateIdBySerial(Transaction tx, AcmeDirectory d, String serialHex) {
        return tx.get(base(d) + "serial/" + serialHex).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8));
    }

    static Optional<ExternalAccountKey> externalAccountKey(Transaction tx, AcmeDirectory d, String keyId) {
        return read(tx, base(d) + "eab/" + keyId, ExternalAccountKey.class);
    }

    static void putExternalAccountKey(Transaction tx, AcmeDirectory d, ExternalAccountKey k) {
        tx.put(base(d) + "eab/" + k.keyId(), StoredJson.write(k));
    }

    private static <T> Optional<T> read(Transaction tx, String key, Class<T> type) {
        return tx.get(key).map(b -> StoredJson.read(b, type));
    }
}
