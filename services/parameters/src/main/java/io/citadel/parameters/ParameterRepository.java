package io.citadel.parameters;

import io.citadel.core.json.ParsedRecords;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.Entry;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Transaction;
import java.util.List;
import java.util.Optional;

/**
 * Where parameters live in storage, read and written inside one transaction. Keys (docs/parameters.md):
 * {@code {account}/{region}/ssm/p/{name}} head, {@code .../ssm/v/{name}#{version, 19 digits}} versions,
 * {@code .../ssm/count} the per-tier counts, {@code .../ssm/setting/{id}} service settings. '#' cannot
 * occur in a name, so one parameter's versions never interleave with another's.
 */
final class ParameterRepository {

    /** Parsed heads and versions by their stored bytes (hot paths re-read the same records). */
    static final ParsedRecords<StoredParameter> HEADS = new ParsedRecords<>(StoredParameter.class, 4096);
    static final ParsedRecords<ParameterVersion> VERSIONS = new ParsedRecords<>(ParameterVersion.class, 4096);

    private ParameterRepository() {
    }

    static String base(String accountId, String region) {
        return accountId + "/" + region + "/ssm/";
    }

    static String headPrefix(String accountId, String region) {
        return base(accountId, region) + "p/";
    }

    static String headKey(String accountId, String region, String name) {
        return headPrefix(accountId, region) + name;
    }

    static String versionsPrefix(String accountId, String region, String name) {
        return base(accountId, region) + "v/" + name + "#";
    }

    static String versionKey(String accountId, String region, String name, long version) {
        return versionsPrefix(accountId, region, name) + String.format("%019d", version);
    }

    static Optional<StoredParameter> head(Transaction tx, String accountId, String region, String name) {
        return tx.get(headKey(accountId, region, name)).map(HEADS::read);
    }

    static void putHead(Transaction tx, String accountId, String region, StoredParameter p) {
        tx.put(headKey(accountId, region, p.name()), StoredJson.write(p));
    }

    static Optional<ParameterVersion> version(Transaction tx, String accountId, String region, String name, long version) {
        return tx.get(versionKey(accountId, region, name, version)).map(VERSIONS::read);
    }

    static void putVersion(Transaction tx, String accountId, String region, ParameterVersion v) {
        tx.put(versionKey(accountId, region, v.name(), v.version()), StoredJson.write(v));
    }

    static void deleteVersion(Transaction tx, String accountId, String region, String name, long version) {
        tx.delete(versionKey(accountId, region, name, version));
    }

    /** Every stored version of one parameter, oldest first (at most 100). */
    static List<ParameterVersion> versions(Transaction tx, String accountId, String region, String name) {
        return tx.scanAll(versionsPrefix(accountId, region, name)).stream()
                .map(e -> VERSIONS.read(e.value())).toList();
    }

    static void deleteAll(Transaction tx, String accountId, String region, String name) {
        for (Entry e : tx.scanAll(versionsPrefix(accountId, region, name))) {
            tx.delete(e.key());
        }
        tx.delete(headKey(accountId, region, name));
    }

    static ScanPage scanHeads(Transaction tx, String prefix, String startAfter, int limit) {
        return tx.scan(prefix, startAfter, limit);
    }

    /** How many Standard and Advanced parameters the account has in the region. */
    record Counts(long standard, long advanced) {

        Counts plus(ParameterTier tier, long delta) {
            return tier == ParameterTier.ADVANCED ? new Counts(standard, advanced + delta) : new Counts(standard + delta, advanced);
        }

        long of(ParameterTier tier) {
            return tier == ParameterTier.ADVANCED ? advanced : standard;
        }
    }

    static Counts counts(Transaction tx, String accountId, String region) {
        return tx.get(base(accountId, region) + "count").map(b -> StoredJson.read(b, Counts.class)).orElse(new Counts(0, 0));
    }

    static void putCounts(Transaction tx, String accountId, String region, Counts counts) {
        tx.put(base(accountId, region) + "count", StoredJson.write(counts));
    }
}
