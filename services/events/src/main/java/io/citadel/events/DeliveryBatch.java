package io.citadel.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deliveries one routing transaction created, stored as one record under
 * {@code global/events/batch/<uuid>} with one due entry ({@code global/events/due/<millis>/batch/<uuid>})
 * instead of a record and a due entry each. All members are first attempts, claimed by one node until
 * the same time (the due entry's); they are grouped by rule target so the target is stored once.
 * Settling removes the batch and writes a member back as a {@link DeliveryRecord} of its own only when
 * it has to be retried or becomes a dead letter.
 */
public record DeliveryBatch(String id, String claimedBy, Instant claimedUntil, List<Group> groups) {

    static final String ID_PREFIX = "batch/";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).build();

    /** Deliveries to one rule's target of events accepted at the same time: their ids and envelopes, in the same order. */
    public record Group(String account, String region, String eventBusName, String ruleName, String ruleArn, TargetSpec target,
                        Instant acceptedAt, List<String> eventIds, List<String> eventJsons) {

        public Group {
            eventIds = List.copyOf(eventIds);
            eventJsons = List.copyOf(eventJsons);
            if (eventIds.size() != eventJsons.size() || eventIds.isEmpty()) {
                throw new IllegalArgumentException("delivery batch group: " + eventIds.size() + " ids, " + eventJsons.size()
                        + " events (expected: as many of each, at least one)");
            }
        }
    }

    public DeliveryBatch {
        if (!id.startsWith(ID_PREFIX)) {
            throw new IllegalArgumentException("delivery batch id: '" + id + "' (expected: " + ID_PREFIX + "<uuid>)");
        }
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("delivery batch " + id + ": no deliveries (expected: at least one)");
        }
        groups = List.copyOf(groups);
        claimedUntil = claimedUntil.truncatedTo(ChronoUnit.MILLIS);
    }

    /** A batch of first attempts, all claimed by the same node until the same time (as routing creates them). */
    static DeliveryBatch of(String id, List<DeliveryRecord> members) {
        DeliveryRecord first = members.getFirst();
        Map<GroupKey, List<DeliveryRecord>> byTarget = new LinkedHashMap<>();
        DeliveryRecord previous = null;
        List<DeliveryRecord> current = null;
        for (DeliveryRecord d : members) {
            if (d.attempts() != 0 || d.lastError() != null || !d.nextAttemptAt().equals(first.nextAttemptAt())
                    || !java.util.Objects.equals(d.claimedBy(), first.claimedBy())) {
                throw new IllegalArgumentException("delivery " + d.id() + " in batch " + id
                        + " (expected: a first attempt with the batch's claim)");
            }
            if (previous == null || !sameGroup(previous, d)) {
                current = byTarget.computeIfAbsent(new GroupKey(d.account(), d.region(), d.eventBusName(), d.ruleName(), d.ruleArn(),
                        d.target(), d.acceptedAt()), k -> new ArrayList<>());
            }
            current.add(d);
            previous = d;
        }
        List<Group> groups = new ArrayList<>();
        byTarget.forEach((k, ds) -> groups.add(new Group(k.account(), k.region(), k.bus(), k.rule(), k.ruleArn(), k.target(),
                k.acceptedAt(), ds.stream().map(DeliveryBatch::eventId).toList(), ds.stream().map(DeliveryRecord::eventJson).toList())));
        return new DeliveryBatch(id, first.claimedBy(), first.nextAttemptAt(), groups);
    }

    /** A cheap test first: routing makes a rule target's deliveries from the same objects, often one after another. */
    private static boolean sameGroup(DeliveryRecord a, DeliveryRecord b) {
        return a.target() == b.target() && a.ruleArn() == b.ruleArn() && a.account() == b.account() && a.region() == b.region()
                && a.eventBusName() == b.eventBusName() && a.ruleName() == b.ruleName() && a.acceptedAt() == b.acceptedAt();
    }

    private record GroupKey(String account, String region, String bus, String rule, String ruleArn, TargetSpec target,
                            Instant acceptedAt) {
    }

    /** A delivery's id is {@code <account>/<region>/<event id>/<bus>/<rule>/<target id>}. */
    private static String eventId(DeliveryRecord d) {
        int start = d.id().indexOf('/', d.id().indexOf('/') + 1) + 1;
        return d.id().substring(start, d.id().indexOf('/', start));
    }

    /**
     * The stored form (docs/events.md, "Delivery batches"): JSON like a record's, except that each group's
     * {@code events} are the envelopes themselves, not strings holding them, so writing one copies the text
     * instead of escaping it. Only envelopes that parsed as JSON become members (routing parsed them to match).
     */
    byte[] toJson() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeStringField("claimedBy", claimedBy);
            g.writeStringField("claimedUntil", claimedUntil.toString());
            g.writeArrayFieldStart("groups");
            for (Group group : groups) {
                g.writeStartObject();
                g.writeStringField("account", group.account());
                g.writeStringField("region", group.region());
                g.writeStringField("eventBusName", group.eventBusName());
                g.writeStringField("ruleName", group.ruleName());
                g.writeStringField("ruleArn", group.ruleArn());
                g.writeFieldName("target");
                JSON.writeValue(g, group.target());
                g.writeStringField("acceptedAt", group.acceptedAt().toString());
                g.writeArrayFieldStart("eventIds");
                for (String eventId : group.eventIds()) {
                    g.writeString(eventId);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("events");
                for (String event : group.eventJsons()) {
                    g.writeRawValue(event);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads {@link #toJson()}'s form; each envelope comes back as compact JSON text (the text it was written as). */
    static DeliveryBatch fromJson(byte[] stored) {
        try {
            JsonNode root = JSON.readTree(stored);
            List<Group> groups = new ArrayList<>();
            for (JsonNode group : root.path("groups")) {
                List<String> ids = new ArrayList<>();
                group.path("eventIds").forEach(n -> ids.add(n.asText()));
                List<String> events = new ArrayList<>();
                for (JsonNode event : group.path("events")) {
                    events.add(JSON.writeValueAsString(event));
                }
                groups.add(new Group(group.path("account").asText(), group.path("region").asText(), group.path("eventBusName").asText(),
                        group.path("ruleName").asText(), group.path("ruleArn").asText(),
                        JSON.treeToValue(group.path("target"), TargetSpec.class), Instant.parse(group.path("acceptedAt").asText()),
                        ids, events));
            }
            return new DeliveryBatch(root.path("id").asText(), root.path("claimedBy").isNull() ? null : root.path("claimedBy").asText(),
                    Instant.parse(root.path("claimedUntil").asText()), groups);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("stored delivery batch is unreadable", e);
        }
    }

    static boolean isBatchId(String id) {
        return id.startsWith(ID_PREFIX);
    }

    /** The members, one delivery record each (group by group), as a delivery of their own would be stored. */
    List<DeliveryRecord> deliveries() {
        List<DeliveryRecord> out = new ArrayList<>();
        for (Group g : groups) {
            for (int i = 0; i < g.eventIds().size(); i++) {
                String deliveryId = g.account() + "/" + g.region() + "/" + g.eventIds().get(i) + "/" + g.eventBusName() + "/"
                        + g.ruleName() + "/" + g.target().id();
                out.add(new DeliveryRecord(deliveryId, g.account(), g.region(), g.eventBusName(), g.ruleName(), g.ruleArn(),
                        g.target(), g.eventJsons().get(i), g.acceptedAt(), 0, claimedUntil, claimedBy, null));
            }
        }
        return out;
    }

    /** The batch's record key: {@code global/events/batch/<uuid>}. */
    String key() {
        return EventsKeys.BATCHES + id.substring(ID_PREFIX.length());
    }

    /** The batch's one due entry, at the end of its claim. */
    String dueKey() {
        return EventsKeys.DUE + EventsKeys.millis(claimedUntil) + "/" + id;
    }

    /** The same members, claimed by {@code node} until {@code until}. */
    DeliveryBatch claimed(String node, Instant until) {
        return new DeliveryBatch(id, node, until, groups);
    }
}
