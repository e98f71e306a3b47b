package io.citadel.identity.api;

import java.time.Instant;
import java.util.List;

/**
 * The IAM (2010-05-08) request and response shapes, named and with members as in the AWS model;
 * Jackson maps camelCase components to the model's UpperCamelCase members. Policy documents in
 * responses are URL-encoded, as IAM sends them (botocore decodes them; other SDKs leave that to the
 * caller).
 */
public final class IamShapes {

    private IamShapes() {
    }

    // ---- structures

    public record Tag(String key, String value) {
    }

    public record AttachedPermissionsBoundary(String permissionsBoundaryType, String permissionsBoundaryArn) {
    }

    public record User(String path, String userName, String userId, String arn, Instant createDate,
                       AttachedPermissionsBoundary permissionsBoundary, List<Tag> tags) {
    }

    public record Group(String path, String groupName, String groupId, String arn, Instant createDate) {
    }

    public record Role(String path, String roleName, String roleId, String arn, Instant createDate,
                       String assumeRolePolicyDocument, String description, Integer maxSessionDuration,
                       AttachedPermissionsBoundary permissionsBoundary, List<Tag> tags) {
    }

    public record Policy(String policyName, String policyId, String arn, String path, String defaultVersionId,
                         Integer attachmentCount, Integer permissionsBoundaryUsageCount, Boolean isAttachable,
                         String description, Instant createDate, Instant updateDate, List<Tag> tags) {
    }

    public record PolicyVersion(String document, String versionId, Boolean isDefaultVersion, Instant createDate) {
    }

    public record AttachedPolicy(String policyName, String policyArn) {
    }

    public record AccessKey(String userName, String accessKeyId, String status, String secretAccessKey,
                            Instant createDate) {
    }

    public record AccessKeyMetadata(String userName, String accessKeyId, String status, Instant createDate) {
    }

    public record AccessKeyLastUsed(Instant lastUsedDate, String serviceName, String region) {
    }

    public record ContextEntry(String contextKeyName, List<String> contextKeyValues, String contextKeyType) {
    }

    public record Statement(String sourcePolicyId, String sourcePolicyType) {
    }

    public record EvaluationResult(String evalActionName, String evalResourceName, String evalDecision,
                                   List<Statement> matchedStatements, List<String> missingContextValues) {
    }

    // ---- users

    public record CreateUserRequest(String path, String userName, String permissionsBoundary, List<Tag> tags) {
    }

    public record CreateUserResponse(User user) {
    }

    public record GetUserRequest(String userName) {
    }

    public record GetUserResponse(User user) {
    }

    public record ListUsersRequest(String pathPrefix, String marker, Integer maxItems) {
    }

    public record ListUsersResponse(List<User> users, Boolean isTruncated, String marker) {
    }

    public record UpdateUserRequest(String userName, String newPath, String newUserName) {
    }

    public record DeleteUserRequest(String userName) {
    }

    // ---- groups

    public record CreateGroupRequest(String path, String groupName) {
    }

    public record CreateGroupResponse(Group group) {
    }

    public record GetGroupRequest(String groupName, String marker, Integer maxItems) {
    }

    public record GetGroupResponse(Group group, List<User> users, Boolean isTruncated, String marker) {
    }

    public record ListGroupsRequest(String pathPrefix, String marker, Integer maxItems) {
    }

    public record ListGroupsResponse(List<Group> groups, Boolean isTruncated, String marker) {
    }

    public record ListGroupsForUserRequest(String userName, String marker, Integer maxItems) {
    }

    public record ListGroupsForUserResponse(List<Group> groups, Boolean isTruncated, String marker) {
    }

    public record AddUserToGroupRequest(String groupName, String userName) {
    }

    public record RemoveUserFromGroupRequest(String groupName, String userName) {
    }

    public record DeleteGroupRequest(String groupName) {
    }

    // ---- roles

    public record CreateRoleRequest(String path, String roleName, String assumeRolePolicyDocument, String description,
                                    Integer maxSessionDuration, String permissionsBoundary, List<Tag> tags) {
    }

    public record CreateRoleResponse(Role role) {
    }

    public record GetRoleRequest(String roleName) {
    }

    public record GetRoleResponse(Role role) {
    }

    public record ListRolesRequest(String pathPrefix, String marker, Integer maxItems) {
    }

    public record ListRolesResponse(List<Role> roles, Boolean isTruncated, String marker) {
    }

    public record UpdateAssumeRolePolicyRequest(String roleName, String policyDocument) {
    }

    public record UpdateRoleRequest(String roleName, String description, Integer maxSessionDuration) {
    }

    public record DeleteRoleRequest(String roleName) {
    }

    // ---- inline policies (one request shape per entity, as the model has them)

    public record PutUserPolicyRequest(String userName, String policyName, String policyDocument) {
    }

    public record GetUserPolicyRequest(String userName, String policyName) {
    }

    public record GetUserPolicyResponse(String userName, String policyName, String policyDocument) {
    }

    public record DeleteUserPolicyRequest(String userName, String policyName) {
    }

    public record ListUserPoliciesRequest(String userName, String marker, Integer maxItems) {
    }

    public record PutGroupPolicyRequest(String groupName, String policyName, String policyDocument) {
    }

    public record GetGroupPolicyRequest(String groupName, String policyName) {
    }

    public record GetGroupPolicyResponse(String groupName, String policyName, String policyDocument) {
    }

    public record DeleteGroupPolicyRequest(String groupName, String policyName) {
    }

    public record ListGroupPoliciesRequest(String groupName, String marker, Integer maxItems) {
    }

    public record PutRolePolicyRequest(String roleName, String policyName, String policyDocument) {
    }

    public record GetRolePolicyRequest(String roleName, String policyName) {
    }

    public record GetRolePolicyResponse(String roleName, String policyName, String policyDocument) {
    }

    public record DeleteRolePolicyRequest(String roleName, String policyName) {
    }

    public record ListRolePoliciesRequest(String roleName, String marker, Integer maxItems) {
    }

    /** List{User,Group,Role}PoliciesResponse share their members. */
    public record ListPoliciesNamesResponse(List<String> policyNames, Boolean isTruncated, String marker) {
    }

    // ---- managed policies

    public record CreatePolicyRequest(String policyName, String path, String policyDocument, String description,
                                      List<Tag> tags) {
    }

    public record CreatePolicyResponse(Policy policy) {
    }

    public record GetPolicyRequest(String policyArn) {
    }

    public record GetPolicyResponse(Policy policy) {
    }

    public record DeletePolicyRequest(String policyArn) {
    }

    public record ListPoliciesRequest(String scope, Boolean onlyAttached, String pathPrefix, String policyUsageFilter,
                                      String marker, Integer maxItems) {
    }

    public record ListPoliciesResponse(List<Policy> policies, Boolean isTruncated, String marker) {
    }

    public record CreatePolicyVersionRequest(String policyArn, String policyDocument, Boolean setAsDefault) {
    }

    public record CreatePolicyVersionResponse(PolicyVersion policyVersion) {
    }

    public record GetPolicyVersionRequest(String policyArn, String versionId) {
    }

    public record GetPolicyVersionResponse(PolicyVersion policyVersion) {
    }

    public record ListPolicyVersionsRequest(String policyArn, String marker, Integer maxItems) {
    }

    public record ListPolicyVersionsResponse(List<PolicyVersion> versions, Boolean isTruncated, String marker) {
    }

    public record SetDefaultPolicyVersionRequest(String policyArn, String versionId) {
    }

    public record DeletePolicyVersionRequest(String policyArn, String versionId) {
    }

    // ---- attachments

    public record AttachUserPolicyRequest(String userName, String policyArn) {
    }

    public record DetachUserPolicyRequest(String userName, String policyArn) {
    }

    public record ListAttachedUserPoliciesRequest(String userName, String pathPrefix, String marker, Integer maxItems) {
    }

    public record AttachGroupPolicyRequest(String groupName, String policyArn) {
    }

    public record DetachGroupPolicyRequest(String groupName, String policyArn) {
    }

    public record ListAttachedGroupPoliciesRequest(String groupName, String pathPrefix, String marker, Integer maxItems) {
    }

    public record AttachRolePolicyRequest(String roleName, String policyArn) {
    }

    public record DetachRolePolicyRequest(String roleName, String policyArn) {
    }

    public record ListAttachedRolePoliciesRequest(String roleName, String pathPrefix, String marker, Integer maxItems) {
    }

    /** ListAttached{User,Group,Role}PoliciesResponse share their members. */
    public record ListAttachedPoliciesResponse(List<AttachedPolicy> attachedPolicies, Boolean isTruncated, String marker) {
    }

    // ---- access keys

    public record CreateAccessKeyRequest(String userName) {
    }

    public record CreateAccessKeyResponse(AccessKey accessKey) {
    }

    public record UpdateAccessKeyRequest(String userName, String accessKeyId, String status) {
    }

    public record DeleteAccessKeyRequest(String userName, String accessKeyId) {
    }

    public record ListAccessKeysRequest(String userName, String marker, Integer maxItems) {
    }

    public record ListAccessKeysResponse(List<AccessKeyMetadata> accessKeyMetadata, Boolean isTruncated, String marker) {
    }

    public record GetAccessKeyLastUsedRequest(String accessKeyId) {
    }

    public record GetAccessKeyLastUsedResponse(String userName, AccessKeyLastUsed accessKeyLastUsed) {
    }

    // ---- tags and boundaries

    public record TagUserRequest(String userName, List<Tag> tags) {
    }

    public record UntagUserRequest(String userName, List<String> tagKeys) {
    }

    public record ListUserTagsRequest(String userName, String marker, Integer maxItems) {
    }

    public record TagRoleRequest(String roleName, List<Tag> tags) {
    }

    public record UntagRoleRequest(String roleName, List<String> tagKeys) {
    }

    public record ListRoleTagsRequest(String roleName, String marker, Integer maxItems) {
    }

    /** List{User,Role}TagsResponse share their members. */
    public record ListTagsResponse(List<Tag> tags, Boolean isTruncated, String marker) {
    }

    public record PutUserPermissionsBoundaryRequest(String userName, String permissionsBoundary) {
    }

    public record DeleteUserPermissionsBoundaryRequest(String userName) {
    }

    public record PutRolePermissionsBoundaryRequest(String roleName, String permissionsBoundary) {
    }

    public record DeleteRolePermissionsBoundaryRequest(String roleName) {
    }

    // ---- simulation

    public record SimulatePrincipalPolicyRequest(String policySourceArn, List<String> policyInputList,
                                                 List<String> permissionsBoundaryPolicyInputList, List<String> actionNames,
                                                 List<String> resourceArns, String resourcePolicy, String resourceOwner,
                                                 String callerArn, List<ContextEntry> contextEntries,
                                                 String resourceHandlingOption, Integer maxItems, String marker) {
    }

    public record SimulateCustomPolicyRequest(List<String> policyInputList, List<String> permissionsBoundaryPolicyInputList,
                                              List<String> actionNames, List<String> resourceArns, String resourcePolicy,
                                              String resourceOwner, String callerArn, List<ContextEntry> contextEntries,
                                              String resourceHandlingOption, Integer maxItems, String marker) {
    }

    /** Simulate{Principal,Custom}PolicyResponse share their members. */
    public record SimulatePolicyResponse(List<EvaluationResult> evaluationResults, Boolean isTruncated, String marker) {
    }
}
