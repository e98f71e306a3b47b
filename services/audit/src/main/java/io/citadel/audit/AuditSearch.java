package io.citadel.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.audit.ChainRecords.Kind;
import io.citadel.audit.ChainRecords.LogRecord;
import io.citadel.core.ServiceException;
import io.citadel.core.crypto.Hashes;
import io.citadel.storage.Entry;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers LookupEvents from the indexes: rows keyed {@code <scope><attribute>/<value>/<inverted
 * second>/<inverted newest seq>}, each holding the sequence numbers of one block's events with that
 * attribute value in that second, newest first, plus the open block's tail rows (one per batch). A
 * lookup scans one attribute value's rows from the end of the time range and reads only the events it returns. NextTokens are HMAC'd and bound to the
 * question, so a forged or reused-elsewhere token is refused.
 */
final class AuditSearch {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS_PER_SCAN = 64;
    private static final int FINGERPRINT_BYTES = 16;
    private static final int MAC_BYTES = 16;

    private final Storage storage;
    private final SigningKeys keys;

    AuditSearch(Storage storage, SigningKeys keys) {
        this.storage = storage;
        this.keys = keys;
    }

    /** Events of one account in one region (the principal's view). */
    LookupPage lookup(String accountId, String region, LookupQuery query) {
        return search(AuditKeys.indexScope(accountId, region), accountId, region, query);
    }

    /** Events of every account and region (the operator's view). */
    LookupPage lookupAll(LookupQuery query) {
        return search(AuditKeys.GLOBAL_INDEX, null, null, query);
    }

    private LookupPage search(String scope, String accountId, String region, LookupQuery q) {
        Map<Long, List<LogRecord>> chunks = new HashMap<>();
        byte[] fingerprint = fingerprint(scope, q);
        Cursor cursor = q.nextToken() == null ? null : decodeToken(q.nextToken(), fingerprint);
        if ("EventId".equals(q.attributeKey())) {
            return byEventId(accountId, region, q, cursor, chunks);
        }
        long startSecond = q.startTime() == null ? Long.MIN_VALUE : q.startTime().getEpochSecond();
        String prefix = AuditKeys.indexPrefix(scope, q.attributeKey() == null ? AuditKeys.ALL : q.attributeKey(),
                q.attributeKey() == null ? "_" : q.attributeValue());
        // Within one second, rows hold disjoint sequence ranges ordered newest first, so (second, last sequence
        // returned) is a position that holds whether the open block was merged between two pages or not.
        Long fromSecond = cursor != null ? Long.valueOf(cursor.second())
                : q.endTime() == null ? null : Long.valueOf(q.endTime().getEpochSecond());
        Page page = new Page(q.maxResults(), fingerprint, fromSecond == null ? Long.MIN_VALUE : fromSecond,
                cursor == null ? Long.MAX_VALUE : cursor.lastSeq(), startSecond, chunks);
        String after = fromSecond == null ? null : prefix + AuditKeys.invertedSecond(fromSecond);
        // The open block's rows are read first: a block merged meanwhile then shows twice (deduplicated), never not at all.
        List<IndexRows.Row> tail = tailRows(prefix, after == null ? null : after.substring(prefix.length()));
        int t = 0;
        while (true) {
            ScanPage scan = storage.scan(prefix, after, ROWS_PER_SCAN);
            for (Entry e : scan.entries()) {
                String suffix = e.key().substring(prefix.length());
                for (; t < tail.size() && tail.get(t).suffix().compareTo(suffix) < 0; t++) {
                    if (page.take(tail.get(t))) {
                        return page.result();
                    }
                }
                if (page.take(new IndexRows.Row(suffix, IndexRows.decodeRow(e.value())))) {
                    return page.result();
                }
            }
            if (!scan.hasMore()) {
                for (; t < tail.size(); t++) {
                    if (page.take(tail.get(t))) {
                        return page.result();
                    }
                }
                return page.result();
            }
            after = scan.lastKey().orElseThrow();
        }
    }

    /** The open block's rows below {@code prefix} after {@code afterSuffix} (null: all), in key order. */
    private List<IndexRows.Row> tailRows(String prefix, String afterSuffix) {
        List<IndexRows.Row> out = new ArrayList<>();
        String after = null;
        while (true) {
            ScanPage page = storage.scan(AuditKeys.TAIL, after, 100);
            for (Entry e : page.entries()) {
                for (IndexRows.Row r : IndexRows.Batch.decode(e.value(), prefix).rows(prefix)) {
                    if (afterSuffix == null || r.suffix().compareTo(afterSuffix) > 0) {
                        out.add(r);
                    }
                }
            }
            if (!page.hasMore()) {
                out.sort(java.util.Comparator.comparing(IndexRows.Row::suffix));
                return out;
            }
            after = page.lastKey().orElseThrow();
        }
    }

    /** One page of results being filled, newest first. */
    private final class Page {
        private final int max;
        private final byte[] fingerprint;
        private final long fromSecond;
        private final long belowSeq;
        private final long startSecond;
        private final Map<Long, List<LogRecord>> chunks;
        private final List<StoredEvent> out = new ArrayList<>();
        private final java.util.Set<Long> seen = new java.util.HashSet<>();
        private String token;
        private long lastSecond;

        Page(int max, byte[] fingerprint, long fromSecond, long belowSeq, long startSecond, Map<Long, List<LogRecord>> chunks) {
            this.max = max;
            this.fingerprint = fingerprint;
            this.fromSecond = fromSecond;
            this.belowSeq = belowSeq;
            this.startSecond = startSecond;
            this.chunks = chunks;
        }

        /** Adds the row's events; true when the page is complete (full with more to come, or past the start time). */
        boolean take(IndexRows.Row row) {
            long second = AuditKeys.secondOfRow(row.suffix());
            if (second < startSecond) {
                return true;
            }
            for (IndexRows.Segment s : row.segments()) {
                for (long seq : s.seqs()) {
                    if ((second == fromSecond && seq >= belowSeq) || seen.contains(seq)) {
                        continue;
                    }
                    if (out.size() == max) {
                        token = encodeToken(fingerprint, lastSecond, out.getLast().sequence());
                        return true;
                    }
                    Optional<StoredEvent> e = event(ChainWriter.chunkOf(s.batchFirst(), seq), seq, chunks);
                    if (e.isPresent()) {
                        out.add(e.get());
                        seen.add(seq);
                        lastSecond = second;
                    }
                }
            }
            return false;
        }

        LookupPage result() {
            return new LookupPage(out, token);
        }
    }

    private LookupPage byEventId(String accountId, String region, LookupQuery q, Cursor cursor,
                                 Map<Long, List<LogRecord>> chunks) {
        long[] position = keys.position(q.attributeValue());
        if (cursor != null || position == null) {
            return new LookupPage(List.of(), null);
        }
        Optional<StoredEvent> found = event(position[1], position[0], chunks)
                .filter(e -> e.eventId().equals(q.attributeValue()))
                .filter(e -> accountId == null || (accountId.equals(e.accountId()) && region.equals(e.region())))
                .filter(e -> q.startTime() == null || e.eventTime().getEpochSecond() >= q.startTime().getEpochSecond())
                .filter(e -> q.endTime() == null || e.eventTime().getEpochSecond() <= q.endTime().getEpochSecond());
        return new LookupPage(found.stream().toList(), null);
    }

    /** The event at {@code seq} in the chunk starting at {@code chunkFirst}, or empty when retention removed it. */
    Optional<StoredEvent> event(long chunkFirst, long seq, Map<Long, List<LogRecord>> chunks) {
        List<LogRecord> chunk = chunks.computeIfAbsent(chunkFirst,
                first -> storage.get(AuditKeys.log(first)).map(ChainRecords::decodeChunk).orElse(List.of()));
        int index = (int) (seq - chunkFirst);
        if (index < 0 || index >= chunk.size() || chunk.get(index).seq() != seq || chunk.get(index).kind() != Kind.EVENT) {
            return Optional.empty();
        }
        return Optional.of(read(seq, keys.eventId(seq, index), chunk.get(index).body()));
    }

    /** The event in a log record body, with the eventID its position gives it (format 2 bodies do not carry it). */
    static StoredEvent read(long seq, String eventId, byte[] body) {
        return CompactEvent.is(body) ? CompactEvent.decode(body).stored(seq, eventId) : parseJson(seq, body);
    }

    /** A body stored before format 2: the CloudTrail JSON itself, eventID included. */
    static StoredEvent parseJson(long seq, byte[] body) {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("audit event " + seq + " is not JSON", e);
        }
        JsonNode who = n.path("userIdentity");
        String username = "Root".equals(who.path("type").asText()) ? "root" : text(who, "userName");
        List<String> arns = new ArrayList<>();
        n.path("resources").forEach(r -> arns.add(r.path("ARN").asText()));
        return new StoredEvent(seq, text(n, "eventID"), text(n, "eventName"), n.path("readOnly").asBoolean(),
                text(who, "accessKeyId"), Instant.parse(n.path("eventTime").asText()), text(n, "eventSource"), username,
                text(n, "recipientAccountId"), text(n, "awsRegion"), arns, new String(body, StandardCharsets.UTF_8));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private record Cursor(long second, long lastSeq) {
    }

    private static byte[] fingerprint(String scope, LookupQuery q) {
        String canonical = scope + "\n" + q.attributeKey() + "\n" + q.attributeValue() + "\n"
                + (q.startTime() == null ? "" : q.startTime().getEpochSecond()) + "\n"
                + (q.endTime() == null ? "" : q.endTime().getEpochSecond());
        return Arrays.copyOf(Hashes.sha256(canonical.getBytes(StandardCharsets.UTF_8)), FINGERPRINT_BYTES);
    }

    private String encodeToken(byte[] fingerprint, long second, long lastSeq) {
        byte[] payload = ByteBuffer.allocate(FINGERPRINT_BYTES + 16).put(fingerprint).putLong(second).putLong(lastSeq).array();
        byte[] mac = Arrays.copyOf(keys.tokenMac(payload), MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                ByteBuffer.allocate(payload.length + MAC_BYTES).put(payload).put(mac).array());
    }

    private Cursor decodeToken(String token, byte[] fingerprint) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw invalidToken();
        }
        if (raw.length != FINGERPRINT_BYTES + 16 + MAC_BYTES) {
            throw invalidToken();
        }
        byte[] payload = Arrays.copyOf(raw, raw.length - MAC_BYTES);
        byte[] mac = Arrays.copyOfRange(raw, raw.length - MAC_BYTES, raw.length);
        if (!Hashes.constantTimeEquals(mac, Arrays.copyOf(keys.tokenMac(payload), MAC_BYTES))
                || !Arrays.equals(Arrays.copyOf(payload, FINGERPRINT_BYTES), fingerprint)) {
            throw invalidToken();
        }
        ByteBuffer in = ByteBuffer.wrap(payload, FINGERPRINT_BYTES, 16);
        return new Cursor(in.getLong(), in.getLong());
    }

    private static ServiceException invalidToken() {
        return new ServiceException(LookupQuery.INVALID_NEXT_TOKEN,
                "NextToken: not a token this trail issued for these lookup parameters (expected: the NextToken of the previous page, with the same parameters)");
    }
}
