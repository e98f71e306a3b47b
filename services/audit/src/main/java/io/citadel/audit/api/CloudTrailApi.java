package io.citadel.audit.api;

import io.citadel.core.access.Access;
import io.citadel.audit.AuditTrail;
import io.citadel.audit.CloudTrailRecord;
import io.citadel.audit.LookupPage;
import io.citadel.audit.LookupQuery;
import io.citadel.audit.StoredEvent;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.protocol.Operation;
import io.citadel.protocol.ServiceApi;
import io.citadel.protocol.WireProtocol;
import java.util.List;

/** The CloudTrail operation table (json 1.1): LookupEvents over the caller's account and region. */
public final class CloudTrailApi {

    public static final WireProtocol.Json PROTOCOL =
            new WireProtocol.Json("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101", "1.1");

    private CloudTrailApi() {
    }

    /** LookupEvents asks {@code access} for {@code cloudtrail:LookupEvents} on {@code *}, as AWS authorizes it. */
    public static ServiceApi create(AuditTrail trail, Access access) {
        return ServiceApi.of("cloudtrail", PROTOCOL, List.of(
                new Operation<>("LookupEvents", LookupEventsRequest.class, true, (ctx, request) -> {
                    access.require(ctx, "cloudtrail:LookupEvents", "*");
                    return lookupEvents(trail, ctx, request);
                })));
    }

    static LookupEventsResponse lookupEvents(AuditTrail trail, RequestContext context, LookupEventsRequest request) {
        List<LookupAttribute> attributes = request.lookupAttributes() == null ? List.of() : request.lookupAttributes();
        if (attributes.size() > 1) {
            throw new ServiceException(LookupQuery.INVALID_LOOKUP_ATTRIBUTES,
                    "LookupAttributes: " + attributes.size() + " attributes (expected: at most 1)");
        }
        LookupAttribute attribute = attributes.isEmpty() ? null : attributes.getFirst();
        if (attribute != null && attribute.attributeKey() == null) {
            throw new ServiceException(LookupQuery.INVALID_LOOKUP_ATTRIBUTES, "AttributeKey: missing (expected: one of the LookupAttributeKey values)");
        }
        LookupQuery query = new LookupQuery(attribute == null ? null : attribute.attributeKey(),
                attribute == null ? null : attribute.attributeValue(), request.startTime(), request.endTime(),
                request.maxResults() == null ? LookupQuery.DEFAULT_MAX_RESULTS : request.maxResults(), request.nextToken());
        if (request.eventCategory() != null) {
            if (!request.eventCategory().equals("insight")) {
                throw new ServiceException(LookupQuery.INVALID_EVENT_CATEGORY,
                        "EventCategory: '" + request.eventCategory() + "' (expected: insight)");
            }
            return new LookupEventsResponse(List.of(), null); // no Insights events are produced
        }
        LookupPage page = trail.lookup(context.principal().accountId(), context.region(), query);
        return new LookupEventsResponse(page.events().stream().map(CloudTrailApi::event).toList(), page.nextToken());
    }

    static Event event(StoredEvent e) {
        List<Resource> resources = e.resourceArns().stream()
                .map(arn -> new Resource(CloudTrailRecord.resourceType(arn), arn)).toList();
        return new Event(e.eventId(), e.eventName(), Boolean.toString(e.readOnly()), e.accessKeyId(), e.eventTime(),
                e.eventSource(), e.username(), resources, e.cloudTrailEvent());
    }
}
