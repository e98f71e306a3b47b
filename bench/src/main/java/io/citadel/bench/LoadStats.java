package io.citadel.bench;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one load worker observed: a latency histogram in microseconds and response counts by HTTP
 * status for the measured window, and errors by kind for the whole run. Workers merge theirs at
 * the end, so no counter is shared while the run is hot.
 */
final class LoadStats {

    static final long MAX_TRACKED_LATENCY_MICROS = 120_000_000L;

    private final Histogram latencyMicros = new Histogram(MAX_TRACKED_LATENCY_MICROS, 3);
    private final Map<Integer, Long> responsesByStatus = new TreeMap<>();
    private final Map<String, Long> errorsByKind = new TreeMap<>();
    private String firstErrorResponse;
    private long reconnects;

    void recordResponse(int status, long latencyNanos) {
        latencyMicros.recordValue(Math.min(MAX_TRACKED_LATENCY_MICROS, Math.max(1, latencyNanos / 1_000)));
        responsesByStatus.merge(status, 1L, Long::sum);
    }

    void recordError(String kind) {
        errorsByKind.merge(kind, 1L, Long::sum);
    }

    void recordReconnect() {
        reconnects++;
    }

    /** Keeps the first non-2xx response seen, to explain e.g. a signature the server rejects. */
    void offerErrorResponse(int status, String body) {
        if (firstErrorResponse == null) {
            firstErrorResponse = status + " " + body;
        }
    }

    void add(LoadStats other) {
        latencyMicros.add(other.latencyMicros);
        other.responsesByStatus.forEach((status, count) -> responsesByStatus.merge(status, count, Long::sum));
        other.errorsByKind.forEach((kind, count) -> errorsByKind.merge(kind, count, Long::sum));
        if (firstErrorResponse == null) {
            firstErrorResponse = other.firstErrorResponse;
        }
        reconnects += other.reconnects;
    }

    Histogram latencyMicros() {
        return latencyMicros;
    }

    Map<Integer, Long> responsesByStatus() {
        return responsesByStatus;
    }

    Map<String, Long> errorsByKind() {
        return errorsByKind;
    }

    long responses() {
        return latencyMicros.getTotalCount();
    }

    long errors() {
        return errorsByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    long reconnects() {
        return reconnects;
    }

    String firstErrorResponse() {
        return firstErrorResponse;
    }
}
