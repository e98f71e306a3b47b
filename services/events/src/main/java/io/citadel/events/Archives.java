package io.citadel.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.RequestContext;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.Entry;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Transaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;

/**
 * Archives (copies of a bus's events, all or those matching a pattern, made as events are routed)
 * and replays (an archive's events of a time window put back on a bus, marked with
 * {@code replay-name}, to all or some of its rules), carried out batch by batch by the worker.
 */
public final class Archives {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventsEnvironment env;

    Archives(EventsEnvironment env) {
        this.env = env;
    }

    public ArchiveRecord create(RequestContext ctx, String name, String eventSourceArn, String description, String pattern,
                                Integer retentionDays) {
        String account = EventsEnvironment.account(ctx);
        String arn = EventsArns.of(ctx.region(), account, "archive", name);
        env.require(ctx, "CreateArchive", arn);
        if (pattern != null) {
            Rules.checkPattern(pattern);
        }
        EventsArns.Parsed source = EventsArns.parse(eventSourceArn).filter(p -> p.type().equals("event-bus")
                        && p.account().equals(account) && p.region().equals(ctx.region()))
                .orElseThrow(() -> EventsErrors.validation("EventSourceArn " + eventSourceArn + " is not an event bus of this account."));
        Instant now = env.clock.instant();
        return env.storage.transaction(tx -> {
            EventBuses.find(tx, account, ctx.region(), source.path()).orElseThrow(() -> EventBuses.missing(source.path()));
            String key = EventsKeys.archives(account, ctx.region()) + name;
            if (tx.get(key).isPresent()) {
                throw EventsErrors.exists("Archive " + name + " already exists.");
            }
            if (tx.scanAll(EventsKeys.archives(account, ctx.region())).size() >= env.limits.archives()) {
                throw EventsErrors.limit("The requested resource exceeds the maximum number allowed: " + env.limits.archives()
                        + " archives.");
            }
            ArchiveRecord a = new ArchiveRecord(name, arn, eventSourceArn, description, pattern,
                    retentionDays == null ? 0 : retentionDays, "ENABLED", now, 0, 0);
            EventsEnvironment.write(tx, key, a);
            tx.put(EventsKeys.ARCHIVES + account + "/" + ctx.region() + "/" + name, new byte[0]);
            return a;
        });
    }

    public ArchiveRecord describe(RequestContext ctx, String name) {
        String account = EventsEnvironment.account(ctx);
        env.require(ctx, "DescribeArchive", EventsArns.of(ctx.region(), account, "archive", name));
        return env.storage.transaction(tx -> archive(tx, account, ctx.region(), name));
    }

    public Page<ArchiveRecord> list(RequestContext ctx, String namePrefix, String eventSourceArn, String state, Integer limit,
                                    String token) {
        String account = EventsEnvironment.account(ctx);
        env.require(ctx, "ListArchives", "*");
        List<ArchiveRecord> all = env.storage.transaction(tx -> all(tx, account, ctx.region())).stream()
                .filter(a -> eventSourceArn == null || eventSourceArn.equals(a.eventSourceArn()))
                .filter(a -> state == null || state.equals(a.state())).toList();
        return Page.of(all, ArchiveRecord::name, namePrefix, limit, token);
    }

    public void delete(RequestContext ctx, String name) {
        String account = EventsEnvironment.account(ctx);
        env.require(ctx, "DeleteArchive", EventsArns.of(ctx.region(), account, "archive", name));
        env.storage.transaction(tx -> {
            archive(tx, account, ctx.region(), name);
            tx.delete(EventsKeys.archives(account, ctx.region()) + name);
            tx.delete(EventsKeys.ARCHIVES + account + "/" + ctx.region() + "/" + name);
            for (Entry e : tx.scanAll(EventsKeys.archivedEvents(account, ctx.region(), name))) {
                tx.delete(e.key());
            }
            return null;
        });
    }

    public ReplayRecord startReplay(RequestContext ctx, String name, String description, String eventSourceArn, Instant start,
                                    Instant end, String destinationArn, List<String> filterArns) {
        String account = EventsEnvironment.account(ctx);
        String arn = EventsArns.of(ctx.region(), account, "replay", name);
        env.require(ctx, "StartReplay", arn);
        if (!start.isBefore(end)) {
            throw EventsErrors.validation("EventStartTime must be before EventEndTime.");
        }
        EventsArns.Parsed source = EventsArns.parse(eventSourceArn).filter(p -> p.type().equals("archive")
                        && p.account().equals(account) && p.region().equals(ctx.region()))
                .orElseThrow(() -> EventsErrors.validation("EventSourceArn " + eventSourceArn + " is not an archive of this account."));
        EventsArns.Parsed dest = EventsArns.parse(destinationArn).filter(p -> p.type().equals("event-bus")
                        && p.account().equals(account) && p.region().equals(ctx.region()))
                .orElseThrow(() -> EventsErrors.validation("Destination Arn " + destinationArn + " is not an event bus of this account."));
        Instant now = env.clock.instant();
        return env.storage.transaction(tx -> {
            ArchiveRecord a = archive(tx, account, ctx.region(), source.path());
            if (!a.eventSourceArn().equals(destinationArn)) {
                throw EventsErrors.validation("Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not "
                        + "permitted.");
            }
            EventBuses.find(tx, account, ctx.region(), dest.path()).orElseThrow(() -> EventBuses.missing(dest.path()));
            String key = EventsKeys.replays(account, ctx.region()) + name;
            if (tx.get(key).isPresent()) {
                throw EventsErrors.exists("Replay " + name + " already exists.");
            }
            ReplayRecord r = new ReplayRecord(name, arn, account, ctx.region(), description, a.name(), eventSourceArn, destinationArn,
                    filterArns == null ? List.of() : filterArns, start, end, "STARTING", null, now, null, null, null);
            EventsEnvironment.write(tx, key, r);
            tx.put(EventsKeys.REPLAYS + account + "/" + ctx.region() + "/" + name, new byte[0]);
            return r;
        });
    }

    public ReplayRecord describeReplay(RequestContext ctx, String name) {
        String account = EventsEnvironment.account(ctx);
        env.require(ctx, "DescribeReplay", EventsArns.of(ctx.region(), account, "replay", name));
        return env.storage.transaction(tx -> EventsEnvironment.read(tx, EventsKeys.replays(account, ctx.region()) + name,
                ReplayRecord.class)).orElseThrow(() -> EventsErrors.notFound("Replay " + name + " does not exist."));
    }

    /** Called while routing: copies the event into every archive of its bus whose pattern it matches (replayed events excepted). */
    void archive(Transaction tx, IngestEntry in, String eventJson, JsonNode event, java.util.Map<String, List<Entry>> perBatch) {
        if (event.has("replay-name")) {
            return;
        }
        String busArn = EventsArns.bus(in.region(), in.account(), in.eventBusName());
        String prefix = EventsKeys.archives(in.account(), in.region());
        List<Entry> archives = perBatch.computeIfAbsent(prefix, p -> new java.util.ArrayList<>(tx.scanAll(p)));
        for (int i = 0; i < archives.size(); i++) {
            Entry e = archives.get(i);
            ArchiveRecord a = StoredJson.read(e.value(), ArchiveRecord.class);
            if (!a.eventSourceArn().equals(busArn) || (a.eventPattern() != null && !Rules.checkPattern(a.eventPattern()).matches(event))) {
                continue;
            }
            Instant time = eventTime(event);
            byte[] bytes = eventJson.getBytes(StandardCharsets.UTF_8);
            tx.put(EventsKeys.archivedEvents(in.account(), in.region(), a.name()) + EventsKeys.millis(time) + "/"
                    + event.path("id").asText(), bytes);
            ArchiveRecord counted = a.counted(bytes.length);
            EventsEnvironment.write(tx, e.key(), counted);
            archives.set(i, new Entry(e.key(), StoredJson.write(counted)));
        }
    }

    /**
     * Removes archived events older than their archive's RetentionDays (0: kept forever), at most
     * {@code batch} per archive per call; returns how many it removed. The archive's count and size
     * go down with them.
     */
    int purgeExpired(int batch) {
        Instant now = env.clock.instant();
        int removed = 0;
        for (Entry index : env.storage.scan(EventsKeys.ARCHIVES, null, 1000).entries()) {
            String[] parts = index.key().substring(EventsKeys.ARCHIVES.length()).split("/", 3);
            removed += env.storage.transaction(tx -> {
                String recordKey = EventsKeys.archives(parts[0], parts[1]) + parts[2];
                ArchiveRecord a = EventsEnvironment.read(tx, recordKey, ArchiveRecord.class).orElse(null);
                if (a == null || a.retentionDays() <= 0) {
                    return 0;
                }
                String prefix = EventsKeys.archivedEvents(parts[0], parts[1], a.name());
                String cutoff = EventsKeys.millis(now.minus(java.time.Duration.ofDays(a.retentionDays())));
                int n = 0;
                long bytes = 0;
                for (Entry e : tx.scan(prefix, null, batch).entries()) {
                    if (e.key().substring(prefix.length(), prefix.length() + 15).compareTo(cutoff) >= 0) {
                        break;
                    }
                    tx.delete(e.key());
                    n++;
                    bytes += e.value().length;
                }
                if (n > 0) {
                    EventsEnvironment.write(tx, recordKey, new ArchiveRecord(a.name(), a.arn(), a.eventSourceArn(), a.description(),
                            a.eventPattern(), a.retentionDays(), a.state(), a.creationTime(), Math.max(0, a.eventCount() - n),
                            Math.max(0, a.sizeBytes() - bytes)));
                }
                return n;
            });
        }
        return removed;
    }

    /** Replays one batch of each running replay; returns how many events it put back. */
    int replayBatch(int batch) {
        List<Entry> running = env.storage.scan(EventsKeys.REPLAYS, null, 100).entries();
        int total = 0;
        Instant now = env.clock.instant();
        for (Entry index : running) {
            total += env.storage.transaction(tx -> {
                if (tx.get(index.key()).isEmpty()) {
                    return 0;
                }
                String[] parts = index.key().substring(EventsKeys.REPLAYS.length()).split("/", 3);
                String recordKey = EventsKeys.replays(parts[0], parts[1]) + parts[2];
                ReplayRecord r = EventsEnvironment.read(tx, recordKey, ReplayRecord.class).orElse(null);
                if (r == null) {
                    tx.delete(index.key());
                    return 0;
                }
                String prefix = EventsKeys.archivedEvents(r.account(), r.region(), r.archiveName());
                String from = r.cursor() != null ? r.cursor() : prefix + EventsKeys.millis(r.eventStartTime().minusMillis(1)) + "/~";
                ScanPage page = tx.scan(prefix, from, batch);
                int put = 0;
                Instant last = r.eventLastReplayedTime();
                boolean done = !page.hasMore();
                String cursor = r.cursor();
                for (Entry e : page.entries()) {
                    Instant t = EventsKeys.parseMillis(e.key().substring(prefix.length(), prefix.length() + 15));
                    if (!t.isBefore(r.eventEndTime())) {
                        done = true;
                        break;
                    }
                    cursor = e.key();
                    if (t.isBefore(r.eventStartTime())) {
                        continue;
                    }
                    try {
                        ObjectNode event = (ObjectNode) JSON.readTree(e.value());
                        event.put("replay-name", r.name());
                        EventsArns.Parsed dest = EventsArns.parse(r.destinationArn()).orElseThrow();
                        EventIngest.enqueue(tx, now, new IngestEntry(r.account(), r.region(), dest.path(), event.toString(),
                                r.filterArns()), event.path("id").asText());
                        put++;
                        last = t;
                    } catch (IOException ex) {
                        // an unreadable archived event is skipped
                    }
                }
                if (done) {
                    tx.delete(index.key());
                }
                EventsEnvironment.write(tx, recordKey, r.advanced(done ? "COMPLETED" : "RUNNING", cursor, last, done ? now : null));
                return put;
            });
        }
        return total;
    }

    private static Instant eventTime(JsonNode event) {
        try {
            return Instant.parse(event.path("time").asText());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    static ArchiveRecord archive(Transaction tx, String account, String region, String name) {
        return EventsEnvironment.read(tx, EventsKeys.archives(account, region) + name, ArchiveRecord.class)
                .orElseThrow(() -> EventsErrors.notFound("Archive " + name + " does not exist."));
    }

    static List<ArchiveRecord> all(Transaction tx, String account, String region) {
        return tx.scanAll(EventsKeys.archives(account, region)).stream().map(e -> StoredJson.read(e.value(), ArchiveRecord.class))
                .sorted(Comparator.comparing(ArchiveRecord::name)).toList();
    }
}
