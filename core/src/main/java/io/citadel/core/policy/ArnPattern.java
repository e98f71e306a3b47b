package io.citadel.core.policy;

/**
 * An ARN condition value: AWS matches each of the six colon-separated parts of the ARN on its own
 * (so a {@code *} in the service part never swallows the region), with wildcards in any part. The
 * sixth part is everything after the fifth colon.
 */
final class ArnPattern {

    private final Glob[] parts;

    private ArnPattern(Glob[] parts) {
        this.parts = parts;
    }

    /** Splits a resolved pattern; a pattern with fewer than six parts matches nothing (null). */
    static ArnPattern of(Glob pattern) {
        Glob[] parts = pattern.splitArn();
        return parts == null ? null : new ArnPattern(parts);
    }

    boolean matches(String arn) {
        int start = 0;
        for (int i = 0; i < 6; i++) {
            int end;
            if (i < 5) {
                end = arn.indexOf(':', start);
                if (end < 0) {
                    return false;
                }
            } else {
                end = arn.length();
            }
            if (!parts[i].matches(arn, start, end)) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }
}
