package io.citadel.pca;

import io.citadel.core.json.ParsedRecords;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.Entry;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where ACM PCA lives in storage (docs/pca.md): under {@code {account}/{region}/acm-pca/}, {@code ca/{id}} a CA,
 * {@code key/{id}} its private key (PKCS#8; the barrier seals it like every value), {@code cert/{id}/{serial}} an issued
 * certificate, {@code crl/{id}} the CA's current CRL, {@code idem/...} idempotency tokens, {@code report/{id}/{reportId}}
 * audit reports. {@code acm-pca/ca-index/{id}} maps a CA id to its account and region, for the public CRL and OCSP URLs
 * that name only the id.
 */
final class PcaRepository {

    private static final ParsedRecords<StoredAuthority> AUTHORITIES = new ParsedRecords<>(StoredAuthority.class, 1024);
    private static final ParsedRecords<IndexEntry> INDEX = new ParsedRecords<>(IndexEntry.class, 1024);

    /** Account and region of a CA, for the public endpoints. */
    record IndexEntry(String account, String region) {
    }

    /** The latest CRL of a CA. */
    record PublishedCrl(long number, byte[] der, java.time.Instant thisUpdate, java.time.Instant nextUpdate) {
    }

    /** What an idempotency token stood for, and when it was first used. */
    record Idempotency(String arn, java.time.Instant at) {
    }

    private PcaRepository() {
    }

    static String base(String account, String region) {
        return account + "/" + region + "/acm-pca/";
    }

    static String caPrefix(String account, String region) {
        return base(account, region) + "ca/";
    }

    static Optional<StoredAuthority> authority(Transaction tx, String account, String region, String id) {
        return tx.get(caPrefix(account, region) + id).map(AUTHORITIES::read);
    }

    static void putAuthority(Transaction tx, StoredAuthority ca) {
        tx.put(caPrefix(ca.account(), ca.region()) + ca.id(), StoredJson.write(ca));
        tx.put(indexKey(ca.id()), StoredJson.write(new IndexEntry(ca.account(), ca.region())));
    }

    static Optional<IndexEntry> index(Transaction tx, String id) {
        return tx.get(indexKey(id)).map(INDEX::read);
    }

    private static String indexKey(String id) {
        return "acm-pca/ca-index/" + id;
    }

    static void putKey(Transaction tx, StoredAuthority ca, byte[] privatePkcs8) {
        tx.put(base(ca.account(), ca.region()) + "key/" + ca.id(), privatePkcs8);
    }

    /** The CA's private key under the barrier (absent for a CA whose key is in KMS). */
    static byte[] key(Transaction tx, StoredAuthority ca) {
        return tx.get(base(ca.account(), ca.region()) + "key/" + ca.id())
                .orElseThrow(() -> new IllegalStateException("the private key of " + ca.arn() + " is missing"));
    }

    static ScanPage authorities(Transaction tx, String account, String region, String after, int limit) {
        return tx.scan(caPrefix(account, region), after, limit);
    }

    private static String certPrefix(StoredAuthority ca) {
        return base(ca.account(), ca.region()) + "cert/" + ca.id() + "/";
    }

    static Optional<StoredCertificate> certificate(Transaction tx, StoredAuthority ca, String serialHex) {
        return tx.get(certPrefix(ca) + serialHex).map(b -> StoredJson.read(b, StoredCertificate.class));
    }

    /** The stored bytes of a certificate record: what OCSP compares to know whether a pre-produced answer still holds. */
    static Optional<byte[]> certificateRecord(Transaction tx, StoredAuthority ca, String serialHex) {
        return tx.get(certPrefix(ca) + serialHex);
    }

    static StoredCertificate readCertificate(byte[] record) {
        return StoredJson.read(record, StoredCertificate.class);
    }

    static void putCertificate(Transaction tx, StoredAuthority ca, StoredCertificate cert) {
        putCertificate(tx, ca, cert.serial(), StoredJson.write(cert));
    }

    /** Stores a certificate record serialized beforehand, so the transaction body only writes. */
    static void putCertificate(Transaction tx, StoredAuthority ca, String serialHex, byte[] record) {
        tx.put(certPrefix(ca) + serialHex, record);
    }

    /** Every certificate of a CA, page by page (a revocation list, an audit report). */
    static List<StoredCertificate> certificates(Transaction tx, StoredAuthority ca) {
        List<StoredCertificate> out = new ArrayList<>();
        for (Entry e : tx.scanAll(certPrefix(ca))) {
            out.add(StoredJson.read(e.value(), StoredCertificate.class));
        }
        return out;
    }

    /** The revoked ones, from the revocation index (kept beside the certificates so a CRL never reads every certificate). */
    static List<StoredCertificate> revoked(Transaction tx, StoredAuthority ca) {
        List<StoredCertificate> out = new ArrayList<>();
        for (Entry e : tx.scanAll(base(ca.account(), ca.region()) + "revoked/" + ca.id() + "/")) {
            certificate(tx, ca, new String(e.value(), java.nio.charset.StandardCharsets.US_ASCII)).ifPresent(out::add);
        }
        return out;
    }

    static void markRevoked(Transaction tx, StoredAuthority ca, String serialHex) {
        tx.put(base(ca.account(), ca.region()) + "revoked/" + ca.id() + "/" + serialHex,
                serialHex.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    static Optional<PublishedCrl> crl(Transaction tx, StoredAuthority ca) {
        return tx.get(base(ca.account(), ca.region()) + "crl/" + ca.id()).map(b -> StoredJson.read(b, PublishedCrl.class));
    }

    static void putCrl(Transaction tx, StoredAuthority ca, PublishedCrl crl) {
        tx.put(base(ca.account(), ca.region()) + "crl/" + ca.id(), StoredJson.write(crl));
    }

    static Optional<Idempotency> idempotency(Transaction tx, String account, String region, String scope, String token) {
        return tx.get(idemKey(account, region, scope, token)).map(b -> StoredJson.read(b, Idempotency.class));
    }

    static void putIdempotency(Transaction tx, String account, String region, String scope, String token, Idempotency value) {
        putIdempotency(tx, account, region, scope, token, StoredJson.write(value));
    }

    /** An {@link Idempotency} serialized beforehand. */
    static void putIdempotency(Transaction tx, String account, String region, String scope, String token, byte[] value) {
        tx.put(idemKey(account, region, scope, token), value);
    }

    private static String idemKey(String account, String region, String scope, String token) {
        // tokens may hold any printable Latin-1 character; hashing keeps the key within the storage key rules
        return base(account, region) + "idem/" + scope + "/" + io.citadel.core.crypto.Hashes.hex(
                io.citadel.core.crypto.Hashes.sha256(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    static void putReport(Transaction tx, StoredAuthority ca, AuditReports.Report report) {
        tx.put(base(ca.account(), ca.region()) + "report/" + ca.id() + "/" + report.id(), StoredJson.write(report));
    }

    static Optional<AuditReports.Report> report(Transaction tx, StoredAuthority ca, String reportId) {
        return tx.get(base(ca.account(), ca.region()) + "report/" + ca.id() + "/" + reportId)
                .map(b -> StoredJson.read(b, AuditReports.Report.class));
    }

    /** Removes the CA and everything under it: key, certificates, revocations, CRL, reports, index. */
    static void deleteAll(Transaction tx, StoredAuthority ca) {
        String base = base(ca.account(), ca.region());
        for (String prefix : List.of(certPrefix(ca), base + "revoked/" + ca.id() + "/", base + "report/" + ca.id() + "/")) {
            for (Entry e : tx.scanAll(prefix)) {
                tx.delete(e.key());
            }
        }
        tx.delete(base + "crl/" + ca.id());
        tx.delete(base + "key/" + ca.id());
        tx.delete(caPrefix(ca.account(), ca.region()) + ca.id());
        tx.delete(indexKey(ca.id()));
    }
}
