package io.citadel.identity;

import io.citadel.core.json.StoredJson;
import io.citadel.storage.Entry;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * IAM users (beyond creation), groups and group membership, roles, tags and permissions
 * boundaries. Each operation is one storage transaction; renaming a user moves every key that
 * names it in that same transaction.
 */
public final class IamDirectory {

    static final int GROUPS_PER_USER = 10;
    /** AWS's default quota on a role's trust policy, in characters without whitespace. */
    static final int TRUST_POLICY_QUOTA = 2048;

    private final IdentityService identity;
    private final Storage storage;
    private final InstantSource clock;

    IamDirectory(IdentityService identity, Storage storage, InstantSource clock) {
        this.identity = identity;
        this.storage = storage;
        this.clock = clock;
    }

    // ---- users

    /** CreateUser with an optional permissions boundary (a managed policy ARN) and tags. */
    public User createUser(String accountId, String userName, String path, String permissionsBoundary, List<Tag> tags) {
        Names.require("userName", userName, 64);
        String validPath = Names.path("path", path);
        List<Tag> validTags = checkedTags(tags);
        identity.requireAccount(accountId);
        User created = storage.transaction(tx -> {
            if (IamStore.user(tx, accountId, userName).isPresent()) {
                throw IdentityErrors.alreadyExists("User with name " + userName + " already exists.");
            }
            String boundary = permissionsBoundary == null ? null
                    : IamPolicies.useAsBoundary(tx, accountId, permissionsBoundary, +1).arn();
            User user = new User(accountId, userName, validPath, identity.newUniqueId("AIDA"), clock.instant(),
                    boundary, validTags);
            tx.put(IdentityKeys.user(accountId, userName), StoredJson.write(user));
            return user;
        });
        identity.changed();
        return created;
    }

    public User user(String accountId, String userName) {
        return read(tx -> IamStore.requireUser(tx, accountId, userName));
    }

    public Page<User> listUsers(String accountId, String pathPrefix, String marker, Integer maxItems) {
        String prefix = Names.pathPrefix(pathPrefix);
        return read(tx -> IamStore.page(tx, IdentityKeys.usersPrefix(accountId), marker, maxItems,
                e -> StoredJson.read(e.value(), User.class), u -> u.path().startsWith(prefix)));
    }

    /** UpdateUser: a new name and/or path. A rename moves the user's keys, policies and memberships. */
    public void updateUser(String accountId, String userName, String newUserName, String newPath) {
        if (newUserName != null) {
            Names.require("newUserName", newUserName, 64);
        }
        String path = newPath == null ? null : Names.path("newPath", newPath);
        storage.transaction(tx -> {
            User user = IamStore.requireUser(tx, accountId, userName);
            String name = newUserName == null ? user.name() : newUserName;
            boolean renamed = !IdentityKeys.lower(name).equals(IdentityKeys.lower(user.name()));
            if (renamed && IamStore.user(tx, accountId, name).isPresent()) {
                throw IdentityErrors.alreadyExists("User with name " + name + " already exists.");
            }
            User updated = user.withName(name, path == null ? user.path() : path);
            if (renamed) {
                moveUserKeys(tx, accountId, user.name(), name);
                tx.delete(IdentityKeys.user(accountId, user.name()));
            }
            tx.put(IdentityKeys.user(accountId, name), StoredJson.write(updated));
            return null;
        });
        identity.changed();
    }

    private static void moveUserKeys(Transaction tx, String accountId, String from, String to) {
        String keysFrom = IdentityKeys.principalKeysPrefix(accountId, from);
        for (Entry e : tx.scanAll(keysFrom)) {
            String keyId = e.key().substring(keysFrom.length());
            tx.delete(e.key());
            tx.put(IdentityKeys.principalKeysPrefix(accountId, to) + keyId, new byte[0]);
            tx.get(IdentityKeys.accessKey(keyId)).map(b -> StoredJson.read(b, AccessKey.class)).ifPresent(k ->
                    tx.put(IdentityKeys.accessKey(keyId), StoredJson.write(new AccessKey(k.accessKeyId(),
                            k.secretAccessKey(), k.accountId(), to, k.status(), k.createdAt()))));
        }
        move(tx, IdentityKeys.inlinePoliciesPrefix(accountId, EntityKind.USER, from),
                IdentityKeys.inlinePoliciesPrefix(accountId, EntityKind.USER, to));
        move(tx, IdentityKeys.attachmentsPrefix(accountId, EntityKind.USER, from),
                IdentityKeys.attachmentsPrefix(accountId, EntityKind.USER, to));
        String groupsFrom = IdentityKeys.userGroupsPrefix(accountId, from);
        for (Entry e : tx.scanAll(groupsFrom)) {
            String group = e.key().substring(groupsFrom.length());
            tx.delete(IdentityKeys.groupMembersPrefix(accountId, group) + IdentityKeys.lower(from));
            tx.put(IdentityKeys.groupMembersPrefix(accountId, group) + IdentityKeys.lower(to), new byte[0]);
        }
        move(tx, groupsFrom, IdentityKeys.userGroupsPrefix(accountId, to));
    }

    private static void move(Transaction tx, String fromPrefix, String toPrefix) {
        for (Entry e : tx.scanAll(fromPrefix)) {
            tx.delete(e.key());
            tx.put(toPrefix + e.key().substring(fromPrefix.length()), e.value());
        }
    }

    /** DeleteUser: refused (DeleteConflict) while the user has access keys, policies or groups. */
    public void deleteUser(String accountId, String userName) {
        storage.transaction(tx -> {
            User user = IamStore.requireUser(tx, accountId, userName);
            if (IamStore.any(tx, IdentityKeys.principalKeysPrefix(accountId, user.name()))) {
                throw IdentityErrors.deleteConflict("Cannot delete entity, must delete access keys first.");
            }
            if (IamStore.any(tx, IdentityKeys.inlinePoliciesPrefix(accountId, EntityKind.USER, user.name()))) {
                throw IdentityErrors.deleteConflict("Cannot delete entity, must delete policies first.");
            }
            if (IamStore.any(tx, IdentityKeys.attachmentsPrefix(accountId, EntityKind.USER, user.name()))) {
                throw IdentityErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
            }
            if (IamStore.any(tx, IdentityKeys.userGroupsPrefix(accountId, user.name()))) {
                throw IdentityErrors.deleteConflict("Cannot delete entity, must remove users from group first.");
            }
            if (user.permissionsBoundary() != null) {
                IamPolicies.releaseBoundary(tx, accountId, user.permissionsBoundary());
            }
            tx.delete(IdentityKeys.user(accountId, user.name()));
            return null;
        });
        identity.changed();
    }

    // ---- groups

    public Group createGroup(String accountId, String groupName, String path) {
        Names.require("groupName", groupName, 128);
        String validPath = Names.path("path", path);
        identity.requireAccount(accountId);
        Group created = storage.transaction(tx -> {
            if (IamStore.group(tx, accountId, groupName).isPresent()) {
                throw IdentityErrors.alreadyExists("Group with name " + groupName + " already exists.");
            }
            Group group = new Group(accountId, groupName, validPath, identity.newUniqueId("AGPA"), clock.instant());
            tx.put(IdentityKeys.group(accountId, groupName), StoredJson.write(group));
            return group;
        });
        identity.changed();
        return created;
    }

    public Group group(String accountId, String groupName) {
        return read(tx -> IamStore.requireGroup(tx, accountId, groupName));
    }

    /** GetGroup's member list, paged by lower-cased user name. */
    public Page<User> groupMembers(String accountId, String groupName, String marker, Integer maxItems) {
        return read(tx -> {
            Group group = IamStore.requireGroup(tx, accountId, groupName);
            String prefix = IdentityKeys.groupMembersPrefix(accountId, group.name());
            Page<String> names = IamStore.page(tx, prefix, marker, maxItems, e -> e.key().substring(prefix.length()));
            List<User> users = new ArrayList<>();
            for (String name : names.items()) {
                IamStore.user(tx, accountId, name).ifPresent(users::add);
            }
            return new Page<>(users, names.truncated(), names.marker());
        });
    }

    public Page<Group> listGroups(String accountId, String pathPrefix, String marker, Integer maxItems) {
        String prefix = Names.pathPrefix(pathPrefix);
        return read(tx -> IamStore.page(tx, IdentityKeys.groupsPrefix(accountId), marker, maxItems,
                e -> StoredJson.read(e.value(), Group.class), g -> g.path().startsWith(prefix)));
    }

    public Page<Group> groupsForUser(String accountId, String userName, String marker, Integer maxItems) {
        return read(tx -> {
            User user = IamStore.requireUser(tx, accountId, userName);
            String prefix = IdentityKeys.userGroupsPrefix(accountId, user.name());
            Page<String> names = IamStore.page(tx, prefix, marker, maxItems, e -> e.key().substring(prefix.length()));
            List<Group> groups = new ArrayList<>();
            for (String name : names.items()) {
                IamStore.group(tx, accountId, name).ifPresent(groups::add);
            }
            return new Page<>(groups, names.truncated(), names.marker());
        });
    }

    /** The groups of a user, all of them (at most {@link #GROUPS_PER_USER}). */
    List<Group> groupsOf(Transaction tx, String accountId, String userName) {
        String prefix = IdentityKeys.userGroupsPrefix(accountId, userName);
        List<Group> groups = new ArrayList<>();
        for (Entry e : tx.scanAll(prefix)) {
            IamStore.group(tx, accountId, e.key().substring(prefix.length())).ifPresent(groups::add);
        }
        return groups;
    }

    public void addUserToGroup(String accountId, String groupName, String userName) {
        storage.transaction(tx -> {
            Group group = IamStore.requireGroup(tx, accountId, groupName);
            User user = IamStore.requireUser(tx, accountId, userName);
            String member = IdentityKeys.groupMembersPrefix(accountId, group.name()) + IdentityKeys.lower(user.name());
            if (tx.get(member).isPresent()) {
                return null;
            }
            String userGroups = IdentityKeys.userGroupsPrefix(accountId, user.name());
            if (tx.scanAll(userGroups).size() >= GROUPS_PER_USER) {
                throw IdentityErrors.limitExceeded("Cannot exceed quota for GroupsPerUser: " + GROUPS_PER_USER);
            }
            tx.put(member, new byte[0]);
            tx.put(userGroups + IdentityKeys.lower(group.name()), new byte[0]);
            return null;
        });
        identity.changed();
    }

    public void removeUserFromGroup(String accountId, String groupName, String userName) {
        storage.transaction(tx -> {
            Group group = IamStore.requireGroup(tx, accountId, groupName);
            User user = IamStore.requireUser(tx, accountId, userName);
            String member = IdentityKeys.groupMembersPrefix(accountId, group.name()) + IdentityKeys.lower(user.name());
            if (!tx.delete(member)) {
                throw IdentityErrors.noSuchEntity("User " + user.name() + " is not in group " + group.name() + ".");
            }
            tx.delete(IdentityKeys.userGroupsPrefix(accountId, user.name()) + IdentityKeys.lower(group.name()));
            return null;
        });
        identity.changed();
    }

    /** DeleteGroup: refused while the group has members or policies. */
    public void deleteGroup(String accountId, String groupName) {
        storage.transaction(tx -> {
            Group group = IamStore.requireGroup(tx, accountId, groupName);
            if (IamStore.any(tx, IdentityKeys.groupMembersPrefix(accountId, group.name()))) {
                throw IdentityErrors.deleteConflict("Cannot delete entity, must remove users from group first.");
            }
            if (IamStore.any(tx, IdentityKeys.inlinePoliciesPrefix(accountId, EntityKind.GROUP, group.name()))) {
                throw IdentityErrors.deleteConflict("Cannot delete entity, must delete policies first.");
            }
            if (IamStore.any(tx, IdentityKeys.attachmentsPrefix(accountId, EntityKind.GROUP, group.name()))) {
                throw IdentityErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
            }
            tx.delete(IdentityKeys.group(accountId, group.name()));
            return null;
        });
        identity.changed();
    }

    // ---- roles

    /** CreateRole; the trust policy must be a valid policy that names principals. */
    public Role createRole(String accountId, String roleName, String path, String assumeRolePolicyDocument,
                           String description, Integer maxSessionDuration, String permissionsBoundary, List<Tag> tags) {
        Names.require("roleName", roleName, 64);
        String validPath = Names.path("path", path);
        checkDescription(description);
        int maxSession = checkedMaxSession(maxSessionDuration, Role.DEFAULT_MAX_SESSION_SECONDS);
        List<Tag> validTags = checkedTags(tags);
        checkTrustPolicy(assumeRolePolicyDocument);
        identity.requireAccount(accountId);
        Role created = storage.transaction(tx -> {
            if (IamStore.role(tx, accountId, roleName).isPresent()) {
                throw IdentityErrors.alreadyExists("Role with name " + roleName + " already exists.");
            }
            String boundary = permissionsBoundary == null ? null
                    : IamPolicies.useAsBoundary(tx, accountId, permissionsBoundary, +1).arn();
            Role role = new Role(accountId, roleName, validPath, identity.newUniqueId("AROA"), clock.instant(),
                    assumeRolePolicyDocument, description, maxSession, boundary, validTags);
            tx.put(IdentityKeys.role(accountId, roleName), StoredJson.write(role));
            return role;
        });
        identity.changed();
        return created;
    }

    public Role role(String accountId, String roleName) {
        return read(tx -> IamStore.requireRole(tx, accountId, roleName));
    }

    public Page<Role> listRoles(String accountId, String pathPrefix, String marker, Integer maxItems) {
        String prefix = Names.pathPrefix(pathPrefix);
        return read(tx -> IamStore.page(tx, IdentityKeys.rolesPrefix(accountId), marker, maxItems,
                e -> StoredJson.read(e.value(), Role.class), r -> r.path().startsWith(prefix)));
    }

    public void updateAssumeRolePolicy(String accountId, String roleName, String document) {
        checkTrustPolicy(document);
        updateRoleRecord(accountId, roleName, role -> role.withTrustPolicy(document));
    }

    /** UpdateRole: description and/or maximum session duration. */
    public void updateRole(String accountId, String roleName, String description, Integer maxSessionDuration) {
        checkDescription(description);
        if (maxSessionDuration != null) {
            checkedMaxSession(maxSessionDuration, Role.DEFAULT_MAX_SESSION_SECONDS);
        }
        updateRoleRecord(accountId, roleName, role -> role.withSettings(
                description == null ? role.description() : description,
                maxSessionDuration == null ? role.maxSessionDuration() : maxSessionDuration));
    }

    /** DeleteRole: refused while policies are attached or embedded; ends the role's sessions. */
    public void deleteRole(String accountId, String roleName) {
        storage.transaction(tx -> {
            Role role = IamStore.requireRole(tx, accountId, roleName);
            if (IamStore.any(tx, IdentityKeys.inlinePoliciesPrefix(accountId, EntityKind.ROLE, role.name()))) {
                throw IdentityErrors.deleteConflict("Cannot delete entity, must delete policies first.");
            }
            if (IamStore.any(tx, IdentityKeys.attachmentsPrefix(accountId, EntityKind.ROLE, role.name()))) {
                throw IdentityErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
            }
            if (role.permissionsBoundary() != null) {
                IamPolicies.releaseBoundary(tx, accountId, role.permissionsBoundary());
            }
            tx.delete(IdentityKeys.role(accountId, role.name()));
            return null;
        });
        identity.changed();
    }

    private void updateRoleRecord(String accountId, String roleName, Function<Role, Role> change) {
        storage.transaction(tx -> {
            Role role = IamStore.requireRole(tx, accountId, roleName);
            tx.put(IdentityKeys.role(accountId, role.name()), StoredJson.write(change.apply(role)));
            return null;
        });
        identity.changed();
    }

    private void updateUserRecord(String accountId, String userName, Function<User, User> change) {
        storage.transaction(tx -> {
            User user = IamStore.requireUser(tx, accountId, userName);
            tx.put(IdentityKeys.user(accountId, user.name()), StoredJson.write(change.apply(user)));
            return null;
        });
        identity.changed();
    }

    // ---- tags

    public void tagUser(String accountId, String userName, List<Tag> tags) {
        Tag.requireValid(tags);
        updateUserRecord(accountId, userName, u -> u.withTags(Tag.merge(u.tags(), tags)));
    }

    public void untagUser(String accountId, String userName, List<String> keys) {
        updateUserRecord(accountId, userName, u -> u.withTags(Tag.remove(u.tags(), keys)));
    }

    public Page<Tag> userTags(String accountId, String userName, String marker, Integer maxItems) {
        return IamStore.page(user(accountId, userName).tags(), Tag::key, marker, maxItems);
    }

    public void tagRole(String accountId, String roleName, List<Tag> tags) {
        Tag.requireValid(tags);
        updateRoleRecord(accountId, roleName, r -> r.withTags(Tag.merge(r.tags(), tags)));
    }

    public void untagRole(String accountId, String roleName, List<String> keys) {
        updateRoleRecord(accountId, roleName, r -> r.withTags(Tag.remove(r.tags(), keys)));
    }

    public Page<Tag> roleTags(String accountId, String roleName, String marker, Integer maxItems) {
        return IamStore.page(role(accountId, roleName).tags(), Tag::key, marker, maxItems);
    }

    // ---- permissions boundaries

    public void putUserPermissionsBoundary(String accountId, String userName, String policyArn) {
        setUserBoundary(accountId, userName, policyArn);
    }

    public void deleteUserPermissionsBoundary(String accountId, String userName) {
        setUserBoundary(accountId, userName, null);
    }

    public void putRolePermissionsBoundary(String accountId, String roleName, String policyArn) {
        setRoleBoundary(accountId, roleName, policyArn);
    }

    public void deleteRolePermissionsBoundary(String accountId, String roleName) {
        setRoleBoundary(accountId, roleName, null);
    }

    /** Sets ({@code policyArnOrNull} non-null) or removes a user's boundary. */
    private void setUserBoundary(String accountId, String userName, String policyArnOrNull) {
        storage.transaction(tx -> {
            User user = IamStore.requireUser(tx, accountId, userName);
            String arn = swapBoundary(tx, accountId, user.permissionsBoundary(), policyArnOrNull);
            tx.put(IdentityKeys.user(accountId, user.name()), StoredJson.write(user.withPermissionsBoundary(arn)));
            return null;
        });
        identity.changed();
    }

    /** Sets ({@code policyArnOrNull} non-null) or removes a role's boundary. */
    private void setRoleBoundary(String accountId, String roleName, String policyArnOrNull) {
        storage.transaction(tx -> {
            Role role = IamStore.requireRole(tx, accountId, roleName);
            String arn = swapBoundary(tx, accountId, role.permissionsBoundary(), policyArnOrNull);
            tx.put(IdentityKeys.role(accountId, role.name()), StoredJson.write(role.withPermissionsBoundary(arn)));
            return null;
        });
        identity.changed();
    }

    /** Moves the boundary usage count from the old policy to the new one; returns the new ARN (or null). */
    private static String swapBoundary(Transaction tx, String accountId, String oldArn, String newArn) {
        if (Objects.equals(oldArn, newArn)) {
            return newArn;
        }
        String arn = newArn == null ? null : IamPolicies.useAsBoundary(tx, accountId, newArn, +1).arn();
        if (oldArn != null) {
            IamPolicies.releaseBoundary(tx, accountId, oldArn);
        }
        return arn;
    }

    // ---- checks

    private static List<Tag> checkedTags(List<Tag> tags) {
        List<Tag> valid = Tag.requireValid(tags);
        if (valid.size() > Tag.MAX_TAGS) {
            throw Tag.limit();
        }
        return valid;
    }

    private static void checkDescription(String description) {
        if (description != null && description.length() > 1000) {
            throw Names.lengthError("description", description, 0, 1000);
        }
    }

    private static int checkedMaxSession(Integer seconds, int defaultSeconds) {
        if (seconds == null) {
            return defaultSeconds;
        }
        if (seconds < 3600 || seconds > 43200) {
            throw Names.rangeError("maxSessionDuration", seconds, 3600, 43200);
        }
        return seconds;
    }

    private static void checkTrustPolicy(String document) {
        if (document == null) {
            throw IdentityErrors.validation("1 validation error detected: Value null at 'assumeRolePolicyDocument' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        if (PolicyDocuments.sizeWithoutWhitespace(document) > TRUST_POLICY_QUOTA) {
            throw IdentityErrors.limitExceeded("Cannot exceed quota for ACLSizePerRole: " + TRUST_POLICY_QUOTA);
        }
        PolicyDocuments.validate(document, PolicyDocuments.Use.TRUST);
    }

    private <T> T read(Function<Transaction, T> work) {
        return storage.transaction(work);
    }
}
