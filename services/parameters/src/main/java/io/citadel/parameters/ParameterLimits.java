package io.citadel.parameters;

/**
 * Parameter Store's quotas, AWS's by default; tests pass smaller ones so a limit is reachable.
 *
 * @param standardParameters Standard parameters per account and region
 * @param advancedParameters Advanced parameters per account and region
 * @param versions           versions kept per parameter
 * @param tags               tags per parameter
 */
public record ParameterLimits(int standardParameters, int advancedParameters, int versions, int tags) {

    public static final ParameterLimits AWS = new ParameterLimits(10_000, 100_000, 100, 50);

    public ParameterLimits {
        if (standardParameters < 1 || advancedParameters < 1 || versions < 1 || tags < 1) {
            throw new IllegalArgumentException("limits: " + standardParameters + "/" + advancedParameters + "/" + versions + "/" + tags
                    + " (expected: each >= 1)");
        }
    }
}
