package io.citadel.acme;

import io.citadel.core.crypto.pki.Jws;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ACME accounts (RFC 8555 section 7.3): creation (optionally bound to an operator's External Account Binding key),
 * lookup by key, contact updates, deactivation and key rollover. The JWS around each request was verified by the
 * caller; this class enforces the account rules.
 */
public final class AcmeAccounts {

    public static final int MAX_CONTACTS = 10;
    private static final Pattern MAILTO = Pattern.compile("mailto:[^@\\s,?]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

    /** An External Account Binding as the request carried it, its JWS already parsed. */
    public record ExternalBinding(String alg, String keyId, byte[] signingInput, byte[] mac, Jws.PublicJwk boundKey) {
    }

    /** The account and whether this request created it (201) or found it by its key (200). */
    public record NewAccount(AcmeAccount account, boolean created) {
    }

    private final Storage storage;
    private final InstantSource clock;
    private final SecureRandom random;

    AcmeAccounts(Storage storage, InstantSource clock, SecureRandom random) {
        this.storage = storage;
        this.clock = clock;
        this.random = random;
    }

    public NewAccount create(AcmeDirectory d, Jws.PublicJwk key, List<String> contact, boolean termsOfServiceAgreed,
                             boolean onlyReturnExisting, ExternalBinding binding) {
        String thumbprint = key.thumbprint();
        List<String> contacts = checkContacts(contact);
        return storage.transaction(tx -> {
            Optional<String> existing = AcmeRepository.accountIdByKey(tx, d, thumbprint);
            if (existing.isPresent()) {
                return new NewAccount(AcmeRepository.account(tx, d, existing.get()).orElseThrow(), false);
            }
            if (onlyReturnExisting) {
                throw new AcmeProblem(AcmeProblem.Type.ACCOUNT_DOES_NOT_EXIST,
                        "no account has this key (onlyReturnExisting is true; thumbprint " + thumbprint + ")");
            }
            String id = AcmeIds.newId(random);
            String eabKeyId = null;
            if (binding != null) {
                eabKeyId = bind(tx, d, binding, thumbprint, id);
            } else if (d.externalAccountRequired()) {
                throw new AcmeProblem(AcmeProblem.Type.EXTERNAL_ACCOUNT_REQUIRED, "directory " + d.name()
                        + " requires an externalAccountBinding (ask the operator for a key: citadel admin create-acme-eab-key)");
            }
            AcmeAccount account = new AcmeAccount(id, d.name(), key.members(), thumbprint, AcmeAccount.Status.valid, contacts,
                    termsOfServiceAgreed, eabKeyId, clock.instant());
            AcmeRepository.putAccount(tx, d, account);
            AcmeRepository.putKeyIndex(tx, d, thumbprint, id);
            return new NewAccount(account, true);
        });
    }

    private static String bind(Transaction tx, AcmeDirectory d, ExternalBinding binding, String thumbprint, String accountId) {
        String keyId = binding.keyId();
        Optional<ExternalAccountKey> key = keyId == null || !keyId.matches("[A-Za-z0-9_-]{1,64}")
                ? Optional.empty() : AcmeRepository.externalAccountKey(tx, d, keyId);
        if (key.isEmpty()) {
            throw new AcmeProblem(AcmeProblem.Type.UNAUTHORIZED, "externalAccountBinding: unknown key id " + keyId);
        }
        if (!Jws.verifyMac(binding.alg(), key.get().hmacKey(), binding.signingInput(), binding.mac())) {
            throw new AcmeProblem(AcmeProblem.Type.UNAUTHORIZED, "externalAccountBinding: the MAC does not verify with key " + keyId);
        }
        if (!binding.boundKey().thumbprint().equals(thumbprint)) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "externalAccountBinding: its payload is not the account's key");
        }
        if (key.get().boundAccountId() != null) {
            throw new AcmeProblem(AcmeProblem.Type.UNAUTHORIZED, "externalAccountBinding: key " + keyId
                    + " is already bound to an account (keys are single-use)");
        }
        AcmeRepository.putExternalAccountKey(tx, d, key.get().bind(accountId));
        return keyId;
    }

    /** The account by id; accountDoesNotExist when there is none. */
    public AcmeAccount get(AcmeDirectory d, String id) {
        AcmeIds.check(id, "account");
        return AcmeRepository.account(storage.reads(), d, id).orElseThrow(() ->
                new AcmeProblem(AcmeProblem.Type.ACCOUNT_DOES_NOT_EXIST, "account " + id + " does not exist in directory " + d.name()));
    }

    /** Replaces the contacts (when {@code contact} is not null) and deactivates the account when asked; deactivation is final. */
    public AcmeAccount update(AcmeDirectory d, String id, List<String> contact, boolean deactivate) {
        List<String> contacts = contact == null ? null : checkContacts(contact);
        return storage.transaction(tx -> {
            AcmeAccount account = AcmeRepository.account(tx, d, id).orElseThrow(() ->
                    new AcmeProblem(AcmeProblem.Type.ACCOUNT_DOES_NOT_EXIST, "account " + id + " does not exist"));
            requireValid(account);
            AcmeAccount updated = contacts == null ? account : account.withContact(contacts);
            if (deactivate) {
                updated = updated.withStatus(AcmeAccount.Status.deactivated);
            }
            AcmeRepository.putAccount(tx, d, updated);
            return updated;
        });
    }

    /**
     * Key rollover (section 7.3.5): {@code oldKey} must be the account's current key, {@code newKey} no other
     * account's (conflict, with that account's id as the location).
     */
    public AcmeAccount changeKey(AcmeDirectory d, String id, Jws.PublicJwk oldKey, Jws.PublicJwk newKey) {
        return storage.transaction(tx -> {
            AcmeAccount account = AcmeRepository.account(tx, d, id).orElseThrow(() ->
                    new AcmeProblem(AcmeProblem.Type.ACCOUNT_DOES_NOT_EXIST, "account " + id + " does not exist"));
            requireValid(account);
            if (!oldKey.thumbprint().equals(account.thumbprint())) {
                throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "keyChange: oldKey is not the account's current key");
            }
            String newThumbprint = newKey.thumbprint();
            Optional<String> holder = AcmeRepository.accountIdByKey(tx, d, newThumbprint);
            if (holder.isPresent()) {
                throw new AcmeProblem(AcmeProblem.Type.CONFLICT, "keyChange: the new key is already the key of account "
                        + holder.get(), List.of(), holder.get());
            }
            AcmeAccount updated = account.withKey(newKey);
            AcmeRepository.deleteKeyIndex(tx, d, account.thumbprint());
            AcmeRepository.putKeyIndex(tx, d, newThumbprint, id);
            AcmeRepository.putAccount(tx, d, updated);
            return updated;
        });
    }

    /** Creates a single-use External Account Binding key for the directory; the caller shows the HMAC key once. */
    public ExternalAccountKey createExternalAccountKey(AcmeDirectory d) {
        byte[] hmac = new byte[32];
        random.nextBytes(hmac);
        ExternalAccountKey key = new ExternalAccountKey(AcmeIds.newId(random), d.name(), hmac, clock.instant(), null);
        storage.transaction(tx -> {
            AcmeRepository.putExternalAccountKey(tx, d, key);
            return null;
        });
        return key;
    }

    static void requireValid(AcmeAccount account) {
        if (account.status() != AcmeAccount.Status.valid) {
            throw new AcmeProblem(AcmeProblem.Type.UNAUTHORIZED, "account " + account.id() + " is " + account.status()
                    + " (expected: valid)");
        }
    }

    static List<String> checkContacts(List<String> contact) {
        if (contact == null) {
            return List.of();
        }
        if (contact.size() > MAX_CONTACTS) {
            throw new AcmeProblem(AcmeProblem.Type.INVALID_CONTACT, "contact: " + contact.size() + " entries (expected: at most "
                    + MAX_CONTACTS + ")");
        }
        for (String c : contact) {
            if (c == null || !c.toLowerCase(Locale.ROOT).startsWith("mailto:")) {
                throw new AcmeProblem(AcmeProblem.Type.UNSUPPORTED_CONTACT, "contact: " + c + " (expected: a mailto: URL)");
            }
            if (!MAILTO.matcher(c).matches() || c.getBytes(StandardCharsets.UTF_8).length > 320) {
                throw new AcmeProblem(AcmeProblem.Type.INVALID_CONTACT, "contact: " + c
                        + " (expected: mailto:user@domain, one address, no header fields)");
            }
        }
        return List.copyOf(contact);
    }
}
