package io.citadel.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The ARNs one request acted on, as the authorization layer learns them; the audit trail records
 * them as the event's {@code resources}. One per request; safe to add to from any thread.
 */
public final class TouchedResources {

    private static final int MAX = 50;
    private final List<String> arns = new ArrayList<>(2);

    /** Notes an ARN once; wildcards and beyond 50 ARNs are ignored. */
    public synchronized void add(String arn) {
        if (arn != null && arn.startsWith("arn:") && !arn.contains("*") && arns.size() < MAX && !arns.contains(arn)) {
            arns.add(arn);
        }
    }

    public synchronized List<String> list() {
        return List.copyOf(arns);
    }
}
