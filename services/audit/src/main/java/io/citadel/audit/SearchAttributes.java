package io.citadel.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The LookupEvents attributes an event is indexed under, as (attribute key, value) pairs. */
final class SearchAttributes {

    static final Set<String> KEYS = Set.of("EventId", "EventName", "ReadOnly", "Username", "ResourceType",
            "ResourceName", "EventSource", "AccessKeyId");

    private SearchAttributes() {
    }

    /** Every indexed pair of an event, plus ({@value AuditKeys#ALL}, "_") for lookups without an attribute. EventId has its own row. */
    static List<String[]> of(CloudTrailRecord.Facts f) {
        List<String[]> out = new ArrayList<>(8 + 2 * f.resourceArns().size());
        out.add(new String[] {AuditKeys.ALL, "_"});
        out.add(new String[] {"EventName", f.eventName()});
        out.add(new String[] {"ReadOnly", f.readOnly() ? "true" : "false"});
        out.add(new String[] {"EventSource", f.eventSource()});
        if (f.username() != null) {
            out.add(new String[] {"Username", f.username()});
        }
        if (f.accessKeyId() != null) {
            out.add(new String[] {"AccessKeyId", f.accessKeyId()});
        }
        for (String arn : f.resourceArns()) {
            out.add(new String[] {"ResourceType", CloudTrailRecord.resourceType(arn)});
            out.add(new String[] {"ResourceName", arn});
        }
        return out;
    }
}
