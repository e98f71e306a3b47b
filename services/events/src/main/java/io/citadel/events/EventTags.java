package io.citadel.events;

import io.citadel.core.RequestContext;
import io.citadel.storage.Transaction;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/** TagResource, UntagResource and ListTagsForResource for event buses and rules (by ARN). */
public final class EventTags {

    private final EventsEnvironment env;

    EventTags(EventsEnvironment env) {
        this.env = env;
    }

    public void tag(RequestContext ctx, String arn, Map<String, String> tags) {
        Tags.checked(tags);
        update(ctx, "TagResource", arn, current -> {
            Map<String, String> next = new TreeMap<>(current);
            next.putAll(tags);
            return Tags.checked(next);
        });
    }

    public void untag(RequestContext ctx, String arn, List<String> keys) {
        update(ctx, "UntagResource", arn, current -> {
            Map<String, String> next = new TreeMap<>(current);
            keys.forEach(next::remove);
            return next;
        });
    }

    public Map<String, String> list(RequestContext ctx, String arn) {
        env.require(ctx, "ListTagsForResource", arn);
        return env.storage.transaction(tx -> {
            Resource r = resolve(ctx, arn);
            return r.rule == null ? EventBuses.find(tx, r.account, r.region, r.bus).orElseThrow(() -> missing(arn)).tags()
                    : ruleOf(tx, r, arn).tags();
        });
    }

    private void update(RequestContext ctx, String operation, String arn, UnaryOperator<Map<String, String>> change) {
        env.require(ctx, operation, arn);
        env.storage.transaction(tx -> {
            Resource r = resolve(ctx, arn);
            if (r.rule == null) {
                BusRecord bus = EventBuses.find(tx, r.account, r.region, r.bus).orElseThrow(() -> missing(arn));
                EventBuses.write(tx, r.account, r.region, bus.withTags(change.apply(bus.tags())));
            } else {
                RuleRecord rule = ruleOf(tx, r, arn);
                Rules.write(tx, r.account, r.region, rule.withTags(change.apply(rule.tags())));
            }
            return null;
        });
    }

    private record Resource(String account, String region, String bus, String rule) {
    }

    private static Resource resolve(RequestContext ctx, String arn) {
        EventsArns.Parsed p = EventsArns.parse(arn).filter(x -> x.account().equals(EventsEnvironment.account(ctx))
                && x.region().equals(ctx.region())).orElseThrow(() -> missing(arn));
        return switch (p.type()) {
            case "event-bus" -> new Resource(p.account(), p.region(), p.path(), null);
            case "rule" -> {
                int slash = p.path().lastIndexOf('/');
                yield slash < 0 ? new Resource(p.account(), p.region(), EventsArns.DEFAULT_BUS, p.path())
                        : new Resource(p.account(), p.region(), p.path().substring(0, slash), p.path().substring(slash + 1));
            }
            default -> throw missing(arn);
        };
    }

    private static RuleRecord ruleOf(Transaction tx, Resource r, String arn) {
        return EventsEnvironment.read(tx, EventsKeys.rule(r.account, r.region, r.bus, r.rule), RuleRecord.class)
                .orElseThrow(() -> missing(arn));
    }

    private static io.citadel.core.ServiceException missing(String arn) {
        return EventsErrors.notFound("Resource " + arn + " does not exist.");
    }
}
