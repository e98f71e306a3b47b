package io.citadel.identity.api;

import io.citadel.identity.ManagedPolicy;
import io.citadel.identity.Page;
import io.citadel.identity.Role;
import io.citadel.identity.Tag;
import io.citadel.identity.User;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Domain records rendered as IAM response shapes. */
final class IamViews {

    private IamViews() {
    }

    /** RFC 3986 percent-encoding, as IAM sends policy documents (botocore unquotes them). */
    static String urlEncoded(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    static List<IamShapes.Tag> tags(List<Tag> tags) {
        return tags.stream().map(t -> new IamShapes.Tag(t.key(), t.value())).toList();
    }

    static List<IamShapes.Tag> tagsOrNull(List<Tag> tags) {
        return tags.isEmpty() ? null : tags(tags);
    }

    static List<Tag> domainTags(List<IamShapes.Tag> tags) {
        return tags == null ? null : tags.stream().map(t -> t == null ? null
                : new Tag(t.key() == null ? "" : t.key(), t.value() == null ? "" : t.value())).toList();
    }

    static IamShapes.AttachedPermissionsBoundary boundary(String arn) {
        return arn == null ? null : new IamShapes.AttachedPermissionsBoundary("PermissionsBoundaryPolicy", arn);
    }

    /** The full user, as Get/CreateUser return it. */
    static IamShapes.User user(User u) {
        return new IamShapes.User(u.path(), u.name(), u.userId(), u.arn(), u.createdAt(), boundary(u.permissionsBoundary()),
                tagsOrNull(u.tags()));
    }

    /** A user in a list: ListUsers and GetGroup leave out the boundary and tags, as IAM does. */
    static IamShapes.User listedUser(User u) {
        return new IamShapes.User(u.path(), u.name(), u.userId(), u.arn(), u.createdAt(), null, null);
    }

    static IamShapes.Group group(io.citadel.identity.Group g) {
        return new IamShapes.Group(g.path(), g.name(), g.groupId(), g.arn(), g.createdAt());
    }

    static IamShapes.Role role(Role r) {
        return new IamShapes.Role(r.path(), r.name(), r.roleId(), r.arn(), r.createdAt(),
                urlEncoded(r.assumeRolePolicyDocument()), r.description(), r.maxSessionDuration(),
                boundary(r.permissionsBoundary()), tagsOrNull(r.tags()));
    }

    static IamShapes.Role listedRole(Role r) {
        return new IamShapes.Role(r.path(), r.name(), r.roleId(), r.arn(), r.createdAt(),
                urlEncoded(r.assumeRolePolicyDocument()), r.description(), r.maxSessionDuration(), null, null);
    }

    static IamShapes.Policy policy(ManagedPolicy p) {
        return new IamShapes.Policy(p.name(), p.policyId(), p.arn(), p.path(), p.defaultVersionId(), p.attachmentCount(),
                p.permissionsBoundaryUsageCount(), true, p.description(), p.createdAt(), p.updatedAt(), tagsOrNull(p.tags()));
    }

    static IamShapes.PolicyVersion version(io.citadel.identity.PolicyVersion v, ManagedPolicy p, boolean withDocument) {
        return new IamShapes.PolicyVersion(withDocument ? urlEncoded(v.document()) : null, v.versionId(),
                v.versionId().equals(p.defaultVersionId()), v.createdAt());
    }

    static Boolean truncated(Page<?> page) {
        return page.truncated();
    }
}
