package io.citadel.events;

import io.citadel.core.access.Access;
import io.citadel.storage.Storage;
import io.citadel.storage.schedule.StorageScheduler;
import java.time.InstantSource;

/**
 * The events service, assembled: buses, rules and targets, PutEvents, connections and API
 * destinations, archives and replays, tags, and the delivery worker a node runs on its tick.
 */
public final class Events {

    private final EventBuses buses;
    private final Rules rules;
    private final EventIngest ingest;
    private final Connections connections;
    private final Archives archives;
    private final EventTags tags;
    private final Delivery delivery;
    private final InstantSource clock;
    private final IngestHandoff handoff;

    public Events(Storage storage, InstantSource clock, Access access, String nodeId, DeliverySettings settings) {
        this(storage, clock, access, nodeId, settings, EventsLimits.AWS);
    }

    public Events(Storage storage, InstantSource clock, Access access, String nodeId, DeliverySettings settings,
                  EventsLimits limits) {
        this(storage, clock, access, nodeId, settings, limits, IngestHandoff.DEFAULT_CAPACITY);
    }

    /** With {@code handoffCapacity} 0, routing reads and parses every ingest entry from storage (for tests). */
    Events(Storage storage, InstantSource clock, Access access, String nodeId, DeliverySettings settings, EventsLimits limits,
           int handoffCapacity) {
        EventsEnvironment env = new EventsEnvironment(storage, clock, access, limits);
        this.buses = new EventBuses(env);
        this.rules = new Rules(env);
        this.handoff = new IngestHandoff(handoffCapacity);
        this.ingest = new EventIngest(env, handoff);
        this.connections = new Connections(env);
        this.archives = new Archives(env);
        this.tags = new EventTags(env);
        Senders senders = new Senders(env, new ApiDestinationSender(env, settings.httpTimeout()), settings.logDirectory());
        this.delivery = new Delivery(env, nodeId, settings, senders, archives, handoff);
        this.clock = clock;
    }

    /** Lets {@code scheduler} fire scheduled rules (a node does; the admin CLI, which runs no jobs, does not). */
    public void fireScheduledRulesOn(StorageScheduler scheduler) {
        scheduler.register(RuleSchedules.JOB_KIND, (tx, job) -> RuleSchedules.onJob(tx, job, clock.instant()));
    }

    public EventBuses buses() {
        return buses;
    }

    public Rules rules() {
        return rules;
    }

    public EventIngest ingest() {
        return ingest;
    }

    public Connections connections() {
        return connections;
    }

    public Archives archives() {
        return archives;
    }

    public EventTags tags() {
        return tags;
    }

    public Delivery delivery() {
        return delivery;
    }

    /** The parsed envelopes PutEvents left for this node's routing (for tests). */
    IngestHandoff handoff() {
        return handoff;
    }
}
