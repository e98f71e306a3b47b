package io.citadel.pca;

import io.citadel.core.RequestContext;
import io.citadel.core.policy.MalformedPolicyException;
import io.citadel.core.policy.PolicyDocument;
import io.citadel.core.policy.PolicyKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What a CA says about who may use it and how it is labelled: tags, CreatePermission grants to the ACM service
 * principal, and the resource policy that {@link PcaEnvironment#require} hands the IAM policy engine.
 */
public final class AuthorityControls {

    static final int MAX_TAGS = 50;
    static final int MAX_POLICY_CHARS = 20_480;
    static final Set<String> SERVICE_PRINCIPALS = Set.of("acm.amazonaws.com");
    static final Set<String> PERMISSION_ACTIONS = Set.of("IssueCertificate", "GetCertificate", "ListPermissions");

    private final PcaEnvironment env;

    /** A permission as ListPermissions shows it. */
    public record PermissionView(String certificateAuthorityArn, Instant createdAt, String principal, String sourceAccount,
                                 List<String> actions, String policy) {
    }

    AuthorityControls(PcaEnvironment env) {
        this.env = env;
    }

    private StoredAuthority change(RequestContext ctx, String arn, String operation, UnaryOperator<StoredAuthority> change) {
        StoredAuthority found = env.storage.transaction(tx -> env.find(tx, ctx, arn));
        env.require(ctx, operation, found);
        return env.storage.transaction(tx -> {
            StoredAuthority ca = env.find(tx, ctx, arn);
            StoredAuthority next = change.apply(ca);
            PcaRepository.putAuthority(tx, next);
            return next;
        });
    }

    private StoredAuthority read(RequestContext ctx, String arn, String operation) {
        StoredAuthority ca = env.storage.transaction(tx -> env.find(tx, ctx, arn));
        env.require(ctx, operation, ca);
        return ca;
    }

    public void tag(RequestContext ctx, String arn, Map<String, String> tags) {
        change(ctx, arn, "TagCertificateAuthority", ca -> {
            Authorities.requireNotDeleted(ca);
            Map<String, String> next = new LinkedHashMap<>(ca.tags());
            next.putAll(tags);
            if (next.size() > MAX_TAGS) {
                throw PcaErrors.error(PcaErrors.TOO_MANY_TAGS, "Tags: the certificate authority would have " + next.size()
                        + " tags (expected: at most " + MAX_TAGS + ")");
            }
            return ca.withTags(next);
        });
    }

    public void untag(RequestContext ctx, String arn, List<String> keys) {
        change(ctx, arn, "UntagCertificateAuthority", ca -> {
            Authorities.requireNotDeleted(ca);
            Map<String, String> next = new LinkedHashMap<>(ca.tags());
            keys.forEach(next::remove);
            return ca.withTags(next);
        });
    }

    public Map<String, String> tags(RequestContext ctx, String arn) {
        return read(ctx, arn, "ListTags").tags();
    }

    /** CreatePermission: lets an AWS service principal (acm.amazonaws.com) act on the CA for the account. */
    public void createPermission(RequestContext ctx, String arn, String principal, String sourceAccount, List<String> actions) {
        if (!SERVICE_PRINCIPALS.contains(principal)) {
            throw PcaErrors.invalidArgs("Principal: " + principal + " (expected: acm.amazonaws.com)");
        }
        for (String action : actions) {
            if (!PERMISSION_ACTIONS.contains(action)) {
                throw PcaErrors.invalidArgs("Actions: " + action + " (expected: IssueCertificate, GetCertificate or ListPermissions)");
            }
        }
        change(ctx, arn, "CreatePermission", ca -> {
            Authorities.requireNotDeleted(ca);
            if (ca.permissions().stream().anyMatch(p -> p.principal().equals(principal))) {
                throw PcaErrors.error(PcaErrors.PERMISSION_EXISTS, "A permission for " + principal + " already exists on " + arn);
            }
            List<StoredAuthority.PermissionEntry> next = new ArrayList<>(ca.permissions());
            next.add(new StoredAuthority.PermissionEntry(principal, sourceAccount != null ? sourceAccount : ca.account(),
                    List.copyOf(new java.util.TreeSet<>(actions)), env.now()));
            return ca.withPermissions(next);
        });
    }

    public void deletePermission(RequestContext ctx, String arn, String principal, String sourceAccount) {
        change(ctx, arn, "DeletePermission", ca -> {
            List<StoredAuthority.PermissionEntry> next = new ArrayList<>(ca.permissions());
            boolean removed = next.removeIf(p -> p.principal().equals(principal)
                    && (sourceAccount == null || sourceAccount.equals(p.sourceAccount())));
            if (!removed) {
                throw PcaErrors.error(PcaErrors.NOT_FOUND, "No permission for " + principal + " on " + arn);
            }
            return ca.withPermissions(next);
        });
    }

    public List<PermissionView> permissions(RequestContext ctx, String arn) {
        StoredAuthority ca = read(ctx, arn, "ListPermissions");
        Authorities.requireNotDeleted(ca);
        return ca.permissions().stream().map(p -> new PermissionView(ca.arn(), p.createdAt(), p.principal(), p.sourceAccount(),
                p.actions(), permissionPolicy(ca, p))).toList();
    }

    /** The resource policy a permission amounts to, in the shape AWS shows it. */
    private static String permissionPolicy(StoredAuthority ca, StoredAuthority.PermissionEntry p) {
        StringBuilder actions = new StringBuilder();
        for (String a : p.actions()) {
            actions.append(actions.isEmpty() ? "" : ",").append("\"acm-pca:").append(a).append('"');
        }
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"" + p.principal()
                + "\"},\"Action\":[" + actions + "],\"Resource\":\"" + ca.arn() + "\",\"Condition\":{\"StringEquals\":"
                + "{\"aws:SourceAccount\":\"" + p.sourceAccount() + "\"}}}]}";
    }

    /** Whether a CreatePermission grant lets {@code principal} do {@code action} on {@code ca} for {@code account}. */
    boolean permits(StoredAuthority ca, String principal, String action, String account) {
        return ca.permissions().stream().anyMatch(p -> p.principal().equals(principal) && p.actions().contains(action)
                && p.sourceAccount().equals(account));
    }

    public void putPolicy(RequestContext ctx, String arn, String policy) {
        if (policy == null || policy.isEmpty() || policy.length() > MAX_POLICY_CHARS) {
            throw PcaErrors.error(PcaErrors.INVALID_POLICY, "Policy: length " + (policy == null ? 0 : policy.length())
                    + " (expected: 1.." + MAX_POLICY_CHARS + ")");
        }
        try {
            PolicyDocument.parse(policy, PolicyKind.RESOURCE);
        } catch (MalformedPolicyException e) {
            throw PcaErrors.error(PcaErrors.INVALID_POLICY, "Policy: " + e.getMessage());
        }
        change(ctx, arn, "PutPolicy", ca -> {
            Authorities.requireNotDeleted(ca);
            return ca.withPolicy(policy);
        });
    }

    public String policy(RequestContext ctx, String arn) {
        StoredAuthority ca = read(ctx, arn, "GetPolicy");
        if (ca.policy() == null) {
            throw PcaErrors.error(PcaErrors.NOT_FOUND, "No policy is attached to " + arn);
        }
        return ca.policy();
    }

    public void deletePolicy(RequestContext ctx, String arn) {
        change(ctx, arn, "DeletePolicy", ca -> {
            Authorities.requireNotDeleted(ca);
            if (ca.policy() == null) {
                throw PcaErrors.error(PcaErrors.NOT_FOUND, "No policy is attached to " + arn);
            }
            return ca.withPolicy(null);
        });
    }
}
