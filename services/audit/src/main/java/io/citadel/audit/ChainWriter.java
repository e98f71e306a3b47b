package io.citadel.audit;

import io.citadel.audit.ChainRecords.Digest;
import io.citadel.audit.ChainRecords.Head;
import io.citadel.audit.ChainRecords.Kind;
import io.citadel.audit.ChainRecords.LogRecord;
import io.citadel.core.audit.AuditUnavailableException;
import io.citadel.core.crypto.Hashes;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit onto the hash chain. Callers enqueue a record and block on its future; one writer
 * thread drains what is queued (up to {@code maxBatch}) and appends the whole batch in ONE storage
 * transaction: its log chunks, one tail row with all of its index postings, and the advanced head.
 * The group commits since the last digest form the open block; the transaction that finds it due
 * (or the idle writer, or {@link #close}) signs it and merges its postings into per-block index rows.
 * Only after the commit are the futures completed; when the commit fails they fail with
 * {@link AuditUnavailableException} and the writer carries on with later batches. The transaction
 * reads the head itself, so several nodes on one PostgreSQL append to one chain (serialization
 * conflicts are retried by the storage, and the work has no outside effects).
 */
final class ChainWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChainWriter.class);
    private static final Item POISON = new Item(Kind.EVENT, new byte[0], null, null, null, null);

    /** Extra conditional work in the batch transaction (exports); {@code applies} false skips the record. */
    interface Extra {
        boolean applies(Transaction tx);

        void write(Transaction tx, long seq);
    }

    /**
     * One record to append.
     *
     * @param facts          index facts for events, null otherwise
     * @param pendingOpen    request id whose intent this is (marks it pending), or null
     * @param pendingClose   request id whose pending intent this final event closes, or null
     */
    record Item(Kind kind, byte[] body, CloudTrailRecord.Facts facts, String pendingOpen,
                String pendingClose, Extra extra, List<String> indexPrefixes, CompletableFuture<Long> done) {
        /** Built on the caller's thread, so the index prefixes are worked out there rather than on the one writer. */
        Item(Kind kind, byte[] body, CloudTrailRecord.Facts facts, String pendingOpen, String pendingClose, Extra extra) {
            this(kind, body, facts, pendingOpen, pendingClose, extra,
                    facts == null ? List.of() : ChainWriter.cachedIndexPrefixes(facts), new CompletableFuture<>());
        }
    }

    private final Storage storage;
    private final SigningKeys keys;
    private final InstantSource clock;
    private final int maxBatch;
    private final int blockBatches;
    private final long blockMillis;
    private final BlockingQueue<Item> queue;
    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private volatile boolean closed;
    /** The open block as this writer committed it (writer thread only); valid while the head still says so. */
    private OpenBlock open = OpenBlock.NONE;

    ChainWriter(Storage storage, SigningKeys keys, InstantSource clock, int queueCapacity, int maxBatch,
                int blockBatches, long blockMillis) {
        this.storage = storage;
        this.keys = keys;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.blockBatches = blockBatches;
        this.blockMillis = blockMillis;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = Thread.ofPlatform().name("audit-writer").daemon(true).start(this::run);
    }

    /** Appends and returns the record's sequence number once durable (-1 when its extra did not apply). */
    long append(Item item) {
        try {
            while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    throw new AuditUnavailableException("audit trail is closed", null);
                }
            }
            if (closed && !thread.isAlive()) {
                failLeftovers();
            }
            return item.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while waiting for the audit trail", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuditUnavailableException unavailable) {
                throw unavailable;
            }
            throw new AuditUnavailableException("audit trail could not record: " + e.getCause(), e.getCause());
        }
    }

    /** Records waiting for the writer. */
    int queued() {
        return queue.size();
    }

    long batches() {
        return batches.get();
    }

    long records() {
        return records.get();
    }

    private void run() {
        List<Item> batch = new ArrayList<>(maxBatch);
        boolean stop = false;
        while (!stop) {
            try {
                Item first = queue.poll(Math.max(1, blockMillis), TimeUnit.MILLISECONDS);
                if (first == null) {
                    // Idle: sign the open block once it is old enough. Without a record of it (another node appended,
                    // or a commit failed) ask the head; a transaction that writes nothing costs no sync.
                    if (open == OpenBlock.NONE || clock.millis() - open.openedMillis() >= blockMillis) {
                        closeOpenBlock(false);
                    }
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                continue; // only close() stops the writer, through the poison item
            }
            queue.drainTo(batch, maxBatch - 1);
            int poison = batch.indexOf(POISON);
            if (poison >= 0) {
                stop = true;
                batch.remove(poison);
                queue.drainTo(batch);
                batch.removeIf(i -> i == POISON);
            }
            for (int from = 0; from < batch.size(); from += maxBatch) {
                commit(batch.subList(from, Math.min(batch.size(), from + maxBatch)));
            }
            batch.clear();
        }
        closeOpenBlock(true);
        failLeftovers();
    }

    private void commit(List<Item> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Appended appended;
        try {
            long now = clock.millis();
            OpenBlock known = open;
            appended = storage.transaction(tx -> appendBatch(tx, batch, now, known));
        } catch (Throwable e) {
            open = OpenBlock.NONE;
            LOG.error("audit trail: a batch of {} records could not be made durable", batch.size(), e);
            AuditUnavailableException failure = new AuditUnavailableException(
                    "audit trail: a batch of " + batch.size() + " records could not be made durable: " + e.getMessage(), e);
            batch.forEach(i -> i.done().completeExceptionally(failure));
            return;
        }
        open = appended.open();
        batches.incrementAndGet();
        records.addAndGet(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(appended.seqs()[i]);
        }
    }

    /** Signs and indexes the open block now ({@code always}) or when it is due by age; failures are logged, the block stays open. */
    private void closeOpenBlock(boolean always) {
        try {
            long now = clock.millis();
            OpenBlock known = open;
            open = storage.transaction(tx -> {
                Head head = tx.get(AuditKeys.HEAD).map(Head::decode).orElse(Head.EMPTY);
                if (!head.open() || (!always && now - head.openedMillis() < blockMillis)) {
                    return known.matches(head) ? known : OpenBlock.NONE;
                }
                tx.put(AuditKeys.HEAD, closeBlock(tx, head, known).encode());
                return OpenBlock.NONE;
            });
        } catch (Throwable e) {
            open = OpenBlock.NONE;
            LOG.warn("audit trail: could not sign the open block yet (the next batch retries): {}", e.toString());
        }
    }

    /** The batches of the open block as this writer committed them, when no one else appended since. */
    record OpenBlock(long first, long lastSeq, long openedMillis, List<IndexRows.Batch> batches) {
        static final OpenBlock NONE = new OpenBlock(-1, -1, 0, List.of());

        boolean matches(Head head) {
            return head.open() && first == head.openFirst() && lastSeq == head.seq() && batches.size() == head.openBatches();
        }
    }

    private record Appended(long[] seqs, OpenBlock open) {
    }

    private boolean due(Head head, long nowMillis) {
        return head.open() && (head.openBatches() >= blockBatches || head.seq() - head.openFirst() + 1 >= BLOCK_RECORDS
                || nowMillis - head.openedMillis() >= blockMillis);
    }

    /** Most records in one block (keeps its index rows small); blocks also close by batches and by age. */
    static final int BLOCK_RECORDS = 16_384;

    /**
     * The batch transaction; runs again from scratch when PostgreSQL retries it, so it changes no
     * field. Closes the open block first when it is due; then records go into chunks of
     * {@link ChainRecords#CHUNK_RECORDS} (one row each) and the batch's postings into one tail row,
     * whose index entries start with the batch's first sequence number, from which a reader finds the
     * chunk of any of its entries.
     */
    private Appended appendBatch(Transaction tx, List<Item> batch, long nowMillis, OpenBlock known) {
        Head head = tx.get(AuditKeys.HEAD).map(Head::decode).orElse(Head.EMPTY);
        boolean closedBlock = false;
        if (due(head, nowMillis)) {
            head = closeBlock(tx, head, known);
            closedBlock = true;
        }
        MessageDigest sha256 = Hashes.sha256Digest();
        long seq = head.seq();
        byte[] hash = head.hash();
        long first = seq + 1;
        long chunkFirst = first;
        List<LogRecord> chunk = new ArrayList<>(ChainRecords.CHUNK_RECORDS);
        long[] seqs = new long[batch.size()];
        Map<SameFacts, LongList> alike = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Item item = batch.get(i);
            if (item.extra() != null && !item.extra().applies(tx)) {
                seqs[i] = -1;
                continue;
            }
            seq++;
            if (chunk.size() == ChainRecords.CHUNK_RECORDS) {
                tx.put(AuditKeys.log(chunkFirst), ChainRecords.encodeChunk(chunk));
                chunk.clear();
                chunkFirst = seq;
            }
            byte[] body = item.body(); // its eventID is derived from (seq, offset in chunk) when it is read
            hash = LogRecord.chainHash(sha256, hash, item.kind(), seq, body);
            chunk.add(new LogRecord(item.kind(), seq, hash, body));
            seqs[i] = seq;
            if (item.facts() != null) {
                alike.computeIfAbsent(new SameFacts(item.indexPrefixes(), item.facts().eventSecond()), k -> new LongList()).add(seq);
            }
            if (item.pendingOpen() != null) {
                tx.put(AuditKeys.pending(item.pendingOpen()),
                        ByteBuffer.allocate(16).putLong(chunkFirst).putLong(seq).array());
            }
            if (item.pendingClose() != null) {
                tx.delete(AuditKeys.pending(item.pendingClose()));
            }
            if (item.extra() != null) {
                item.extra().write(tx, seq);
            }
        }
        List<IndexRows.Batch> knownBatches = !head.open() ? List.of() : known.matches(head) ? known.batches() : null;
        if (seq == head.seq()) {
            if (closedBlock) {
                tx.put(AuditKeys.HEAD, head.encode());
            }
            return new Appended(seqs, knownBatches == null || !head.open() ? OpenBlock.NONE
                    : new OpenBlock(head.openFirst(), head.seq(), head.openedMillis(), knownBatches));
        }
        tx.put(AuditKeys.log(chunkFirst), ChainRecords.encodeChunk(chunk));
        int tailRows = head.openBatches();
        IndexRows.Batch postings = null;
        Map<IndexRows.GroupKey, LongList> groups = postings(alike);
        if (!groups.isEmpty()) {
            postings = new IndexRows.Batch(first, groups);
            tx.put(AuditKeys.tail(first), postings.encode());
            tailRows++;
        }
        long opened = head.open() ? head.openedMillis() : nowMillis;
        Head next = new Head(seq, hash, head.block(), head.openFirst(), tailRows, opened, nowMillis);
        tx.put(AuditKeys.HEAD, next.encode());
        if (knownBatches == null) {
            return new Appended(seqs, OpenBlock.NONE);
        }
        List<IndexRows.Batch> openBatches = new ArrayList<>(knownBatches.size() + 1);
        openBatches.addAll(knownBatches);
        if (postings != null) {
            openBatches.add(postings);
        }
        return new Appended(seqs, new OpenBlock(next.openFirst(), seq, opened, List.copyOf(openBatches)));
    }

    /**
     * Closes the open block in {@code tx}: merges its tail rows into one index row per attribute value
     * and second, lists those in the block's manifest (for retention), signs its digest and deletes
     * the tail rows. Returns the head with nothing open.
     */
    private Head closeBlock(Transaction tx, Head head, OpenBlock known) {
        List<IndexRows.Batch> tail = known.matches(head) ? known.batches() : readTail(tx);
        long block = head.block() + 1;
        StringBuilder manifest = new StringBuilder(tail.size() * 200);
        for (Map.Entry<String, byte[]> row : IndexRows.merge(tail).entrySet()) {
            tx.put(row.getKey(), row.getValue());
            manifest.append(row.getKey()).append('\n');
        }
        for (IndexRows.Batch b : tail) {
            tx.delete(AuditKeys.tail(b.first));
        }
        tx.put(AuditKeys.manifest(block), manifest.toString().getBytes(StandardCharsets.UTF_8));
        Digest digest = Digest.sign(keys.signer(), keys.keyId(), block, head.openFirst(), head.seq(), head.hash(), head.lastMillis());
        tx.put(AuditKeys.digest(block), digest.encode());
        return new Head(head.seq(), head.hash(), block, head.seq() + 1, 0, 0, head.lastMillis());
    }

    /** Every tail row in storage (another node appended, or this writer restarted). */
    static List<IndexRows.Batch> readTail(io.citadel.storage.Transaction tx) {
        List<IndexRows.Batch> out = new ArrayList<>();
        String after = null;
        while (true) {
            io.citadel.storage.ScanPage page = tx.scan(AuditKeys.TAIL, after, 100);
            page.entries().forEach(e -> out.add(IndexRows.Batch.decode(e.value())));
            if (!page.hasMore()) {
                return out;
            }
            after = page.lastKey().orElseThrow();
        }
    }

    /** The chunk that holds {@code seq}, for an index row whose batch starts at {@code batchFirst}. */
    static long chunkOf(long batchFirst, long seq) {
        return batchFirst + ((seq - batchFirst) / ChainRecords.CHUNK_RECORDS) * ChainRecords.CHUNK_RECORDS;
    }

    /** The index row prefixes an event belongs to: global, and its account and region's when it has them. */
    static List<String> indexPrefixes(CloudTrailRecord.Facts f) {
        boolean scoped = f.accountId() != null && f.region() != null;
        String accountScope = scoped ? AuditKeys.indexScope(f.accountId(), f.region()) : null;
        List<String> prefixes = new ArrayList<>(20);
        for (String[] attribute : SearchAttributes.of(f)) {
            prefixes.add(AuditKeys.indexPrefix(AuditKeys.GLOBAL_INDEX, attribute[0], attribute[1]));
            if (scoped) {
                prefixes.add(AuditKeys.indexPrefix(accountScope, attribute[0], attribute[1]));
            }
        }
        return List.copyOf(prefixes);
    }

    /** Events of one batch with the same index prefixes (the same list: callers share it) in the same second. */
    private record SameFacts(List<String> prefixes, long second) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SameFacts other && other.prefixes == prefixes && other.second == second;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(prefixes) * 31 + Long.hashCode(second);
        }
    }

    /** One posting list per (index prefix, second), ascending, from the batch's events grouped by their facts. */
    private static Map<IndexRows.GroupKey, LongList> postings(Map<SameFacts, LongList> alike) {
        Map<IndexRows.GroupKey, LongList> groups = new LinkedHashMap<>();
        boolean shared = false;
        for (Map.Entry<SameFacts, LongList> a : alike.entrySet()) {
            for (String prefix : a.getKey().prefixes()) {
                LongList list = groups.get(new IndexRows.GroupKey(prefix, a.getKey().second()));
                if (list == null) {
                    groups.put(new IndexRows.GroupKey(prefix, a.getKey().second()), a.getValue().copy());
                } else {
                    list.addAll(a.getValue());
                    shared = true;
                }
            }
        }
        if (shared) {
            groups.values().forEach(LongList::sort);
        }
        return groups;
    }

    /** The index prefixes of facts seen recently (so callers with the same facts share one list); bounded. */
    private static final java.util.concurrent.ConcurrentHashMap<CloudTrailRecord.Facts, List<String>> PREFIXES =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int PREFIX_CACHE = 1024;

    /** {@link #indexPrefixes} through a small cache keyed by the facts without the time. */
    static List<String> cachedIndexPrefixes(CloudTrailRecord.Facts f) {
        CloudTrailRecord.Facts key = new CloudTrailRecord.Facts(f.eventName(), f.readOnly(), f.username(), f.accessKeyId(),
                0, f.eventSource(), f.accountId(), f.region(), f.resourceArns());
        List<String> prefixes = PREFIXES.get(key);
        if (prefixes == null) {
            if (PREFIXES.size() >= PREFIX_CACHE) {
                PREFIXES.clear();
            }
            prefixes = PREFIXES.computeIfAbsent(key, k -> indexPrefixes(f));
        }
        return prefixes;
    }

    /** Ascending sequence numbers of one index row. */
    static final class LongList {
        private long[] values = new long[8];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        LongList copy() {
            LongList c = new LongList();
            c.values = Arrays.copyOf(values, Math.max(8, size));
            c.size = size;
            return c;
        }

        void addAll(LongList other) {
            for (int i = 0; i < other.size; i++) {
                add(other.values[i]);
            }
        }

        void sort() {
            Arrays.sort(values, 0, size);
        }

        long get(int i) {
            return values[i];
        }
    }

    /** Stops taking records, commits what is queued, and waits for the writer to finish. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(POISON);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failLeftovers();
    }

    private void failLeftovers() {
        List<Item> left = new ArrayList<>();
        queue.drainTo(left);
        AuditUnavailableException failure = new AuditUnavailableException("audit trail is closed", null);
        for (Item i : left) {
            if (i != POISON) {
                i.done().completeExceptionally(failure);
            }
        }
    }

}
