package io.citadel.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.core.json.StoredJson;
import io.citadel.events.pattern.EventPattern;
import io.citadel.events.pattern.RuleMatcher;
import io.citadel.storage.Entry;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import io.citadel.storage.outbox.Outbox;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery worker every node runs (docs/events.md, "Delivery"). One {@link #runOnce()} drains the
 * storage outbox into the default buses, matches ingested events to the enabled rules of their bus
 * (one delivery per event and target, stored in batch records written in the transaction that removes
 * the events), and attempts the deliveries that are due.
 *
 * <p><b>One node per attempt, at least once.</b> A due delivery is first claimed in its own
 * transaction: its due entry moves to the end of the claim and the record names the node. Only
 * then does the node send, outside any transaction, and a second transaction settles the attempt
 * (delete on success; otherwise count it and move the due entry by the backoff, or into dead
 * letters) provided the claim is still the node's. A node that dies mid-send leaves the claim to
 * expire, and another node sends again: a receiver may see an event twice, never zero times.
 */
public final class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PATTERN_CACHE = 10_000;
    /** A routing pass starts a new batch record after about this many bytes of events (a value holds at most 4 MiB). */
    private static final long BATCH_RECORD_BYTES = 1 << 20;
    /** How often this node removes archived events past their retention (idempotent, so any node may). */
    private static final java.time.Duration PURGE_EVERY = java.time.Duration.ofMinutes(1);

    private final Storage storage;
    private final InstantSource clock;
    private final String nodeId;
    private final DeliverySettings settings;
    private final Senders senders;
    private final Archives archives;
    private final IngestHandoff handoff;
    private final Map<String, EventPattern> patterns = new ConcurrentHashMap<>();
    private final ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Instant lastPurge;

    Delivery(EventsEnvironment env, String nodeId, DeliverySettings settings, Senders senders, Archives archives,
             IngestHandoff handoff) {
        this.storage = env.storage;
        this.clock = env.clock;
        this.nodeId = nodeId;
        this.settings = settings;
        this.senders = senders;
        this.archives = archives;
        this.handoff = handoff;
    }

    /**
     * Outbox, routing, replays and due deliveries, once each (a batch each); returns how much work it did.
     * One pass at a time per node: the periodic worker and a caller (tests, an operator's redrive) would
     * otherwise both send what this node claimed (a claim names the node, not the pass).
     */
    public synchronized int runOnce() {
        Instant now = clock.instant();
        if (lastPurge == null || !now.isBefore(lastPurge.plus(PURGE_EVERY))) {
            lastPurge = now;
            archives.purgeExpired(settings.batch());
        }
        int work = drainOutbox();
        work += archives.replayBatch(settings.batch());
        Routed routed = routeBatch();
        work += routed.taken();
        attempt(routed.claimed());
        work += deliverDue();
        return work;
    }

    /** Runs {@link #runOnce()} until nothing is left to do now (for tests and the periodic tick), at most {@code rounds} times. */
    public void runUntilIdle(int rounds) {
        for (int i = 0; i < rounds && runOnce() > 0; i++) {
            // more may be waiting
        }
    }

    /** Moves a batch of outbox messages onto the default bus of each event's account and region, in one transaction. */
    public synchronized int drainOutbox() {
        if (storage.scan(Outbox.PREFIX, null, 1).entries().isEmpty()) {
            return 0; // no write transaction (and no writer lock) on an idle tick
        }
        Instant now = clock.instant();
        return storage.transaction(tx -> {
            int moved = 0;
            for (Outbox.Message m : Outbox.oldest(tx, settings.batch())) {
                if (!Outbox.remove(tx, m.key())) {
                    continue;
                }
                try {
                    JsonNode event = JSON.readTree(m.eventJson());
                    String account = event.path("account").asText();
                    String region = event.path("region").asText();
                    EventIngest.enqueue(tx, now, new IngestEntry(account, region, EventsArns.DEFAULT_BUS, m.eventJson(), null),
                            event.path("id").asText("outbox"));
                    moved++;
                } catch (IOException | RuntimeException e) {
                    LOG.warn("dropping unreadable outbox message {}: {}", m.key(), e.getClass().getSimpleName());
                }
            }
            return moved;
        });
    }

    /** Routes a batch without sending what it claimed, as a node that dies right after routing would (for tests). */
    int routeOnly() {
        return routeBatch().taken();
    }

    /** What one routing transaction did: how many ingest entries it took, and the claims on the deliveries it created. */
    private record Routed(int taken, List<Claim> claimed) {
    }

    /**
     * What one settlement decides on: a batch record (key) or a single delivery record ({@code batchKey} null), the
     * due entry that is this node's claim on it (whoever holds that entry holds the claim: claiming moves it), and
     * the deliveries.
     */
    private record Claim(String batchKey, String dueKey, List<DeliveryRecord> deliveries) {

        static Claim of(DeliveryBatch b) {
            return new Claim(b.key(), b.dueKey(), b.deliveries());
        }

        /** A batch routing just made from {@code members} (what {@code b.deliveries()} would rebuild from it). */
        static Claim of(DeliveryBatch b, List<DeliveryRecord> members) {
            return new Claim(b.key(), b.dueKey(), members);
        }

        static Claim of(DeliveryRecord d) {
            return new Claim(null, Delivery.dueKey(d), List.of(d));
        }
    }

    /** One ingest entry read and matched before the routing transaction: its events (text and parsed) and the deliveries they make. */
    private record RowPlan(String key, IngestEntry entry, List<String> eventJsons, List<JsonNode> events,
                           List<DeliveryRecord> deliveries) {
    }

    /** Deliveries stored as one batch record, each with the ingest key it came from, and the record's bytes if every entry is still queued. */
    private record ChunkPlan(DeliveryBatch batch, List<String> rowKeys, List<DeliveryRecord> deliveries, byte[] prebuilt) {
    }

    /**
     * Matches a batch of ingested events to their bus's enabled rules. Reading, parsing, matching and serializing
     * happen before the transaction (transaction work runs serially on a node, see SqliteStorage); the transaction
     * removes the ingest entries and writes the deliveries of those it removed as batch records, claimed by this
     * node, so it can send them at once without a claim transaction of their own; should it die first, the claims
     * expire and any node delivers them. An entry another node removed first (PostgreSQL) is skipped.
     */
    private Routed routeBatch() {
        List<Entry> batch = storage.scan(EventsKeys.INGEST, null, settings.batch()).entries();
        if (batch.isEmpty()) {
            return new Routed(0, List.of());
        }
        Instant now = clock.instant();
        Instant claimUntil = now.plus(settings.claim());
        Transaction reads = storage.reads();
        Map<String, BusRules> rulesByBus = new HashMap<>();
        Map<String, Boolean> archivesByRegion = new HashMap<>();
        List<RowPlan> rows = new ArrayList<>();
        int deliveries = 0;
        for (Entry row : batch) {
            if (deliveries >= maxDeliveriesPerPass()) {
                break; // the rest waits for the next pass: one pass must settle well within its claim
            }
            RowPlan plan = plan(row, reads, rulesByBus, archivesByRegion, now, claimUntil);
            rows.add(plan);
            deliveries += plan.deliveries().size();
        }
        List<ChunkPlan> chunks = chunks(rows);
        return storage.transaction(tx -> {
            Map<String, List<Entry>> archiveRecords = new HashMap<>();
            java.util.Set<String> taken = new java.util.HashSet<>();
            for (RowPlan r : rows) {
                if (!tx.delete(r.key())) {
                    continue; // routed by another node meanwhile
                }
                taken.add(r.key());
                if (r.entry() != null && !r.entry().scheduled()) {
                    for (int i = 0; i < r.events().size(); i++) {
                        archives.archive(tx, r.entry(), r.eventJsons().get(i), r.events().get(i), archiveRecords);
                    }
                }
            }
            List<Claim> claimed = new ArrayList<>();
            for (ChunkPlan c : chunks) {
                List<DeliveryRecord> members = new ArrayList<>();
                for (int i = 0; i < c.deliveries().size(); i++) {
                    if (taken.contains(c.rowKeys().get(i))) {
                        members.add(c.deliveries().get(i));
                    }
                }
                if (members.isEmpty()) {
                    continue;
                }
                boolean whole = members.size() == c.deliveries().size();
                DeliveryBatch b = whole ? c.batch() : DeliveryBatch.of(c.batch().id(), members);
                tx.put(b.key(), whole ? c.prebuilt() : b.toJson());
                tx.put(b.dueKey(), new byte[0]);
                claimed.add(Claim.of(b, members)); // settling takes a batch's members in any order
            }
            return new Routed(taken.size(), claimed);
        });
    }

    /** Deliveries per routing pass, at most (a pass sends them all before it settles, inside one claim). */
    private int maxDeliveriesPerPass() {
        return settings.batch() * 10;
    }

    /** Reads one ingest entry and makes the deliveries of its events: one per matching rule's target, claimed by this node. */
    private RowPlan plan(Entry row, Transaction reads, Map<String, BusRules> rulesByBus, Map<String, Boolean> archivesByRegion,
                         Instant now, Instant claimUntil) {
        IngestHandoff.Parsed handedOff = handoff.take(row.key());
        IngestEntry in;
        if (handedOff != null) {
            in = handedOff.entry();
        } else {
            try {
                in = StoredJson.read(row.value(), IngestEntry.class);
            } catch (RuntimeException e) {
                LOG.warn("dropping unreadable ingest entry {}: {}", row.key(), e.getClass().getSimpleName());
                return new RowPlan(row.key(), null, List.of(), List.of(), List.of());
            }
        }
        BusRules rules = rulesByBus.computeIfAbsent(in.account() + "/" + in.region() + "/" + in.eventBusName(),
                k -> busRules(Rules.all(reads, in.account(), in.region(), in.eventBusName())));
        boolean archived = archivesByRegion.computeIfAbsent(in.account() + "/" + in.region(),
                k -> !reads.scan(EventsKeys.archives(in.account(), in.region()), null, 1).entries().isEmpty());
        if (!in.scheduled() && rules.byName().isEmpty() && !archived) {
            return new RowPlan(row.key(), in, List.of(), List.of(), List.of()); // nothing to match: no need to parse the events
        }
        List<String> texts = new ArrayList<>();
        List<JsonNode> events = new ArrayList<>();
        List<DeliveryRecord> deliveries = new ArrayList<>();
        List<String> jsons = in.eventJsons();
        for (int k = 0; k < jsons.size(); k++) {
            String json = jsons.get(k);
            JsonNode event;
            if (handedOff != null) {
                event = handedOff.events().get(k); // this node parsed it before writing it: the same tree as parsing the text
            } else {
                try {
                    event = JSON.readTree(json);
                } catch (IOException e) {
                    LOG.warn("dropping an unreadable event of ingest entry {}", row.key());
                    continue;
                }
            }
            texts.add(json);
            events.add(event);
            List<RuleRecord> matched = in.scheduled()
                    ? in.onlyRuleArns().stream().map(rules.scheduledByArn()::get).filter(java.util.Objects::nonNull).toList()
                    : rules.matcher().matching(event).stream().map(rules.byName()::get).toList();
            for (RuleRecord rule : matched) {
                if (!in.onlyRuleArns().isEmpty() && !in.onlyRuleArns().contains(rule.arn())) {
                    continue;
                }
                for (TargetSpec target : rule.targets()) {
                    String id = in.account() + "/" + in.region() + "/" + event.path("id").asText() + "/" + in.eventBusName()
                            + "/" + rule.name() + "/" + target.id();
                    deliveries.add(new DeliveryRecord(id, in.account(), in.region(), in.eventBusName(), rule.name(), rule.arn(),
                            target, json, now, 0, claimUntil, nodeId, null));
                }
            }
        }
        return new RowPlan(row.key(), in, texts, events, deliveries);
    }

    /** Splits the planned deliveries into batch records of about {@link #BATCH_RECORD_BYTES} each, serialized here. */
    private static List<ChunkPlan> chunks(List<RowPlan> rows) {
        List<ChunkPlan> chunks = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<DeliveryRecord> members = new ArrayList<>();
        long bytes = 0;
        for (RowPlan r : rows) {
            for (DeliveryRecord d : r.deliveries()) {
                keys.add(r.key());
                members.add(d);
                bytes += d.eventJson().length() + 512;
                if (bytes >= BATCH_RECORD_BYTES) {
                    chunks.add(chunk(keys, members));
                    keys = new ArrayList<>();
                    members = new ArrayList<>();
                    bytes = 0;
                }
            }
        }
        if (!members.isEmpty()) {
            chunks.add(chunk(keys, members));
        }
        return chunks;
    }

    private static ChunkPlan chunk(List<String> keys, List<DeliveryRecord> members) {
        DeliveryBatch b = DeliveryBatch.of(DeliveryBatch.ID_PREFIX + java.util.UUID.randomUUID(), members);
        return new ChunkPlan(b, List.copyOf(keys), List.copyOf(members), b.toJson());
    }

    /** Claims, sends and settles the deliveries due now (a batch), sending in parallel; returns how many it attempted. */
    public synchronized int deliverDue() {
        Instant now = clock.instant();
        List<String[]> due = new ArrayList<>();
        for (Entry row : storage.scan(EventsKeys.DUE, null, settings.batch()).entries()) {
            String rest = row.key().substring(EventsKeys.DUE.length());
            if (EventsKeys.parseMillis(rest.substring(0, 15)).isAfter(now)) {
                break;
            }
            due.add(new String[] {row.key(), rest.substring(16), rest.substring(0, 15)});
        }
        if (due.isEmpty()) {
            return 0;
        }
        List<Claim> claimed = claim(due, now);
        attempt(claimed);
        return claimed.stream().mapToInt(c -> c.deliveries().size()).sum();
    }

    /** Sends deliveries this node has claimed, in parallel, then settles them all in one transaction. */
    private void attempt(List<Claim> claims) {
        List<DeliveryRecord> claimed = claims.stream().flatMap(c -> c.deliveries().stream()).toList();
        if (claimed.isEmpty()) {
            return;
        }
        List<Future<Outcome>> running = new ArrayList<>();
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(settings.parallelSends());
        for (DeliveryRecord d : claimed) {
            if (senders.isLocal(d)) {
                // a log line is only collected here (flush writes it): a virtual thread per line would cost more than the line
                running.add(java.util.concurrent.CompletableFuture.completedFuture(send(d)));
                continue;
            }
            slots.acquireUninterruptibly();
            running.add(sends.submit(() -> {
                try {
                    return send(d);
                } finally {
                    slots.release();
                }
            }));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : running) {
            try {
                outcomes.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // the claims expire and the deliveries are retried
            } catch (java.util.concurrent.ExecutionException e) {
                outcomes.add(new Outcome.Retry(e.getCause().getClass().getSimpleName()));
            }
        }
        String unflushed = senders.flush();
        if (unflushed != null) {
            for (int i = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i) instanceof Outcome.Delivered && TargetKinds.of(claimed.get(i).target().arn()) == TargetKinds.LOG) {
                    outcomes.set(i, new Outcome.Retry(unflushed));
                }
            }
        }
        settle(claims, outcomes);
    }

    private Outcome send(DeliveryRecord d) {
        try {
            return senders.send(d);
        } catch (RuntimeException e) {
            return new Outcome.Retry(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Claims a batch of due deliveries and delivery batches in one transaction: each due entry moves to the claim's
     * end and the record names this node. A due entry that does not match its record's due time is stale and dropped.
     */
    private List<Claim> claim(List<String[]> due, Instant now) {
        Instant until = now.plus(settings.claim());
        return storage.transaction(tx -> {
            List<Claim> mine = new ArrayList<>();
            for (String[] row : due) {
                if (!tx.delete(row[0])) {
                    continue;
                }
                if (DeliveryBatch.isBatchId(row[1])) {
                    Optional<DeliveryBatch> b = tx.get(EventsKeys.BATCHES + row[1].substring(DeliveryBatch.ID_PREFIX.length()))
                            .map(DeliveryBatch::fromJson);
                    if (b.isEmpty() || !EventsKeys.millis(b.get().claimedUntil()).equals(row[2])) {
                        continue;
                    }
                    DeliveryBatch claimed = b.get().claimed(nodeId, until);
                    tx.put(claimed.key(), claimed.toJson());
                    tx.put(claimed.dueKey(), new byte[0]);
                    mine.add(Claim.of(claimed));
                    continue;
                }
                Optional<DeliveryRecord> d = EventsEnvironment.read(tx, EventsKeys.DELIVERY + row[1], DeliveryRecord.class);
                if (d.isEmpty() || !EventsKeys.millis(d.get().nextAttemptAt()).equals(row[2])) {
                    continue;
                }
                DeliveryRecord claimed = d.get().claimed(nodeId, until);
                putDelivery(tx, claimed);
                mine.add(Claim.of(claimed));
            }
            return mine;
        });
    }

    /**
     * Settles a batch of attempts in one transaction, each claim only if it is still this node's: its due entry is
     * where this node's claim put it (a takeover by another node moved it). A settled batch record goes away; its
     * members that were not delivered become delivery records of their own (retry, dead letter).
     */
    private void settle(List<Claim> claims, List<Outcome> outcomes) {
        Instant now = clock.instant();
        storage.transaction(tx -> {
            int next = 0;
            for (Claim c : claims) {
                int first = next;
                next += c.deliveries().size();
                if (!tx.delete(c.dueKey())) {
                    continue; // the claim expired and another node took the delivery over
                }
                if (c.batchKey() != null) {
                    tx.delete(c.batchKey());
                }
                for (int i = 0; i < c.deliveries().size(); i++) {
                    settle(tx, c.deliveries().get(i), outcomes.get(first + i), now, c.batchKey() == null);
                }
            }
            return null;
        });
    }

    /** Applies one outcome; {@code stored}: the delivery has a record of its own (not a member of a batch). */
    private void settle(Transaction tx, DeliveryRecord claimed, Outcome outcome, Instant now, boolean stored) {
        switch (outcome) {
            case Outcome.Delivered ok -> {
                if (stored) {
                    tx.delete(EventsKeys.DELIVERY + claimed.id());
                }
            }
            case Outcome.Throttled t -> {
                putDelivery(tx, claimed.retryAt(now.plus(t.delay()), claimed.attempts(), claimed.lastError()));
            }
            case Outcome.Failed f -> {
                deadLetter(tx, claimed, now, f.reason());
            }
            case Outcome.Retry r -> {
                int failures = claimed.attempts() + 1;
                Instant next = now.plus(settings.backoff(failures));
                Instant expires = claimed.acceptedAt().plusSeconds(claimed.target().eventAgeSeconds());
                if (failures > claimed.target().retryAttempts()) {
                    deadLetter(tx, claimed.retryAt(now, failures, r.reason()), now, "MaximumRetryAttempts ("
                            + claimed.target().retryAttempts() + ") exhausted; last error: " + r.reason());
                } else if (next.isAfter(expires)) {
                    deadLetter(tx, claimed.retryAt(now, failures, r.reason()), now, "MaximumEventAgeInSeconds ("
                            + claimed.target().eventAgeSeconds() + ") reached; last error: " + r.reason());
                } else {
                    putDelivery(tx, claimed.retryAt(next, failures, r.reason()));
                }
            }
        }
    }

    private static void deadLetter(Transaction tx, DeliveryRecord d, Instant now, String reason) {
        tx.delete(EventsKeys.DELIVERY + d.id());
        String key = deadLetterPrefix(d.account(), d.region(), d.eventBusName(), d.ruleName(), d.target().id())
                + d.id().split("/")[2];
        EventsEnvironment.write(tx, key, new DeadLetter(key, d, now, reason));
        LOG.warn("delivery {} is a dead letter: {}", d.id(), reason);
    }

    static String deadLetterPrefix(String account, String region, String bus, String rule, String target) {
        return EventsKeys.deadLetters(account, region) + bus + "/" + rule + "/" + target + "/";
    }

    private static void putDelivery(Transaction tx, DeliveryRecord d) {
        EventsEnvironment.write(tx, EventsKeys.DELIVERY + d.id(), d);
        tx.put(dueKey(d), new byte[0]);
    }

    private static String dueKey(DeliveryRecord d) {
        return EventsKeys.DUE + EventsKeys.millis(d.nextAttemptAt()) + "/" + d.id();
    }

    /** Dead letters under a prefix of (bus, rule, target); {@code null} parts widen the listing. */
    public List<DeadLetter> deadLetters(String account, String region, String bus, String rule, String target) {
        String prefix = prefix(account, region, bus, rule, target);
        return storage.transaction(tx -> tx.scanAll(prefix)).stream()
                .map(e -> StoredJson.read(e.value(), DeadLetter.class))
                .filter(dl -> matches(dl, bus, rule, target)).toList();
    }

    /** Moves dead letters back into delivery, due now with a fresh retry budget; returns how many. */
    public int redrive(String account, String region, String bus, String rule, String target) {
        String prefix = prefix(account, region, bus, rule, target);
        Instant now = clock.instant();
        return storage.transaction(tx -> {
            int moved = 0;
            for (Entry e : tx.scanAll(prefix)) {
                DeadLetter dl = StoredJson.read(e.value(), DeadLetter.class);
                if (!matches(dl, bus, rule, target)) {
                    continue;
                }
                tx.delete(e.key());
                DeliveryRecord d = dl.delivery();
                putDelivery(tx, new DeliveryRecord(d.id(), d.account(), d.region(), d.eventBusName(), d.ruleName(), d.ruleArn(),
                        d.target(), d.eventJson(), now, 0, now, null, null));
                moved++;
            }
            return moved;
        });
    }

    /** Deliveries still pending (due or claimed; those of batch records one by one), for tests and operators. */
    public List<DeliveryRecord> pending() {
        return storage.transaction(tx -> {
            List<DeliveryRecord> out = new ArrayList<>();
            tx.scanAll(EventsKeys.DELIVERY).forEach(e -> out.add(StoredJson.read(e.value(), DeliveryRecord.class)));
            tx.scanAll(EventsKeys.BATCHES).forEach(e -> out.addAll(DeliveryBatch.fromJson(e.value()).deliveries()));
            return out;
        });
    }

    private static String prefix(String account, String region, String bus, String rule, String target) {
        String p = EventsKeys.deadLetters(account, region);
        if (bus == null) {
            return p;
        }
        p += bus + "/";
        if (rule == null) {
            return p;
        }
        p += rule + "/";
        return target == null ? p : p + target + "/";
    }

    private static boolean matches(DeadLetter dl, String bus, String rule, String target) {
        DeliveryRecord d = dl.delivery();
        return (bus == null || bus.equals(d.eventBusName())) && (rule == null || rule.equals(d.ruleName()))
                && (target == null || target.equals(d.target().id()));
    }

    /** The enabled rules of one bus that have targets, indexed for matching (built once per routing batch). */
    private record BusRules(RuleMatcher matcher, Map<String, RuleRecord> byName, Map<String, RuleRecord> scheduledByArn) {
    }

    private BusRules busRules(List<RuleRecord> all) {
        List<RuleMatcher.Rule> rules = new ArrayList<>();
        Map<String, RuleRecord> byName = new HashMap<>();
        Map<String, RuleRecord> scheduledByArn = new HashMap<>();
        for (RuleRecord r : all) {
            if (r.enabled() && !r.targets().isEmpty() && r.scheduleExpression() != null) {
                scheduledByArn.put(r.arn(), r);
            }
            if (r.enabled() && !r.targets().isEmpty() && r.eventPattern() != null) {
                try {
                    rules.add(new RuleMatcher.Rule(r.name(), pattern(r.eventPattern())));
                    byName.put(r.name(), r);
                } catch (io.citadel.core.ServiceException e) {
                    // a stored pattern this engine refuses must not stop routing for every other rule
                    LOG.warn("rule {} is skipped: its stored pattern no longer compiles: {}", r.arn(), e.getMessage());
                }
            }
        }
        return new BusRules(RuleMatcher.of(rules), byName, scheduledByArn);
    }

    private EventPattern pattern(String text) {
        EventPattern p = patterns.get(text);
        if (p == null) {
            if (patterns.size() >= PATTERN_CACHE) {
                patterns.clear();
            }
            p = Rules.checkPattern(text);
            patterns.put(text, p);
        }
        return p;
    }
}
