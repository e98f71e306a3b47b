package io.citadel.kms.api;

import io.citadel.kms.Call;
import io.citadel.kms.KeyAliases;
import io.citadel.kms.KeyGrants;
import io.citadel.kms.Kms;
import io.citadel.protocol.Operation;
import java.util.List;

/** The alias and grant rows of the KMS operation table. */
final class KmsAliasAndGrantOperations {

    private KmsAliasAndGrantOperations() {
    }

    static void add(List<Operation<?, ?>> ops, Kms kms) {
        KeyAliases aliases = kms.aliases();
        KeyGrants grants = kms.grants();
        ops.add(new Operation<>("CreateAlias", CreateAliasRequest.class, false, (ctx, r) -> {
            aliases.createAlias(ctx, r.aliasName(), r.targetKeyId());
            return null;
        }));
        ops.add(new Operation<>("UpdateAlias", UpdateAliasRequest.class, false, (ctx, r) -> {
            aliases.updateAlias(ctx, r.aliasName(), r.targetKeyId());
            return null;
        }));
        ops.add(new Operation<>("DeleteAlias", DeleteAliasRequest.class, false, (ctx, r) -> {
            aliases.deleteAlias(ctx, r.aliasName());
            return null;
        }));
        ops.add(new Operation<>("ListAliases", ListAliasesRequest.class, (ctx, r) -> {
            var page = aliases.listAliases(ctx, r.keyId(), r.limit(), r.marker());
            return new ListAliasesResponse(page.aliases().stream().map(a -> new AliasListEntry(a.aliasName(), a.aliasArn(),
                    a.targetKeyId(), a.creationDate(), a.lastUpdatedDate())).toList(), page.nextMarker(), page.nextMarker() != null);
        }));
        ops.add(new Operation<>("CreateGrant", CreateGrantRequest.class, false, (ctx, r) -> {
            KeyGrants.checkTokens(r.grantTokens());
            var constraints = r.constraints();
            var created = grants.createGrant(ctx, Call.DIRECT, r.keyId(), r.granteePrincipal(), r.retiringPrincipal(),
                    r.operations(), constraints == null ? null : constraints.encryptionContextSubset(),
                    constraints == null ? null : constraints.encryptionContextEquals(), r.name(), KmsApi.isTrue(r.dryRun()));
            return new CreateGrantResponse(created.grantToken(), created.grantId());
        }));
        ops.add(new Operation<>("ListGrants", ListGrantsRequest.class, (ctx, r) ->
                page(grants.listGrants(ctx, r.keyId(), r.grantId(), r.granteePrincipal()), r.limit(), r.marker())));
        ops.add(new Operation<>("ListRetirableGrants", ListRetirableGrantsRequest.class, (ctx, r) ->
                page(grants.listRetirableGrants(ctx, r.retiringPrincipal()), r.limit(), r.marker())));
        ops.add(new Operation<>("RetireGrant", RetireGrantRequest.class, false, (ctx, r) -> {
            grants.retireGrant(ctx, r.grantToken(), r.keyId(), r.grantId(), KmsApi.isTrue(r.dryRun()));
            return null;
        }));
        ops.add(new Operation<>("RevokeGrant", RevokeGrantRequest.class, false, (ctx, r) -> {
            grants.revokeGrant(ctx, r.keyId(), r.grantId(), KmsApi.isTrue(r.dryRun()));
            return null;
        }));
    }

    /** Grants are listed from one read. */
    private static ListGrantsResponse page(List<KeyGrants.GrantView> all, Integer limit, String marker) {
        var page = IndexPage.of(all, limit, 50, marker);
        return new ListGrantsResponse(page.items().stream().map(KmsViews::grant).toList(), page.nextMarker(), page.truncated());
    }
}
