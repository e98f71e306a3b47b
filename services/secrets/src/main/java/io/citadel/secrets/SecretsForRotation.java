package io.citadel.secrets;

import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.secrets.SecretCrypto.Plain;
import io.citadel.secrets.rotation.RotationException;
import io.citadel.secrets.rotation.RotationSecrets;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@link RotationSecrets} over this service: what a rotation function may do, with the service's
 * authority (no IAM check; KMS sees the owning account acting via secretsmanager), limited to
 * secrets of the rotated secret's account and region.
 */
final class SecretsForRotation {

    private final SecretEnvironment env;
    private final SecretWrites writes;
    private final SecretReads reads;
    private final RandomPasswords passwords;

    SecretsForRotation(SecretEnvironment env, SecretWrites writes, SecretReads reads, RandomPasswords passwords) {
        this.env = env;
        this.writes = writes;
        this.reads = reads;
        this.passwords = passwords;
    }

    RotationSecrets forSecret(StoredSecret rotated) {
        String account = rotated.account();
        String region = rotated.region();
        return new RotationSecrets() {

            private RequestContext ctx(String operation) {
                return SecretEnvironment.serviceContext(account, region, operation, env.now());
            }

            private Optional<StoredSecret> find(String secretId) throws RotationException {
                try {
                    SecretNames.Id id = SecretNames.parse(secretId, region, account);
                    if (!id.account().equals(account)) {
                        return Optional.empty();
                    }
                    return env.storage.transaction(tx -> SecretRepository.find(tx, id, region));
                } catch (ServiceException e) {
                    if (e.errorCode().equals(SecretErrors.NOT_FOUND)) {
                        return Optional.empty();
                    }
                    throw new RotationException(e.getMessage());
                }
            }

            private StoredSecret require(String secretId) throws RotationException {
                return find(secretId).orElseThrow(() -> new RotationException("Secrets Manager can't find the specified secret: " + secretId));
            }

            @Override
            public Description describeSecret(String secretId) throws RotationException {
                StoredSecret s = require(secretId);
                return new Description(s.arn(), s.name(), s.rotation() != null && s.rotation().enabled(), s.versionIdsToStages());
            }

            @Override
            public Optional<Version> getSecretValue(String secretId, String versionIdOrNull, String stageOrNull) throws RotationException {
                Optional<StoredSecret> s = find(secretId);
                if (s.isEmpty()) {
                    return Optional.empty();
                }
                try {
                    SecretReads.Value v = reads.value(ctx("GetSecretValue"), s.get(), versionIdOrNull, stageOrNull);
                    String text = v.secretString() != null ? v.secretString() : new String(v.secretBinary(), StandardCharsets.UTF_8);
                    return Optional.of(new Version(v.versionId(), text, v.stages()));
                } catch (ServiceException e) {
                    if (e.errorCode().equals(SecretErrors.NOT_FOUND)) {
                        return Optional.empty();
                    }
                    throw new RotationException(e.getMessage());
                }
            }

            @Override
            public void putSecretValue(String secretId, String clientRequestToken, String secretString, List<String> stages)
                    throws RotationException {
                StoredSecret s = require(secretId);
                try {
                    SecretWrites.requireWritable(s);
                    SecretWrites.requireNotDeleted(s);
                    Plain value = SecretWrites.value(secretString, null, true);
                    writes.addVersion(ctx("PutSecretValue"), s, SecretWrites.token(clientRequestToken), value,
                            stages == null ? List.of(Staging.CURRENT) : Staging.checkLabels(stages), b -> { });
                } catch (ServiceException e) {
                    throw new RotationException(e.errorCode().code() + ": " + e.getMessage());
                }
            }

            @Override
            public void updateSecretVersionStage(String secretId, String stage, String moveToVersionId, String removeFromVersionIdOrNull)
                    throws RotationException {
                StoredSecret s = require(secretId);
                try {
                    SecretWrites.requireWritable(s);
                    writes.moveStage(s, stage, removeFromVersionIdOrNull, moveToVersionId);
                } catch (ServiceException e) {
                    throw new RotationException(e.errorCode().code() + ": " + e.getMessage());
                }
            }

            @Override
            public String randomPassword(int length, String excludeCharacters) throws RotationException {
                try {
                    return passwords.generate(new RandomPasswords.Options((long) length, excludeCharacters, null, null, null, null, null, null));
                } catch (ServiceException e) {
                    throw new RotationException(e.getMessage());
                }
            }
        };
    }
}
