package io.citadel.events.api;

import io.citadel.core.ServiceException;
import io.citadel.events.ApiDestinationRecord;
import io.citadel.events.ArchiveRecord;
import io.citadel.events.BusRecord;
import io.citadel.events.ConnectionRecord;
import io.citadel.events.Connections;
import io.citadel.events.EventIngest;
import io.citadel.events.Events;
import io.citadel.events.EventsErrors;
import io.citadel.events.ReplayRecord;
import io.citadel.events.RuleRecord;
import io.citadel.events.Rules;
import io.citadel.protocol.Operation;
import io.citadel.protocol.ServiceApi;
import io.citadel.protocol.WireProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EventBridge operation table (json 1.1, target prefix AWSEvents, signing name events). The
 * model's other operations (partner event sources, global endpoints, CancelReplay, ...) answer
 * UnsupportedOperationException.
 */
public final class EventsApi {

    public static final WireProtocol.Json PROTOCOL = new WireProtocol.Json("AWSEvents", "1.1");
    static final List<String> UNSUPPORTED = List.of("ActivateEventSource", "CancelReplay", "CreateEndpoint",
            "CreatePartnerEventSource", "DeactivateEventSource", "DeauthorizeConnection", "DeleteEndpoint", "DeletePartnerEventSource",
            "DescribeEndpoint", "DescribeEventSource", "DescribePartnerEventSource", "ListEndpoints", "ListEventSources",
            "ListPartnerEventSourceAccounts", "ListPartnerEventSources", "ListReplays", "PutPartnerEvents", "UpdateArchive",
            "UpdateEndpoint", "UpdateEventBus");

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private EventsApi() {
    }

    public static ServiceApi create(Events events) {
        List<Operation<?, ?>> ops = new ArrayList<>();
        var buses = events.buses();
        var rules = events.rules();
        var connections = events.connections();
        var archives = events.archives();

        ops.add(new Operation<>("CreateEventBus", CreateEventBusRequest.class, false, (ctx, r) -> {
            if (r.eventSourceName() != null || r.kmsKeyIdentifier() != null || r.deadLetterConfig() != null) {
                throw EventsErrors.unsupported("CreateEventBus: EventSourceName, KmsKeyIdentifier and DeadLetterConfig are not "
                        + "supported by Citadel");
            }
            BusRecord b = buses.create(ctx, r.name(), r.description(), tags(r.tags()));
            return new CreateEventBusResponse(b.arn(), b.description(), null, null, null);
        }));
        ops.add(new Operation<>("DescribeEventBus", DescribeEventBusRequest.class, (ctx, r) -> {
            BusRecord b = buses.describe(ctx, r.name());
            return new DescribeEventBusResponse(b.name(), b.arn(), b.description(), null, null, b.policy(), null,
                    b.creationTime(), b.lastModifiedTime());
        }));
        ops.add(new Operation<>("ListEventBuses", ListEventBusesRequest.class, (ctx, r) -> {
            var page = buses.list(ctx, r.namePrefix(), r.limit(), r.nextToken());
            return new ListEventBusesResponse(page.items().stream().map(b -> new EventBus(b.name(), b.arn(), b.description(), b.policy(),
                    b.creationTime(), b.lastModifiedTime())).toList(), page.nextToken());
        }));
        ops.add(new Operation<>("DeleteEventBus", DeleteEventBusRequest.class, false, (ctx, r) -> {
            buses.delete(ctx, r.name());
            return null;
        }));
        ops.add(new Operation<>("PutPermission", PutPermissionRequest.class, false, (ctx, r) -> {
            String condition = null;
            if (r.condition() != null) {
                var doc = JSON.createObjectNode();
                doc.putObject(r.condition().type()).put(r.condition().key(), r.condition().value());
                condition = doc.toString();
            }
            buses.putPermission(ctx, r.eventBusName(), r.action(), r.principal(), r.statementId(), condition, r.policy());
            return null;
        }));
        ops.add(new Operation<>("RemovePermission", RemovePermissionRequest.class, false, (ctx, r) -> {
            buses.removePermission(ctx, r.eventBusName(), r.statementId(), Boolean.TRUE.equals(r.removeAllPermissions()));
            return null;
        }));

        ops.add(new Operation<>("PutRule", PutRuleRequest.class, false, (ctx, r) -> new PutRuleResponse(rules.put(ctx, r.name(),
                r.eventBusName(), r.eventPattern(), r.scheduleExpression(), r.state(), r.description(), r.roleArn(), tags(r.tags())))));
        ops.add(new Operation<>("DescribeRule", DescribeRuleRequest.class, (ctx, r) -> {
            RuleRecord x = rules.describe(ctx, r.name(), r.eventBusName());
            return new DescribeRuleResponse(x.name(), x.arn(), x.eventPattern(), x.scheduleExpression(), x.state(), x.description(),
                    x.roleArn(), x.managedBy(), x.eventBusName(), x.createdBy());
        }));
        ops.add(new Operation<>("ListRules", ListRulesRequest.class, (ctx, r) -> {
            var page = rules.list(ctx, r.namePrefix(), r.eventBusName(), r.limit(), r.nextToken());
            return new ListRulesResponse(page.items().stream().map(x -> new Rule(x.name(), x.arn(), x.eventPattern(), x.state(),
                    x.description(), x.scheduleExpression(), x.roleArn(), x.managedBy(), x.eventBusName())).toList(), page.nextToken());
        }));
        ops.add(new Operation<>("EnableRule", EnableRuleRequest.class, false, (ctx, r) -> {
            rules.setState(ctx, r.name(), r.eventBusName(), true);
            return null;
        }));
        ops.add(new Operation<>("DisableRule", DisableRuleRequest.class, false, (ctx, r) -> {
            rules.setState(ctx, r.name(), r.eventBusName(), false);
            return null;
        }));
        ops.add(new Operation<>("DeleteRule", DeleteRuleRequest.class, false, (ctx, r) -> {
            rules.delete(ctx, r.name(), r.eventBusName(), Boolean.TRUE.equals(r.force()));
            return null;
        }));
        ops.add(new Operation<>("ListRuleNamesByTarget", ListRuleNamesByTargetRequest.class, (ctx, r) -> {
            var page = rules.namesByTarget(ctx, r.targetArn(), r.eventBusName(), r.limit(), r.nextToken());
            return new ListRuleNamesByTargetResponse(page.items(), page.nextToken());
        }));
        ops.add(new Operation<>("PutTargets", PutTargetsRequest.class, false, (ctx, r) -> {
            noNulls("Targets", r.targets());
            List<Rules.FailedEntry> failed = rules.putTargets(ctx, r.rule(), r.eventBusName(),
                    r.targets().stream().map(TargetViews::spec).toList());
            return new PutTargetsResponse(failed.size(), failed.stream()
                    .map(f -> new PutTargetsResultEntry(f.targetId(), f.errorCode(), f.errorMessage())).toList());
        }));
        ops.add(new Operation<>("RemoveTargets", RemoveTargetsRequest.class, false, (ctx, r) -> {
            List<Rules.FailedEntry> failed = rules.removeTargets(ctx, r.rule(), r.eventBusName(), r.ids());
            return new RemoveTargetsResponse(failed.size(), failed.stream()
                    .map(f -> new RemoveTargetsResultEntry(f.targetId(), f.errorCode(), f.errorMessage())).toList());
        }));
        ops.add(new Operation<>("ListTargetsByRule", ListTargetsByRuleRequest.class, (ctx, r) -> {
            var page = rules.targets(ctx, r.rule(), r.eventBusName(), r.limit(), r.nextToken());
            return new ListTargetsByRuleResponse(page.items().stream().map(TargetViews::target).toList(), page.nextToken());
        }));

        ops.add(new Operation<>("PutEvents", PutEventsRequest.class, false, (ctx, r) -> {
            noNulls("Entries", r.entries());
            List<EventIngest.Result> results = events.ingest().putEvents(ctx, r.entries().stream()
                    .map(e -> new EventIngest.Entry(e.time(), e.source(), e.resources(), e.detailType(), e.detail(), e.eventBusName()))
                    .toList());
            int failed = (int) results.stream().filter(x -> x.eventId() == null).count();
            return new PutEventsResponse(failed, results.stream()
                    .map(x -> new PutEventsResultEntry(x.eventId(), x.errorCode(), x.errorMessage())).toList());
        }));
        ops.add(new Operation<>("TestEventPattern", TestEventPatternRequest.class, true,
                (ctx, r) -> new TestEventPatternResponse(events.ingest().testEventPattern(ctx, r.eventPattern(), r.event()))));

        ops.add(new Operation<>("CreateConnection", CreateConnectionRequest.class, false, (ctx, r) -> {
            if (r.invocationConnectivityParameters() != null || r.kmsKeyIdentifier() != null) {
                throw EventsErrors.unsupported("CreateConnection: InvocationConnectivityParameters and KmsKeyIdentifier are not "
                        + "supported by Citadel");
            }
            ConnectionRecord c = connections.create(ctx, r.name(), ConnectionViews.input(r));
            return new CreateConnectionResponse(c.arn(), c.state(), c.creationTime(), c.lastModifiedTime());
        }));
        ops.add(new Operation<>("UpdateConnection", UpdateConnectionRequest.class, false, (ctx, r) -> {
            ConnectionRecord c = connections.update(ctx, r.name(), ConnectionViews.input(r));
            return new UpdateConnectionResponse(c.arn(), c.state(), c.creationTime(), c.lastModifiedTime(), c.lastAuthorizedTime());
        }));
        ops.add(new Operation<>("DescribeConnection", DescribeConnectionRequest.class,
                (ctx, r) -> ConnectionViews.describe(connections.describe(ctx, r.name()))));
        ops.add(new Operation<>("DeleteConnection", DeleteConnectionRequest.class, false, (ctx, r) -> {
            ConnectionRecord c = connections.delete(ctx, r.name());
            return new DeleteConnectionResponse(c.arn(), "DELETING", c.creationTime(), c.lastModifiedTime(), c.lastAuthorizedTime());
        }));
        ops.add(new Operation<>("ListConnections", ListConnectionsRequest.class, (ctx, r) -> {
            var page = connections.list(ctx, r.namePrefix(), r.connectionState(), r.limit(), r.nextToken());
            return new ListConnectionsResponse(page.items().stream().map(c -> new Connection(c.arn(), c.name(), c.state(), null,
                    c.authorizationType(), c.creationTime(), c.lastModifiedTime(), c.lastAuthorizedTime())).toList(), page.nextToken());
        }));
        ops.add(new Operation<>("CreateApiDestination", CreateApiDestinationRequest.class, false, (ctx, r) -> {
            ApiDestinationRecord d = connections.createDestination(ctx, r.name(), new Connections.DestinationInput(r.description(),
                    r.connectionArn(), r.invocationEndpoint(), r.httpMethod(), r.invocationRateLimitPerSecond()));
            return new CreateApiDestinationResponse(d.arn(), d.state(), d.creationTime(), d.lastModifiedTime());
        }));
        ops.add(new Operation<>("UpdateApiDestination", UpdateApiDestinationRequest.class, false, (ctx, r) -> {
            ApiDestinationRecord d = connections.updateDestination(ctx, r.name(), new Connections.DestinationInput(r.description(),
                    r.connectionArn(), r.invocationEndpoint(), r.httpMethod(), r.invocationRateLimitPerSecond()));
            return new UpdateApiDestinationResponse(d.arn(), d.state(), d.creationTime(), d.lastModifiedTime());
        }));
        ops.add(new Operation<>("DescribeApiDestination", DescribeApiDestinationRequest.class, (ctx, r) -> {
            ApiDestinationRecord d = connections.describeDestination(ctx, r.name());
            return new DescribeApiDestinationResponse(d.arn(), d.name(), d.description(), d.state(), d.connectionArn(),
                    d.invocationEndpoint(), d.httpMethod(), d.invocationRateLimitPerSecond(), d.creationTime(), d.lastModifiedTime());
        }));
        ops.add(new Operation<>("DeleteApiDestination", DeleteApiDestinationRequest.class, false, (ctx, r) -> {
            connections.deleteDestination(ctx, r.name());
            return null;
        }));
        ops.add(new Operation<>("ListApiDestinations", ListApiDestinationsRequest.class, (ctx, r) -> {
            var page = connections.listDestinations(ctx, r.namePrefix(), r.connectionArn(), r.limit(), r.nextToken());
            return new ListApiDestinationsResponse(page.items().stream().map(d -> new ApiDestination(d.arn(), d.name(), d.state(),
                    d.connectionArn(), d.invocationEndpoint(), d.httpMethod(), d.invocationRateLimitPerSecond(), d.creationTime(),
                    d.lastModifiedTime())).toList(), page.nextToken());
        }));

        ops.add(new Operation<>("CreateArchive", CreateArchiveRequest.class, false, (ctx, r) -> {
            if (r.kmsKeyIdentifier() != null) {
                throw EventsErrors.unsupported("CreateArchive: KmsKeyIdentifier is not supported by Citadel");
            }
            ArchiveRecord a = archives.create(ctx, r.archiveName(), r.eventSourceArn(), r.description(), r.eventPattern(),
                    r.retentionDays());
            return new CreateArchiveResponse(a.arn(), a.state(), null, a.creationTime());
        }));
        ops.add(new Operation<>("DescribeArchive", DescribeArchiveRequest.class, (ctx, r) -> {
            ArchiveRecord a = archives.describe(ctx, r.archiveName());
            return new DescribeArchiveResponse(a.arn(), a.name(), a.eventSourceArn(), a.description(), a.eventPattern(), a.state(),
                    null, null, a.retentionDays(), a.sizeBytes(), a.eventCount(), a.creationTime());
        }));
        ops.add(new Operation<>("ListArchives", ListArchivesRequest.class, (ctx, r) -> {
            var page = archives.list(ctx, r.namePrefix(), r.eventSourceArn(), r.state(), r.limit(), r.nextToken());
            return new ListArchivesResponse(page.items().stream().map(a -> new Archive(a.name(), a.eventSourceArn(), a.state(), null,
                    a.retentionDays(), a.sizeBytes(), a.eventCount(), a.creationTime())).toList(), page.nextToken());
        }));
        ops.add(new Operation<>("DeleteArchive", DeleteArchiveRequest.class, false, (ctx, r) -> {
            archives.delete(ctx, r.archiveName());
            return null;
        }));
        ops.add(new Operation<>("StartReplay", StartReplayRequest.class, false, (ctx, r) -> {
            ReplayRecord x = archives.startReplay(ctx, r.replayName(), r.description(), r.eventSourceArn(), r.eventStartTime(),
                    r.eventEndTime(), r.destination().arn(), r.destination().filterArns());
            return new StartReplayResponse(x.arn(), x.state(), null, x.replayStartTime());
        }));
        ops.add(new Operation<>("DescribeReplay", DescribeReplayRequest.class, (ctx, r) -> {
            ReplayRecord x = archives.describeReplay(ctx, r.replayName());
            return new DescribeReplayResponse(x.name(), x.arn(), x.description(), x.state(), x.stateReason(), x.eventSourceArn(),
                    new ReplayDestination(x.destinationArn(), x.filterArns().isEmpty() ? null : x.filterArns()), x.eventStartTime(),
                    x.eventEndTime(), x.eventLastReplayedTime(), x.replayStartTime(), x.replayEndTime());
        }));

        ops.add(new Operation<>("TagResource", TagResourceRequest.class, false, (ctx, r) -> {
            events.tags().tag(ctx, r.resourceARN(), tags(r.tags()));
            return new TagResourceResponse();
        }));
        ops.add(new Operation<>("UntagResource", UntagResourceRequest.class, false, (ctx, r) -> {
            events.tags().untag(ctx, r.resourceARN(), r.tagKeys());
            return new UntagResourceResponse();
        }));
        ops.add(new Operation<>("ListTagsForResource", ListTagsForResourceRequest.class, (ctx, r) -> new ListTagsForResourceResponse(
                events.tags().list(ctx, r.resourceARN()).entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList())));

        for (String name : UNSUPPORTED) {
            ops.add(new Operation<>(name, EmptyInput.class, name.startsWith("Describe") || name.startsWith("List"), (ctx, r) -> {
                throw new ServiceException(EventsErrors.UNSUPPORTED, name + " is not supported by Citadel's EventBridge");
            }));
        }
        return ServiceApi.of("events", PROTOCOL, ops);
    }

    /** The input of an operation Citadel refuses whatever its members. */
    record EmptyInput() {
    }

    private static void noNulls(String member, List<?> items) {
        if (items != null && items.contains(null)) {
            throw ServiceException.validation("1 validation error detected: Value null at '" + member.toLowerCase(java.util.Locale.ROOT)
                    + "' failed to satisfy constraint: Member must not be null");
        }
    }

    static Map<String, String> tags(List<Tag> tags) {
        if (tags == null) {
            return null;
        }
        noNulls("Tags", tags);
        Map<String, String> out = new LinkedHashMap<>();
        tags.forEach(t -> out.put(t.key(), t.value()));
        return out;
    }
}
