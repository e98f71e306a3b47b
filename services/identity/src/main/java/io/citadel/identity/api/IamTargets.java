package io.citadel.identity.api;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.policy.AuthorizationRequest;
import io.citadel.core.policy.ConditionKeys;
import io.citadel.identity.EntityKind;
import io.citadel.identity.IamResources;
import io.citadel.identity.ManagedPolicy;
import io.citadel.identity.Names;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The resource each IAM operation is authorized against, as AWS's service authorization reference
 * lists it (user, group, role and policy ARNs with their paths; {@code *} for account-wide lists),
 * and the condition keys IAM adds: iam:PolicyARN, iam:PermissionsBoundary, aws:RequestTag/*,
 * aws:TagKeys, and aws:ResourceTag/* / iam:ResourceTag/* for users and roles.
 */
final class IamTargets {

    /** A resource and the operation's own condition keys. */
    record Target(String resource, ConditionKeys keys) {

        Target {
            keys = keys == null ? b -> { } : keys;
        }

        Target and(ConditionKeys more) {
            ConditionKeys first = keys;
            return new Target(resource, b -> {
                first.addTo(b);
                more.addTo(b);
            });
        }

        Target policyArn(String arn) {
            return arn == null ? this : and(b -> b.put("iam:PolicyARN", arn));
        }

        Target permissionsBoundary(String arn) {
            return arn == null ? this : and(b -> b.put("iam:PermissionsBoundary", arn));
        }

        Target requestTags(List<IamShapes.Tag> tags) {
            if (tags == null) {
                return this;
            }
            Map<String, String> map = new LinkedHashMap<>();
            tags.stream().filter(t -> t != null && t.key() != null)
                    .forEach(t -> map.put(t.key(), t.value() == null ? "" : t.value()));
            return and(b -> b.requestTags(map));
        }

        Target tagKeys(List<String> keys) {
            return keys == null ? this : and(b -> b.put("aws:TagKeys", keys.stream().filter(k -> k != null).toList()));
        }
    }

    static final Target ANY = new Target("*", null);

    private final IamResources resources;

    IamTargets(IamResources resources) {
        this.resources = resources;
    }

    Target user(RequestContext c, String userName) {
        return tagged(resources.user(account(c), userName));
    }

    Target group(RequestContext c, String groupName) {
        return tagged(resources.group(account(c), groupName));
    }

    Target role(RequestContext c, String roleName) {
        return tagged(resources.role(account(c), roleName));
    }

    Target entity(RequestContext c, EntityKind kind, String name) {
        return tagged(resources.entity(account(c), kind, name));
    }

    /** The named user, or without a name the caller itself (GetUser, the access-key operations). */
    Target userOrCaller(RequestContext c, String userName) {
        if (userName != null) {
            return user(c, userName);
        }
        Principal p = c.principal();
        return p.type() == Principal.Type.USER ? user(c, p.userName()) : new Target(p.arn(), null);
    }

    Target accessKeyOwner(RequestContext c, String accessKeyId) {
        return tagged(resources.accessKeyOwner(account(c), accessKeyId));
    }

    /** A user, group or role about to be created: its ARN from the requested path and name. */
    Target newEntity(RequestContext c, String type, String path, String name) {
        Names.require(type + "Name", name, 128);
        String p = path == null ? "/" : Names.path("path", path);
        return new Target("arn:aws:iam::" + account(c) + ":" + type + p + name, null);
    }

    Target newPolicy(RequestContext c, String path, String name) {
        Names.require("policyName", name, 128);
        return new Target(ManagedPolicy.arn(account(c), path == null ? "/" : Names.policyPath(path), name), null);
    }

    static Target policy(String policyArn) {
        return new Target(IamApi.required("policyArn", policyArn), null);
    }

    /** SimulatePrincipalPolicy: the user, group or role whose policies are simulated. */
    static Target arn(String member, String arn) {
        return new Target(IamApi.required(member, arn), null);
    }

    private static Target tagged(IamResources.Resource resource) {
        Map<String, String> tags = resource.tags();
        if (tags.isEmpty()) {
            return new Target(resource.arn(), null);
        }
        return new Target(resource.arn(), b -> resourceTags(b, tags));
    }

    private static void resourceTags(AuthorizationRequest.Builder b, Map<String, String> tags) {
        b.resourceTags(tags);
        tags.forEach((k, v) -> b.put("iam:ResourceTag/" + k.toLowerCase(Locale.ROOT), v));
    }

    private static String account(RequestContext c) {
        return c.principal().accountId();
    }
}
