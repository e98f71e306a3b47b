package io.citadel.events;

import io.citadel.core.policy.AuthorizationRequest;
import io.citadel.core.policy.MalformedPolicyException;
import io.citadel.core.policy.PolicyDocument;
import io.citadel.core.policy.PolicyEvaluator;
import io.citadel.core.policy.PolicyKind;
import io.citadel.core.policy.PolicySet;
import io.citadel.core.policy.RequestPrincipal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.RequestContext;
import io.citadel.core.json.ParsedRecords;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.Entry;
import io.citadel.storage.Transaction;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Event buses: a default bus in every account and region (it exists without being created), custom
 * buses, and their resource policies (PutPermission / RemovePermission), which decide whether
 * another account may put events on them.
 */
public final class EventBuses {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CUSTOM_NAME = Pattern.compile("[\\.\\-_A-Za-z0-9]{1,256}");
    private static final Pattern STATEMENT_ID = Pattern.compile("[a-zA-Z0-9-_]{1,64}");
    private static final int MAX_POLICY_CHARS = 10_240;

    private final EventsEnvironment env;

    EventBuses(EventsEnvironment env) {
        this.env = env;
    }

    public BusRecord create(RequestContext ctx, String name, String description, Map<String, String> tags) {
        String account = EventsEnvironment.account(ctx);
        if (!CUSTOM_NAME.matcher(name).matches() || name.equals(EventsArns.DEFAULT_BUS) || name.startsWith("aws.")) {
            throw EventsErrors.validation("Event bus name " + name + " is not valid: a custom bus name has 1..256 of "
                    + "[.-_A-Za-z0-9], is not 'default' and does not start with 'aws.'");
        }
        String arn = EventsArns.bus(ctx.region(), account, name);
        env.require(ctx, "CreateEventBus", arn);
        Instant now = env.clock.instant();
        return env.storage.transaction(tx -> {
            String key = EventsKeys.bus(account, ctx.region(), name);
            if (tx.get(key).isPresent()) {
                throw EventsErrors.exists("Event bus " + name + " already exists.");
            }
            long custom = tx.scanAll(EventsKeys.buses(account, ctx.region())).stream()
                    .filter(e -> !e.key().endsWith("/" + EventsArns.DEFAULT_BUS)).count();
            if (custom + 1 >= env.limits.busesPerAccount()) {
                throw EventsErrors.limit("The requested resource exceeds the maximum number allowed: " + env.limits.busesPerAccount()
                        + " event buses per account and region.");
            }
            BusRecord bus = new BusRecord(name, arn, description, null, now, now, Tags.checked(tags));
            EventsEnvironment.write(tx, key, bus);
            return bus;
        });
    }

    public BusRecord describe(RequestContext ctx, String nameOrArn) {
        String name = ownName(ctx, nameOrArn);
        String account = EventsEnvironment.account(ctx);
        env.require(ctx, "DescribeEventBus", EventsArns.bus(ctx.region(), account, name));
        return env.storage.transaction(tx -> find(tx, account, ctx.region(), name))
                .orElseThrow(() -> missing(name));
    }

    public Page<BusRecord> list(RequestContext ctx, String namePrefix, Integer limit, String nextToken) {
        String account = EventsEnvironment.account(ctx);
        env.require(ctx, "ListEventBuses", "*");
        List<BusRecord> all = env.storage.transaction(tx -> all(tx, account, ctx.region()));
        return Page.of(all, BusRecord::name, namePrefix, limit, nextToken);
    }

    public void delete(RequestContext ctx, String name) {
        String account = EventsEnvironment.account(ctx);
        if (EventsArns.DEFAULT_BUS.equals(name)) {
            throw EventsErrors.validation("Cannot delete event bus default.");
        }
        env.require(ctx, "DeleteEventBus", EventsArns.bus(ctx.region(), account, name));
        env.storage.transaction(tx -> {
            if (!tx.scan(EventsKeys.rules(account, ctx.region(), name), null, 1).entries().isEmpty()) {
                throw EventsErrors.validation("Cannot delete event bus " + name + " while it has rules.");
            }
            tx.delete(EventsKeys.bus(account, ctx.region(), name));
            return null;
        });
    }

    /** PutPermission: either a whole policy, or one statement letting {@code principal} (an account or *) PutEvents. */
    public void putPermission(RequestContext ctx, String busName, String action, String principal, String statementId,
                              String conditionJson, String policy) {
        String account = EventsEnvironment.account(ctx);
        String name = busName == null ? EventsArns.DEFAULT_BUS : ownName(ctx, busName);
        String arn = EventsArns.bus(ctx.region(), account, name);
        env.require(ctx, "PutPermission", arn);
        String newPolicy;
        if (policy != null) {
            if (action != null || principal != null || statementId != null) {
                throw EventsErrors.validation("Policy cannot be combined with Action, Principal or StatementId.");
            }
            newPolicy = checkPolicy(policy);
        } else {
            if (action == null || principal == null || statementId == null) {
                throw EventsErrors.validation("Action, Principal and StatementId are required when Policy is not given.");
            }
            if (!"events:PutEvents".equals(action)) {
                throw EventsErrors.validation("Action " + action + " is not valid (expected: events:PutEvents).");
            }
            if (!principal.equals("*") && !principal.matches("\\d{12}")) {
                throw EventsErrors.validation("Principal " + principal + " is not valid (expected: an account id or *).");
            }
            if (!STATEMENT_ID.matcher(statementId).matches()) {
                throw EventsErrors.validation("StatementId " + statementId + " is not valid (expected: [a-zA-Z0-9-_]{1,64}).");
            }
            newPolicy = null;
        }
        Instant now = env.clock.instant();
        env.storage.transaction(tx -> {
            BusRecord bus = find(tx, account, ctx.region(), name).orElseThrow(() -> missing(name));
            String result = newPolicy;
            if (result == null) {
                ObjectNode doc = bus.policy() == null ? emptyPolicy() : (ObjectNode) readPolicy(bus.policy());
                ArrayNode statements = doc.withArray("Statement");
                for (int i = statements.size() - 1; i >= 0; i--) {
                    if (statementId.equals(statements.get(i).path("Sid").asText(null))) {
                        statements.remove(i);
                    }
                }
                ObjectNode s = statements.addObject().put("Sid", statementId).put("Effect", "Allow");
                if (principal.equals("*")) {
                    s.put("Principal", "*");
                } else {
                    s.putObject("Principal").put("AWS", "arn:aws:iam::" + principal + ":root");
                }
                s.put("Action", action).put("Resource", arn);
                if (conditionJson != null) {
                    s.set("Condition", readPolicy(conditionJson));
                }
                result = checkPolicy(doc.toString());
            }
            write(tx, account, ctx.region(), bus.withPolicy(result, now));
            return null;
        });
    }

    public void removePermission(RequestContext ctx, String busName, String statementId, boolean removeAll) {
        String account = EventsEnvironment.account(ctx);
        String name = busName == null ? EventsArns.DEFAULT_BUS : ownName(ctx, busName);
        env.require(ctx, "RemovePermission", EventsArns.bus(ctx.region(), account, name));
        if (!removeAll && statementId == null) {
            throw EventsErrors.validation("StatementId is required unless RemoveAllPermissions is true.");
        }
        Instant now = env.clock.instant();
        env.storage.transaction(tx -> {
            BusRecord bus = find(tx, account, ctx.region(), name).orElseThrow(() -> missing(name));
            if (removeAll) {
                write(tx, account, ctx.region(), bus.withPolicy(null, now));
                return null;
            }
            if (bus.policy() == null) {
                throw EventsErrors.notFound("EventBus does not have a policy.");
            }
            ObjectNode doc = (ObjectNode) readPolicy(bus.policy());
            ArrayNode statements = doc.withArray("Statement");
            boolean found = false;
            for (int i = statements.size() - 1; i >= 0; i--) {
                if (statementId.equals(statements.get(i).path("Sid").asText(null))) {
                    statements.remove(i);
                    found = true;
                }
            }
            if (!found) {
                throw EventsErrors.notFound("Statement with the provided id does not exist.");
            }
            write(tx, account, ctx.region(), bus.withPolicy(statements.isEmpty() ? null : doc.toString(), now));
            return null;
        });
    }

    /** The bus, or the default bus as it exists before anything was written about it. */
    /** Parsed bus records by their stored bytes: every PutEvents reads its bus. */
    private static final ParsedRecords<BusRecord> BUSES = new ParsedRecords<>(BusRecord.class, 1024);

    static Optional<BusRecord> find(Transaction tx, String account, String region, String name) {
        Optional<BusRecord> stored = tx.get(EventsKeys.bus(account, region, name)).map(BUSES::read);
        if (stored.isEmpty() && EventsArns.DEFAULT_BUS.equals(name)) {
            return Optional.of(new BusRecord(name, EventsArns.bus(region, account, name), null, null, Instant.EPOCH, Instant.EPOCH, null));
        }
        return stored;
    }

    static void write(Transaction tx, String account, String region, BusRecord bus) {
        EventsEnvironment.write(tx, EventsKeys.bus(account, region, bus.name()), bus);
    }

    static List<BusRecord> all(Transaction tx, String account, String region) {
        List<BusRecord> out = new java.util.ArrayList<>(tx.scanAll(EventsKeys.buses(account, region)).stream()
                .map(Entry::value).map(v -> StoredJson.read(v, BusRecord.class)).toList());
        if (out.stream().noneMatch(b -> b.name().equals(EventsArns.DEFAULT_BUS))) {
            out.add(find(tx, account, region, EventsArns.DEFAULT_BUS).orElseThrow());
        }
        out.sort(Comparator.comparing(BusRecord::name));
        return out;
    }

    /**
     * Whether {@code bus}'s policy lets {@code sourceAccount} (its root: the account a rule or a caller
     * belongs to) put events on it, decided by the IAM policy engine: Principal, Action, Resource and
     * Condition are all evaluated (a condition on a key the request does not carry, such as
     * aws:PrincipalOrgID, does not match), and an applicable Deny wins.
     */
    static boolean allowsPutEvents(BusRecord bus, String sourceAccount, Instant now) {
        if (bus.policy() == null) {
            return false;
        }
        Optional<EventsArns.Parsed> arn = EventsArns.parse(bus.arn());
        if (arn.isEmpty()) {
            return false;
        }
        PolicyDocument policy;
        try {
            policy = PolicyDocument.parse(bus.policy(), PolicyKind.RESOURCE);
        } catch (MalformedPolicyException e) {
            return false;
        }
        AuthorizationRequest request = AuthorizationRequest.builder("events:PutEvents", bus.arn(), RequestPrincipal.root(sourceAccount))
                .currentTime(now).requestedRegion(arn.get().region()).build();
        return PolicyEvaluator.evaluate(request, PolicySet.builder().resourcePolicy(policy, arn.get().account()).build()).isAllowed();
    }

    private static String checkPolicy(String policy) {
        if (policy.length() > MAX_POLICY_CHARS) {
            throw new io.citadel.core.ServiceException(EventsErrors.POLICY_LENGTH, "The policy is " + policy.length()
                    + " characters long (expected: at most " + MAX_POLICY_CHARS + ").");
        }
        JsonNode doc = readPolicy(policy);
        if (!doc.path("Statement").isArray() && !doc.path("Statement").isObject()) {
            throw EventsErrors.validation("The policy has no Statement.");
        }
        return policy;
    }

    private static JsonNode readPolicy(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw EventsErrors.validation("The policy is not a JSON object.");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw EventsErrors.validation("The policy is not valid JSON.");
        }
    }

    private static ObjectNode emptyPolicy() {
        ObjectNode doc = JSON.createObjectNode().put("Version", "2012-10-17");
        doc.putArray("Statement");
        return doc;
    }

    /** A bus name, or the name in a bus ARN of the caller's own account and region. */
    static String ownName(RequestContext ctx, String nameOrArn) {
        if (nameOrArn == null) {
            return EventsArns.DEFAULT_BUS;
        }
        if (!nameOrArn.startsWith("arn:")) {
            return nameOrArn;
        }
        EventsArns.Parsed arn = EventsArns.parse(nameOrArn).filter(p -> p.type().equals("event-bus"))
                .orElseThrow(() -> EventsErrors.validation("Event bus ARN " + nameOrArn + " is not valid."));
        if (!arn.account().equals(EventsEnvironment.account(ctx)) || !arn.region().equals(ctx.region())) {
            throw missing(arn.path());
        }
        return arn.path();
    }

    static io.citadel.core.ServiceException missing(String name) {
        return EventsErrors.notFound("Event bus " + name + " does not exist.");
    }
}
