package io.citadel.kms;

import io.citadel.core.RequestContext;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the key a KeyId names: a key id, a key ARN, an alias name ({@code alias/...}) or an alias
 * ARN. Bare ids and alias names mean the caller's account; another account's key needs its ARN.
 * A key ARN for another region is not found here, as in AWS.
 */
final class KeyResolver {

    private static final Pattern KEY_ID = Pattern.compile("(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
    private static final Pattern ARN = Pattern.compile("arn:aws:kms:([a-z0-9-]+):([0-9]{12}):(key/.+|alias/.+)");
    /** Any name CreateAlias could have made; anything else cannot exist (and must not reach a storage key). */
    private static final Pattern ALIAS = Pattern.compile("alias/[a-zA-Z0-9/_-]{1,250}");

    private final Storage storage;
    private final KeyCache cache;

    KeyResolver(ChangeCountingStorage storage, java.time.InstantSource clock) {
        this.storage = storage;
        this.cache = new KeyCache(storage, clock);
    }

    /** Where a KeyId points, before any storage read. */
    record Target(String accountId, String region, String keyId, String aliasName) {
    }

    static Target parse(RequestContext ctx, String keyIdOrAlias, boolean aliasAllowed) {
        String account = ctx.principal().accountId();
        String region = ctx.region();
        String value = keyIdOrAlias;
        if (value.startsWith("arn:")) {
            var m = ARN.matcher(value);
            if (!m.matches()) {
                throw KmsErrors.notFound("Invalid arn " + value);
            }
            account = m.group(2);
            if (!m.group(1).equals(region)) {
                throw value.contains(":alias/")
                        ? KmsErrors.notFound("Alias " + value + " is not found.")
                        : KmsErrors.keyNotFound(value);
            }
            value = m.group(3);
            if (value.startsWith("key/")) {
                value = value.substring(4);
                if (!KEY_ID.matcher(value).matches()) {
                    throw KmsErrors.notFound("Invalid arn " + keyIdOrAlias);
                }
                return new Target(account, region, value, null);
            }
        }
        if (value.startsWith("alias/")) {
            if (!aliasAllowed) {
                throw KmsErrors.notFound("Invalid keyId " + keyIdOrAlias + " (expected: a key ID or key ARN)");
            }
            if (!ALIAS.matcher(value).matches()) {
                throw KmsErrors.notFound("Alias arn:aws:kms:" + region + ":" + account + ":" + shown(value) + " is not found.");
            }
            return new Target(account, region, null, value);
        }
        if (!KEY_ID.matcher(value).matches()) {
            throw KmsErrors.notFound("Invalid keyId " + keyIdOrAlias);
        }
        return new Target(account, region, value, null);
    }

    /** At most the first 256 characters, without NUL or lone surrogates, for a message. */
    private static String shown(String value) {
        String head = value.length() > 256 ? value.substring(0, 256) + "..." : value;
        return head.codePoints().filter(c -> c != 0 && (c > 0xFFFF || !Character.isSurrogate((char) c)))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** Resolves within {@code tx}; NotFoundException when the alias or key does not exist. */
    ResolvedKey resolve(Transaction tx, RequestContext ctx, String keyIdOrAlias, boolean aliasAllowed) {
        Target target = parse(ctx, keyIdOrAlias, aliasAllowed);
        String keyId = target.keyId();
        String requestAlias = null;
        if (target.aliasName() != null) {
            Alias alias = KeyStore.alias(tx, target.accountId(), target.region(), target.aliasName())
                    .orElseThrow(() -> KmsErrors.notFound("Alias arn:aws:kms:" + target.region() + ":" + target.accountId()
                            + ":" + target.aliasName() + " is not found."));
            keyId = alias.targetKeyId();
            requestAlias = target.aliasName();
        }
        String id = keyId;
        KmsKey key = KeyStore.key(tx, target.accountId(), target.region(), id)
                .orElseThrow(() -> KmsErrors.keyNotFound(KmsKey.arn(target.region(), target.accountId(), id)));
        return new ResolvedKey(key, requestAlias, () -> aliasesOf(key));
    }

    /**
     * Resolves from the {@link KeyCache} or a read transaction of its own (with the key's aliases, for
     * kms:ResourceAliases). For the checks before a change; the change itself re-reads in its transaction.
     */
    ResolvedKey resolve(RequestContext ctx, String keyIdOrAlias, boolean aliasAllowed) {
        Target target = parse(ctx, keyIdOrAlias, aliasAllowed);
        String name = target.accountId() + "/" + target.region() + "/"
                + (target.aliasName() != null ? target.aliasName() : target.keyId());
        KeyCache.Cached cached = cache.get(name, () -> {
            Transaction tx = storage.reads();
            ResolvedKey resolved = resolve(tx, ctx, keyIdOrAlias, aliasAllowed);
            KmsKey key = resolved.key();
            return new KeyCache.Cached(key, resolved.requestAlias(),
                    KeyStore.aliasesOf(tx, key.accountId(), key.region(), key.keyId()));
        });
        List<String> aliases = cached.aliases();
        return new ResolvedKey(cached.key(), cached.requestAlias(), () -> aliases);
    }

    private List<String> aliasesOf(KmsKey key) {
        return KeyStore.aliasesOf(storage.reads(), key.accountId(), key.region(), key.keyId());
    }
}
