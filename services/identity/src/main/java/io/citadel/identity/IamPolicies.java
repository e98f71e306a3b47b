package io.citadel.identity;

import io.citadel.core.json.StoredJson;
import io.citadel.core.AccountId;
import io.citadel.storage.Entry;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Inline policies of users, groups and roles; customer managed policies with up to five versions;
 * attachments of managed policies (ten per entity). A managed policy's attachment and boundary
 * counts change in the same transaction as the attachment, so DeletePolicy can refuse reliably.
 */
public final class IamPolicies {

    static final int MANAGED_POLICY_QUOTA = 6144;
    static final int VERSIONS_PER_POLICY = 5;
    static final int ATTACHMENTS_PER_ENTITY = 10;

    /** A managed policy and the document of its default version. */
    public record ManagedDocument(ManagedPolicy policy, String document) {
    }

    private final IdentityService identity;
    private final Storage storage;
    private final InstantSource clock;

    IamPolicies(IdentityService identity, Storage storage, InstantSource clock) {
        this.identity = identity;
        this.storage = storage;
        this.clock = clock;
    }

    // ---- inline policies

    /** Put{User,Group,Role}Policy: creates or replaces an inline policy, within the entity's size quota. */
    public void putInlinePolicy(String accountId, EntityKind kind, String entityName, String policyName, String document) {
        Names.require("policyName", policyName, 128);
        if (document == null) {
            throw IdentityErrors.validation("1 validation error detected: Value null at 'policyDocument' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        PolicyDocuments.validate(document, PolicyDocuments.Use.IDENTITY);
        storage.transaction(tx -> {
            String entity = IamStore.requireEntity(tx, accountId, kind, entityName);
            String key = IdentityKeys.inlinePolicy(accountId, kind, entity, policyName);
            int total = PolicyDocuments.sizeWithoutWhitespace(document);
            for (Entry e : tx.scanAll(IdentityKeys.inlinePoliciesPrefix(accountId, kind, entity))) {
                if (!e.key().equals(key)) {
                    total += PolicyDocuments.sizeWithoutWhitespace(StoredJson.read(e.value(), InlinePolicy.class).document());
                }
            }
            if (total > kind.inlinePolicyQuota()) {
                throw IdentityErrors.limitExceeded("Maximum policy size of " + kind.inlinePolicyQuota()
                        + " bytes exceeded for " + kind.segment() + " " + entity);
            }
            tx.put(key, StoredJson.write(new InlinePolicy(policyName, document)));
            return null;
        });
        identity.changed();
    }

    public InlinePolicy inlinePolicy(String accountId, EntityKind kind, String entityName, String policyName) {
        Names.require("policyName", policyName, 128);
        return storage.transaction(tx -> {
            String entity = IamStore.requireEntity(tx, accountId, kind, entityName);
            return tx.get(IdentityKeys.inlinePolicy(accountId, kind, entity, policyName))
                    .map(b -> StoredJson.read(b, InlinePolicy.class))
                    .orElseThrow(() -> IdentityErrors.noSuchEntity("The " + kind.segment() + " policy with name "
                            + policyName + " cannot be found."));
        });
    }

    public void deleteInlinePolicy(String accountId, EntityKind kind, String entityName, String policyName) {
        Names.require("policyName", policyName, 128);
        storage.transaction(tx -> {
            String entity = IamStore.requireEntity(tx, accountId, kind, entityName);
            if (!tx.delete(IdentityKeys.inlinePolicy(accountId, kind, entity, policyName))) {
                throw IdentityErrors.noSuchEntity("The " + kind.segment() + " policy with name " + policyName
                        + " cannot be found.");
            }
            return null;
        });
        identity.changed();
    }

    public Page<String> listInlinePolicies(String accountId, EntityKind kind, String entityName, String marker,
                                           Integer maxItems) {
        return storage.transaction(tx -> {
            String entity = IamStore.requireEntity(tx, accountId, kind, entityName);
            return IamStore.page(tx, IdentityKeys.inlinePoliciesPrefix(accountId, kind, entity), marker, maxItems,
                    e -> StoredJson.read(e.value(), InlinePolicy.class).policyName());
        });
    }

    static List<InlinePolicy> inlinePolicies(Transaction tx, String accountId, EntityKind kind, String entityName) {
        List<InlinePolicy> out = new ArrayList<>();
        for (Entry e : tx.scanAll(IdentityKeys.inlinePoliciesPrefix(accountId, kind, entityName))) {
            out.add(StoredJson.read(e.value(), InlinePolicy.class));
        }
        return out;
    }

    // ---- managed policies

    public ManagedPolicy createPolicy(String accountId, String policyName, String path, String document,
                                      String description, List<Tag> tags) {
        Names.require("policyName", policyName, 128);
        String validPath = Names.policyPath(path);
        if (description != null && description.length() > 1000) {
            throw Names.lengthError("description", description, 0, 1000);
        }
        List<Tag> validTags = Tag.requireValid(tags);
        if (validTags.size() > Tag.MAX_TAGS) {
            throw Tag.limit();
        }
        checkManagedDocument(document);
        identity.requireAccount(accountId);
        ManagedPolicy created = storage.transaction(tx -> {
            if (tx.get(IdentityKeys.managedPolicy(accountId, policyName)).isPresent()) {
                throw IdentityErrors.alreadyExists("A policy called " + policyName + " already exists. Duplicate names are not allowed.");
            }
            Instant now = clock.instant();
            ManagedPolicy policy = new ManagedPolicy(accountId, policyName, validPath, identity.newUniqueId("ANPA"),
                    description, "v1", 2, 0, 0, now, now, validTags);
            tx.put(IdentityKeys.managedPolicy(accountId, policyName), StoredJson.write(policy));
            tx.put(IdentityKeys.policyVersion(accountId, policyName, "v1"),
                    StoredJson.write(new PolicyVersion("v1", document, now)));
            return policy;
        });
        identity.changed();
        return created;
    }

    public ManagedPolicy policy(String accountId, String policyArn) {
        return storage.transaction(tx -> requirePolicy(tx, accountId, policyArn));
    }

    public PolicyVersion createPolicyVersion(String accountId, String policyArn, String document, boolean setAsDefault) {
        checkManagedDocument(document);
        PolicyVersion created = storage.transaction(tx -> {
            ManagedPolicy policy = requirePolicy(tx, accountId, policyArn);
            if (versions(tx, policy).size() >= VERSIONS_PER_POLICY) {
                throw IdentityErrors.limitExceeded("A managed policy can have up to " + VERSIONS_PER_POLICY
                        + " versions. Before you create a new version, you must delete an existing version.");
            }
            Instant now = clock.instant();
            String versionId = "v" + policy.nextVersion();
            PolicyVersion version = new PolicyVersion(versionId, document, now);
            tx.put(IdentityKeys.policyVersion(accountId, policy.name(), versionId), StoredJson.write(version));
            ManagedPolicy updated = policy.withNextVersion(policy.nextVersion() + 1, now);
            if (setAsDefault) {
                updated = updated.withDefault(versionId, now);
            }
            tx.put(IdentityKeys.managedPolicy(accountId, policy.name()), StoredJson.write(updated));
            return version;
        });
        identity.changed();
        return created;
    }

    public PolicyVersion policyVersion(String accountId, String policyArn, String versionId) {
        return storage.transaction(tx -> requireVersion(tx, requirePolicy(tx, accountId, policyArn), versionId));
    }

    /** ListPolicyVersions: newest first, as AWS lists them. */
    public Page<PolicyVersion> listPolicyVersions(String accountId, String policyArn, String marker, Integer maxItems) {
        List<PolicyVersion> all = storage.transaction(tx -> versions(tx, requirePolicy(tx, accountId, policyArn)));
        List<PolicyVersion> newestFirst = all.stream().sorted(Comparator.comparingInt(PolicyVersion::number).reversed()).toList();
        // Markers are version ids; page by position in the newest-first order.
        int start = 0;
        if (marker != null) {
            for (int i = 0; i < newestFirst.size(); i++) {
                if (newestFirst.get(i).versionId().equals(marker)) {
                    start = i + 1;
                }
            }
        }
        int max = IamStore.maxItems(maxItems);
        int end = Math.min(newestFirst.size(), start + max);
        List<PolicyVersion> items = newestFirst.subList(start, end);
        boolean truncated = end < newestFirst.size();
        return new Page<>(items, truncated, truncated ? items.getLast().versionId() : null);
    }

    public void setDefaultPolicyVersion(String accountId, String policyArn, String versionId) {
        storage.transaction(tx -> {
            ManagedPolicy policy = requirePolicy(tx, accountId, policyArn);
            requireVersion(tx, policy, versionId);
            tx.put(IdentityKeys.managedPolicy(accountId, policy.name()),
                    StoredJson.write(policy.withDefault(versionId, clock.instant())));
            return null;
        });
        identity.changed();
    }

    public void deletePolicyVersion(String accountId, String policyArn, String versionId) {
        storage.transaction(tx -> {
            ManagedPolicy policy = requirePolicy(tx, accountId, policyArn);
            requireVersion(tx, policy, versionId);
            if (policy.defaultVersionId().equals(versionId)) {
                throw IdentityErrors.deleteConflict("Cannot delete the default version of a policy.");
            }
            tx.delete(IdentityKeys.policyVersion(accountId, policy.name(), versionId));
            return null;
        });
        identity.changed();
    }

    /** DeletePolicy: refused while attached, used as a boundary, or with versions besides the default. */
    public void deletePolicy(String accountId, String policyArn) {
        storage.transaction(tx -> {
            ManagedPolicy policy = requirePolicy(tx, accountId, policyArn);
            if (policy.attachmentCount() > 0 || policy.permissionsBoundaryUsageCount() > 0) {
                throw IdentityErrors.deleteConflict("Cannot delete a policy attached to entities.");
            }
            if (versions(tx, policy).size() > 1) {
                throw IdentityErrors.deleteConflict("This policy has more than one version. Before you delete a policy, "
                        + "you must delete the policy's versions. The default version is deleted with the policy.");
            }
            tx.delete(IdentityKeys.policyVersion(accountId, policy.name(), policy.defaultVersionId()));
            tx.delete(IdentityKeys.managedPolicy(accountId, policy.name()));
            return null;
        });
        identity.changed();
    }

    /**
     * ListPolicies. There are no AWS managed policies here, so scope {@code AWS} lists nothing.
     * {@code onlyAttached} keeps policies attached to an entity (or, with usage filter
     * {@code PermissionsBoundary}, used as a boundary).
     */
    public Page<ManagedPolicy> listPolicies(String accountId, String scope, boolean onlyAttached, String pathPrefix,
                                            String usageFilter, String marker, Integer maxItems) {
        if (scope != null && !List.of("All", "AWS", "Local").contains(scope)) {
            throw IdentityErrors.validation("1 validation error detected: Value '" + scope + "' at 'scope' failed to "
                    + "satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]");
        }
        if (usageFilter != null && !List.of("PermissionsPolicy", "PermissionsBoundary").contains(usageFilter)) {
            throw IdentityErrors.validation("1 validation error detected: Value '" + usageFilter + "' at 'policyUsageFilter' "
                    + "failed to satisfy constraint: Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]");
        }
        String prefix = Names.pathPrefix(pathPrefix);
        boolean none = "AWS".equals(scope);
        boolean boundaries = "PermissionsBoundary".equals(usageFilter);
        return storage.transaction(tx -> IamStore.page(tx, IdentityKeys.managedPoliciesPrefix(accountId), marker, maxItems,
                e -> StoredJson.read(e.value(), ManagedPolicy.class),
                p -> !none && p.path().startsWith(prefix)
                        && (!onlyAttached || (boundaries ? p.permissionsBoundaryUsageCount() > 0 : p.attachmentCount() > 0))));
    }

    // ---- attachments

    public void attachPolicy(String accountId, EntityKind kind, String entityName, String policyArn) {
        storage.transaction(tx -> {
            String entity = IamStore.requireEntity(tx, accountId, kind, entityName);
            ManagedPolicy policy = requireAttachable(tx, accountId, policyArn);
            String key = IdentityKeys.attachment(accountId, kind, entity, policy.name());
            if (tx.get(key).isPresent()) {
                return null;
            }
            if (tx.scanAll(IdentityKeys.attachmentsPrefix(accountId, kind, entity)).size() >= ATTACHMENTS_PER_ENTITY) {
                throw IdentityErrors.limitExceeded("Cannot exceed quota for PoliciesPer" + kind.title() + ": "
                        + ATTACHMENTS_PER_ENTITY);
            }
            tx.put(key, StoredJson.write(new AttachedPolicy(policy.name(), policy.arn())));
            tx.put(IdentityKeys.managedPolicy(accountId, policy.name()), StoredJson.write(
                    policy.withCounts(policy.attachmentCount() + 1, policy.permissionsBoundaryUsageCount())));
            return null;
        });
        identity.changed();
    }

    public void detachPolicy(String accountId, EntityKind kind, String entityName, String policyArn) {
        storage.transaction(tx -> {
            String entity = IamStore.requireEntity(tx, accountId, kind, entityName);
            PolicyArn arn = PolicyArn.parse(policyArn);
            String key = IdentityKeys.attachment(accountId, kind, entity, arn.name());
            Optional<AttachedPolicy> attached = tx.get(key).map(b -> StoredJson.read(b, AttachedPolicy.class))
                    .filter(a -> a.policyArn().equals(policyArn));
            if (attached.isEmpty()) {
                throw IdentityErrors.noSuchEntity("Policy " + policyArn + " was not found.");
            }
            tx.delete(key);
            findPolicy(tx, accountId, policyArn).ifPresent(p -> tx.put(IdentityKeys.managedPolicy(accountId, p.name()),
                    StoredJson.write(p.withCounts(Math.max(0, p.attachmentCount() - 1), p.permissionsBoundaryUsageCount()))));
            return null;
        });
        identity.changed();
    }

    public Page<AttachedPolicy> listAttachedPolicies(String accountId, EntityKind kind, String entityName,
                                                     String pathPrefix, String marker, Integer maxItems) {
        String prefix = Names.pathPrefix(pathPrefix);
        return storage.transaction(tx -> {
            String entity = IamStore.requireEntity(tx, accountId, kind, entityName);
            return IamStore.page(tx, IdentityKeys.attachmentsPrefix(accountId, kind, entity), marker, maxItems,
                    e -> StoredJson.read(e.value(), AttachedPolicy.class),
                    a -> PolicyArn.parse(a.policyArn()).path().startsWith(prefix));
        });
    }

    /** The managed policies attached to an entity, each with its default version's document. */
    static List<ManagedDocument> attachedDocuments(Transaction tx, String accountId, EntityKind kind, String entityName) {
        List<ManagedDocument> out = new ArrayList<>();
        for (Entry e : tx.scanAll(IdentityKeys.attachmentsPrefix(accountId, kind, entityName))) {
            AttachedPolicy a = StoredJson.read(e.value(), AttachedPolicy.class);
            managedDocument(tx, accountId, a.policyArn()).ifPresent(out::add);
        }
        return out;
    }

    static Optional<ManagedDocument> managedDocument(Transaction tx, String accountId, String policyArn) {
        return findPolicy(tx, accountId, policyArn).flatMap(p ->
                tx.get(IdentityKeys.policyVersion(accountId, p.name(), p.defaultVersionId()))
                        .map(b -> new ManagedDocument(p, StoredJson.read(b, PolicyVersion.class).document())));
    }

    // ---- permissions boundaries (called by IamDirectory inside its transactions)

    static ManagedPolicy useAsBoundary(Transaction tx, String accountId, String policyArn, int delta) {
        ManagedPolicy policy = requireAttachable(tx, accountId, policyArn);
        ManagedPolicy updated = policy.withCounts(policy.attachmentCount(), policy.permissionsBoundaryUsageCount() + delta);
        tx.put(IdentityKeys.managedPolicy(accountId, policy.name()), StoredJson.write(updated));
        return updated;
    }

    static void releaseBoundary(Transaction tx, String accountId, String policyArn) {
        findPolicy(tx, accountId, policyArn).ifPresent(p -> tx.put(IdentityKeys.managedPolicy(accountId, p.name()),
                StoredJson.write(p.withCounts(p.attachmentCount(), Math.max(0, p.permissionsBoundaryUsageCount() - 1)))));
    }

    // ---- lookups

    /** A managed policy ARN split into account, path and name. */
    record PolicyArn(String accountId, String path, String name) {

        static PolicyArn parse(String arn) {
            String head = "arn:aws:iam::";
            if (arn == null || arn.length() < 20 || arn.length() > 2048 || !arn.startsWith(head)) {
                throw invalid(arn);
            }
            int colon = arn.indexOf(':', head.length());
            if (colon < 0 || !arn.startsWith(":policy/", colon)) {
                throw invalid(arn);
            }
            String account = arn.substring(head.length(), colon);
            String rest = arn.substring(colon + ":policy".length());
            int slash = rest.lastIndexOf('/');
            String path = rest.substring(0, slash + 1);
            String name = rest.substring(slash + 1);
            if (!(account.equals("aws") || AccountId.isValid(account)) || name.isEmpty()) {
                throw invalid(arn);
            }
            return new PolicyArn(account, path, name);
        }

        private static RuntimeException invalid(String arn) {
            return IdentityErrors.invalidInput("ARN " + arn + " is not valid.");
        }
    }

    static Optional<ManagedPolicy> findPolicy(Transaction tx, String accountId, String policyArn) {
        PolicyArn arn = PolicyArn.parse(policyArn);
        if (!arn.accountId().equals(accountId)) {
            return Optional.empty();
        }
        return tx.get(IdentityKeys.managedPolicy(accountId, arn.name()))
                .map(b -> StoredJson.read(b, ManagedPolicy.class))
                .filter(p -> p.arn().equals(policyArn));
    }

    static ManagedPolicy requirePolicy(Transaction tx, String accountId, String policyArn) {
        return findPolicy(tx, accountId, policyArn).orElseThrow(() ->
                IdentityErrors.noSuchEntity("Policy " + policyArn + " was not found."));
    }

    private static ManagedPolicy requireAttachable(Transaction tx, String accountId, String policyArn) {
        return findPolicy(tx, accountId, policyArn).orElseThrow(() ->
                IdentityErrors.noSuchEntity("Policy " + policyArn + " does not exist or is not attachable."));
    }

    private static List<PolicyVersion> versions(Transaction tx, ManagedPolicy policy) {
        List<PolicyVersion> out = new ArrayList<>();
        for (Entry e : tx.scanAll(IdentityKeys.policyVersionsPrefix(policy.accountId(), policy.name()))) {
            out.add(StoredJson.read(e.value(), PolicyVersion.class));
        }
        out.sort(Comparator.comparingInt(PolicyVersion::number));
        return out;
    }

    private static PolicyVersion requireVersion(Transaction tx, ManagedPolicy policy, String versionId) {
        if (versionId == null || !versionId.matches("v[1-9][0-9]{0,8}")) {
            throw IdentityErrors.validation("1 validation error detected: Value '" + versionId + "' at 'versionId' "
                    + "failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
        }
        return tx.get(IdentityKeys.policyVersion(policy.accountId(), policy.name(), versionId))
                .map(b -> StoredJson.read(b, PolicyVersion.class))
                .orElseThrow(() -> IdentityErrors.noSuchEntity("Policy " + policy.arn() + " version " + versionId
                        + " does not exist or is not attachable."));
    }

    private static void checkManagedDocument(String document) {
        if (document == null) {
            throw IdentityErrors.validation("1 validation error detected: Value null at 'policyDocument' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        if (PolicyDocuments.sizeWithoutWhitespace(document) > MANAGED_POLICY_QUOTA) {
            throw IdentityErrors.limitExceeded("Cannot exceed quota for PolicySize: " + MANAGED_POLICY_QUOTA);
        }
        PolicyDocuments.validate(document, PolicyDocuments.Use.IDENTITY);
    }
}
