package io.citadel.identity;

/** The IAM identities that carry policies: users, groups and roles. */
public enum EntityKind {
    USER("user", "User", 2048),
    GROUP("group", "Group", 5120),
    ROLE("role", "Role", 10240);

    private final String segment;
    private final String title;
    private final int inlinePolicyQuota;

    EntityKind(String segment, String title, int inlinePolicyQuota) {
        this.segment = segment;
        this.title = title;
        this.inlinePolicyQuota = inlinePolicyQuota;
    }

    /** The storage key segment and the ARN resource type. */
    public String segment() {
        return segment;
    }

    /** "User", "Group" or "Role", as AWS messages and quota names spell it. */
    public String title() {
        return title;
    }

    /** AWS's limit on the aggregate size of one entity's inline policies, in characters without whitespace. */
    public int inlinePolicyQuota() {
        return inlinePolicyQuota;
    }
}
