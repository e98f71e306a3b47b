package io.citadel.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.audit.ChainRecords.Anchor;
import io.citadel.audit.ChainRecords.Digest;
import io.citadel.audit.ChainRecords.Head;
import io.citadel.audit.ChainRecords.Kind;
import io.citadel.audit.ChainRecords.LogRecord;
import io.citadel.audit.VerificationResult.Finding;
import io.citadel.core.crypto.Ed25519;
import io.citadel.core.crypto.Hashes;
import io.citadel.storage.CorruptedValueException;
import io.citadel.storage.Entry;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Storage;
import io.citadel.storage.StorageException;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Walks the chain from the anchor to the head and names the first record that was modified,
 * deleted, inserted or reordered: every record must open at its own key (the barrier binds a value
 * to its key, so an edited, swapped or copied row fails there and is reported as modified), carry
 * its own sequence number, and chain to its predecessor; every block digest and the anchor must be
 * signed by the trail's key and agree with the records; the head must match the last digest.
 *
 * <p>Keys are listed through {@code raw} when given (so rows that do not open are still listed);
 * without it they are listed through the sealed store, and a page that does not open is checked
 * key by key over the expected range instead.
 */
public final class AuditVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditVerifier() {
    }

    /** Verifies with the public key stored beside the chain. */
    public static VerificationResult verify(Storage sealed) {
        return verify(sealed, null, null);
    }

    /**
     * Verifies the trail in {@code sealed}.
     *
     * @param raw              the same store without the barrier, used only to list keys; may be null
     * @param trustedPublicPem the signing key pinned outside the database ({@link AuditTrail#publicKeyPem()}),
     *                         or null to trust the stored one
     */
    public static VerificationResult verify(Storage sealed, Storage raw, String trustedPublicPem) {
        return new Walk(sealed, raw, trustedPublicPem).run();
    }

    private static final class Walk {
        private final Storage sealed;
        private final Storage raw;
        private final String trustedPem;
        private final List<Finding> findings = new ArrayList<>();
        private final Set<String> finals = new HashSet<>();
        private final Map<String, Long> intents = new LinkedHashMap<>();
        private long digestEnd;
        private SigningKeys eventIds;

        Walk(Storage sealed, Storage raw, String trustedPem) {
            this.sealed = sealed;
            this.raw = raw;
            this.trustedPem = trustedPem;
        }

        VerificationResult run() {
            try {
                eventIds = SigningKeys.load(sealed).orElse(null);
            } catch (RuntimeException e) {
                eventIds = null; // the signing key row is reported below when its public key does not verify
            }
            byte[] publicKey = trustedPem != null ? Ed25519.publicKeyFromPem(trustedPem)
                    : read(AuditKeys.SIGNING_KEY, v -> v, 0).flatMap(v -> SigningKeys.publicKeyIn(sealed)).orElse(null);
            Anchor anchor = read(AuditKeys.ANCHOR, Anchor::decode, 0).orElse(Anchor.GENESIS);
            if (anchor != Anchor.GENESIS && (publicKey == null || !anchor.verify(publicKey))) {
                add(VerificationResult.Kind.MODIFIED, anchor.firstSeq(), null, "the retention anchor's signature does not verify");
            }
            Optional<Head> head = read(AuditKeys.HEAD, Head::decode, anchor.firstSeq());
            Map<Long, Digest> digestByLastSeq = digests(anchor, publicKey, head.orElse(null));
            long lastSeq = head.map(Head::seq).orElse(digestEnd);
            long checked = walkLog(anchor, lastSeq, digestByLastSeq, head.orElse(null));
            List<Long> interrupted = new ArrayList<>();
            intents.forEach((requestId, seq) -> {
                if (!finals.contains(requestId)) {
                    interrupted.add(seq);
                }
            });
            findings.sort(Comparator.comparingLong(Finding::sequence));
            return new VerificationResult(checked, anchor.firstSeq(), lastSeq, findings, interrupted);
        }

        private Map<Long, Digest> digests(Anchor anchor, byte[] publicKey, Head head) {
            Map<Long, Digest> byLast = new HashMap<>();
            long expectedBlock = anchor.firstBlock();
            long expectedFirst = anchor.firstSeq();
            for (String key : keys(AuditKeys.DIGEST)) {
                long block = AuditKeys.parseNumber(key, AuditKeys.DIGEST);
                if (block < expectedBlock) {
                    add(VerificationResult.Kind.INSERTED, expectedFirst, null, "digest row '" + key + "' is not part of the chain");
                    continue;
                }
                Optional<Digest> d = read(key, Digest::decode, expectedFirst);
                if (d.isEmpty()) {
                    return byLast;
                }
                Digest digest = d.get();
                if (block > expectedBlock) {
                    add(VerificationResult.Kind.DELETED, expectedFirst, null, "digest of block " + expectedBlock + " is missing");
                    return byLast;
                }
                if (digest.block() != block || digest.firstSeq() != expectedFirst) {
                    add(VerificationResult.Kind.REORDERED, expectedFirst, null, "digest at '" + key + "' claims block "
                            + digest.block() + " from sequence " + digest.firstSeq());
                    return byLast;
                }
                if (publicKey == null || !digest.verify(publicKey)) {
                    add(VerificationResult.Kind.MODIFIED, digest.firstSeq(), null, "the signature of block " + block + " does not verify");
                }
                byLast.put(digest.lastSeq(), digest);
                expectedBlock = block + 1;
                expectedFirst = digest.lastSeq() + 1;
            }
            digestEnd = expectedFirst - 1;
            // Records after the last digest form the open block: not signed yet, checked against the sealed head.
            if (head != null && (head.block() != expectedBlock - 1 || head.openFirst() != expectedFirst
                    || head.seq() < expectedFirst - 1)) {
                boolean missing = head.block() > expectedBlock - 1 || head.openFirst() > expectedFirst;
                long at = missing ? expectedFirst : Math.min(head.openFirst(), expectedFirst);
                add(missing ? VerificationResult.Kind.DELETED : VerificationResult.Kind.INSERTED, at, null,
                        "the head says block " + head.block() + " is the last signed one and sequence " + head.seq()
                                + " the last record, but the digests end at sequence " + (expectedFirst - 1) + " in block "
                                + (expectedBlock - 1));
            }
            return byLast;
        }

        private long walkLog(Anchor anchor, long lastSeq, Map<Long, Digest> digests, Head head) {
            MessageDigest sha256 = Hashes.sha256Digest();
            byte[] previous = anchor.previousHash();
            long expected = anchor.firstSeq();
            long checked = 0;
            boolean broken = false;
            for (String key : keys(AuditKeys.LOG)) {
                long first = AuditKeys.parseNumber(key, AuditKeys.LOG);
                if (first < 0 || first < anchor.firstSeq() || first > lastSeq || (!broken && first < expected)) {
                    add(VerificationResult.Kind.INSERTED, first < 0 ? expected : first, null, "row '" + key + "' is not part of the chain"
                            + (first > lastSeq ? " (beyond the head at " + lastSeq + ")" : ""));
                    continue;
                }
                if (!broken && first > expected) {
                    add(VerificationResult.Kind.DELETED, expected, null, "records " + expected + ".." + (first - 1) + " are missing");
                    broken = true;
                }
                Optional<List<LogRecord>> opened = read(key, ChainRecords::decodeChunk, first);
                if (opened.isEmpty()) {
                    broken = true; // the chain resynchronises at the next row that opens
                    continue;
                }
                long position = first;
                for (LogRecord r : opened.get()) {
                    checked++;
                    String eventId = note(r, first, position);
                    if (r.seq() != position) {
                        add(VerificationResult.Kind.REORDERED, position, eventId, "the record at this position is sequence " + r.seq());
                        broken = true;
                    } else if (!broken && !r.hashMatches(sha256, previous)) {
                        add(VerificationResult.Kind.MODIFIED, position, eventId, "the record does not chain to its predecessor (content changed)");
                        broken = true;
                    }
                    Digest d = digests.get(position);
                    if (!broken && d != null && !Arrays.equals(d.lastHash(), r.hash())) {
                        add(VerificationResult.Kind.MODIFIED, d.firstSeq(), null, "block " + d.block()
                                + " no longer matches its signed digest (records rewritten)");
                    }
                    if (!broken && head != null && position == head.seq() && head.seq() >= head.openFirst()
                            && !Arrays.equals(head.hash(), r.hash())) {
                        add(VerificationResult.Kind.MODIFIED, head.openFirst(), null,
                                "the open block (not signed yet) no longer matches the chain head (records rewritten)");
                    }
                    previous = r.hash();
                    broken = false;
                    position++;
                }
                expected = position;
            }
            if (expected <= lastSeq) {
                add(VerificationResult.Kind.DELETED, expected, null, "records " + expected + ".." + lastSeq + " are missing (head is " + lastSeq + ")");
            }
            return checked;
        }

        /** Notes intents and final events by request id; returns the eventID of the record at {@code position}, when known. */
        private String note(LogRecord r, long chunkFirst, long position) {
            String eventId = eventIds == null || r.kind() == Kind.EXPORT ? null
                    : eventIds.eventId(position, (int) (position - chunkFirst));
            try {
                String requestId;
                if (CompactEvent.is(r.body())) {
                    requestId = CompactEvent.decode(r.body()).requestId();
                } else {
                    JsonNode body = JSON.readTree(r.body());
                    requestId = body.path("requestID").asText(null);
                    eventId = body.path("eventID").asText(eventId);
                }
                if (r.kind() == Kind.INTENT && requestId != null) {
                    intents.put(requestId, r.seq());
                } else if (r.kind() == Kind.EVENT && requestId != null) {
                    finals.add(requestId);
                }
            } catch (IOException | RuntimeException e) {
                // a body that no longer decodes is reported by the hash check; its eventID still follows from its position
            }
            return eventId;
        }

        /** Opens one value; a value that does not open is a MODIFIED finding at {@code position}. */
        private <T> Optional<T> read(String key, Function<byte[], T> decode, long position) {
            try {
                return sealed.get(key).map(decode);
            } catch (CorruptedValueException | IllegalArgumentException e) {
                add(VerificationResult.Kind.MODIFIED, position, null, "'" + key + "' does not open at its key "
                        + "(edited, or moved from another key): " + e.getMessage());
                return Optional.empty();
            }
        }

        /** Every key under {@code prefix}, in order. */
        private List<String> keys(String prefix) {
            List<String> out = new ArrayList<>();
            String after = null;
            while (true) {
                ScanPage page;
                try {
                    page = (raw != null ? raw : sealed).scan(prefix, after, 1000);
                } catch (StorageException e) {
                    return keysOneByOne(prefix, out);
                }
                page.entries().stream().map(Entry::key).forEach(out::add);
                if (!page.hasMore()) {
                    return out;
                }
                after = page.lastKey().orElseThrow();
            }
        }

        /** Without raw access a page that does not open hides its keys: probe the numbered keys after the last one seen instead. */
        private List<String> keysOneByOne(String prefix, List<String> seen) {
            long next = seen.isEmpty() ? 1 : AuditKeys.parseNumber(seen.getLast(), prefix) + 1;
            long end = sealed.get(AuditKeys.HEAD).map(v -> {
                try {
                    Head h = Head.decode(v);
                    return prefix.equals(AuditKeys.LOG) ? h.seq() : h.block();
                } catch (IllegalArgumentException e) {
                    return 0L;
                }
            }).orElse(0L);
            List<String> out = new ArrayList<>(seen);
            for (long n = Math.max(1, next); n <= end + 1; n++) {
                String key = prefix.equals(AuditKeys.LOG) ? AuditKeys.log(n) : AuditKeys.digest(n);
                try {
                    if (sealed.get(key).isPresent()) {
                        out.add(key);
                    }
                } catch (CorruptedValueException e) {
                    out.add(key);
                }
            }
            return out;
        }

        private void add(VerificationResult.Kind kind, long seq, String eventId, String detail) {
            if (findings.size() < 1000) {
                findings.add(new Finding(kind, seq, eventId, detail));
            }
        }
    }
}
