package io.citadel.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.RequestContext;
import io.citadel.core.events.AwsEvent;
import io.citadel.core.json.StoredJson;
import io.citadel.events.pattern.EventPattern;
import io.citadel.storage.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * PutEvents and TestEventPattern. Accepted events are written to the ingest queue in the same
 * transaction that decides their EventIds, so an event whose id the caller received is durable;
 * entries fail one by one with AWS's entry error codes.
 */
public final class EventIngest {

    /** What a caller put: one PutEvents entry. */
    public record Entry(Instant time, String source, List<String> resources, String detailType, String detail,
                        String eventBusName) {
    }

    /** One result, in request order: an event id, or an error code and message. */
    public record Result(String eventId, String errorCode, String errorMessage) {
    }

    static final int MAX_REQUEST_BYTES = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ENVELOPE = List.of("id", "account", "source", "time", "region", "detail-type");

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final EventsEnvironment env;
    private final IngestHandoff handoff;

    EventIngest(EventsEnvironment env, IngestHandoff handoff) {
        this.env = env;
        this.handoff = handoff;
    }

    public List<Result> putEvents(RequestContext ctx, List<Entry> entries) {
        String account = EventsEnvironment.account(ctx);
        long size = 0;
        for (Entry e : entries) {
            size += entrySize(e);
        }
        if (size > MAX_REQUEST_BYTES) {
            throw EventsErrors.validation("Total size of the entries in the request is over the limit (" + size + " > "
                    + MAX_REQUEST_BYTES + " bytes).");
        }
        Instant now = env.clock.instant();
        Result[] results = new Result[entries.size()];
        List<Integer> candidates = new ArrayList<>();
        Map<Integer, Target> targets = new HashMap<>();
        Map<Integer, JsonNode> details = new HashMap<>();
        java.util.Set<Target> authorized = new java.util.HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            JsonNode detail = detailObject(e.detail());
            String problem = entryProblem(e, detail);
            if (problem != null) {
                results[i] = new Result(null, problem.startsWith("Detail is malformed") ? "MalformedDetail" : "InvalidArgument", problem);
                continue;
            }
            if (e.source().startsWith("aws.")) {
                results[i] = new Result(null, "NotAuthorizedForSourceException", "Not authorized for the source.");
                continue;
            }
            Target t;
            try {
                t = target(ctx, e.eventBusName());
            } catch (io.citadel.core.ServiceException ex) {
                results[i] = new Result(null, ex.errorCode().code(), ex.getMessage());
                continue;
            }
            if (authorized.add(t)) {
                env.require(ctx, "PutEvents", EventsArns.bus(t.region, t.account, t.bus));
            }
            targets.put(i, t);
            details.put(i, detail);
            candidates.add(i);
        }
        // everything but the bus checks and the writes happens before the transaction: its work runs serially with
        // every other transaction's on the node (group commit), so JSON building there would cap PutEvents. The
        // events of one bus go into one ingest entry (one row, one seal): a bus check decides for all of them.
        Map<Target, Group> groups = new java.util.LinkedHashMap<>();
        String[] ids = randomUuids(candidates.size() + 1); // the last one makes the ingest keys unique
        int next = 0;
        String nowText = eventTime(now); // Instant.toString is costly, and most entries have no Time of their own
        for (int i : candidates) {
            Entry e = entries.get(i);
            Target t = targets.get(i);
            String id = ids[next++];
            JsonNode detail = details.get(i);
            ObjectNode event = envelopeNode(id, e.detailType(), e.source(), account, e.time() == null ? nowText : eventTime(e.time()),
                    t.region, e.resources() == null ? List.of() : e.resources(), detail);
            Group g = groups.computeIfAbsent(t, k -> new Group(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>()));
            g.indexes().add(i);
            g.eventIds().add(id);
            g.events().add(text(event));
            g.parsed().add(event);
        }
        List<Prepared> prepared = new ArrayList<>();
        String suffix = ids[ids.length - 1];
        for (Map.Entry<Target, Group> g : groups.entrySet()) {
            Target t = g.getKey();
            IngestEntry entry = IngestEntry.batch(t.account, t.region, t.bus, g.getValue().events());
            prepared.add(new Prepared(t, g.getValue(), ingestKey(now, g.getValue().eventIds().getFirst(), suffix), entry,
                    StoredJson.write(entry)));
        }
        env.storage.transaction(tx -> {
            for (Prepared p : prepared) {
                Target t = p.target();
                if (t.account.equals(account) && EventsArns.DEFAULT_BUS.equals(t.bus)) {
                    // the caller's own default bus always exists and its policy does not apply: nothing to read
                    tx.put(p.key(), p.value());
                    accept(p, results);
                    continue;
                }
                Optional<BusRecord> bus = EventBuses.find(tx, t.account, t.region, t.bus);
                if (bus.isEmpty()) {
                    p.group().indexes().forEach(i -> results[i] = new Result(null, "ResourceNotFoundException",
                            "Event bus " + t.bus + " does not exist."));
                    continue;
                }
                if (!t.account.equals(account) && !EventBuses.allowsPutEvents(bus.get(), account, now)) {
                    p.group().indexes().forEach(i -> results[i] = new Result(null, "AccessDeniedException", "Account " + account
                            + " is not authorized to put events on event bus " + bus.get().arn() + "."));
                    continue;
                }
                tx.put(p.key(), p.value());
                accept(p, results);
            }
            return null;
        });
        // committed: routing on this node may use the parsed envelopes instead of parsing the stored ones again. An
        // entry whose bus check failed was not written; its hand-off would never be taken (only pushed out), so none.
        for (Prepared p : prepared) {
            if (results[p.group().indexes().getFirst()].eventId() != null && p.group().handOff()) {
                handoff.offer(p.key(), new IngestHandoff.Parsed(p.entry(), p.group().parsed()));
            }
        }
        return List.of(results);
    }

    private static void accept(Prepared p, Result[] results) {
        for (int k = 0; k < p.group().indexes().size(); k++) {
            results[p.group().indexes().get(k)] = new Result(p.group().eventIds().get(k), null, null);
        }
    }

    /** Writes one accepted event to the ingest queue; the routing worker takes it from there. */
    static void enqueue(Transaction tx, Instant now, IngestEntry entry, String eventId) {
        EventsEnvironment.write(tx, ingestKey(now, eventId), entry);
    }

    /** An accepted event's place in the ingest queue: by time, then id (a random suffix keeps replays of one id apart). */
    private static String ingestKey(Instant now, String eventId) {
        return ingestKey(now, eventId, UUID.randomUUID().toString());
    }

    private static String ingestKey(Instant now, String eventId, String randomUuid) {
        return EventsKeys.INGEST + EventsKeys.millis(now) + "/" + eventId + "-" + randomUuid.substring(0, 8);
    }

    /**
     * {@code n} random (version 4) UUIDs from one call to the shared SecureRandom: {@link UUID#randomUUID()} makes one
     * call per UUID, and a PutEvents request needs up to eleven.
     */
    static String[] randomUuids(int n) {
        byte[] bytes = new byte[16 * n];
        RANDOM.nextBytes(bytes);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            long msb = (b.getLong() & ~0xF000L) | 0x4000L; // version 4
            long lsb = (b.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
            out[i] = new UUID(msb, lsb).toString();
        }
        return out;
    }

    /**
     * The accepted entries of one request for one bus: their request positions, event ids and envelopes (text and parsed),
     * in order.
     */
    private record Group(List<Integer> indexes, List<String> eventIds, List<String> events, List<JsonNode> parsed) {

        /**
         * Whether every parsed envelope equals what parsing its text gives ({@link #reparsesTheSame}); the envelope's own
         * members are strings, so only the detail needs a look.
         */
        boolean handOff() {
            for (JsonNode event : parsed) {
                if (!reparsesTheSame(event.get("detail"))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One bus's ingest entry ready to be written: its queue key, the entry and its stored bytes. */
    private record Prepared(Target target, Group group, String key, IngestEntry entry, byte[] value) {
    }

    /**
     * Whether parsing the envelope's text gives back this tree. It does except for a number too large for a double
     * ({@code 1e400} parses as infinity, which Jackson writes as the string {@code "Infinity"}): such an event is routed
     * from its stored text, as every event used to be.
     */
    static boolean reparsesTheSame(JsonNode node) {
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (!reparsesTheSame(child)) {
                    return false;
                }
            }
            return true;
        }
        return !(node.isDouble() || node.isFloat()) || Double.isFinite(node.doubleValue());
    }

    public boolean testEventPattern(RequestContext ctx, String pattern, String event) {
        env.require(ctx, "TestEventPattern", "*");
        EventPattern compiled = Rules.checkPattern(pattern);
        JsonNode node;
        try {
            node = JSON.readTree(event);
        } catch (JsonProcessingException e) {
            throw EventsErrors.validation("Parameter Event is not valid. Reason: the event is not JSON.");
        }
        if (node == null || !node.isObject()) {
            throw EventsErrors.validation("Parameter Event is not valid. Reason: the event is not a JSON object.");
        }
        for (String field : ENVELOPE) {
            if (!node.hasNonNull(field)) {
                throw EventsErrors.validation("Parameter Event is not valid. Reason: Provided Event is missing required field \""
                        + field + "\".");
            }
        }
        if (!node.path("account").asText().equals(EventsEnvironment.account(ctx))) {
            throw EventsErrors.validation("Parameter Event is not valid. Reason: Value of the key 'account' must be the caller's "
                    + "account id.");
        }
        return compiled.matches(node);
    }

    private record Target(String account, String region, String bus) {
    }

    private static Target target(RequestContext ctx, String nameOrArn) {
        if (nameOrArn == null || !nameOrArn.startsWith("arn:")) {
            return new Target(EventsEnvironment.account(ctx), ctx.region(), nameOrArn == null ? EventsArns.DEFAULT_BUS : nameOrArn);
        }
        EventsArns.Parsed arn = EventsArns.parse(nameOrArn).filter(p -> p.type().equals("event-bus"))
                .orElseThrow(() -> EventsErrors.validation("Event bus ARN " + nameOrArn + " is not valid."));
        if (!arn.region().equals(ctx.region())) {
            throw EventsErrors.notFound("Event bus " + nameOrArn + " does not exist.");
        }
        return new Target(arn.account(), arn.region(), arn.path());
    }

    /**
     * {@link AwsEvent#json()}'s text, built from the detail that validation parsed already (AwsEvent parses it again);
     * a test keeps the two identical.
     */
    static String envelope(String id, String detailType, String source, String account, Instant time, String region,
                           List<String> resources, JsonNode detail) {
        return text(envelopeNode(id, detailType, source, account, eventTime(time), region, resources, detail));
    }

    /** An envelope's {@code time}: ISO 8601 in whole seconds, as AwsEvent writes it. */
    private static String eventTime(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static ObjectNode envelopeNode(String id, String detailType, String source, String account, String time, String region,
                                           List<String> resources, JsonNode detail) {
        ObjectNode event = JSON.createObjectNode().put("version", "0").put("id", id).put("detail-type", detailType)
                .put("source", source).put("account", account).put("time", time)
                .put("region", region);
        resources.forEach(event.putArray("resources")::add);
        event.set("detail", detail);
        return event;
    }

    private static String text(ObjectNode event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event envelope cannot be written", e);
        }
    }

    /** The detail parsed, or null when it is not a JSON object (or absent). */
    private static JsonNode detailObject(String detail) {
        if (detail == null || detail.isEmpty()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(detail);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException ex) {
            return null;
        }
    }

    private static String entryProblem(Entry e, JsonNode detail) {
        if (e.source() == null || e.source().isEmpty()) {
            return "Parameter Source is not valid. Reason: Source is a required argument.";
        }
        if (e.detailType() == null || e.detailType().isEmpty()) {
            return "Parameter DetailType is not valid. Reason: DetailType is a required argument.";
        }
        if (e.detailType().length() > 128) {
            return "Parameter DetailType is not valid. Reason: DetailType is longer than 128 characters.";
        }
        if (e.detail() == null || e.detail().isEmpty()) {
            return "Parameter Detail is not valid. Reason: Detail is a required argument.";
        }
        return detail == null ? "Detail is malformed." : null;
    }

    /** AWS's entry size: Time 14 bytes, plus the UTF-8 bytes of Source, DetailType, Detail and each resource. */
    static long entrySize(Entry e) {
        long size = e.time() == null ? 0 : 14;
        size += bytes(e.source()) + bytes(e.detailType()) + bytes(e.detail());
        if (e.resources() != null) {
            for (String r : e.resources()) {
                size += bytes(r);
            }
        }
        return size;
    }

    private static long bytes(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
