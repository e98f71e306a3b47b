package io.citadel.identity;

import io.citadel.core.json.StoredJson;
import io.citadel.core.Principal;
import io.citadel.core.policy.PolicyDocument;
import io.citadel.core.policy.RequestPrincipal;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gathers a caller's policies for the authorization layer, with a small bounded cache: entries live
 * {@link #TTL} (the bound on how long another node's change takes to be seen here) and are all
 * dropped when IAM changes through this node.
 */
final class PrincipalPolicyResolver {

    static final Duration TTL = Duration.ofSeconds(2);
    static final int MAX_ENTRIES = 10_000;

    /** A parsed policy with where it came from, as SimulatePrincipalPolicy reports it. */
    record Sourced(String sourceId, String sourceType, PolicyDocument document) {
    }

    private record Cached(PrincipalPolicies policies, Instant expires) {
    }

    private final Storage storage;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    PrincipalPolicyResolver(IdentityService identity, Storage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
        identity.onChange(cache::clear);
    }

    PrincipalPolicies policiesFor(Principal principal) {
        String key = principal.type() == Principal.Type.ROOT || principal.type() == Principal.Type.USER
                ? principal.arn() : principal.arn() + "#" + principal.accessKeyId();
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.policies();
        }
        PrincipalPolicies loaded = storage.transaction(tx -> load(tx, principal));
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(key, new Cached(loaded, now.plus(TTL)));
        return loaded;
    }

    private PrincipalPolicies load(Transaction tx, Principal principal) {
        String account = principal.accountId();
        return switch (principal.type()) {
            case ROOT -> new PrincipalPolicies(RequestPrincipal.root(account), List.of(), null, List.of());
            case USER -> IamStore.user(tx, account, principal.userName())
                    .map(user -> new PrincipalPolicies(
                            RequestPrincipal.user(account, user.path(), user.name(), user.userId(), Tag.asMap(user.tags())),
                            documents(identityPolicies(tx, account, EntityKind.USER, user.name())),
                            boundary(tx, account, user.permissionsBoundary()), List.of()))
                    .orElseGet(() -> nobody(principal));
            case ASSUMED_ROLE -> roleSession(tx, principal);
        };
    }

    private PrincipalPolicies roleSession(Transaction tx, Principal principal) {
        Optional<TemporaryCredential> session = tx.get(IdentityKeys.session(principal.accessKeyId()))
                .map(b -> StoredJson.read(b, TemporaryCredential.class))
                .filter(s -> s.kind() == TemporaryCredential.Kind.ROLE_SESSION && !s.expiredAt(clock.instant()));
        if (session.isEmpty()) {
            return nobody(principal);
        }
        TemporaryCredential s = session.get();
        Optional<Role> role = IamStore.role(tx, s.accountId(), s.roleName()).filter(r -> r.roleId().equals(s.roleId()));
        if (role.isEmpty()) {
            return nobody(principal);
        }
        Role r = role.get();
        Map<String, String> tags = new LinkedHashMap<>(Tag.asMap(r.tags()));
        s.sessionTags().forEach(t -> tags.put(t.key(), t.value()));
        List<PolicyDocument> sessionPolicies = new ArrayList<>();
        if (s.sessionPolicy() != null) {
            sessionPolicies.add(PolicyDocuments.stored(s.sessionPolicy(), PolicyDocuments.Use.SESSION, "session-policy"));
        }
        for (String arn : s.policyArns()) {
            // A session policy ARN that no longer exists grants nothing, but still limits the session.
            sessionPolicies.add(IamPolicies.managedDocument(tx, s.accountId(), arn)
                    .map(d -> PolicyDocuments.stored(d.document(), PolicyDocuments.Use.SESSION, arn))
                    .orElseGet(() -> PolicyDocuments.stored(EMPTY_POLICY, PolicyDocuments.Use.SESSION, arn)));
        }
        return new PrincipalPolicies(
                RequestPrincipal.assumedRole(s.accountId(), r.path(), r.name(), r.roleId(), s.roleSessionName(), tags),
                documents(identityPolicies(tx, s.accountId(), EntityKind.ROLE, r.name())),
                boundary(tx, s.accountId(), r.permissionsBoundary()), sessionPolicies);
    }

    /** Stands in for a policy that no longer exists: it allows nothing. */
    static final String EMPTY_POLICY =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"none:none\",\"Resource\":\"*\"}]}";

    /** A principal whose backing entity is gone: policies grant it nothing. */
    private static PrincipalPolicies nobody(Principal principal) {
        RequestPrincipal p = principal.type() == Principal.Type.ASSUMED_ROLE
                ? new RequestPrincipal(io.citadel.core.policy.PrincipalType.ASSUMED_ROLE, principal.arn(),
                        principal.accountId(), principal.userId(), null, principal.arn(), Map.of())
                : new RequestPrincipal(io.citadel.core.policy.PrincipalType.IAM_USER, principal.arn(),
                        principal.accountId(), principal.userId(), principal.userName(), null, Map.of());
        return new PrincipalPolicies(p, List.of(), null, List.of());
    }

    private static List<PolicyDocument> documents(List<Sourced> sourced) {
        return sourced.stream().map(Sourced::document).toList();
    }

    private static PolicyDocument boundary(Transaction tx, String accountId, String arn) {
        if (arn == null) {
            return null;
        }
        return IamPolicies.managedDocument(tx, accountId, arn)
                .map(d -> PolicyDocuments.stored(d.document(), PolicyDocuments.Use.IDENTITY, arn))
                .orElseGet(() -> PolicyDocuments.stored(EMPTY_POLICY, PolicyDocuments.Use.IDENTITY, arn));
    }

    /** The permissions boundary of a user or role, or null. */
    static PolicyDocument boundaryOf(Transaction tx, String accountId, EntityKind kind, String name) {
        return switch (kind) {
            case USER -> IamStore.user(tx, accountId, name).map(u -> boundary(tx, accountId, u.permissionsBoundary())).orElse(null);
            case ROLE -> IamStore.role(tx, accountId, name).map(r -> boundary(tx, accountId, r.permissionsBoundary())).orElse(null);
            case GROUP -> null;
        };
    }

    /**
     * The identity-based policies of a user (its own, then each group's), group or role: inline
     * policies labelled by name, managed policies by ARN.
     */
    static List<Sourced> identityPolicies(Transaction tx, String accountId, EntityKind kind, String name) {
        List<Sourced> out = new ArrayList<>();
        addEntity(tx, accountId, kind, name, out);
        if (kind == EntityKind.USER) {
            String prefix = IdentityKeys.userGroupsPrefix(accountId, name);
            for (var e : tx.scanAll(prefix)) {
                IamStore.group(tx, accountId, e.key().substring(prefix.length()))
                        .ifPresent(g -> addEntity(tx, accountId, EntityKind.GROUP, g.name(), out));
            }
        }
        return out;
    }

    private static void addEntity(Transaction tx, String accountId, EntityKind kind, String name, List<Sourced> out) {
        for (InlinePolicy p : IamPolicies.inlinePolicies(tx, accountId, kind, name)) {
            out.add(new Sourced(p.policyName(), kind.segment(),
                    PolicyDocuments.stored(p.document(), PolicyDocuments.Use.IDENTITY, p.policyName())));
        }
        for (IamPolicies.ManagedDocument d : IamPolicies.attachedDocuments(tx, accountId, kind, name)) {
            out.add(new Sourced(d.policy().arn(), "user-managed",
                    PolicyDocuments.stored(d.document(), PolicyDocuments.Use.IDENTITY, d.policy().arn())));
        }
    }
}
