package io.citadel.secrets;

import java.time.Duration;

/**
 * The quotas Secrets Manager enforces: versions kept per secret (AWS: 100, and it never removes an
 * unlabelled version younger than 24 hours), tags per secret (50), and how many times a failed
 * rotation step is retried automatically before waiting for the next rotation or RotateSecret.
 */
public record SecretLimits(int versions, Duration versionGrace, int tags, int rotationRetries) {

    public static final SecretLimits AWS = new SecretLimits(100, Duration.ofHours(24), 50, 5);
}
