package io.citadel.events;

/**
 * The kinds of target Citadel delivers to, told apart by ARN: an API destination
 * ({@code ...:api-destination/<name>[/<uuid>]}), an event bus ({@code ...:event-bus/<name>}, in any
 * account), or the built-in log target ({@code ...:log/<name>}, JSON Lines on the node's disk).
 */
enum TargetKinds {
    API_DESTINATION, EVENT_BUS, LOG;

    static final java.util.regex.Pattern LOG_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    static TargetKinds of(String arn) {
        var parsed = EventsArns.parse(arn).orElse(null);
        if (parsed == null) {
            return null;
        }
        return switch (parsed.type()) {
            case "api-destination" -> API_DESTINATION;
            case "event-bus" -> EVENT_BUS;
            case "log" -> LOG_NAME.matcher(parsed.path()).matches() ? LOG : null;
            default -> null;
        };
    }

    /** Why Citadel cannot deliver to this target, or null. */
    static String problem(TargetSpec t) {
        if (of(t.arn()) == null) {
            return "Target " + t.id() + ": ARN " + t.arn() + " is not a target Citadel delivers to (expected: an API destination, "
                    + "an event bus, or arn:aws:events:<region>:<account>:log/<name>)";
        }
        return null;
    }
}
