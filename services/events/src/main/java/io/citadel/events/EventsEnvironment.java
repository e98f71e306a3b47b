package io.citadel.events;

import io.citadel.core.RequestContext;
import io.citadel.core.access.Access;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import java.time.InstantSource;
import java.util.Optional;

/** What the parts of the events service share: storage, clock, the policy engine and the limits. */
final class EventsEnvironment {

    final Storage storage;
    final InstantSource clock;
    final Access access;
    final EventsLimits limits;

    EventsEnvironment(Storage storage, InstantSource clock, Access access, EventsLimits limits) {
        this.storage = storage;
        this.clock = clock;
        this.access = access;
        this.limits = limits;
    }

    static String account(RequestContext ctx) {
        return ctx.principal().accountId();
    }

    void require(RequestContext ctx, String operation, String resource) {
        access.require(ctx, "events:" + operation, resource);
    }

    static <T> Optional<T> read(Transaction tx, String key, Class<T> type) {
        return tx.get(key).map(bytes -> StoredJson.read(bytes, type));
    }

    static void write(Transaction tx, String key, Object value) {
        tx.put(key, StoredJson.write(value));
    }
}
