package io.citadel.parameters;

import io.citadel.core.ErrorCode;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-account-and-region read rate of this node (token buckets holding one second of calls):
 * the default rate, or the high-throughput rate once the account enabled it. Exceeding it answers
 * AWS's ThrottlingException. Rates of 0 mean unlimited, the default.
 */
final class ReadThrottle {

    static final ErrorCode THROTTLING = ErrorCode.sender("ThrottlingException", 400);

    private final InstantSource clock;
    private final ParameterLimits limits;
    private final ServiceSettings settings;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    ReadThrottle(InstantSource clock, ParameterLimits limits, ServiceSettings settings) {
        this.clock = clock;
        this.limits = limits;
        this.settings = settings;
    }

    private static final class Bucket {
        double tokens;
        Instant last;

        Bucket(double tokens, Instant last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    void acquire(RequestContext ctx) {
        if (limits.readsPerSecond() == 0 && limits.highThroughputReadsPerSecond() == 0) {
            return;
        }
        int rate = settings.highThroughput(ctx) ? limits.highThroughputReadsPerSecond() : limits.readsPerSecond();
        if (rate == 0) {
            return;
        }
        String key = ctx.principal().accountId() + "/" + ctx.region();
        Instant now = clock.instant();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(rate, now));
        synchronized (bucket) {
            double elapsed = Math.max(0, (now.toEpochMilli() - bucket.last.toEpochMilli()) / 1000.0);
            bucket.tokens = Math.min(rate, bucket.tokens + elapsed * rate);
            bucket.last = now;
            if (bucket.tokens < 1) {
                throw new ServiceException(THROTTLING, "Rate exceeded");
            }
            bucket.tokens -= 1;
        }
    }
}
