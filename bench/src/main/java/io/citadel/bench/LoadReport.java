package io.citadel.bench;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one load run, printable as human text or as JSON for scripts. Latencies are
 * measured from writing the request to reading the last byte of the response.
 */
record LoadReport(String endpoint, String operation, int connections, int threads, double warmupSeconds,
                  double measuredSeconds, LoadStats stats, double generatorCpuSeconds, List<HeapSample> heapSamples,
                  Instant finishedAt) {

    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    double throughput() {
        return measuredSeconds <= 0 ? 0 : stats.responses() / measuredSeconds;
    }

    String toText() {
        Histogram latency = stats.latencyMicros();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s against %s, %d connections on %d thread(s), %.1f s measured after %.1f s warmup%n",
                operation, endpoint, connections, threads, measuredSeconds, warmupSeconds));
        text.append(String.format(Locale.ROOT, "  throughput   %,.0f req/s (%,d responses)%n", throughput(), stats.responses()));
        text.append("  latency      ");
        for (double percentile : PERCENTILES) {
            text.append(String.format(Locale.ROOT, "p%s %.2f ms  ", percentileName(percentile),
                    latency.getValueAtPercentile(percentile) / 1000.0));
        }
        text.append(String.format(Locale.ROOT, "max %.2f ms%n", latency.getMaxValue() / 1000.0));
        text.append("  statuses     ");
        if (stats.responsesByStatus().isEmpty()) {
            text.append("none");
        }
        stats.responsesByStatus().forEach((status, count) -> text.append(String.format(Locale.ROOT, "%d: %,d  ", status, count)));
        text.append(System.lineSeparator());
        text.append(String.format(Locale.ROOT, "  errors       %,d (whole run, warmup included); reconnects %,d%n",
                stats.errors(), stats.reconnects()));
        stats.errorsByKind().forEach((kind, count) -> text.append(String.format(Locale.ROOT, "    %,d x %s%n", count, kind)));
        if (stats.firstErrorResponse() != null) {
            text.append("  first non-2xx response: ").append(stats.firstErrorResponse().replaceAll("\\s+", " ")).append(System.lineSeparator());
        }
        if (measuredSeconds > 0) {
            text.append(String.format(Locale.ROOT, "  generator    %.1f CPU-s, %.0f%% of one core%n",
                    generatorCpuSeconds, 100 * generatorCpuSeconds / measuredSeconds));
        }
        if (!heapSamples.isEmpty()) {
            text.append("  server heap  (elapsed s, responses, used MB, committed MB, live data after GC MB, max MB)").append(System.lineSeparator());
            for (HeapSample sample : heapSamples) {
                text.append(String.format(Locale.ROOT, "    %8.1f  %,12d  %8.1f  %8.1f  %8s  %8s%n",
                        sample.elapsedMillis() / 1000.0, sample.responses(), megabytes(sample.usedBytes()),
                        megabytes(sample.committedBytes()), optionalMegabytes(sample.liveDataBytes()),
                        optionalMegabytes(sample.maxBytes())));
            }
        }
        return text.toString();
    }

    String toJson() {
        Histogram latency = stats.latencyMicros();
        StringBuilder json = new StringBuilder("{");
        field(json, "endpoint", quote(endpoint)).append(',');
        field(json, "operation", quote(operation)).append(',');
        field(json, "connections", Integer.toString(connections)).append(',');
        field(json, "threads", Integer.toString(threads)).append(',');
        field(json, "warmupSeconds", number(warmupSeconds)).append(',');
        field(json, "measuredSeconds", number(measuredSeconds)).append(',');
        field(json, "finishedAt", quote(finishedAt.toString())).append(',');
        field(json, "responses", Long.toString(stats.responses())).append(',');
        field(json, "throughputPerSecond", number(throughput())).append(',');
        json.append("\"latencyMillis\":{");
        for (double percentile : PERCENTILES) {
            field(json, "p" + percentileName(percentile), number(latency.getValueAtPercentile(percentile) / 1000.0)).append(',');
        }
        field(json, "max", number(latency.getMaxValue() / 1000.0)).append("},");
        json.append("\"statuses\":").append(counts(stats.responsesByStatus())).append(',');
        field(json, "errors", Long.toString(stats.errors())).append(',');
        json.append("\"errorsByKind\":").append(counts(stats.errorsByKind())).append(',');
        field(json, "reconnects", Long.toString(stats.reconnects())).append(',');
        field(json, "firstErrorResponse", stats.firstErrorResponse() == null ? "null" : quote(stats.firstErrorResponse())).append(',');
        field(json, "generatorCpuSeconds", number(generatorCpuSeconds)).append(',');
        json.append("\"heapSamples\":[");
        for (int i = 0; i < heapSamples.size(); i++) {
            HeapSample sample = heapSamples.get(i);
            json.append(i == 0 ? "{" : ",{");
            field(json, "elapsedMillis", Long.toString(sample.elapsedMillis())).append(',');
            field(json, "responses", Long.toString(sample.responses())).append(',');
            field(json, "heapUsedBytes", Long.toString(sample.usedBytes())).append(',');
            field(json, "heapCommittedBytes", Long.toString(sample.committedBytes())).append(',');
            field(json, "heapMaxBytes", Long.toString(sample.maxBytes())).append(',');
            field(json, "liveDataBytes", Long.toString(sample.liveDataBytes())).append('}');
        }
        return json.append("]}").toString();
    }

    private static String percentileName(double percentile) {
        return percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
    }

    private static double megabytes(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static String optionalMegabytes(long bytes) {
        return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.1f", megabytes(bytes));
    }

    private static StringBuilder field(StringBuilder json, String name, String rawValue) {
        return json.append(quote(name)).append(':').append(rawValue);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String counts(Map<?, Long> counts) {
        StringBuilder json = new StringBuilder("{");
        counts.forEach((key, count) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quote(key.toString())).append(':').append(count);
        });
        return json.append('}').toString();
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
