package io.citadel.identity;

import io.citadel.core.json.StoredJson;
import io.citadel.storage.Storage;
import java.util.Map;
import java.util.Optional;

/**
 * The ARNs IAM operations are authorized against, as AWS forms them: the stored entity's ARN with its
 * path and canonical name, or {@code <type>/<name>} for an entity that does not exist (so a caller
 * without permission learns nothing about it), plus the tags policies see as aws:ResourceTag.
 */
public final class IamResources {

    /** One resource: its ARN and, for users and roles, its tags. */
    public record Resource(String arn, Map<String, String> tags) {
    }

    private final Storage storage;

    IamResources(Storage storage) {
        this.storage = storage;
    }

    public Resource user(String accountId, String userName) {
        Names.require("userName", userName, 128);
        return read(IdentityKeys.user(accountId, userName), User.class)
                .map(u -> new Resource(u.arn(), Tag.asMap(u.tags())))
                .orElseGet(() -> new Resource(arn(accountId, "user/", userName), Map.of()));
    }

    public Resource group(String accountId, String groupName) {
        Names.require("groupName", groupName, 128);
        return read(IdentityKeys.group(accountId, groupName), Group.class)
                .map(g -> new Resource(g.arn(), Map.of()))
                .orElseGet(() -> new Resource(arn(accountId, "group/", groupName), Map.of()));
    }

    public Resource role(String accountId, String roleName) {
        Names.require("roleName", roleName, 128);
        return read(IdentityKeys.role(accountId, roleName), Role.class)
                .map(r -> new Resource(r.arn(), Tag.asMap(r.tags())))
                .orElseGet(() -> new Resource(arn(accountId, "role/", roleName), Map.of()));
    }

    public Resource entity(String accountId, EntityKind kind, String name) {
        return switch (kind) {
            case USER -> user(accountId, name);
            case GROUP -> group(accountId, name);
            case ROLE -> role(accountId, name);
        };
    }

    /**
     * The user an access key belongs to ({@code arn:aws:iam::ACCT:root} for a root key); {@code *}
     * for a key this account does not have.
     */
    public Resource accessKeyOwner(String accountId, String accessKeyId) {
        if (accessKeyId == null || accessKeyId.length() < 16 || accessKeyId.length() > 128
                || !accessKeyId.chars().allMatch(Character::isLetterOrDigit)) {
            return new Resource("*", Map.of());
        }
        return read(IdentityKeys.accessKey(accessKeyId), AccessKey.class)
                .filter(k -> k.accountId().equals(accountId))
                .map(k -> k.isRoot() ? new Resource("arn:aws:iam::" + accountId + ":root", Map.of())
                        : user(accountId, k.userName()))
                .orElseGet(() -> new Resource("*", Map.of()));
    }

    private <T> Optional<T> read(String key, Class<T> type) {
        return storage.get(key).map(b -> StoredJson.read(b, type));
    }

    private static String arn(String accountId, String type, String name) {
        return "arn:aws:iam::" + accountId + ":" + type + name;
    }
}
