package io.citadel.kms;

import io.citadel.core.RequestContext;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.ScanPage;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CreateAlias, UpdateAlias, DeleteAlias and ListAliases. Alias names start with {@code alias/}, use
 * letters, digits and {@code /_-}, and {@code alias/aws/} is reserved for the AWS managed keys the
 * services create. Changing an alias needs permission on the alias and on each key involved.
 */
public final class KeyAliases {

    private static final Pattern NAME = Pattern.compile("alias/[a-zA-Z0-9/_-]{1,250}");

    /** One ListAliases entry. */
    public record AliasEntry(String aliasName, String aliasArn, String targetKeyId, Instant creationDate, Instant lastUpdatedDate) {
    }

    /** A page of ListAliases. */
    public record AliasPage(List<AliasEntry> aliases, String nextMarker) {
    }

    private final KmsEnvironment env;

    KeyAliases(KmsEnvironment env) {
        this.env = env;
    }

    public void createAlias(RequestContext ctx, String aliasName, String targetKeyId) {
        checkName(aliasName);
        ResolvedKey target = env.resolver.resolve(ctx, targetKeyId, false);
        KeyAdministration.requireSameAccount(ctx, target.key());
        String accountId = ctx.principal().accountId();
        env.access.requireWithoutKey(ctx, "kms:CreateAlias", aliasArn(ctx, aliasName), null);
        env.access.require(ctx, target, "CreateAlias", null, Call.DIRECT, null, null);
        KeyAdministration.requireCustomerManaged(target.key(), "CreateAlias");
        if (target.key().state() == KeyState.PENDING_DELETION) {
            throw KeyStates.notIn(target.key());
        }
        env.storage.transaction(tx -> {
            if (KeyStore.alias(tx, accountId, ctx.region(), aliasName).isPresent()) {
                throw KmsErrors.error(KmsErrors.ALREADY_EXISTS, "An alias with the name " + aliasArn(ctx, aliasName) + " already exists");
            }
            Instant now = env.clock.instant();
            KeyStore.putAlias(tx, accountId, ctx.region(), new Alias(aliasName, target.key().keyId(), now, now));
            return null;
        });
    }

    public void updateAlias(RequestContext ctx, String aliasName, String targetKeyId) {
        checkName(aliasName);
        String accountId = ctx.principal().accountId();
        Alias alias = env.storage.transaction(tx -> KeyStore.alias(tx, accountId, ctx.region(), aliasName))
                .orElseThrow(() -> KmsErrors.notFound("Alias " + aliasArn(ctx, aliasName) + " is not found."));
        ResolvedKey current = env.resolver.resolve(ctx, alias.targetKeyId(), false);
        ResolvedKey target = env.resolver.resolve(ctx, targetKeyId, false);
        KeyAdministration.requireSameAccount(ctx, target.key());
        env.access.requireWithoutKey(ctx, "kms:UpdateAlias", aliasArn(ctx, aliasName), null);
        env.access.require(ctx, current, "UpdateAlias", null, Call.DIRECT, null, null);
        env.access.require(ctx, target, "UpdateAlias", null, Call.DIRECT, null, null);
        KeyAdministration.requireCustomerManaged(target.key(), "UpdateAlias");
        KmsKey from = current.key();
        KmsKey to = target.key();
        if (from.keyUsage() != to.keyUsage() || from.keySpec().isAsymmetric() != to.keySpec().isAsymmetric()
                || from.keySpec().isHmac() != to.keySpec().isHmac()) {
            throw KmsErrors.validation("UpdateAlias: the new key must have the same type and key usage as the current one ("
                    + from.keySpec() + "/" + from.keyUsage() + " vs " + to.keySpec() + "/" + to.keyUsage() + ")");
        }
        if (to.state() == KeyState.PENDING_DELETION) {
            throw KeyStates.notIn(to);
        }
        env.storage.transaction(tx -> {
            KeyStore.deleteAlias(tx, accountId, ctx.region(), alias);
            KeyStore.putAlias(tx, accountId, ctx.region(),
                    new Alias(aliasName, to.keyId(), alias.creationDate(), env.clock.instant()));
            return null;
        });
    }

    public void deleteAlias(RequestContext ctx, String aliasName) {
        checkName(aliasName);
        String accountId = ctx.principal().accountId();
        Alias alias = env.storage.transaction(tx -> KeyStore.alias(tx, accountId, ctx.region(), aliasName))
                .orElseThrow(() -> KmsErrors.notFound("Alias " + aliasArn(ctx, aliasName) + " is not found."));
        env.access.requireWithoutKey(ctx, "kms:DeleteAlias", aliasArn(ctx, aliasName), null);
        env.access.require(ctx, env.resolver.resolve(ctx, alias.targetKeyId(), false), "DeleteAlias", null, Call.DIRECT, null, null);
        env.storage.transaction(tx -> {
            KeyStore.deleteAlias(tx, accountId, ctx.region(), alias);
            return null;
        });
    }

    public AliasPage listAliases(RequestContext ctx, String keyId, Integer limit, String marker) {
        String accountId = ctx.principal().accountId();
        String filterKeyId = null;
        if (keyId != null) {
            ResolvedKey key = env.resolver.resolve(ctx, keyId, false);
            KeyAdministration.requireSameAccount(ctx, key.key());
            env.access.require(ctx, key, "ListAliases", null, Call.DIRECT, null, null);
            filterKeyId = key.key().keyId();
        } else {
            env.access.requireWithoutKey(ctx, "kms:ListAliases", "*", null);
        }
        int max = limit == null ? 100 : limit;
        String prefix = KmsKeys.aliases(accountId, ctx.region());
        if (marker != null && !NAME.matcher(marker).matches()) {
            throw KmsErrors.error(KmsErrors.INVALID_MARKER, "Marker: not a marker this service returned");
        }
        String after = marker == null ? null : prefix + marker;
        String wanted = filterKeyId;
        List<AliasEntry> out = new java.util.ArrayList<>();
        String next = null;
        while (true) {
            String start = after;
            ScanPage page = env.storage.transaction(tx -> tx.scan(prefix, start, io.citadel.storage.KeyRules.MAX_SCAN_LIMIT));
            for (var entry : page.entries()) {
                Alias alias = StoredJson.read(entry.value(), Alias.class);
                if (wanted == null || wanted.equals(alias.targetKeyId())) {
                    if (out.size() == max) {
                        next = out.getLast().aliasName();
                        return new AliasPage(out, next);
                    }
                    out.add(new AliasEntry(alias.aliasName(), alias.arn(ctx.region(), accountId), alias.targetKeyId(),
                            alias.creationDate(), alias.lastUpdatedDate()));
                }
            }
            if (!page.hasMore()) {
                return new AliasPage(out, null);
            }
            after = page.lastKey().orElseThrow();
        }
    }

    private static String aliasArn(RequestContext ctx, String aliasName) {
        return "arn:aws:kms:" + ctx.region() + ":" + ctx.principal().accountId() + ":" + aliasName;
    }

    private static void checkName(String aliasName) {
        if (!NAME.matcher(aliasName).matches()) {
            throw KmsErrors.error(KmsErrors.INVALID_ALIAS_NAME, "AliasName: " + aliasName
                    + " (expected: alias/ followed by letters, digits, /, _ or -)");
        }
        if (aliasName.startsWith("alias/aws/")) {
            throw KmsErrors.error(KmsErrors.INVALID_ALIAS_NAME, "AliasName: " + aliasName
                    + " (alias/aws/ is reserved for AWS managed keys)");
        }
    }
}
