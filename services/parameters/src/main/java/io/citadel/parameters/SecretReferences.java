package io.citadel.parameters;

import io.citadel.core.RequestContext;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code /aws/reference/secretsmanager/<secret-id>} reads: Secrets Manager's AWSCURRENT value of
 * the secret, with the caller's own permissions. Parameter Store declares it; the node connects
 * the secrets service to it, so neither module knows the other.
 */
@FunctionalInterface
public interface SecretReferences {

    String PREFIX = "/aws/reference/secretsmanager/";

    /** No Secrets Manager: every reference is ParameterNotFound. */
    SecretReferences NONE = (ctx, secretId) -> Optional.empty();

    /** The secret's current value; {@code sourceResult} is the JSON GetParameter returns as SourceResult. */
    record Secret(String arn, String value, Instant createdDate, String sourceResult) {

        @Override
        public String toString() {
            return "Secret[" + arn + "]";
        }
    }

    /** Empty when no such secret exists; access denials and other errors are thrown as Secrets Manager words them. */
    Optional<Secret> read(RequestContext ctx, String secretId);
}
