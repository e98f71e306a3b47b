package io.citadel.identity.api;

import static io.citadel.identity.api.IamViews.urlEncoded;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.core.access.Access;
import io.citadel.core.access.Authorization;
import io.citadel.identity.AccessKey;
import io.citadel.identity.AccessKeyLastUse;
import io.citadel.identity.EntityKind;
import io.citadel.identity.IamDirectory;
import io.citadel.identity.IamPolicies;
import io.citadel.identity.IdentityErrors;
import io.citadel.identity.IdentityService;
import io.citadel.identity.ManagedPolicy;
import io.citadel.identity.Page;
import io.citadel.identity.PolicySimulator;
import io.citadel.identity.api.IamShapes.*;
import io.citadel.protocol.Operation;
import io.citadel.protocol.ServiceApi;
import io.citadel.protocol.WireProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The IAM operation table (query protocol, API version 2010-05-08). Every operation acts in the
 * caller's account, and each first asks the authorization layer for {@code iam:<Operation>} on the
 * resource AWS's service authorization reference names (see {@link IamTargets}).
 */
public final class IamApi {

    public static final WireProtocol.Query PROTOCOL =
            new WireProtocol.Query("2010-05-08", "https://iam.amazonaws.com/doc/2010-05-08/");

    private final IdentityService identity;
    private final IamDirectory iam;
    private final IamPolicies policies;
    private final Access access;
    private final IamTargets targets;

    private IamApi(IdentityService identity, Access access) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.access = Objects.requireNonNull(access, "access");
        this.targets = new IamTargets(identity.resources());
        this.iam = identity.iam();
        this.policies = identity.policies();
    }

    /** The IAM operation table; every operation asks {@code access} for {@code iam:<Operation>} first. */
    public static ServiceApi create(IdentityService identity, Access access) {
        IamApi a = new IamApi(identity, access);
        List<Operation<?, ?>> ops = new ArrayList<>();
        ops.add(a.guarded("CreateUser", CreateUserRequest.class,
                (c, r) -> a.targets.newEntity(c, "user", r.path(), r.userName())
                        .permissionsBoundary(r.permissionsBoundary()).requestTags(r.tags()),
                a::createUser));
        ops.add(a.guarded("GetUser", GetUserRequest.class,
                (c, r) -> a.targets.userOrCaller(c, r.userName()),
                a::getUser));
        ops.add(a.guarded("ListUsers", ListUsersRequest.class, (c, r) -> IamTargets.ANY, a::listUsers));
        ops.add(a.guarded("UpdateUser", UpdateUserRequest.class,
                (c, r) -> a.targets.user(c, r.userName()),
                a::updateUser));
        ops.add(a.guarded("DeleteUser", DeleteUserRequest.class,
                (c, r) -> a.targets.user(c, r.userName()),
                a::deleteUser));
        ops.add(a.guarded("CreateGroup", CreateGroupRequest.class,
                (c, r) -> a.targets.newEntity(c, "group", r.path(), r.groupName()),
                a::createGroup));
        ops.add(a.guarded("GetGroup", GetGroupRequest.class, (c, r) -> a.targets.group(c, r.groupName()), a::getGroup));
        ops.add(a.guarded("ListGroups", ListGroupsRequest.class, (c, r) -> IamTargets.ANY, a::listGroups));
        ops.add(a.guarded("ListGroupsForUser", ListGroupsForUserRequest.class,
                (c, r) -> a.targets.user(c, r.userName()),
                a::listGroupsForUser));
        ops.add(a.guarded("AddUserToGroup", AddUserToGroupRequest.class,
                (c, r) -> a.targets.group(c, r.groupName()),
                a::addUserToGroup));
        ops.add(a.guarded("RemoveUserFromGroup", RemoveUserFromGroupRequest.class,
                (c, r) -> a.targets.group(c, r.groupName()),
                a::removeUserFromGroup));
        ops.add(a.guarded("DeleteGroup", DeleteGroupRequest.class,
                (c, r) -> a.targets.group(c, r.groupName()),
                a::deleteGroup));
        ops.add(a.guarded("CreateRole", CreateRoleRequest.class,
                (c, r) -> a.targets.newEntity(c, "role", r.path(), r.roleName())
                        .permissionsBoundary(r.permissionsBoundary()).requestTags(r.tags()),
                a::createRole));
        ops.add(a.guarded("GetRole", GetRoleRequest.class, (c, r) -> a.targets.role(c, r.roleName()), a::getRole));
        ops.add(a.guarded("ListRoles", ListRolesRequest.class, (c, r) -> IamTargets.ANY, a::listRoles));
        ops.add(a.guarded("UpdateAssumeRolePolicy", UpdateAssumeRolePolicyRequest.class,
                (c, r) -> a.targets.role(c, r.roleName()),
                a::updateAssumeRolePolicy));
        ops.add(a.guarded("UpdateRole", UpdateRoleRequest.class,
                (c, r) -> a.targets.role(c, r.roleName()),
                a::updateRole));
        ops.add(a.guarded("DeleteRole", DeleteRoleRequest.class,
                (c, r) -> a.targets.role(c, r.roleName()),
                a::deleteRole));
        ops.add(a.guarded("PutUserPolicy", PutUserPolicyRequest.class, (c, r) -> a.targets.user(c, r.userName()),
                (c, r) -> a.putInline(c, EntityKind.USER, r.userName(), r.policyName(), r.policyDocument())));
        ops.add(a.guarded("GetUserPolicy", GetUserPolicyRequest.class,
                (c, r) -> a.targets.user(c, r.userName()),
                (c, r) -> new GetUserPolicyResponse(
                r.userName(), r.policyName(), a.inlineDocument(c, EntityKind.USER, r.userName(), r.policyName()))));
        ops.add(a.guarded("DeleteUserPolicy", DeleteUserPolicyRequest.class, (c, r) -> a.targets.user(c, r.userName()),
                (c, r) -> a.deleteInline(c, EntityKind.USER, r.userName(), r.policyName())));
        ops.add(a.guarded("ListUserPolicies", ListUserPoliciesRequest.class, (c, r) -> a.targets.user(c, r.userName()),
                (c, r) -> a.listInline(c, EntityKind.USER, r.userName(), r.marker(), r.maxItems())));
        ops.add(a.guarded("PutGroupPolicy", PutGroupPolicyRequest.class, (c, r) -> a.targets.group(c, r.groupName()),
                (c, r) -> a.putInline(c, EntityKind.GROUP, r.groupName(), r.policyName(), r.policyDocument())));
        ops.add(a.guarded("GetGroupPolicy", GetGroupPolicyRequest.class,
                (c, r) -> a.targets.group(c, r.groupName()),
                (c, r) -> new GetGroupPolicyResponse(
                r.groupName(), r.policyName(), a.inlineDocument(c, EntityKind.GROUP, r.groupName(), r.policyName()))));
        ops.add(a.guarded("DeleteGroupPolicy", DeleteGroupPolicyRequest.class,
                (c, r) -> a.targets.group(c, r.groupName()),
                (c, r) -> a.deleteInline(c, EntityKind.GROUP, r.groupName(), r.policyName())));
        ops.add(a.guarded("ListGroupPolicies", ListGroupPoliciesRequest.class,
                (c, r) -> a.targets.group(c, r.groupName()),
                (c, r) -> a.listInline(c, EntityKind.GROUP, r.groupName(), r.marker(), r.maxItems())));
        ops.add(a.guarded("PutRolePolicy", PutRolePolicyRequest.class, (c, r) -> a.targets.role(c, r.roleName()),
                (c, r) -> a.putInline(c, EntityKind.ROLE, r.roleName(), r.policyName(), r.policyDocument())));
        ops.add(a.guarded("GetRolePolicy", GetRolePolicyRequest.class,
                (c, r) -> a.targets.role(c, r.roleName()),
                (c, r) -> new GetRolePolicyResponse(
                r.roleName(), r.policyName(), a.inlineDocument(c, EntityKind.ROLE, r.roleName(), r.policyName()))));
        ops.add(a.guarded("DeleteRolePolicy", DeleteRolePolicyRequest.class, (c, r) -> a.targets.role(c, r.roleName()),
                (c, r) -> a.deleteInline(c, EntityKind.ROLE, r.roleName(), r.policyName())));
        ops.add(a.guarded("ListRolePolicies", ListRolePoliciesRequest.class, (c, r) -> a.targets.role(c, r.roleName()),
                (c, r) -> a.listInline(c, EntityKind.ROLE, r.roleName(), r.marker(), r.maxItems())));
        ops.add(a.guarded("CreatePolicy", CreatePolicyRequest.class,
                (c, r) -> a.targets.newPolicy(c, r.path(), r.policyName()).requestTags(r.tags()),
                a::createPolicy));
        ops.add(a.guarded("GetPolicy", GetPolicyRequest.class, (c, r) -> IamTargets.policy(r.policyArn()),
                (c, r) -> new GetPolicyResponse(IamViews.policy(a.policies.policy(account(c), r.policyArn())))));
        ops.add(a.guarded("DeletePolicy", DeletePolicyRequest.class, (c, r) -> IamTargets.policy(r.policyArn()),
                (c, r) -> none(() -> a.policies.deletePolicy(account(c), r.policyArn()))));
        ops.add(a.guarded("ListPolicies", ListPoliciesRequest.class, (c, r) -> IamTargets.ANY, a::listPolicies));
        ops.add(a.guarded("CreatePolicyVersion", CreatePolicyVersionRequest.class,
                (c, r) -> IamTargets.policy(r.policyArn()),
                a::createPolicyVersion));
        ops.add(a.guarded("GetPolicyVersion", GetPolicyVersionRequest.class,
                (c, r) -> IamTargets.policy(r.policyArn()),
                a::getPolicyVersion));
        ops.add(a.guarded("ListPolicyVersions", ListPolicyVersionsRequest.class,
                (c, r) -> IamTargets.policy(r.policyArn()),
                a::listPolicyVersions));
        ops.add(a.guarded("SetDefaultPolicyVersion", SetDefaultPolicyVersionRequest.class,
                (c, r) -> IamTargets.policy(r.policyArn()),
                (c, r) -> none(() -> a.policies.setDefaultPolicyVersion(account(c), r.policyArn(), r.versionId()))));
        ops.add(a.guarded("DeletePolicyVersion", DeletePolicyVersionRequest.class,
                (c, r) -> IamTargets.policy(r.policyArn()),
                (c, r) -> none(() -> a.policies.deletePolicyVersion(account(c), r.policyArn(), r.versionId()))));
        ops.add(a.guarded("AttachUserPolicy", AttachUserPolicyRequest.class,
                (c, r) -> a.targets.user(c, r.userName()).policyArn(r.policyArn()),
                (c, r) -> none(() -> a.policies.attachPolicy(account(c), EntityKind.USER, r.userName(), r.policyArn()))));
        ops.add(a.guarded("DetachUserPolicy", DetachUserPolicyRequest.class,
                (c, r) -> a.targets.user(c, r.userName()).policyArn(r.policyArn()),
                (c, r) -> none(() -> a.policies.detachPolicy(account(c), EntityKind.USER, r.userName(), r.policyArn()))));
        ops.add(a.guarded("ListAttachedUserPolicies", ListAttachedUserPoliciesRequest.class,
                (c, r) -> a.targets.user(c, r.userName()),
                (c, r) -> a.listAttached(c, EntityKind.USER, r.userName(), r.pathPrefix(), r.marker(), r.maxItems())));
        ops.add(a.guarded("AttachGroupPolicy", AttachGroupPolicyRequest.class,
                (c, r) -> a.targets.group(c, r.groupName()).policyArn(r.policyArn()),
                (c, r) -> none(() -> a.policies.attachPolicy(account(c), EntityKind.GROUP, r.groupName(), r.policyArn()))));
        ops.add(a.guarded("DetachGroupPolicy", DetachGroupPolicyRequest.class,
                (c, r) -> a.targets.group(c, r.groupName()).policyArn(r.policyArn()),
                (c, r) -> none(() -> a.policies.detachPolicy(account(c), EntityKind.GROUP, r.groupName(), r.policyArn()))));
        ops.add(a.guarded("ListAttachedGroupPolicies", ListAttachedGroupPoliciesRequest.class,
                (c, r) -> a.targets.group(c, r.groupName()),
                (c, r) -> a.listAttached(c, EntityKind.GROUP, r.groupName(), r.pathPrefix(), r.marker(), r.maxItems())));
        ops.add(a.guarded("AttachRolePolicy", AttachRolePolicyRequest.class,
                (c, r) -> a.targets.role(c, r.roleName()).policyArn(r.policyArn()),
                (c, r) -> none(() -> a.policies.attachPolicy(account(c), EntityKind.ROLE, r.roleName(), r.policyArn()))));
        ops.add(a.guarded("DetachRolePolicy", DetachRolePolicyRequest.class,
                (c, r) -> a.targets.role(c, r.roleName()).policyArn(r.policyArn()),
                (c, r) -> none(() -> a.policies.detachPolicy(account(c), EntityKind.ROLE, r.roleName(), r.policyArn()))));
        ops.add(a.guarded("ListAttachedRolePolicies", ListAttachedRolePoliciesRequest.class,
                (c, r) -> a.targets.role(c, r.roleName()),
                (c, r) -> a.listAttached(c, EntityKind.ROLE, r.roleName(), r.pathPrefix(), r.marker(), r.maxItems())));
        ops.add(a.guarded("CreateAccessKey", CreateAccessKeyRequest.class,
                (c, r) -> a.targets.userOrCaller(c, r.userName()),
                a::createAccessKey));
        ops.add(a.guarded("UpdateAccessKey", UpdateAccessKeyRequest.class,
                (c, r) -> a.targets.userOrCaller(c, r.userName()),
                a::updateAccessKey));
        ops.add(a.guarded("DeleteAccessKey", DeleteAccessKeyRequest.class,
                (c, r) -> a.targets.userOrCaller(c, r.userName()),
                a::deleteAccessKey));
        ops.add(a.guarded("ListAccessKeys", ListAccessKeysRequest.class,
                (c, r) -> a.targets.userOrCaller(c, r.userName()),
                a::listAccessKeys));
        ops.add(a.guarded("GetAccessKeyLastUsed", GetAccessKeyLastUsedRequest.class,
                (c, r) -> a.targets.accessKeyOwner(c, r.accessKeyId()),
                a::getAccessKeyLastUsed));
        ops.add(a.guarded("TagUser", TagUserRequest.class,
                (c, r) -> a.targets.user(c, r.userName()).requestTags(r.tags()),
                (c, r) -> none(() -> a.iam.tagUser(account(c), r.userName(), IamViews.domainTags(required("tags", r.tags()))))));
        ops.add(a.guarded("UntagUser", UntagUserRequest.class,
                (c, r) -> a.targets.user(c, r.userName()).tagKeys(r.tagKeys()),
                (c, r) -> none(() -> a.iam.untagUser(account(c), r.userName(), r.tagKeys()))));
        ops.add(a.guarded("ListUserTags", ListUserTagsRequest.class, (c, r) -> a.targets.user(c, r.userName()),
                (c, r) -> tagsResponse(a.iam.userTags(account(c), r.userName(), r.marker(), r.maxItems()))));
        ops.add(a.guarded("TagRole", TagRoleRequest.class,
                (c, r) -> a.targets.role(c, r.roleName()).requestTags(r.tags()),
                (c, r) -> none(() -> a.iam.tagRole(account(c), r.roleName(), IamViews.domainTags(required("tags", r.tags()))))));
        ops.add(a.guarded("UntagRole", UntagRoleRequest.class,
                (c, r) -> a.targets.role(c, r.roleName()).tagKeys(r.tagKeys()),
                (c, r) -> none(() -> a.iam.untagRole(account(c), r.roleName(), r.tagKeys()))));
        ops.add(a.guarded("ListRoleTags", ListRoleTagsRequest.class, (c, r) -> a.targets.role(c, r.roleName()),
                (c, r) -> tagsResponse(a.iam.roleTags(account(c), r.roleName(), r.marker(), r.maxItems()))));
        ops.add(a.guarded("PutUserPermissionsBoundary", PutUserPermissionsBoundaryRequest.class,
                (c, r) -> a.targets.user(c, r.userName()).permissionsBoundary(r.permissionsBoundary()),
                (c, r) -> none(() -> a.iam.putUserPermissionsBoundary(account(c), r.userName(),
                        required("permissionsBoundary", r.permissionsBoundary())))));
        ops.add(a.guarded("DeleteUserPermissionsBoundary", DeleteUserPermissionsBoundaryRequest.class,
                (c, r) -> a.targets.user(c, r.userName()),
                (c, r) -> none(() -> a.iam.deleteUserPermissionsBoundary(account(c), r.userName()))));
        ops.add(a.guarded("PutRolePermissionsBoundary", PutRolePermissionsBoundaryRequest.class,
                (c, r) -> a.targets.role(c, r.roleName()).permissionsBoundary(r.permissionsBoundary()),
                (c, r) -> none(() -> a.iam.putRolePermissionsBoundary(account(c), r.roleName(),
                        required("permissionsBoundary", r.permissionsBoundary())))));
        ops.add(a.guarded("DeleteRolePermissionsBoundary", DeleteRolePermissionsBoundaryRequest.class,
                (c, r) -> a.targets.role(c, r.roleName()),
                (c, r) -> none(() -> a.iam.deleteRolePermissionsBoundary(account(c), r.roleName()))));
        ops.add(a.guarded("SimulatePrincipalPolicy", SimulatePrincipalPolicyRequest.class,
                (c, r) -> IamTargets.arn("policySourceArn", r.policySourceArn()),
                a::simulatePrincipalPolicy));
        ops.add(a.guarded("SimulateCustomPolicy", SimulateCustomPolicyRequest.class,
                (c, r) -> IamTargets.ANY,
                a::simulateCustomPolicy));
        return ServiceApi.of("iam", PROTOCOL, ops);
    }

    /** How an operation names what it acts on, for the authorization check. */
    @FunctionalInterface
    private interface Targeting<I> {
        IamTargets.Target target(RequestContext context, I input);
    }

    /** An operation that first requires {@code iam:<name>} on its target, then runs. */
    private <I, O> Operation<I, O> guarded(String name, Class<I> type, Targeting<I> targeting,
                                           Operation.Handler<I, O> handler) {
        String action = "iam:" + name;
        return new Operation<>(name, type, (c, r) -> {
            IamTargets.Target target = targeting.target(c, r);
            access.require(c, new Authorization(action, target.resource(), null, null, false, target.keys()));
            return handler.handle(c, r);
        });
    }

    // ---- users

    CreateUserResponse createUser(RequestContext c, CreateUserRequest r) {
        return new CreateUserResponse(IamViews.user(iam.createUser(account(c), r.userName(), r.path(),
                r.permissionsBoundary(), IamViews.domainTags(r.tags()))));
    }

    /** GetUser: without UserName, the caller (the root user answers with its account id and root ARN). */
    GetUserResponse getUser(RequestContext c, GetUserRequest r) {
        Principal p = c.principal();
        if (r.userName() == null) {
            switch (p.type()) {
                case ROOT -> {
                    var createdAt = identity.account(p.accountId()).map(acc -> acc.createdAt()).orElse(null);
                    return new GetUserResponse(new IamShapes.User(null, null, p.accountId(), p.arn(), createdAt, null, null));
                }
                case ASSUMED_ROLE -> throw nonUserCredentials();
                default -> {
                    return new GetUserResponse(IamViews.user(iam.user(account(c), p.userName())));
                }
            }
        }
        return new GetUserResponse(IamViews.user(iam.user(account(c), r.userName())));
    }

    ListUsersResponse listUsers(RequestContext c, ListUsersRequest r) {
        Page<io.citadel.identity.User> page = iam.listUsers(account(c), r.pathPrefix(), r.marker(), r.maxItems());
        return new ListUsersResponse(page.items().stream().map(IamViews::listedUser).toList(), page.truncated(), page.marker());
    }

    Object updateUser(RequestContext c, UpdateUserRequest r) {
        iam.updateUser(account(c), required("userName", r.userName()), r.newUserName(), r.newPath());
        return null;
    }

    Object deleteUser(RequestContext c, DeleteUserRequest r) {
        iam.deleteUser(account(c), required("userName", r.userName()));
        return null;
    }

    // ---- groups

    CreateGroupResponse createGroup(RequestContext c, CreateGroupRequest r) {
        return new CreateGroupResponse(IamViews.group(iam.createGroup(account(c), r.groupName(), r.path())));
    }

    GetGroupResponse getGroup(RequestContext c, GetGroupRequest r) {
        var group = iam.group(account(c), r.groupName());
        Page<io.citadel.identity.User> members = iam.groupMembers(account(c), group.name(), r.marker(), r.maxItems());
        return new GetGroupResponse(IamViews.group(group), members.items().stream().map(IamViews::listedUser).toList(),
                members.truncated(), members.marker());
    }

    ListGroupsResponse listGroups(RequestContext c, ListGroupsRequest r) {
        Page<io.citadel.identity.Group> page = iam.listGroups(account(c), r.pathPrefix(), r.marker(), r.maxItems());
        return new ListGroupsResponse(page.items().stream().map(IamViews::group).toList(), page.truncated(), page.marker());
    }

    ListGroupsForUserResponse listGroupsForUser(RequestContext c, ListGroupsForUserRequest r) {
        Page<io.citadel.identity.Group> page = iam.groupsForUser(account(c), r.userName(), r.marker(), r.maxItems());
        return new ListGroupsForUserResponse(page.items().stream().map(IamViews::group).toList(), page.truncated(),
                page.marker());
    }

    Object addUserToGroup(RequestContext c, AddUserToGroupRequest r) {
        iam.addUserToGroup(account(c), r.groupName(), r.userName());
        return null;
    }

    Object removeUserFromGroup(RequestContext c, RemoveUserFromGroupRequest r) {
        iam.removeUserFromGroup(account(c), r.groupName(), r.userName());
        return null;
    }

    Object deleteGroup(RequestContext c, DeleteGroupRequest r) {
        iam.deleteGroup(account(c), r.groupName());
        return null;
    }

    // ---- roles

    CreateRoleResponse createRole(RequestContext c, CreateRoleRequest r) {
        return new CreateRoleResponse(IamViews.role(iam.createRole(account(c), r.roleName(), r.path(),
                r.assumeRolePolicyDocument(), r.description(), r.maxSessionDuration(), r.permissionsBoundary(),
                IamViews.domainTags(r.tags()))));
    }

    GetRoleResponse getRole(RequestContext c, GetRoleRequest r) {
        return new GetRoleResponse(IamViews.role(iam.role(account(c), r.roleName())));
    }

    ListRolesResponse listRoles(RequestContext c, ListRolesRequest r) {
        Page<io.citadel.identity.Role> page = iam.listRoles(account(c), r.pathPrefix(), r.marker(), r.maxItems());
        return new ListRolesResponse(page.items().stream().map(IamViews::listedRole).toList(), page.truncated(), page.marker());
    }

    Object updateAssumeRolePolicy(RequestContext c, UpdateAssumeRolePolicyRequest r) {
        iam.updateAssumeRolePolicy(account(c), r.roleName(), r.policyDocument());
        return null;
    }

    Object updateRole(RequestContext c, UpdateRoleRequest r) {
        iam.updateRole(account(c), r.roleName(), r.description(), r.maxSessionDuration());
        return null;
    }

    Object deleteRole(RequestContext c, DeleteRoleRequest r) {
        iam.deleteRole(account(c), r.roleName());
        return null;
    }

    // ---- policies

    Object putInline(RequestContext c, EntityKind kind, String entity, String policyName, String document) {
        policies.putInlinePolicy(account(c), kind, required(kind.segment() + "Name", entity), policyName, document);
        return null;
    }

    String inlineDocument(RequestContext c, EntityKind kind, String entity, String policyName) {
        return urlEncoded(policies.inlinePolicy(account(c), kind, required(kind.segment() + "Name", entity), policyName)
                .document());
    }

    Object deleteInline(RequestContext c, EntityKind kind, String entity, String policyName) {
        policies.deleteInlinePolicy(account(c), kind, required(kind.segment() + "Name", entity), policyName);
        return null;
    }

    ListPoliciesNamesResponse listInline(RequestContext c, EntityKind kind, String entity, String marker, Integer maxItems) {
        Page<String> page = policies.listInlinePolicies(account(c), kind, required(kind.segment() + "Name", entity),
                marker, maxItems);
        return new ListPoliciesNamesResponse(page.items(), page.truncated(), page.marker());
    }

    CreatePolicyResponse createPolicy(RequestContext c, CreatePolicyRequest r) {
        return new CreatePolicyResponse(IamViews.policy(policies.createPolicy(account(c), r.policyName(), r.path(),
                r.policyDocument(), r.description(), IamViews.domainTags(r.tags()))));
    }

    ListPoliciesResponse listPolicies(RequestContext c, ListPoliciesRequest r) {
        Page<ManagedPolicy> page = policies.listPolicies(account(c), r.scope(), Boolean.TRUE.equals(r.onlyAttached()),
                r.pathPrefix(), r.policyUsageFilter(), r.marker(), r.maxItems());
        return new ListPoliciesResponse(page.items().stream().map(IamViews::policy).toList(), page.truncated(),
                page.marker());
    }

    CreatePolicyVersionResponse createPolicyVersion(RequestContext c, CreatePolicyVersionRequest r) {
        var version = policies.createPolicyVersion(account(c), r.policyArn(), r.policyDocument(),
                Boolean.TRUE.equals(r.setAsDefault()));
        ManagedPolicy policy = policies.policy(account(c), r.policyArn());
        return new CreatePolicyVersionResponse(IamViews.version(version, policy, false));
    }

    GetPolicyVersionResponse getPolicyVersion(RequestContext c, GetPolicyVersionRequest r) {
        ManagedPolicy policy = policies.policy(account(c), r.policyArn());
        return new GetPolicyVersionResponse(IamViews.version(
                policies.policyVersion(account(c), r.policyArn(), r.versionId()), policy, true));
    }

    ListPolicyVersionsResponse listPolicyVersions(RequestContext c, ListPolicyVersionsRequest r) {
        ManagedPolicy policy = policies.policy(account(c), r.policyArn());
        Page<io.citadel.identity.PolicyVersion> page = policies.listPolicyVersions(account(c), r.policyArn(), r.marker(),
                r.maxItems());
        return new ListPolicyVersionsResponse(page.items().stream().map(v -> IamViews.version(v, policy, false)).toList(),
                page.truncated(), page.marker());
    }

    ListAttachedPoliciesResponse listAttached(RequestContext c, EntityKind kind, String entity, String pathPrefix,
                                              String marker, Integer maxItems) {
        Page<io.citadel.identity.AttachedPolicy> page = policies.listAttachedPolicies(account(c), kind,
                required(kind.segment() + "Name", entity), pathPrefix, marker, maxItems);
        return new ListAttachedPoliciesResponse(page.items().stream()
                .map(p -> new IamShapes.AttachedPolicy(p.policyName(), p.policyArn())).toList(), page.truncated(), page.marker());
    }

    // ---- access keys

    CreateAccessKeyResponse createAccessKey(RequestContext c, CreateAccessKeyRequest r) {
        AccessKey key = identity.createAccessKey(account(c), keyOwner(c, r.userName()));
        return new CreateAccessKeyResponse(new IamShapes.AccessKey(key.userName(), key.accessKeyId(), key.status().name(),
                key.secretAccessKey(), key.createdAt()));
    }

    Object updateAccessKey(RequestContext c, UpdateAccessKeyRequest r) {
        AccessKey.Status status;
        if ("Active".equals(r.status())) {
            status = AccessKey.Status.Active;
        } else if ("Inactive".equals(r.status())) {
            status = AccessKey.Status.Inactive;
        } else {
            throw new ServiceException(IdentityErrors.VALIDATION_ERROR, "1 validation error detected: Value '" + r.status()
                    + "' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");
        }
        identity.setAccessKeyStatus(account(c), keyOwner(c, r.userName()), required("accessKeyId", r.accessKeyId()), status);
        return null;
    }

    Object deleteAccessKey(RequestContext c, DeleteAccessKeyRequest r) {
        identity.deleteAccessKey(account(c), keyOwner(c, r.userName()), required("accessKeyId", r.accessKeyId()));
        return null;
    }

    ListAccessKeysResponse listAccessKeys(RequestContext c, ListAccessKeysRequest r) {
        List<AccessKey> keys = identity.accessKeys(account(c), keyOwner(c, r.userName()));
        Page<AccessKey> page = io.citadel.identity.Pages.of(keys, AccessKey::accessKeyId, r.marker(), r.maxItems());
        return new ListAccessKeysResponse(page.items().stream().map(k -> new AccessKeyMetadata(k.userName(),
                k.accessKeyId(), k.status().name(), k.createdAt())).toList(), page.truncated(), page.marker());
    }

    GetAccessKeyLastUsedResponse getAccessKeyLastUsed(RequestContext c, GetAccessKeyLastUsedRequest r) {
        String keyId = required("accessKeyId", r.accessKeyId());
        AccessKeyLastUse use = identity.accessKeyLastUse(account(c), keyId);
        String userName = identity.accessKey(keyId).map(AccessKey::userName).orElse(null);
        return new GetAccessKeyLastUsedResponse(userName,
                new IamShapes.AccessKeyLastUsed(use.lastUsedDate(), use.serviceName(), use.region()));
    }

    /** The user whose keys an access-key call names: UserName, else the caller (null: the root user). */
    private static String keyOwner(RequestContext c, String userName) {
        if (userName != null) {
            return userName;
        }
        return switch (c.principal().type()) {
            case ROOT -> null;
            case USER -> c.principal().userName();
            case ASSUMED_ROLE -> throw nonUserCredentials();
        };
    }

    // ---- simulation

    SimulatePolicyResponse simulatePrincipalPolicy(RequestContext c, SimulatePrincipalPolicyRequest r) {
        List<PolicySimulator.Result> results = identity.simulator().simulatePrincipal(account(c), r.policySourceArn(),
                new PolicySimulator.Simulation(r.policyInputList(), r.permissionsBoundaryPolicyInputList(), r.actionNames(),
                        r.resourceArns(), r.resourcePolicy(), r.resourceOwner(), r.callerArn(), context(r.contextEntries())));
        return simulationResponse(results, r.marker(), r.maxItems());
    }

    SimulatePolicyResponse simulateCustomPolicy(RequestContext c, SimulateCustomPolicyRequest r) {
        List<PolicySimulator.Result> results = identity.simulator().simulateCustom(account(c),
                new PolicySimulator.Simulation(r.policyInputList(), r.permissionsBoundaryPolicyInputList(), r.actionNames(),
                        r.resourceArns(), r.resourcePolicy(), r.resourceOwner(), r.callerArn(), context(r.contextEntries())));
        return simulationResponse(results, r.marker(), r.maxItems());
    }

    private static Map<String, List<String>> context(List<ContextEntry> entries) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (entries != null) {
            for (ContextEntry e : entries) {
                if (e != null && e.contextKeyName() != null) {
                    out.put(e.contextKeyName(), e.contextKeyValues() == null ? List.of() : e.contextKeyValues());
                }
            }
        }
        return out;
    }

    private static SimulatePolicyResponse simulationResponse(List<PolicySimulator.Result> results, String marker,
                                                             Integer maxItems) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            ids.add(String.format("%08d", i));
        }
        Page<String> page = io.citadel.identity.Pages.of(ids, id -> id, marker, maxItems);
        List<EvaluationResult> out = page.items().stream().map(id -> {
            PolicySimulator.Result res = results.get(Integer.parseInt(id));
            return new EvaluationResult(res.actionName(), res.resourceName(), res.decision(),
                    res.matchedStatements().stream().map(m -> new IamShapes.Statement(m.sourcePolicyId(),
                            m.sourcePolicyType())).toList(), List.of());
        }).toList();
        return new SimulatePolicyResponse(out, page.truncated(), page.marker());
    }

    // ---- helpers

    private static ListTagsResponse tagsResponse(Page<io.citadel.identity.Tag> page) {
        return new ListTagsResponse(IamViews.tags(page.items()), page.truncated(), page.marker());
    }

    static String account(RequestContext c) {
        return c.principal().accountId();
    }

    private static Object none(Runnable action) {
        action.run();
        return null;
    }

    static <T> T required(String member, T value) {
        if (value == null) {
            throw new ServiceException(IdentityErrors.VALIDATION_ERROR, "1 validation error detected: Value null at '"
                    + member + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static ServiceException nonUserCredentials() {
        return new ServiceException(IdentityErrors.VALIDATION_ERROR,
                "Must specify userName when calling with non-User credentials");
    }
}
