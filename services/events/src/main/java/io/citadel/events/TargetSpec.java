package io.citadel.events;

import java.util.List;
import java.util.Map;

/**
 * One target of a rule as stored: where to deliver (an API destination, an event bus or a log
 * target, by ARN), how to shape the event (Input / InputPath / InputTransformer) and how long to
 * retry (RetryPolicy; AWS's defaults 185 attempts and 86,400 seconds when absent).
 */
public record TargetSpec(String id, String arn, String roleArn, String input, String inputPath,
                         Map<String, String> inputPathsMap, String inputTemplate,
                         Integer maximumRetryAttempts, Integer maximumEventAgeInSeconds, String deadLetterArn,
                         Map<String, String> headerParameters, List<String> pathParameterValues,
                         Map<String, String> queryStringParameters) {

    public static final int DEFAULT_RETRY_ATTEMPTS = 185;
    public static final int DEFAULT_EVENT_AGE_SECONDS = 86_400;

    public int retryAttempts() {
        return maximumRetryAttempts == null ? DEFAULT_RETRY_ATTEMPTS : maximumRetryAttempts;
    }

    public int eventAgeSeconds() {
        return maximumEventAgeInSeconds == null ? DEFAULT_EVENT_AGE_SECONDS : maximumEventAgeInSeconds;
    }
}
