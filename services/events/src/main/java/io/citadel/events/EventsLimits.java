package io.citadel.events;

/** The quotas the events service enforces; {@link #AWS} are EventBridge's default quotas. */
public record EventsLimits(int busesPerAccount, int rulesPerBus, int targetsPerRule, int connections, int apiDestinations,
                           int archives) {

    public static final EventsLimits AWS = new EventsLimits(100, 300, 5, 300, 3000, 200);
}
