package io.citadel.acm;

import io.citadel.core.crypto.Hashes;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.KeyRules;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where ACM keeps its state (docs/acm.md): {@code {account}/{region}/acm/c/{id}} a certificate, {@code .../m/{id}} its
 * PEM and private key, {@code .../t/{token}} an IdempotencyToken's certificate for an hour, {@code .../config} the
 * account configuration, and {@code global/acm/approvals/{sha256(token)}} an approval link of EMAIL validation.
 * Every value passes through the barrier, so private keys are sealed at rest.
 */
final class CertificateRepository {

    /** What an IdempotencyToken names until {@code expiresAt}. */
    record Token(String arn, Instant expiresAt) {
    }

    /** An approval link's target: one domain of one certificate, for its first issuance or a renewal. */
    record Approval(String account, String region, String id, String domainName, boolean renewal, Instant expiresAt) {
    }

    /** The account configuration (PutAccountConfiguration). */
    record AccountConfig(int daysBeforeExpiry) {
    }

    private CertificateRepository() {
    }

    private static String base(String account, String region) {
        return account + "/" + region + "/acm/";
    }

    static Optional<StoredCertificate> find(Transaction tx, String account, String region, String id) {
        return tx.get(base(account, region) + "c/" + id).map(b -> StoredJson.read(b, StoredCertificate.class));
    }

    static Optional<StoredCertificate> find(Storage storage, String account, String region, String id) {
        return storage.get(base(account, region) + "c/" + id).map(b -> StoredJson.read(b, StoredCertificate.class));
    }

    static void put(Transaction tx, StoredCertificate c) {
        tx.put(base(c.account(), c.region()) + "c/" + c.id(), StoredJson.write(c));
    }

    static Optional<StoredCertificate.Material> material(Transaction tx, String account, String region, String id) {
        return tx.get(base(account, region) + "m/" + id).map(b -> StoredJson.read(b, StoredCertificate.Material.class));
    }

    static Optional<StoredCertificate.Material> material(Storage storage, String account, String region, String id) {
        return material(storage.reads(), account, region, id);
    }

    static void putMaterial(Transaction tx, StoredCertificate c, StoredCertificate.Material m) {
        tx.put(base(c.account(), c.region()) + "m/" + c.id(), StoredJson.write(m));
    }

    static void delete(Transaction tx, StoredCertificate c) {
        tx.delete(base(c.account(), c.region()) + "c/" + c.id());
        tx.delete(base(c.account(), c.region()) + "m/" + c.id());
    }

    /** Every certificate of an account and region, page by page through storage's readers. */
    static List<StoredCertificate> all(Storage storage, String account, String region) {
        List<StoredCertificate> out = new ArrayList<>();
        String after = null;
        ScanPage page;
        do {
            page = storage.scan(base(account, region) + "c/", after, KeyRules.MAX_SCAN_LIMIT);
            page.entries().forEach(e -> out.add(StoredJson.read(e.value(), StoredCertificate.class)));
            after = page.lastKey().orElse(null);
        } while (page.hasMore());
        return out;
    }

    static int count(Transaction tx, String account, String region) {
        return tx.scanAll(base(account, region) + "c/").size();
    }

    static Optional<Token> token(Transaction tx, String account, String region, String token) {
        return tx.get(base(account, region) + "t/" + token).map(b -> StoredJson.read(b, Token.class));
    }

    static void putToken(Transaction tx, String account, String region, String token, Token value) {
        tx.put(base(account, region) + "t/" + token, StoredJson.write(value));
    }

    static AccountConfig config(Transaction tx, String account, String region) {
        return tx.get(base(account, region) + "config").map(b -> StoredJson.read(b, AccountConfig.class))
                .orElse(new AccountConfig(AcmSettings.DEFAULT_DAYS_BEFORE_EXPIRY));
    }

    static void putConfig(Transaction tx, String account, String region, AccountConfig config) {
        tx.put(base(account, region) + "config", StoredJson.write(config));
    }

    private static String approvalKey(String token) {
        return "global/acm/approvals/" + Hashes.hex(Hashes.sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    static Optional<Approval> approval(Transaction tx, String token) {
        return tx.get(approvalKey(token)).map(b -> StoredJson.read(b, Approval.class));
    }

    static void putApproval(Transaction tx, String token, Approval approval) {
        tx.put(approvalKey(token), StoredJson.write(approval));
    }

    static void deleteApproval(Transaction tx, String token) {
        tx.delete(approvalKey(token));
    }
}
