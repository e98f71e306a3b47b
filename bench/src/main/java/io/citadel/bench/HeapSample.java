package io.citadel.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The target JVM's heap at one moment, read from its Prometheus {@code /metrics} page (Micrometer
 * JVM metrics): heap used and committed summed over pools, and live data after the last major GC.
 * Values the page does not carry are {@code -1}.
 */
record HeapSample(long elapsedMillis, long responses, long usedBytes, long committedBytes, long maxBytes,
                  long liveDataBytes) {

    /** Fetches and parses {@code metricsUri}; a one-off call, so the JDK HTTP client is fine here. */
    static HeapSample fetch(HttpClient client, URI metricsUri, long elapsedMillis, long responses)
            throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(metricsUri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + metricsUri + ": HTTP " + response.statusCode() + " (expected: 200)");
        }
        return parse(response.body(), elapsedMillis, responses);
    }

    static HeapSample parse(String prometheusText, long elapsedMillis, long responses) {
        long used = -1;
        long committed = -1;
        long max = -1;
        long liveData = -1;
        for (String line : prometheusText.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int valueStart = line.lastIndexOf(' ');
            if (valueStart < 0) {
                continue;
            }
            String series = line.substring(0, valueStart);
            long value;
            try {
                value = (long) Double.parseDouble(line.substring(valueStart + 1).strip());
            } catch (NumberFormatException e) {
                continue;
            }
            boolean heap = series.contains("area=\"heap\"");
            if (heap && series.startsWith("jvm_memory_used_bytes{")) {
                used = Math.max(used, 0) + value;
            } else if (heap && series.startsWith("jvm_memory_committed_bytes{")) {
                committed = Math.max(committed, 0) + value;
            } else if (heap && series.startsWith("jvm_memory_max_bytes{") && value > 0) {
                max = Math.max(max, 0) + value;
            } else if (series.equals("jvm_gc_live_data_size_bytes") || series.startsWith("jvm_gc_live_data_size_bytes{")) {
                liveData = value;
            }
        }
        if (used < 0) {
            throw new IllegalArgumentException(
                    "metrics: no jvm_memory_used_bytes{area=\"heap\"} series (expected: Micrometer JVM memory metrics)");
        }
        return new HeapSample(elapsedMillis, responses, used, committed, max, liveData);
    }
}
