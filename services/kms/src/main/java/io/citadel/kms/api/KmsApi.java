package io.citadel.kms.api;

import io.citadel.core.ServiceException;
import io.citadel.kms.Call;
import io.citadel.kms.KeyAdministration;
import io.citadel.kms.KeyCryptography;
import io.citadel.kms.KeyGrants;
import io.citadel.kms.KeyPairOperations;
import io.citadel.kms.Kms;
import io.citadel.kms.KmsErrors;
import io.citadel.kms.KmsKey;
import io.citadel.protocol.Operation;
import io.citadel.protocol.ServiceApi;
import io.citadel.protocol.WireProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * The KMS operation table (json 1.1, target prefix TrentService): every operation of the model; the
 * custom key store family answers UnsupportedOperationException. Cryptographic operations are
 * read-only in CloudTrail's sense, as AWS records them.
 */
public final class KmsApi {

    public static final WireProtocol.Json PROTOCOL = new WireProtocol.Json("TrentService", "1.1");

    private KmsApi() {
    }

    public static ServiceApi create(Kms kms) {
        List<Operation<?, ?>> ops = new ArrayList<>();
        KeyAdministration admin = kms.administration();
        KeyCryptography crypto = kms.cryptography();
        KeyPairOperations pairs = kms.keyPairs();
        KeyGrants grants = kms.grants();

        ops.add(new Operation<>("CreateKey", CreateKeyRequest.class, false, (ctx, r) -> new CreateKeyResponse(KmsViews.metadata(
                admin.createKey(ctx, new KeyAdministration.CreateKeyInput(r.policy(), r.description(), r.keyUsage(), r.keySpec(),
                        r.customerMasterKeySpec(), r.origin(), r.customKeyStoreId(), isTrue(r.bypassPolicyLockoutSafetyCheck()),
                        KmsViews.tagsIn(r.tags()), isTrue(r.multiRegion()), r.xksKeyId()))))));
        ops.add(new Operation<>("DescribeKey", DescribeKeyRequest.class, (ctx, r) -> {
            KeyGrants.checkTokens(r.grantTokens());
            return new DescribeKeyResponse(KmsViews.metadata(admin.describeKey(ctx, Call.DIRECT, r.keyId())));
        }));
        ops.add(new Operation<>("ListKeys", ListKeysRequest.class, (ctx, r) -> {
            var page = admin.listKeys(ctx, r.limit(), r.marker());
            return new ListKeysResponse(page.keys().stream().map(k -> new KeyListEntry(k.keyId(), k.arn())).toList(),
                    page.nextMarker(), page.nextMarker() != null);
        }));
        ops.add(new Operation<>("EnableKey", EnableKeyRequest.class, false, (ctx, r) -> {
            admin.enableKey(ctx, r.keyId());
            return null;
        }));
        ops.add(new Operation<>("DisableKey", DisableKeyRequest.class, false, (ctx, r) -> {
            admin.disableKey(ctx, r.keyId());
            return null;
        }));
        ops.add(new Operation<>("UpdateKeyDescription", UpdateKeyDescriptionRequest.class, false, (ctx, r) -> {
            admin.updateKeyDescription(ctx, r.keyId(), r.description());
            return null;
        }));
        ops.add(new Operation<>("ScheduleKeyDeletion", ScheduleKeyDeletionRequest.class, false, (ctx, r) -> {
            KmsKey key = kms.deletion().scheduleKeyDeletion(ctx, r.keyId(), r.pendingWindowInDays(), false);
            return new ScheduleKeyDeletionResponse(key.arn(), key.deletionDate(), key.state().wire(), key.pendingWindowDays());
        }));
        ops.add(new Operation<>("CancelKeyDeletion", CancelKeyDeletionRequest.class, false,
                (ctx, r) -> new CancelKeyDeletionResponse(kms.deletion().cancelKeyDeletion(ctx, r.keyId()).arn())));
        ops.add(new Operation<>("GetKeyLastUsage", GetKeyLastUsageRequest.class, (ctx, r) -> {
            var use = admin.getKeyLastUsage(ctx, r.keyId());
            return new GetKeyLastUsageResponse(use.key().keyId(),
                    use.lastUsage().map(u -> new KeyLastUsageData(u.operation(), u.timestamp(), null, u.requestId())).orElse(null),
                    use.key().creationDate(), use.key().creationDate());
        }));

        ops.add(new Operation<>("Encrypt", EncryptRequest.class, true, (ctx, r) -> {
            KeyGrants.checkTokens(r.grantTokens());
            var out = crypto.encrypt(ctx, Call.DIRECT, r.keyId(), r.plaintext(), r.encryptionContext(), r.encryptionAlgorithm(),
                    isTrue(r.dryRun()));
            return new EncryptResponse(out.ciphertext(), out.keyArn(), out.algorithm());
        }));
        ops.add(new Operation<>("Decrypt", DecryptRequest.class, true, (ctx, r) -> {
            KeyGrants.checkTokens(r.grantTokens());
            requireNoRecipient(r.recipient());
            var out = crypto.decrypt(ctx, Call.DIRECT, r.ciphertextBlob(), r.encryptionContext(), r.keyId(),
                    r.encryptionAlgorithm(), isTrue(r.dryRun()));
            return new DecryptResponse(out.keyArn(), out.plaintext(), out.algorithm(), null, out.materialId());
        }));
        ops.add(new Operation<>("ReEncrypt", ReEncryptRequest.class, true, (ctx, r) -> {
            KeyGrants.checkTokens(r.grantTokens());
            var out = crypto.reEncrypt(ctx, Call.DIRECT, r.ciphertextBlob(), r.sourceEncryptionContext(), r.sourceKeyId(),
                    r.destinationKeyId(), r.destinationEncryptionContext(), r.sourceEncryptionAlgorithm(),
                    r.destinationEncryptionAlgorithm(), isTrue(r.dryRun()));
            return new ReEncryptResponse(out.ciphertext(), out.sourceKeyArn(), out.keyArn(), out.sourceAlgorithm(),
                    out.destinationAlgorithm(), out.sourceMaterialId(), out.destinationMaterialId());
        }));
        ops.add(new Operation<>("GenerateDataKey", GenerateDataKeyRequest.class, true, (ctx, r) -> {
            KeyGrants.checkTokens(r.grantTokens());
            requireNoRecipient(r.recipient());
            var out = crypto.generateDataKey(ctx, Call.DIRECT, r.keyId(), r.encryptionContext(), r.numberOfBytes(), r.keySpec(),
                    true, isTrue(r.dryRun()));
            return new GenerateDataKeyResponse(out.ciphertext(), out.plaintext(), out.keyArn(), null, out.materialId());
        }));
        ops.add(new Operation<>("GenerateDataKeyWithoutPlaintext", GenerateDataKeyWithoutPlaintextRequest.class, true, (ctx, r) -> {
            KeyGrants.checkTokens(r.grantTokens());
            var out = crypto.generateDataKey(ctx, Call.DIRECT, r.keyId(), r.encryptionContext(), r.numberOfBytes(), r.keySpec(),
                    false, isTrue(r.dryRun()));
            return new GenerateDataKeyWithoutPlaintextResponse(out.ciphertext(), out.keyArn(), out.materialId());
        }));
        ops.add(new Operation<>("GenerateDataKeyPair", GenerateDataKeyPairRequest.class, true, (ctx, r) -> {
            KeyGrants.checkTokens(r.grantTokens());
            requireNoRecipient(r.recipient());
            var out = pairs.generateDataKeyPair(ctx, Call.DIRECT, r.keyId(), r.encryptionContext(), r.keyPairSpec(), true,
                    isTrue(r.dryRun()));
            return new GenerateDataKeyPairResponse(out.privateCiphertext(), out.privatePlaintext(), out.publicKey(), out.keyArn(),
                    out.spec(), null, out.materialId());
        }));
        ops.add(new Operation<>("GenerateDataKeyPairWithoutPlaintext", GenerateDataKeyPairWithoutPlaintextRequest.class, true,
                (ctx, r) -> {
            KeyGrants.checkTokens(r.grantTokens());
            var out = pairs.generateDataKeyPair(ctx, Call.DIRECT, r.keyId(), r.encryptionContext(), r.keyPairSpec(), false,
                    isTrue(r.dryRun()));
            return new GenerateDataKeyPairWithoutPlaintextResponse(out.privateCiphertext(), out.publicKey(), out.keyArn(),
                    out.spec(), out.materialId());
        }));
        ops.add(new Operation<>("GenerateRandom", GenerateRandomRequest.class, true, (ctx, r) -> {
            requireNoRecipient(r.recipient());
            return new GenerateRandomResponse(crypto.generateRandom(ctx, r.numberOfBytes(), r.customKeyStoreId()), null);
        }));
        ops.add(new Operation<>("GenerateMac", GenerateMacRequest.class, true, (ctx, r) -> {
            KeyGrants.checkTokens(r.grantTokens());
            var out = crypto.generateMac(ctx, Call.DIRECT, r.keyId(), r.message(), r.macAlgorithm(), isTrue(r.dryRun()));
            return new GenerateMacResponse(out.mac(), out.algorithm(), out.keyArn());
        }));
        ops.add(new Operation<>("VerifyMac", VerifyMacRequest.class, true, (ctx, r) -> {
            KeyGrants.checkTokens(r.grantTokens());
            var out = crypto.verifyMac(ctx, Call.DIRECT, r.keyId(), r.message(), r.mac(), r.macAlgorithm(), isTrue(r.dryRun()));
            return new VerifyMacResponse(out.keyArn(), true, out.algorithm());
        }));
        ops.add(new Operation<>("Sign", SignRequest.class, true, (ctx, r) -> {
            KeyGrants.checkTokens(r.grantTokens());
            var out = pairs.sign(ctx, Call.DIRECT, r.keyId(), r.message(), r.messageType(), r.signingAlgorithm(), isTrue(r.dryRun()));
            return new SignResponse(out.keyArn(), out.signature(), out.algorithm());
        }));
        ops.add(new Operation<>("Verify", VerifyRequest.class, true, (ctx, r) -> {
            KeyGrants.checkTokens(r.grantTokens());
            var out = pairs.verify(ctx, Call.DIRECT, r.keyId(), r.message(), r.messageType(), r.signature(), r.signingAlgorithm(),
                    isTrue(r.dryRun()));
            return new VerifyResponse(out.keyArn(), true, out.algorithm());
        }));
        ops.add(new Operation<>("GetPublicKey", GetPublicKeyRequest.class, (ctx, r) -> {
            KeyGrants.checkTokens(r.grantTokens());
            var out = pairs.getPublicKey(ctx, Call.DIRECT, r.keyId());
            KmsKey key = out.key();
            var view = KmsViews.metadata(key);
            return new GetPublicKeyResponse(key.arn(), out.publicKey(), key.keySpec().name(), key.keySpec().name(),
                    key.keyUsage().name(), view.encryptionAlgorithms(), view.signingAlgorithms(), view.keyAgreementAlgorithms());
        }));
        ops.add(new Operation<>("DeriveSharedSecret", DeriveSharedSecretRequest.class, true, (ctx, r) -> {
            KeyGrants.checkTokens(r.grantTokens());
            requireNoRecipient(r.recipient());
            var out = pairs.deriveSharedSecret(ctx, Call.DIRECT, r.keyId(), r.keyAgreementAlgorithm(), r.publicKey(),
                    isTrue(r.dryRun()));
            return new DeriveSharedSecretResponse(out.key().arn(), out.secret(), null, "ECDH", out.key().origin().name());
        }));

        KmsAliasAndGrantOperations.add(ops, kms);
        KmsKeyManagementOperations.add(ops, kms);
        for (String name : List.of("ConnectCustomKeyStore", "CreateCustomKeyStore", "DeleteCustomKeyStore",
                "DescribeCustomKeyStores", "DisconnectCustomKeyStore", "UpdateCustomKeyStore")) {
            ops.add(new Operation<>(name, EmptyInput.class, name.startsWith("Describe"), (ctx, r) -> {
                throw new ServiceException(KmsErrors.UNSUPPORTED, name + ": custom key stores (CloudHSM and external key stores) are not supported");
            }));
        }
        return ServiceApi.of("kms", PROTOCOL, ops);
    }

    /** The input of an operation Citadel refuses whatever its members. */
    record EmptyInput() {
    }

    static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    private static void requireNoRecipient(RecipientInfo recipient) {
        if (recipient != null) {
            throw new ServiceException(KmsErrors.UNSUPPORTED, "Recipient: Nitro Enclaves attestation is not supported");
        }
    }
}
