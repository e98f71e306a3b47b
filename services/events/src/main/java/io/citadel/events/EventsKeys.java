package io.citadel.events;

import java.time.Instant;

/**
 * The events service's storage keys (docs/events.md, "Storage layout"). Configuration lives under
 * {@code <account>/<region>/events/}; the queues every node works from live under
 * {@code global/events/}, ordered by 15-digit epoch millis so key order is time order.
 */
final class EventsKeys {

    static final String INGEST = "global/events/ingest/";
    static final String DELIVERY = "global/events/delivery/";
    static final String DUE = "global/events/due/";
    static final String BATCHES = "global/events/batch/";
    static final String REPLAYS = "global/events/replay/";
    static final String ARCHIVES = "global/events/archive/";

    private EventsKeys() {
    }

    static String root(String account, String region) {
        return account + "/" + region + "/events/";
    }

    static String buses(String account, String region) {
        return root(account, region) + "bus/";
    }

    static String bus(String account, String region, String name) {
        return buses(account, region) + name;
    }

    static String rules(String account, String region, String bus) {
        return root(account, region) + "rule/" + bus + "/";
    }

    static String rule(String account, String region, String bus, String name) {
        return rules(account, region, bus) + name;
    }

    static String connections(String account, String region) {
        return root(account, region) + "connection/";
    }

    static String apiDestinations(String account, String region) {
        return root(account, region) + "api-destination/";
    }

    static String archives(String account, String region) {
        return root(account, region) + "archive/";
    }

    static String archivedEvents(String account, String region, String archive) {
        return root(account, region) + "archived/" + archive + "/";
    }

    static String replays(String account, String region) {
        return root(account, region) + "replay/";
    }

    /** Dead letters of one target: {@code .../dlq/<bus>/<rule>/<target>/<delivery id>}. */
    static String deadLetters(String account, String region) {
        return root(account, region) + "dlq/";
    }

    static String millis(Instant at) {
        String m = Long.toString(Math.max(0, at.toEpochMilli()));
        return "0".repeat(Math.max(0, 15 - m.length())) + m;
    }

    static Instant parseMillis(String digits) {
        return Instant.ofEpochMilli(Long.parseLong(digits));
    }
}
