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
 * second>/<inverted newest seq>}, each holding the sequence numbers of one batch's events with that
 * attribute value in that second, newest first. A lookup scans one attribute value's rows from the
 * end of the time range and reads only the events it returns. NextTokens are HMAC'd and bound to the
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
        List<StoredEvent> out = new ArrayList<>(q.maxResults());
        String after;
        if (cursor != null) {
            after = prefix + cursor.row();
            Optional<byte[]> row = storage.get(after);
            if (row.isPresent()) {
                String token = take(row.get(), cursor.row(), cursor.lastSeq(), out, q.maxResults(), fingerprint, chunks);
                if (token != null) {
                    return new LookupPage(out, token);
                }
            }
        } else {
            after = q.endTime() == null ? null : prefix + AuditKeys.invertedSecond(q.endTime().getEpochSecond());
        }
        while (true) {
            ScanPage page = storage.scan(prefix, after, ROWS_PER_SCAN);
            for (Entry e : page.entries()) {
                String row = e.key().substring(prefix.length());
                if (AuditKeys.secondOfRow(row) < startSecond) {
                    return new LookupPage(out, null);
                }
                if (out.size() == q.maxResults()) {
                    return new LookupPage(out, encodeToken(fingerprint, row, Long.MAX_VALUE));
                }
                String token = take(e.value(), row, Long.MAX_VALUE, out, q.maxResults(), fingerprint, chunks);
                if (token != null) {
                    return new LookupPage(out, token);
                }
            }
            if (!page.hasMore()) {
                return new LookupPage(out, null);
            }
            after = page.lastKey().orElseThrow();
        }
    }

    /** Adds the row's events below {@code belowSeq}; returns a token when the page filled up with more left in the row. */
    private String take(byte[] row, String rowSuffix, long belowSeq, List<StoredEvent> out, int max, byte[] fingerprint,
                        Map<Long, List<LogRecord>> chunks) {
        ByteBuffer seqs = ByteBuffer.wrap(row);
        long batchFirst = seqs.getLong();
        while (seqs.remaining() >= 8) {
            long seq = seqs.getLong();
            if (seq >= belowSeq) {
                continue;
            }
            if (out.size() == max) {
                return encodeToken(fingerprint, rowSuffix, out.getLast().sequence());
            }
            event(ChainWriter.chunkOf(batchFirst, seq), seq, chunks).ifPresent(out::add);
        }
        return null;
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
        return Optional.of(parse(seq, chunk.get(index).body()));
    }

    static StoredEvent parse(long seq, byte[] body) {
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

    private record Cursor(String row, long lastSeq) {
    }

    private static byte[] fingerprint(String scope, LookupQuery q) {
        String canonical = scope + "\n" + q.attributeKey() + "\n" + q.attributeValue() + "\n"
                + (q.startTime() == null ? "" : q.startTime().getEpochSecond()) + "\n"
                + (q.endTime() == null ? "" : q.endTime().getEpochSecond());
        return Arrays.copyOf(Hashes.sha256(canonical.getBytes(StandardCharsets.UTF_8)), FINGERPRINT_BYTES);
    }

    private String encodeToken(byte[] fingerprint, String row, long lastSeq) {
        byte[] rowBytes = row.getBytes(StandardCharsets.US_ASCII);
        byte[] payload = ByteBuffer.allocate(FINGERPRINT_BYTES + 8 + rowBytes.length)
                .put(fingerprint).putLong(lastSeq).put(rowBytes).array();
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
        if (raw.length < FINGERPRINT_BYTES + 8 + MAC_BYTES + 1 || raw.length > 200) {
            throw invalidToken();
        }
        byte[] payload = Arrays.copyOf(raw, raw.length - MAC_BYTES);
        byte[] mac = Arrays.copyOfRange(raw, raw.length - MAC_BYTES, raw.length);
        if (!Hashes.constantTimeEquals(mac, Arrays.copyOf(keys.tokenMac(payload), MAC_BYTES))
                || !Arrays.equals(Arrays.copyOf(payload, FINGERPRINT_BYTES), fingerprint)) {
            throw invalidToken();
        }
        ByteBuffer in = ByteBuffer.wrap(payload, FINGERPRINT_BYTES, payload.length - FINGERPRINT_BYTES);
        long lastSeq = in.getLong();
        return new Cursor(new String(payload, FINGERPRINT_BYTES + 8, payload.length - FINGERPRINT_BYTES - 8,
                StandardCharsets.US_ASCII), lastSeq);
    }

    private static ServiceException invalidToken() {
        return new ServiceException(LookupQuery.INVALID_NEXT_TOKEN,
                "NextToken: not a token this trail issued for these lookup parameters (expected: the NextToken of the previous page, with the same parameters)");
    }
}
