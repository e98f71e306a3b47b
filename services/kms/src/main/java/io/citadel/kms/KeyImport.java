package io.citadel.kms;

import io.citadel.core.RequestContext;
import io.citadel.core.crypto.AeadException;
import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.Hashes;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.KeyWrap;
import io.citadel.core.crypto.OaepHash;
import io.citadel.core.crypto.RsaOaep;
import io.citadel.core.json.StoredJson;
import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Transaction;
import io.citadel.storage.schedule.StorageScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Imported key material (BYOK): GetParametersForImport issues an RSA wrapping key and an import token
 * valid 24 hours; ImportKeyMaterial unwraps (RSAES_OAEP_SHA_1/256 or RSA_AES_KEY_WRAP_SHA_1/256),
 * checks the material fits the key spec and, on re-import, that it is the same material; expiry
 * (ValidTo) and DeleteImportedKeyMaterial return the key to PendingImport.
 */
public final class KeyImport {

    static final String EXPIRY_JOB = "kms.import-expiry";
    static final Duration TOKEN_LIFETIME = Duration.ofHours(24);

    /** GetParametersForImport's answer. */
    public record Parameters(String keyArn, byte[] importToken, byte[] publicKey, Instant validTo) {
    }

    private final KmsEnvironment env;
    private final KeyAdministration admin;

    KeyImport(KmsEnvironment env, KeyAdministration admin) {
        this.env = env;
        this.admin = admin;
    }

    public Parameters getParametersForImport(RequestContext ctx, String keyId, String wrappingAlgorithm, String wrappingKeySpec) {
        OaepHash hash = hash(wrappingAlgorithm);
        KeyPairType type = switch (wrappingKeySpec) {
            case "RSA_2048" -> KeyPairType.RSA_2048;
            case "RSA_3072" -> KeyPairType.RSA_3072;
            case "RSA_4096" -> KeyPairType.RSA_4096;
            default -> throw KmsErrors.validation("WrappingKeySpec: " + wrappingKeySpec + " (expected: RSA_2048, RSA_3072 or RSA_4096)");
        };
        if (hash == null) {
            throw KmsErrors.validation("WrappingAlgorithm: " + wrappingAlgorithm + " (not supported)");
        }
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, false);
        KeyAdministration.requireSameAccount(ctx, resolved.key());
        env.access.require(ctx, resolved, "GetParametersForImport", null, Call.DIRECT, null, r -> {
            r.put("kms:WrappingAlgorithm", wrappingAlgorithm);
            r.put("kms:WrappingKeySpec", wrappingKeySpec);
        });
        KmsKey key = resolved.key();
        requireExternal(key);
        if (key.state() == KeyState.PENDING_DELETION) {
            throw KeyStates.notIn(key);
        }
        AsymmetricKeyPair wrapping = KeyPairs.generate(type, env.random);
        byte[] token = new byte[32];
        env.random.nextBytes(token);
        Instant validTo = env.clock.instant().plus(TOKEN_LIFETIME);
        ImportParameters parameters = new ImportParameters(HexFormat.of().formatHex(token), wrappingAlgorithm, wrappingKeySpec,
                wrapping.privatePkcs8(), validTo);
        env.storage.put(KmsKeys.importParameters(key.accountId(), key.region(), key.keyId()), StoredJson.write(parameters));
        return new Parameters(key.arn(), token, wrapping.publicSpki(), validTo);
    }

    /** Returns the key as the import left it (ImportKeyMaterial's answer needs its ARN and material id). */
    public KmsKey importKeyMaterial(RequestContext ctx, String keyId, byte[] importToken, byte[] encryptedKeyMaterial,
                                    Instant validTo, String expirationModel) {
        String model = expirationModel == null ? (validTo == null ? "KEY_MATERIAL_DOES_NOT_EXPIRE" : "KEY_MATERIAL_EXPIRES")
                : expirationModel;
        if (model.equals("KEY_MATERIAL_EXPIRES") && validTo == null) {
            throw KmsErrors.validation("ValidTo: missing (expected: a time when ExpirationModel is KEY_MATERIAL_EXPIRES)");
        }
        if (model.equals("KEY_MATERIAL_DOES_NOT_EXPIRE") && validTo != null) {
            throw KmsErrors.validation("ValidTo: not allowed when ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE");
        }
        Instant now = env.clock.instant();
        if (validTo != null && (!validTo.isAfter(now) || validTo.isAfter(now.plus(Duration.ofDays(365))))) {
            throw KmsErrors.validation("ValidTo: " + validTo + " (expected: after now and at most 365 days ahead)");
        }
        return admin.changeWithTx(ctx, keyId, "ImportKeyMaterial", r -> r.put("kms:ExpirationModel", model), false, (tx, key) -> {
            requireExternal(key);
            if (key.state() == KeyState.PENDING_DELETION || key.state() == KeyState.PENDING_REPLICA_DELETION) {
                throw KeyStates.notIn(key);
            }
            ImportParameters parameters = tx.get(KmsKeys.importParameters(key.accountId(), key.region(), key.keyId()))
                    .map(b -> StoredJson.read(b, ImportParameters.class))
                    .orElseThrow(() -> KmsErrors.error(KmsErrors.INVALID_IMPORT_TOKEN, "ImportToken: no import parameters for " + key.arn()));
            if (!Hashes.constantTimeEquals(HexFormat.of().formatHex(importToken).getBytes(StandardCharsets.US_ASCII),
                    parameters.tokenId().getBytes(StandardCharsets.US_ASCII))) {
                throw KmsErrors.error(KmsErrors.INVALID_IMPORT_TOKEN, "ImportToken: not the latest token issued for " + key.arn());
            }
            if (now.isAfter(parameters.validTo())) {
                throw KmsErrors.error(KmsErrors.EXPIRED_IMPORT_TOKEN, "ImportToken: expired at " + parameters.validTo());
            }
            byte[] material = unwrap(parameters, encryptedKeyMaterial);
            try {
                KeyMaterial imported = checkMaterial(key, material, now);
                KeyMaterial previous = KeyStore.material(tx, key, 1).orElse(null);
                String fingerprint = fingerprint(key, material);
                if (key.currentMaterialId() != null && !key.currentMaterialId().equals(fingerprint)) {
                    throw KmsErrors.error(KmsErrors.INCORRECT_KEY_MATERIAL,
                            "The key material is not the material previously imported into " + key.arn());
                }
                if (previous == null) {
                    KeyStore.putMaterial(tx, key, imported);
                }
                StorageScheduler.cancel(tx, EXPIRY_JOB, KmsKeys.jobId(key));
                if (validTo != null) {
                    StorageScheduler.schedule(tx, new ScheduledJob(EXPIRY_JOB, KmsKeys.jobId(key), validTo));
                }
                tx.delete(KmsKeys.importParameters(key.accountId(), key.region(), key.keyId()));
                KeyState state = key.state() == KeyState.PENDING_IMPORT ? KeyState.ENABLED : key.state();
                return key.toBuilder().state(state).validTo(validTo, model).material(1, fingerprint).build();
            } finally {
                Arrays.fill(material, (byte) 0);
            }
        });
    }

    /** Material ids of imported keys are a keyed fingerprint, so a re-import can be checked after the material is gone. */
    private static String fingerprint(KmsKey key, byte[] material) {
        return HexFormat.of().formatHex(Hashes.hmacSha256(key.keyId().getBytes(StandardCharsets.US_ASCII), material));
    }

    private KeyMaterial checkMaterial(KmsKey key, byte[] material, Instant now) {
        String id = fingerprint(key, material);
        if (key.keySpec() == KeySpec.SYMMETRIC_DEFAULT) {
            if (material.length != 32) {
                throw KmsErrors.error(KmsErrors.INCORRECT_KEY_MATERIAL, "Symmetric key material: " + material.length
                        + " bytes (expected: 32)");
            }
            return new KeyMaterial(1, id, material.clone(), null, now, null);
        }
        if (key.keySpec().isHmac()) {
            if (material.length < key.keySpec().hmacKeyBytes() || material.length > 64) {
                throw KmsErrors.error(KmsErrors.INCORRECT_KEY_MATERIAL, "HMAC key material: " + material.length + " bytes (expected: "
                        + key.keySpec().hmacKeyBytes() + "..64 for " + key.keySpec() + ")");
            }
            return new KeyMaterial(1, id, material.clone(), null, now, null);
        }
        try {
            AsymmetricKeyPair pair = KeyPairs.fromPrivate(key.keySpec().pairType(), material);
            return new KeyMaterial(1, id, pair.privatePkcs8(), pair.publicSpki(), now, null);
        } catch (IllegalArgumentException e) {
            throw KmsErrors.error(KmsErrors.INCORRECT_KEY_MATERIAL, "Key material: not a PKCS#8 " + key.keySpec() + " private key");
        }
    }

    private static byte[] unwrap(ImportParameters parameters, byte[] wrapped) {
        OaepHash hash = hash(parameters.wrappingAlgorithm());
        try {
            return parameters.wrappingAlgorithm().startsWith("RSA_AES_KEY_WRAP")
                    ? KeyWrap.rsaAesUnwrap(hash, parameters.wrappingPrivateKey(), wrapped)
                    : RsaOaep.decrypt(hash, parameters.wrappingPrivateKey(), wrapped);
        } catch (AeadException | IllegalArgumentException e) {
            throw KmsErrors.invalidCiphertext();
        }
    }

    private static OaepHash hash(String wrappingAlgorithm) {
        return switch (wrappingAlgorithm == null ? "" : wrappingAlgorithm) {
            case "RSAES_OAEP_SHA_1", "RSA_AES_KEY_WRAP_SHA_1" -> OaepHash.SHA_1;
            case "RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_256" -> OaepHash.SHA_256;
            default -> null;
        };
    }

    /** Deletes the material; returns the key as it is now (PendingImport, its material id kept for re-import). */
    public KmsKey deleteImportedKeyMaterial(RequestContext ctx, String keyId) {
        return admin.changeWithTx(ctx, keyId, "DeleteImportedKeyMaterial", null, false, (tx, key) -> {
            requireExternal(key);
            if (key.state() == KeyState.PENDING_DELETION) {
                throw KeyStates.notIn(key);
            }
            return removeMaterial(tx, key);
        });
    }

    private KmsKey removeMaterial(Transaction tx, KmsKey key) {
        KeyStore.deleteMaterials(tx, key);
        env.materialDestroyed.set(true);
        StorageScheduler.cancel(tx, EXPIRY_JOB, KmsKeys.jobId(key));
        env.materials.forget(key);
        KeyState state = key.state() == KeyState.PENDING_DELETION ? key.state() : KeyState.PENDING_IMPORT;
        return key.toBuilder().state(state).validTo(null, key.expirationModel()).build();
    }

    /** The scheduler's expiry of imported material: the material is deleted and the key waits for a new import. */
    ScheduledJob expireDue(Transaction tx, ScheduledJob job) {
        env.storage.changed();
        String[] parts = job.id().split("/", 3);
        KeyStore.key(tx, parts[0], parts[1], parts[2]).ifPresent(key -> {
            KeyStore.putKey(tx, removeMaterial(tx, key));
            KmsEvents.emit(tx, env.clock.instant(), KmsEvents.IMPORT_EXPIRATION, key);
        });
        return null;
    }

    private static void requireExternal(KmsKey key) {
        if (key.origin() != KmsKey.Origin.EXTERNAL) {
            throw KmsErrors.unsupported(key.arn() + " has Origin " + key.origin() + "; importing key material needs Origin EXTERNAL");
        }
    }
}
