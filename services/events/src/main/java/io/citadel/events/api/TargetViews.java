package io.citadel.events.api;

import io.citadel.events.TargetSpec;

/** Target shapes to and from the stored {@link TargetSpec}. */
final class TargetViews {

    private TargetViews() {
    }

    static TargetSpec spec(Target t) {
        if (t.kinesisParameters() != null || t.runCommandParameters() != null || t.ecsParameters() != null
                || t.batchParameters() != null || t.sqsParameters() != null || t.redshiftDataParameters() != null
                || t.sageMakerPipelineParameters() != null || t.appSyncParameters() != null) {
            throw io.citadel.core.ServiceException.validation("Target " + t.id() + ": parameters for Kinesis, Run Command, ECS, Batch, "
                    + "SQS, Redshift, SageMaker and AppSync targets are not supported by Citadel");
        }
        return new TargetSpec(t.id(), t.arn(), t.roleArn(), t.input(), t.inputPath(),
                t.inputTransformer() == null ? null : t.inputTransformer().inputPathsMap(),
                t.inputTransformer() == null ? null : t.inputTransformer().inputTemplate(),
                t.retryPolicy() == null ? null : t.retryPolicy().maximumRetryAttempts(),
                t.retryPolicy() == null ? null : t.retryPolicy().maximumEventAgeInSeconds(),
                t.deadLetterConfig() == null ? null : t.deadLetterConfig().arn(),
                t.httpParameters() == null ? null : t.httpParameters().headerParameters(),
                t.httpParameters() == null ? null : t.httpParameters().pathParameterValues(),
                t.httpParameters() == null ? null : t.httpParameters().queryStringParameters());
    }

    static Target target(TargetSpec s) {
        InputTransformer transformer = s.inputTemplate() == null ? null : new InputTransformer(s.inputPathsMap(), s.inputTemplate());
        RetryPolicy retry = s.maximumRetryAttempts() == null && s.maximumEventAgeInSeconds() == null ? null
                : new RetryPolicy(s.maximumRetryAttempts(), s.maximumEventAgeInSeconds());
        HttpParameters http = s.headerParameters() == null && s.pathParameterValues() == null && s.queryStringParameters() == null
                ? null : new HttpParameters(s.pathParameterValues(), s.headerParameters(), s.queryStringParameters());
        return new Target(s.id(), s.arn(), s.roleArn(), s.input(), s.inputPath(), transformer, null, null, null, null, null, http,
                null, null, s.deadLetterArn() == null ? null : new DeadLetterConfig(s.deadLetterArn()), retry, null);
    }
}
