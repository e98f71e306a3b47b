package io.citadel.bench;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the workers of one run share: where to connect, what to send, and the time line
 * (end of warmup, deadline) in {@link System#nanoTime()} units. The request cap and the
 * progress counter are the only mutable parts.
 */
record LoadPlan(InetSocketAddress address, String hostHeader, RequestTemplate template, Credentials credentials,
                String region, long measureStartNanos, long deadlineNanos,
                long maxRequests, long requestTimeoutNanos, AtomicLong requestsIssued, LongAdder responsesReceived) {

    /** Claims the right to send one more request; false once {@code maxRequests} have been sent. */
    boolean claimRequest() {
        return maxRequests <= 0 || requestsIssued.getAndIncrement() < maxRequests;
    }
}
