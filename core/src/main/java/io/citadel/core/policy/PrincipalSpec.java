package io.citadel.core.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled Principal / NotPrincipal element. Account ids are normalised to
 * {@code arn:aws:iam::ACCT:root} (AWS treats the two forms as the same principal). Matching reports
 * how specifically the caller was named, because AWS lets a resource policy grant on its own only
 * to a caller named by its own ARN, not to one named through its account.
 */
final class PrincipalSpec {

    /** How a caller was named, from weakest to strongest. */
    enum Match {
        /** Not named. */
        NONE,
        /** Named through its account ({@code arn:aws:iam::ACCT:root} or the bare id). */
        ACCOUNT,
        /** Named by {@code "*"} or {@code {"AWS": "*"}}. */
        ANYONE,
        /** A role session named through its role's ARN. */
        ROLE,
        /** Named by its own ARN (user, session, root of its account) or service name. */
        EXACT
    }

    private final boolean anyone;
    private final Set<String> arns;
    private final Set<String> services;
    private final Set<String> federated;
    private final Set<String> canonicalUsers;

    private PrincipalSpec(boolean anyone, Set<String> arns, Set<String> services, Set<String> federated,
                          Set<String> canonicalUsers) {
        this.anyone = anyone;
        this.arns = Set.copyOf(arns);
        this.services = Set.copyOf(services);
        this.federated = Set.copyOf(federated);
        this.canonicalUsers = Set.copyOf(canonicalUsers);
    }

    static PrincipalSpec anyone() {
        return new PrincipalSpec(true, Set.of(), Set.of(), Set.of(), Set.of());
    }

    /** Compiles {@code {"AWS": [...], "Service": [...], ...}}; {@code where} prefixes errors. */
    static PrincipalSpec compile(String where, Map<String, List<String>> byType) {
        boolean anyone = false;
        Set<String> arns = new HashSet<>();
        Set<String> services = new HashSet<>();
        Set<String> federated = new HashSet<>();
        Set<String> canonical = new HashSet<>();
        for (Map.Entry<String, List<String>> e : byType.entrySet()) {
            String type = e.getKey();
            String at = where + "." + type;
            for (String v : e.getValue()) {
                switch (type) {
                    case "AWS" -> {
                        if (v.equals("*")) {
                            anyone = true;
                        } else {
                            arns.add(awsPrincipal(at, v));
                        }
                    }
                    case "Service" -> {
                        if (v.isEmpty() || hasWildcard(v) || v.indexOf('.') < 0) {
                            throw bad(at, v, "a service principal such as kms.amazonaws.com");
                        }
                        services.add(v);
                    }
                    case "Federated" -> {
                        if (v.isEmpty() || hasWildcard(v)) {
                            throw bad(at, v, "an identity provider");
                        }
                        federated.add(v);
                    }
                    case "CanonicalUser" -> {
                        if (v.isEmpty() || hasWildcard(v)) {
                            throw bad(at, v, "a canonical user id");
                        }
                        canonical.add(v);
                    }
                    default -> throw new MalformedPolicyException(where + ": \"" + type
                            + "\" (expected: AWS, Service, Federated or CanonicalUser)");
                }
            }
        }
        return new PrincipalSpec(anyone, arns, services, federated, canonical);
    }

    private static String awsPrincipal(String at, String v) {
        if (v.length() == 12 && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return RequestPrincipal.rootArn(v);
        }
        if (hasWildcard(v) || !(v.startsWith("arn:aws:iam::") || v.startsWith("arn:aws:sts::"))) {
            throw bad(at, v, "\"*\", a 12-digit account id or an IAM/STS principal ARN without wildcards");
        }
        String[] parts = v.split(":", 6);
        if (parts.length != 6 || parts[4].length() != 12 || parts[5].isEmpty()) {
            throw bad(at, v, "\"*\", a 12-digit account id or an IAM/STS principal ARN without wildcards");
        }
        return v;
    }

    private static boolean hasWildcard(String v) {
        return v.indexOf('*') >= 0 || v.indexOf('?') >= 0;
    }

    private static MalformedPolicyException bad(String at, String value, String expected) {
        return new MalformedPolicyException(at + ": \"" + value + "\" (expected: " + expected + ")");
    }

    /** How specifically this element names {@code p}. */
    Match match(RequestPrincipal p) {
        Match best = anyone ? Match.ANYONE : Match.NONE;
        if (p.type() == PrincipalType.SERVICE) {
            return services.contains(p.arn()) ? Match.EXACT : best;
        }
        if (arns.isEmpty()) {
            return best;
        }
        if (arns.contains(p.arn())) {
            return Match.EXACT;
        }
        if (p.type() == PrincipalType.ASSUMED_ROLE && arns.contains(p.roleArn())) {
            return Match.ROLE;
        }
        if (best == Match.NONE && arns.contains(RequestPrincipal.rootArn(p.accountId()))) {
            return Match.ACCOUNT;
        }
        return best;
    }

    /**
     * Whether a {@code NotPrincipal} element exempts {@code p}. AWS checks the account, then the
     * role, then the session, so an exemption needs the account listed as well as the caller's own
     * ARN (or, for a session, its role's ARN).
     */
    boolean exempts(RequestPrincipal p) {
        if (anyone) {
            return true;
        }
        if (p.type() == PrincipalType.SERVICE) {
            return services.contains(p.arn());
        }
        if (!arns.contains(RequestPrincipal.rootArn(p.accountId()))) {
            return false;
        }
        return switch (p.type()) {
            case ROOT -> true;
            case IAM_USER -> arns.contains(p.arn());
            case ASSUMED_ROLE -> arns.contains(p.arn()) || arns.contains(p.roleArn());
            case SERVICE -> false;
        };
    }

    @Override
    public String toString() {
        return "Principal" + (anyone ? "[*]" : "") + arns + services + federated + canonicalUsers;
    }
}
