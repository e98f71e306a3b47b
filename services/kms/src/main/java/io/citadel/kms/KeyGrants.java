package io.citadel.kms;

import io.citadel.core.RequestContext;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant. A grant allows its
 * grantee the listed operations on one key, optionally only for matching encryption contexts; it
 * takes effect immediately. A grant with the same name and the same terms is the same grant.
 */
public final class KeyGrants {

    private static final int MAX_GRANTS_PER_KEY = 50_000;

    /** CreateGrant's answer. */
    public record Created(String grantId, String grantToken) {
    }

    /** A grant as ListGrants shows it. */
    public record GrantView(Grant grant, String keyArn) {
    }

    private final KmsEnvironment env;

    KeyGrants(KmsEnvironment env) {
        this.env = env;
    }

    public Created createGrant(RequestContext ctx, Call call, String keyId, String granteePrincipal, String retiringPrincipal,
                               List<String> operations, Map<String, String> contextSubset, Map<String, String> contextEquals,
                               String name, boolean dryRun) {
        if (operations == null || operations.isEmpty()) {
            throw KmsErrors.validation("Operations: missing (expected: at least one grant operation)");
        }
        for (String op : operations) {
            if (!Grant.OPERATIONS.contains(op)) {
                throw KmsErrors.validation("Operations: " + op + " (expected: one of " + new java.util.TreeSet<>(Grant.OPERATIONS) + ")");
            }
        }
        if (contextSubset != null && contextEquals != null) {
            throw KmsErrors.validation("Constraints: specify EncryptionContextSubset or EncryptionContextEquals, not both");
        }
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, false);
        KmsKey key = resolved.key();
        String constraint = contextEquals != null ? "EncryptionContextEquals" : contextSubset != null ? "EncryptionContextSubset" : null;
        env.access.require(ctx, resolved, "CreateGrant", "CreateGrant", call, contextEquals != null ? contextEquals : contextSubset, r -> {
            r.put("kms:GrantOperations", operations);
            r.put("kms:GranteePrincipal", granteePrincipal);
            if (retiringPrincipal != null) {
                r.put("kms:RetiringPrincipal", retiringPrincipal);
            }
            r.put("kms:GrantIsForAWSResource", Boolean.toString(call.isViaService()));
            if (constraint != null) {
                r.put("kms:GrantConstraintType", constraint);
            }
        }, parent -> parent.allowsChild(operations, contextSubset, contextEquals));
        if (key.state() == KeyState.PENDING_DELETION || key.state() == KeyState.PENDING_REPLICA_DELETION) {
            throw KeyStates.notIn(key);
        }
        if (constraint != null) {
            if (key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
                throw KmsErrors.validation("Constraints: encryption context constraints apply only to symmetric encryption KMS keys");
            }
            for (String op : operations) {
                if (!Grant.CONSTRAINABLE.contains(op)) {
                    throw KmsErrors.validation("Constraints: not allowed with grant operation " + op);
                }
            }
        }
        for (String op : operations) {
            if (!grantableFor(key, op)) {
                throw KmsErrors.validation("Operations: " + op + " is not valid for " + key.arn() + " (KeyUsage "
                        + key.keyUsage() + ", KeySpec " + key.keySpec() + ")");
            }
        }
        if (dryRun) {
            throw KmsErrors.dryRun();
        }
        return env.storage.transaction(tx -> {
            List<Grant> existing = KeyStore.grants(tx, key.accountId(), key.region(), key.keyId());
            if (name != null) {
                for (Grant g : existing) {
                    if (name.equals(g.name()) && g.granteePrincipal().equals(granteePrincipal)
                            && Objects.equals(g.retiringPrincipal(), retiringPrincipal)
                            && new java.util.HashSet<>(g.operations()).equals(new java.util.HashSet<>(operations))
                            && Objects.equals(g.contextSubset(), contextSubset) && Objects.equals(g.contextEquals(), contextEquals)) {
                        return new Created(g.grantId(), token(key.accountId(), g.grantId()));
                    }
                }
            }
            if (existing.size() >= MAX_GRANTS_PER_KEY) {
                throw KmsErrors.error(KmsErrors.LIMIT_EXCEEDED, "Grants on " + key.arn() + ": " + existing.size()
                        + " (expected: at most " + MAX_GRANTS_PER_KEY + ")");
            }
            byte[] id = new byte[32];
            env.random.nextBytes(id);
            String grantId = HexFormat.of().formatHex(id);
            Grant grant = new Grant(grantId, key.keyId(), name, granteePrincipal, retiringPrincipal,
                    ctx.principal().accountId(), operations, contextSubset, contextEquals, env.clock.instant());
            KeyStore.putGrant(tx, key.accountId(), key.region(), grant);
            return new Created(grantId, token(key.accountId(), grantId));
        });
    }

    private static final java.util.regex.Pattern GRANT_ID = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    /** Grant ids are 64 hex digits; anything else names no grant (and must not reach a storage key). */
    private static void checkGrantId(String grantId, KmsKey key) {
        if (grantId == null || !GRANT_ID.matcher(grantId).matches()) {
            throw KmsErrors.error(KmsErrors.INVALID_GRANT_ID, "GrantId: not a grant of " + key.arn());
        }
    }

    private static boolean grantableFor(KmsKey key, String op) {
        return switch (op) {
            case "Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo" -> key.keyUsage() == KeyUsage.ENCRYPT_DECRYPT;
            case "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair",
                 "GenerateDataKeyPairWithoutPlaintext" -> key.keySpec() == KeySpec.SYMMETRIC_DEFAULT;
            case "Sign", "Verify" -> key.keyUsage() == KeyUsage.SIGN_VERIFY;
            case "GenerateMac", "VerifyMac" -> key.keyUsage() == KeyUsage.GENERATE_VERIFY_MAC;
            case "DeriveSharedSecret" -> key.keyUsage() == KeyUsage.KEY_AGREEMENT;
            case "GetPublicKey" -> key.keySpec().isAsymmetric();
            default -> true;
        };
    }

    /**
     * A grant token: the key owner's account and the grant id, so that RetireGrant can find the grant
     * from its token alone, also when the retiring principal is in another account.
     */
    static String token(String accountId, String grantId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("citadel-grant:" + accountId + ":" + grantId)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** What a grant token names. */
    record TokenRef(String accountId, String grantId) {
    }

    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("citadel-grant:([0-9]{12}):([0-9a-f]{64})");

    static TokenRef parseToken(String token) {
        try {
            var m = TOKEN.matcher(new String(Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8));
            if (m.matches()) {
                return new TokenRef(m.group(1), m.group(2));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw KmsErrors.error(KmsErrors.INVALID_GRANT_TOKEN, "GrantToken: not a grant token this service issued");
    }

    /** Grant tokens are accepted wherever the model has them; they must be tokens this service issued. */
    public static void checkTokens(List<String> tokens) {
        if (tokens != null) {
            tokens.forEach(KeyGrants::parseToken);
        }
    }

    public List<GrantView> listGrants(RequestContext ctx, String keyId, String grantId, String granteePrincipal) {
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, false);
        env.access.require(ctx, resolved, "ListGrants", null, Call.DIRECT, null, null);
        KmsKey key = resolved.key();
        if (grantId != null) {
            checkGrantId(grantId, key);
        }
        return env.storage.transaction(tx -> KeyStore.grants(tx, key.accountId(), key.region(), key.keyId())).stream()
                .filter(g -> grantId == null || g.grantId().equals(grantId))
                .filter(g -> granteePrincipal == null || g.granteePrincipal().equals(granteePrincipal))
                .map(g -> new GrantView(g, key.arn()))
                .toList();
    }

    /** ListRetirableGrants: the grants in the caller's account and region whose retiring principal is {@code retiringPrincipal}. */
    public List<GrantView> listRetirableGrants(RequestContext ctx, String retiringPrincipal) {
        env.access.requireWithoutKey(ctx, "kms:ListRetirableGrants", "*", null);
        String accountId = ctx.principal().accountId();
        String prefix = KmsKeys.scope(accountId, ctx.region()) + "grant/";
        return env.storage.transaction(tx -> tx.scanAll(prefix)).stream()
                .map(e -> io.citadel.core.json.StoredJson.read(e.value(), Grant.class))
                .filter(g -> retiringPrincipal.equals(g.retiringPrincipal()))
                .map(g -> new GrantView(g, KmsKey.arn(ctx.region(), accountId, g.keyId())))
                .toList();
    }

    /**
     * RetireGrant by token, or by key and grant id: allowed for the grant's retiring principal, for its
     * grantee when the grant includes RetireGrant, and otherwise by kms:RetireGrant on the key.
     */
    public void retireGrant(RequestContext ctx, String grantToken, String keyId, String grantId, boolean dryRun) {
        String id;
        ResolvedKey resolved;
        if (grantToken != null) {
            TokenRef ref = parseToken(grantToken);
            id = ref.grantId();
            String grantKey = env.storage.transaction(tx -> KeyStore.grantKeyId(tx, ref.accountId(), ctx.region(), id))
                    .orElseThrow(() -> KmsErrors.notFound("Grant " + id + " does not exist"));
            resolved = env.resolver.resolve(ctx, keyId != null ? keyId : KmsKey.arn(ctx.region(), ref.accountId(), grantKey), false);
        } else {
            if (keyId == null || grantId == null) {
                throw KmsErrors.validation("RetireGrant: specify GrantToken, or KeyId and GrantId");
            }
            id = grantId;
            resolved = env.resolver.resolve(ctx, keyId, false);
        }
        KmsKey key = resolved.key();
        checkGrantId(id, key);
        Grant grant = env.storage.transaction(tx -> KeyStore.grant(tx, key.accountId(), key.region(), key.keyId(), id))
                .orElseThrow(() -> KmsErrors.error(KmsErrors.INVALID_GRANT_ID, "Grant " + id + " does not exist on " + key.arn()));
        boolean mayRetire = ctx.principal().arn().equals(grant.retiringPrincipal())
                || (grant.operations().contains("RetireGrant") && KmsAccess.isGrantee(ctx.principal(), grant.granteePrincipal()));
        if (!mayRetire) {
            env.access.require(ctx, resolved, "RetireGrant", null, Call.DIRECT, null, null);
        }
        if (dryRun) {
            throw KmsErrors.dryRun();
        }
        env.storage.transaction(tx -> {
            KeyStore.deleteGrant(tx, key.accountId(), key.region(), grant);
            return null;
        });
    }

    public void revokeGrant(RequestContext ctx, String keyId, String grantId, boolean dryRun) {
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, false);
        env.access.require(ctx, resolved, "RevokeGrant", null, Call.DIRECT, null, null);
        KmsKey key = resolved.key();
        checkGrantId(grantId, key);
        Grant grant = env.storage.transaction(tx -> KeyStore.grant(tx, key.accountId(), key.region(), key.keyId(), grantId))
                .orElseThrow(() -> KmsErrors.error(KmsErrors.INVALID_GRANT_ID, "Grant " + grantId + " does not exist on " + key.arn()));
        if (dryRun) {
            throw KmsErrors.dryRun();
        }
        env.storage.transaction(tx -> {
            KeyStore.deleteGrant(tx, key.accountId(), key.region(), grant);
            return null;
        });
    }

}
