package io.citadel.events;

import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.core.json.StoredJson;
import io.citadel.events.pattern.EventPattern;
import io.citadel.events.pattern.InvalidEventPatternException;
import io.citadel.storage.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules on a bus and their targets: PutRule (create or update, keeping targets), Describe, List,
 * Enable, Disable, Delete (only without targets unless forced), ListRuleNamesByTarget, PutTargets
 * (per-entry failures as AWS reports them), RemoveTargets, ListTargetsByRule.
 */
public final class Rules {

    /** PutTargets / RemoveTargets: one failed entry. */
    public record FailedEntry(String targetId, String errorCode, String errorMessage) {
    }

    private final EventsEnvironment env;

    Rules(EventsEnvironment env) {
        this.env = env;
    }

    public String put(RequestContext ctx, String name, String busNameOrArn, String eventPattern, String scheduleExpression,
                      String state, String description, String roleArn, Map<String, String> tags) {
        String account = EventsEnvironment.account(ctx);
        String bus = EventBuses.ownName(ctx, busNameOrArn);
        String arn = EventsArns.rule(ctx.region(), account, bus, name);
        env.require(ctx, "PutRule", arn);
        if (eventPattern == null && scheduleExpression == null) {
            throw EventsErrors.validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        if (scheduleExpression != null) {
            if (!EventsArns.DEFAULT_BUS.equals(bus)) {
                throw EventsErrors.validation("ScheduleExpression is supported only on the default event bus.");
            }
            RuleSchedules.parse(scheduleExpression);
        }
        if (eventPattern != null) {
            checkPattern(eventPattern);
        }
        Map<String, String> checkedTags = Tags.checked(tags);
        Instant now = env.clock.instant();
        return env.storage.transaction(tx -> {
            EventBuses.find(tx, account, ctx.region(), bus).orElseThrow(() -> EventBuses.missing(bus));
            String key = EventsKeys.rule(account, ctx.region(), bus, name);
            var existing = EventsEnvironment.read(tx, key, RuleRecord.class);
            if (existing.isEmpty() && tx.scanAll(EventsKeys.rules(account, ctx.region(), bus)).size() >= env.limits.rulesPerBus()) {
                throw EventsErrors.limit("The requested resource exceeds the maximum number allowed: " + env.limits.rulesPerBus()
                        + " rules per event bus.");
            }
            RuleRecord rule = new RuleRecord(name, bus, arn, eventPattern, scheduleExpression, state == null ? "ENABLED" : state,
                    description, roleArn, null, account, existing.map(RuleRecord::creationTime).orElse(now),
                    existing.map(RuleRecord::tags).orElse(checkedTags), existing.map(RuleRecord::targets).orElse(List.of()));
            EventsEnvironment.write(tx, key, rule);
            if (scheduleExpression != null) {
                RuleSchedules.start(tx, rule, account, ctx.region(), now);
            } else {
                RuleSchedules.stop(tx, account, ctx.region(), name);
            }
            return arn;
        });
    }

    public RuleRecord describe(RequestContext ctx, String name, String busNameOrArn) {
        String account = EventsEnvironment.account(ctx);
        String bus = EventBuses.ownName(ctx, busNameOrArn);
        env.require(ctx, "DescribeRule", EventsArns.rule(ctx.region(), account, bus, name));
        return env.storage.transaction(tx -> find(tx, account, ctx.region(), bus, name));
    }

    public Page<RuleRecord> list(RequestContext ctx, String namePrefix, String busNameOrArn, Integer limit, String token) {
        String account = EventsEnvironment.account(ctx);
        String bus = EventBuses.ownName(ctx, busNameOrArn);
        env.require(ctx, "ListRules", "*");
        List<RuleRecord> all = env.storage.transaction(tx -> {
            EventBuses.find(tx, account, ctx.region(), bus).orElseThrow(() -> EventBuses.missing(bus));
            return all(tx, account, ctx.region(), bus);
        });
        return Page.of(all, RuleRecord::name, namePrefix, limit, token);
    }

    public void setState(RequestContext ctx, String name, String busNameOrArn, boolean enabled) {
        String account = EventsEnvironment.account(ctx);
        String bus = EventBuses.ownName(ctx, busNameOrArn);
        env.require(ctx, enabled ? "EnableRule" : "DisableRule", EventsArns.rule(ctx.region(), account, bus, name));
        env.storage.transaction(tx -> {
            RuleRecord rule = find(tx, account, ctx.region(), bus, name);
            write(tx, account, ctx.region(), rule.withState(enabled ? "ENABLED" : "DISABLED"));
            return null;
        });
    }

    public void delete(RequestContext ctx, String name, String busNameOrArn, boolean force) {
        String account = EventsEnvironment.account(ctx);
        String bus = EventBuses.ownName(ctx, busNameOrArn);
        env.require(ctx, "DeleteRule", EventsArns.rule(ctx.region(), account, bus, name));
        env.storage.transaction(tx -> {
            String key = EventsKeys.rule(account, ctx.region(), bus, name);
            var rule = EventsEnvironment.read(tx, key, RuleRecord.class);
            if (rule.isEmpty()) {
                return null;
            }
            if (!rule.get().targets().isEmpty()) {
                throw EventsErrors.validation("Rule can't be deleted since it has targets.");
            }
            tx.delete(key);
            RuleSchedules.stop(tx, account, ctx.region(), name);
            return null;
        });
    }

    public Page<String> namesByTarget(RequestContext ctx, String targetArn, String busNameOrArn, Integer limit, String token) {
        String account = EventsEnvironment.account(ctx);
        String bus = EventBuses.ownName(ctx, busNameOrArn);
        env.require(ctx, "ListRuleNamesByTarget", "*");
        List<String> names = env.storage.transaction(tx -> all(tx, account, ctx.region(), bus)).stream()
                .filter(r -> r.targets().stream().anyMatch(t -> t.arn().equals(targetArn))).map(RuleRecord::name).toList();
        return Page.of(names, n -> n, null, limit, token);
    }

    public List<FailedEntry> putTargets(RequestContext ctx, String ruleName, String busNameOrArn, List<TargetSpec> targets) {
        String account = EventsEnvironment.account(ctx);
        String bus = EventBuses.ownName(ctx, busNameOrArn);
        env.require(ctx, "PutTargets", EventsArns.rule(ctx.region(), account, bus, ruleName));
        List<FailedEntry> failed = new ArrayList<>();
        List<TargetSpec> accepted = new ArrayList<>();
        for (TargetSpec t : targets) {
            Payloads.input(t);
            String problem = TargetKinds.problem(t);
            if (problem != null) {
                failed.add(new FailedEntry(t.id(), "ValidationException", problem));
            } else {
                accepted.add(t);
            }
        }
        env.storage.transaction(tx -> {
            RuleRecord rule = find(tx, account, ctx.region(), bus, ruleName);
            Map<String, TargetSpec> byId = new LinkedHashMap<>();
            rule.targets().forEach(t -> byId.put(t.id(), t));
            accepted.forEach(t -> byId.put(t.id(), t));
            if (byId.size() > env.limits.targetsPerRule()) {
                throw EventsErrors.limit("The requested resource exceeds the maximum number allowed: " + env.limits.targetsPerRule()
                        + " targets per rule.");
            }
            write(tx, account, ctx.region(), rule.withTargets(new ArrayList<>(byId.values())));
            return null;
        });
        return failed;
    }

    public List<FailedEntry> removeTargets(RequestContext ctx, String ruleName, String busNameOrArn, List<String> ids) {
        String account = EventsEnvironment.account(ctx);
        String bus = EventBuses.ownName(ctx, busNameOrArn);
        env.require(ctx, "RemoveTargets", EventsArns.rule(ctx.region(), account, bus, ruleName));
        env.storage.transaction(tx -> {
            RuleRecord rule = find(tx, account, ctx.region(), bus, ruleName);
            write(tx, account, ctx.region(), rule.withTargets(rule.targets().stream().filter(t -> !ids.contains(t.id())).toList()));
            return null;
        });
        return List.of();
    }

    public Page<TargetSpec> targets(RequestContext ctx, String ruleName, String busNameOrArn, Integer limit, String token) {
        String account = EventsEnvironment.account(ctx);
        String bus = EventBuses.ownName(ctx, busNameOrArn);
        env.require(ctx, "ListTargetsByRule", EventsArns.rule(ctx.region(), account, bus, ruleName));
        RuleRecord rule = env.storage.transaction(tx -> find(tx, account, ctx.region(), bus, ruleName));
        List<TargetSpec> sorted = rule.targets().stream().sorted(Comparator.comparing(TargetSpec::id)).toList();
        return Page.of(sorted, TargetSpec::id, null, limit, token);
    }

    static EventPattern checkPattern(String pattern) {
        try {
            return EventPattern.parse(pattern);
        } catch (InvalidEventPatternException e) {
            throw new ServiceException(EventsErrors.INVALID_PATTERN, e.getMessage());
        }
    }

    static RuleRecord find(Transaction tx, String account, String region, String bus, String name) {
        EventBuses.find(tx, account, region, bus).orElseThrow(() -> EventBuses.missing(bus));
        return EventsEnvironment.read(tx, EventsKeys.rule(account, region, bus, name), RuleRecord.class)
                .orElseThrow(() -> EventsErrors.notFound("Rule " + name + " does not exist on EventBus " + bus + "."));
    }

    static List<RuleRecord> all(Transaction tx, String account, String region, String bus) {
        return tx.scanAll(EventsKeys.rules(account, region, bus)).stream()
                .map(e -> StoredJson.read(e.value(), RuleRecord.class)).toList();
    }

    static void write(Transaction tx, String account, String region, RuleRecord rule) {
        EventsEnvironment.write(tx, EventsKeys.rule(account, region, rule.eventBusName(), rule.name()), rule);
    }
}
