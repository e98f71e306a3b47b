package io.citadel.secrets.rotation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a rotation function may do to secrets: the subset of the Secrets Manager API that AWS's
 * rotation Lambdas use, acting with the rotation's authority on the secret being rotated (and, for
 * the alternating-users strategy, reading the secret named by {@code masterarn}).
 */
public interface RotationSecrets {

    /** One version's value (SecretString only; rotation functions for databases use JSON strings). */
    record Version(String versionId, String secretString, List<String> stages) {
    }

    /** The parts of DescribeSecret a rotation function needs. */
    record Description(String arn, String name, boolean rotationEnabled, Map<String, List<String>> versionIdsToStages) {
    }

    Description describeSecret(String secretId) throws RotationException;

    /**
     * GetSecretValue by version id and/or stage (either may be null, not both); empty when the
     * secret has no such version (AWS's ResourceNotFoundException, which rotation code checks for).
     */
    Optional<Version> getSecretValue(String secretId, String versionIdOrNull, String stageOrNull) throws RotationException;

    /** PutSecretValue with the given client request token and stages (for rotation: {@code ["AWSPENDING"]}). */
    void putSecretValue(String secretId, String clientRequestToken, String secretString, List<String> stages) throws RotationException;

    /** UpdateSecretVersionStage: moves {@code stage} to {@code moveToVersionId}, removing it from {@code removeFromVersionIdOrNull}. */
    void updateSecretVersionStage(String secretId, String stage, String moveToVersionId, String removeFromVersionIdOrNull)
            throws RotationException;

    /** GetRandomPassword with AWS's defaults (32 characters, every character class) but excluding {@code excludeCharacters}. */
    String randomPassword(int length, String excludeCharacters) throws RotationException;
}
