package io.citadel.identity.api;

import static io.citadel.identity.api.IamViews.urlEncoded;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
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

/**
 * The IAM operation table (query protocol, API version 2010-05-08). Every operation acts in the
 * caller's account. Authorization (iam:* actions) is the caller's concern: this table assumes the
 * request was already allowed.
 */
public final class IamApi {

    public static final WireProtocol.Query PROTOCOL =
            new WireProtocol.Query("2010-05-08", "https://iam.amazonaws.com/doc/2010-05-08/");

    private final IdentityService identity;
    private final IamDirectory iam;
    private final IamPolicies policies;

    private IamApi(IdentityService identity) {
        this.identity = identity;
        this.iam = identity.iam();
        this.policies = identity.policies();
    }

    public static ServiceApi create(IdentityService identity) {
        IamApi a = new IamApi(identity);
        List<Operation<?, ?>> ops = new ArrayList<>();
        ops.add(new Operation<>("CreateUser", CreateUserRequest.class, a::createUser));
        ops.add(new Operation<>("GetUser", GetUserRequest.class, a::getUser));
        ops.add(new Operation<>("ListUsers", ListUsersRequest.class, a::listUsers));
        ops.add(new Operation<>("UpdateUser", UpdateUserRequest.class, a::updateUser));
        ops.add(new Operation<>("DeleteUser", DeleteUserRequest.class, a::deleteUser));
        ops.add(new Operation<>("CreateGroup", CreateGroupRequest.class, a::createGroup));
        ops.add(new Operation<>("GetGroup", GetGroupRequest.class, a::getGroup));
        ops.add(new Operation<>("ListGroups", ListGroupsRequest.class, a::listGroups));
        ops.add(new Operation<>("ListGroupsForUser", ListGroupsForUserRequest.class, a::listGroupsForUser));
        ops.add(new Operation<>("AddUserToGroup", AddUserToGroupRequest.class, a::addUserToGroup));
        ops.add(new Operation<>("RemoveUserFromGroup", RemoveUserFromGroupRequest.class, a::removeUserFromGroup));
        ops.add(new Operation<>("DeleteGroup", DeleteGroupRequest.class, a::deleteGroup));
        ops.add(new Operation<>("CreateRole", CreateRoleRequest.class, a::createRole));
        ops.add(new Operation<>("GetRole", GetRoleRequest.class, a::getRole));
        ops.add(new Operation<>("ListRoles", ListRolesRequest.class, a::listRoles));
        ops.add(new Operation<>("UpdateAssumeRolePolicy", UpdateAssumeRolePolicyRequest.class, a::updateAssumeRolePolicy));
        ops.add(new Operation<>("UpdateRole", UpdateRoleRequest.class, a::updateRole));
        ops.add(new Operation<>("DeleteRole", DeleteRoleRequest.class, a::deleteRole));
        ops.add(new Operation<>("PutUserPolicy", PutUserPolicyRequest.class,
                (c, r) -> a.putInline(c, EntityKind.USER, r.userName(), r.policyName(), r.policyDocument())));
        ops.add(new Operation<>("GetUserPolicy", GetUserPolicyRequest.class, (c, r) -> new GetUserPolicyResponse(
                r.userName(), r.policyName(), a.inlineDocument(c, EntityKind.USER, r.userName(), r.policyName()))));
        ops.add(new Operation<>("DeleteUserPolicy", DeleteUserPolicyRequest.class,
                (c, r) -> a.deleteInline(c, EntityKind.USER, r.userName(), r.policyName())));
        ops.add(new Operation<>("ListUserPolicies", ListUserPoliciesRequest.class,
                (c, r) -> a.listInline(c, EntityKind.USER, r.userName(), r.marker(), r.maxItems())));
        ops.add(new Operation<>("PutGroupPolicy", PutGroupPolicyRequest.class,
                (c, r) -> a.putInline(c, EntityKind.GROUP, r.groupName(), r.policyName(), r.policyDocument())));
        ops.add(new Operation<>("GetGroupPolicy", GetGroupPolicyRequest.class, (c, r) -> new GetGroupPolicyResponse(
                r.groupName(), r.policyName(), a.inlineDocument(c, EntityKind.GROUP, r.groupName(), r.policyName()))));
        ops.add(new Operation<>("DeleteGroupPolicy", DeleteGroupPolicyRequest.class,
                (c, r) -> a.deleteInline(c, EntityKind.GROUP, r.groupName(), r.policyName())));
        ops.add(new Operation<>("ListGroupPolicies", ListGroupPoliciesRequest.class,
                (c, r) -> a.listInline(c, EntityKind.GROUP, r.groupName(), r.marker(), r.maxItems())));
        ops.add(new Operation<>("PutRolePolicy", PutRolePolicyRequest.class,
                (c, r) -> a.putInline(c, EntityKind.ROLE, r.roleName(), r.policyName(), r.policyDocument())));
        ops.add(new Operation<>("GetRolePolicy", GetRolePolicyRequest.class, (c, r) -> new GetRolePolicyResponse(
                r.roleName(), r.policyName(), a.inlineDocument(c, EntityKind.ROLE, r.roleName(), r.policyName()))));
        ops.add(new Operation<>("DeleteRolePolicy", DeleteRolePolicyRequest.class,
                (c, r) -> a.deleteInline(c, EntityKind.ROLE, r.roleName(), r.policyName())));
        ops.add(new Operation<>("ListRolePolicies", ListRolePoliciesRequest.class,
                (c, r) -> a.listInline(c, EntityKind.ROLE, r.roleName(), r.marker(), r.maxItems())));
        ops.add(new Operation<>("CreatePolicy", CreatePolicyRequest.class, a::createPolicy));
        ops.add(new Operation<>("GetPolicy", GetPolicyRequest.class,
                (c, r) -> new GetPolicyResponse(IamViews.policy(a.policies.policy(account(c), r.policyArn())))));
        ops.add(new Operation<>("DeletePolicy", DeletePolicyRequest.class,
                (c, r) -> none(() -> a.policies.deletePolicy(account(c), r.policyArn()))));
        ops.add(new Operation<>("ListPolicies", ListPoliciesRequest.class, a::listPolicies));
        ops.add(new Operation<>("CreatePolicyVersion", CreatePolicyVersionRequest.class, a::createPolicyVersion));
        ops.add(new Operation<>("GetPolicyVersion", GetPolicyVersionRequest.class, a::getPolicyVersion));
        ops.add(new Operation<>("ListPolicyVersions", ListPolicyVersionsRequest.class, a::listPolicyVersions));
        ops.add(new Operation<>("SetDefaultPolicyVersion", SetDefaultPolicyVersionRequest.class,
                (c, r) -> none(() -> a.policies.setDefaultPolicyVersion(account(c), r.policyArn(), r.versionId()))));
        ops.add(new Operation<>("DeletePolicyVersion", DeletePolicyVersionRequest.class,
                (c, r) -> none(() -> a.policies.deletePolicyVersion(account(c), r.policyArn(), r.versionId()))));
        ops.add(new Operation<>("AttachUserPolicy", AttachUserPolicyRequest.class,
                (c, r) -> none(() -> a.policies.attachPolicy(account(c), EntityKind.USER, r.userName(), r.policyArn()))));
        ops.add(new Operation<>("DetachUserPolicy", DetachUserPolicyRequest.class,
                (c, r) -> none(() -> a.policies.detachPolicy(account(c), EntityKind.USER, r.userName(), r.policyArn()))));
        ops.add(new Operation<>("ListAttachedUserPolicies", ListAttachedUserPoliciesRequest.class,
                (c, r) -> a.listAttached(c, EntityKind.USER, r.userName(), r.pathPrefix(), r.marker(), r.maxItems())));
        ops.add(new Operation<>("AttachGroupPolicy", AttachGroupPolicyRequest.class,
                (c, r) -> none(() -> a.policies.attachPolicy(account(c), EntityKind.GROUP, r.groupName(), r.policyArn()))));
        ops.add(new Operation<>("DetachGroupPolicy", DetachGroupPolicyRequest.class,
                (c, r) -> none(() -> a.policies.detachPolicy(account(c), EntityKind.GROUP, r.groupName(), r.policyArn()))));
        ops.add(new Operation<>("ListAttachedGroupPolicies", ListAttachedGroupPoliciesRequest.class,
                (c, r) -> a.listAttached(c, EntityKind.GROUP, r.groupName(), r.pathPrefix(), r.marker(), r.maxItems())));
        ops.add(new Operation<>("AttachRolePolicy", AttachRolePolicyRequest.class,
                (c, r) -> none(() -> a.policies.attachPolicy(account(c), EntityKind.ROLE, r.roleName(), r.policyArn()))));
        ops.add(new Operation<>("DetachRolePolicy", DetachRolePolicyRequest.class,
                (c, r) -> none(() -> a.policies.detachPolicy(account(c), EntityKind.ROLE, r.roleName(), r.policyArn()))));
        ops.add(new Operation<>("ListAttachedRolePolicies", ListAttachedRolePoliciesRequest.class,
                (c, r) -> a.listAttached(c, EntityKind.ROLE, r.roleName(), r.pathPrefix(), r.marker(), r.maxItems())));
        ops.add(new Operation<>("CreateAccessKey", CreateAccessKeyRequest.class, a::createAccessKey));
        ops.add(new Operation<>("UpdateAccessKey", UpdateAccessKeyRequest.class, a::updateAccessKey));
        ops.add(new Operation<>("DeleteAccessKey", DeleteAccessKeyRequest.class, a::deleteAccessKey));
        ops.add(new Operation<>("ListAccessKeys", ListAccessKeysRequest.class, a::listAccessKeys));
        ops.add(new Operation<>("GetAccessKeyLastUsed", GetAccessKeyLastUsedRequest.class, a::getAccessKeyLastUsed));
        ops.add(new Operation<>("TagUser", TagUserRequest.class,
                (c, r) -> none(() -> a.iam.tagUser(account(c), r.userName(), IamViews.domainTags(required("tags", r.tags()))))));
        ops.add(new Operation<>("UntagUser", UntagUserRequest.class,
                (c, r) -> none(() -> a.iam.untagUser(account(c), r.userName(), r.tagKeys()))));
        ops.add(new Operation<>("ListUserTags", ListUserTagsRequest.class,
                (c, r) -> tagsResponse(a.iam.userTags(account(c), r.userName(), r.marker(), r.maxItems()))));
        ops.add(new Operation<>("TagRole", TagRoleRequest.class,
                (c, r) -> none(() -> a.iam.tagRole(account(c), r.roleName(), IamViews.domainTags(required("tags", r.tags()))))));
        ops.add(new Operation<>("UntagRole", UntagRoleRequest.class,
                (c, r) -> none(() -> a.iam.untagRole(account(c), r.roleName(), r.tagKeys()))));
        ops.add(new Operation<>("ListRoleTags", ListRoleTagsRequest.class,
                (c, r) -> tagsResponse(a.iam.roleTags(account(c), r.roleName(), r.marker(), r.maxItems()))));
        ops.add(new Operation<>("PutUserPermissionsBoundary", PutUserPermissionsBoundaryRequest.class,
                (c, r) -> none(() -> a.iam.putUserPermissionsBoundary(account(c), r.userName(),
                        required("permissionsBoundary", r.permissionsBoundary())))));
        ops.add(new Operation<>("DeleteUserPermissionsBoundary", DeleteUserPermissionsBoundaryRequest.class,
                (c, r) -> none(() -> a.iam.deleteUserPermissionsBoundary(account(c), r.userName()))));
        ops.add(new Operation<>("PutRolePermissionsBoundary", PutRolePermissionsBoundaryRequest.class,
                (c, r) -> none(() -> a.iam.putRolePermissionsBoundary(account(c), r.roleName(),
                        required("permissionsBoundary", r.permissionsBoundary())))));
        ops.add(new Operation<>("DeleteRolePermissionsBoundary", DeleteRolePermissionsBoundaryRequest.class,
                (c, r) -> none(() -> a.iam.deleteRolePermissionsBoundary(account(c), r.roleName()))));
        ops.add(new Operation<>("SimulatePrincipalPolicy", SimulatePrincipalPolicyRequest.class, a::simulatePrincipalPolicy));
        ops.add(new Operation<>("SimulateCustomPolicy", SimulateCustomPolicyRequest.class, a::simulateCustomPolicy));
        return ServiceApi.of("iam", PROTOCOL, ops);
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
