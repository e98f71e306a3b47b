package io.citadel.parameters;

/**
 * Parameter Store's quotas, AWS's by default; tests pass smaller ones so a limit is reachable.
 *
 * @param standardParameters Standard parameters per account and region
 * @param advancedParameters Advanced parameters per account and region
 * @param versions           versions kept per parameter
 * @param tags               tags per parameter
 * @param readsPerSecond     GetParameter, GetParameters and GetParametersByPath calls per second per account and region
 *                           on this node with the default throughput; 0: unlimited
 * @param highThroughputReadsPerSecond the same with /ssm/parameter-store/high-throughput-enabled true; 0: unlimited
 */
public record ParameterLimits(int standardParameters, int advancedParameters, int versions, int tags, int readsPerSecond,
                              int highThroughputReadsPerSecond) {

    /** AWS's quotas; reads unlimited, as one node has no reason to throttle. */
    public static final ParameterLimits AWS = new ParameterLimits(10_000, 100_000, 100, 50, 0, 0);

    public ParameterLimits(int standardParameters, int advancedParameters, int versions, int tags) {
        this(standardParameters, advancedParameters, versions, tags, 0, 0);
    }

    /** These quotas with AWS's documented read rates: 40 per second by default, 10,000 with high throughput. */
    public ParameterLimits withAwsReadRates() {
        return withReadRates(40, 10_000);
    }

    /** These quotas with the given read rates (0: unlimited). */
    public ParameterLimits withReadRates(int readsPerSecond, int highThroughputReadsPerSecond) {
        return new ParameterLimits(standardParameters, advancedParameters, versions, tags, readsPerSecond, highThroughputReadsPerSecond);
    }

    public ParameterLimits {
        if (readsPerSecond < 0 || highThroughputReadsPerSecond < 0) {
            throw new IllegalArgumentException("reads per second: " + readsPerSecond + "/" + highThroughputReadsPerSecond
                    + " (expected: >= 0, 0 = unlimited)");
        }
        if (standardParameters < 1 || advancedParameters < 1 || versions < 1 || tags < 1) {
            throw new IllegalArgumentException("limits: " + standardParameters + "/" + advancedParameters + "/" + versions + "/" + tags
                    + " (expected: each >= 1)");
        }
    }
}
