package io.citadel.events;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARNs of the events service. Buses {@code arn:aws:events:<region>:<account>:event-bus/<name>},
 * rules {@code ...:rule/<name>} on the default bus and {@code ...:rule/<bus>/<name>} elsewhere,
 * connections and API destinations {@code ...:connection/<name>/<uuid>}, archives {@code ...:archive/<name>},
 * replays {@code ...:replay/<name>}, and Citadel's own log target {@code ...:log/<name>}.
 */
public final class EventsArns {

    public static final String DEFAULT_BUS = "default";
    private static final Pattern ARN = Pattern.compile("arn:aws:events:([a-z0-9-]+):(\\d{12}):([a-z-]+)/(.+)");

    private EventsArns() {
    }

    /** A parsed events ARN: region, account, resource type and the part after {@code type/}. */
    public record Parsed(String region, String account, String type, String path) {
    }

    public static Optional<Parsed> parse(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        Matcher m = ARN.matcher(arn);
        return m.matches() ? Optional.of(new Parsed(m.group(1), m.group(2), m.group(3), m.group(4))) : Optional.empty();
    }

    public static String bus(String region, String account, String name) {
        return "arn:aws:events:" + region + ":" + account + ":event-bus/" + name;
    }

    public static String rule(String region, String account, String bus, String name) {
        return "arn:aws:events:" + region + ":" + account + ":rule/" + (DEFAULT_BUS.equals(bus) ? "" : bus + "/") + name;
    }

    public static String of(String region, String account, String type, String path) {
        return "arn:aws:events:" + region + ":" + account + ":" + type + "/" + path;
    }
}
