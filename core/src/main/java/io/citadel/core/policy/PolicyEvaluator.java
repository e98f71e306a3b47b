package io.citadel.core.policy;

import java.util.List;
import java.util.Objects;

/**
 * Decides ALLOW / EXPLICIT_DENY / IMPLICIT_DENY for one request against the policies that apply,
 * following AWS's documented evaluation logic (SCPs and RCPs are out of scope):
 *
 * <ol>
 *   <li>An applicable Deny statement in any policy (identity, resource, boundary, session) is an
 *       explicit deny, and final.</li>
 *   <li>Identity permissions are the identity-based Allow intersected with the permissions boundary
 *       (when set) and the session policies (when passed). The root user has them implicitly.</li>
 *   <li>A resource-based Allow names the caller either directly (its own ARN, its role session, a
 *       service, {@code "*"}) or only through its account. Within one account a direct grant
 *       suffices on its own: for an IAM user even past an implicit deny in its boundary, for a role
 *       (named by role ARN) only if the boundary and session policies allow too, for a role session
 *       (named by session ARN) unconditionally. A grant to the account delegates to the account's
 *       identity policies.</li>
 *   <li>Within one account an allow from either side suffices; the root user is allowed. Across
 *       accounts both the resource policy and the caller's identity permissions must allow.</li>
 *   <li>With {@link PolicySet#resourcePolicyIsPrimary()} (KMS key policies) the resource policy must
 *       allow the caller, directly or through its account; identity permissions count only in the
 *       latter case, and the root user gets nothing the key policy does not give.</li>
 *   <li>Anything else is an implicit deny.</li>
 * </ol>
 *
 * <p>A NotPrincipal Deny applies to every caller with a permissions boundary, as AWS documents.
 * Evaluation allocates only the Decision (and strings for policy variables it substitutes).
 */
public final class PolicyEvaluator {

    private PolicyEvaluator() {
    }

    public static Decision evaluate(AuthorizationRequest request, PolicySet policies) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(policies, "policies");
        return new Evaluation(request, policies).run();
    }

    /** The state of one evaluation: first deny, first allows, best resource-policy grant. */
    private static final class Evaluation {

        private final AuthorizationRequest request;
        private final PolicySet set;
        private final RequestPrincipal principal;
        private final boolean hasBoundary;
        private StatementRef deny;
        private StatementRef identityAllow;
        private boolean boundaryAllows;
        private boolean sessionAllows;
        private PrincipalSpec.Match grant = PrincipalSpec.Match.NONE;
        private StatementRef grantRef;

        Evaluation(AuthorizationRequest request, PolicySet set) {
            this.request = request;
            this.set = set;
            this.principal = request.principal();
            this.hasBoundary = set.permissionsBoundary() != null;
        }

        Decision run() {
            PrincipalType type = principal.type();
            boolean implicitIdentity = type == PrincipalType.ROOT;
            boolean hasIdentity = type != PrincipalType.ROOT && type != PrincipalType.SERVICE;
            if (hasIdentity) {
                List<PolicyDocument> identity = set.identityPolicies();
                for (int i = 0; i < identity.size(); i++) {
                    if (scan(identity.get(i), PolicySource.IDENTITY, i)) {
                        return explicitDeny();
                    }
                }
            }
            if (set.resourcePolicy() != null && scan(set.resourcePolicy(), PolicySource.RESOURCE, 0)) {
                return explicitDeny();
            }
            if (hasIdentity && hasBoundary && scan(set.permissionsBoundary(), PolicySource.PERMISSIONS_BOUNDARY, 0)) {
                return explicitDeny();
            }
            List<PolicyDocument> sessions = set.sessionPolicies();
            if (hasIdentity) {
                for (int i = 0; i < sessions.size(); i++) {
                    if (scan(sessions.get(i), PolicySource.SESSION, i)) {
                        return explicitDeny();
                    }
                }
            }
            boolean boundaryOk = !hasIdentity || !hasBoundary || boundaryAllows;
            boolean sessionOk = !hasIdentity || sessions.isEmpty() || sessionAllows;
            boolean identityAllowed = implicitIdentity || identityAllow != null;
            boolean identityEffective = identityAllowed && boundaryOk && sessionOk;
            boolean direct = switch (grant) {
                case EXACT -> type != PrincipalType.IAM_USER || sessionOk;
                case ROLE -> boundaryOk && sessionOk;
                case ANYONE -> type == PrincipalType.ASSUMED_ROLE ? boundaryOk && sessionOk
                        : type != PrincipalType.IAM_USER || sessionOk;
                case ACCOUNT, NONE -> false;
            };
            String owner = set.resourceAccount();
            boolean sameAccount = owner == null || type == PrincipalType.SERVICE || owner.equals(principal.accountId());

            if (set.resourcePolicyIsPrimary()) {
                if (grant == PrincipalSpec.Match.NONE) {
                    return implicit("the resource policy does not allow the principal or its account");
                }
                if (sameAccount && direct) {
                    return allow(grantRef, "the resource policy allows the principal");
                }
                if (identityEffective) {
                    return allow(identityAllow != null ? identityAllow : grantRef,
                            "the resource policy allows the account and identity permissions allow");
                }
                return implicit(identityDenyReason(identityAllowed, boundaryOk));
            }
            if (sameAccount) {
                if (implicitIdentity) {
                    return allow(grantRef, "the root user may act in its own account");
                }
                if (identityEffective) {
                    return allow(identityAllow, "an identity-based policy allows");
                }
                if (direct) {
                    return allow(grantRef, "the resource policy allows the principal");
                }
                if (grant == PrincipalSpec.Match.NONE || grant == PrincipalSpec.Match.ACCOUNT) {
                    return implicit(identityDenyReason(identityAllowed, boundaryOk));
                }
                return implicit(!boundaryOk ? "the permissions boundary does not allow"
                        : "no session policy allows");
            }
            if (grant == PrincipalSpec.Match.NONE) {
                return implicit("cross-account: the resource policy does not allow");
            }
            if (!identityEffective) {
                return implicit("cross-account: " + identityDenyReason(identityAllowed, boundaryOk));
            }
            return allow(grantRef, "cross-account: both the resource policy and identity permissions allow");
        }

        private String identityDenyReason(boolean identityAllowed, boolean boundaryOk) {
            if (!identityAllowed) {
                return "no identity-based policy allows";
            }
            return boundaryOk ? "no session policy allows" : "the permissions boundary does not allow";
        }

        /** Scans one policy; true when it holds an applicable Deny (recorded in {@link #deny}). */
        private boolean scan(PolicyDocument doc, PolicySource source, int index) {
            for (Statement s : doc.statements()) {
                if (s.effect() == Effect.DENY) {
                    if (principalMatch(s, source, true) != PrincipalSpec.Match.NONE && s.appliesTo(request)) {
                        deny = new StatementRef(source, index, doc.name(), s);
                        return true;
                    }
                    continue;
                }
                switch (source) {
                    case IDENTITY -> {
                        if (identityAllow == null && principalMatch(s, source, false) != PrincipalSpec.Match.NONE
                                && s.appliesTo(request)) {
                            identityAllow = new StatementRef(source, index, doc.name(), s);
                        }
                    }
                    case PERMISSIONS_BOUNDARY -> {
                        if (!boundaryAllows && principalMatch(s, source, false) != PrincipalSpec.Match.NONE) {
                            boundaryAllows = s.appliesTo(request);
                        }
                    }
                    case SESSION -> {
                        if (!sessionAllows && principalMatch(s, source, false) != PrincipalSpec.Match.NONE) {
                            sessionAllows = s.appliesTo(request);
                        }
                    }
                    case RESOURCE -> {
                        if (grant != PrincipalSpec.Match.EXACT) {
                            PrincipalSpec.Match m = principalMatch(s, source, false);
                            if (m.compareTo(grant) > 0 && s.appliesTo(request)) {
                                grant = m;
                                grantRef = new StatementRef(source, index, doc.name(), s);
                            }
                        }
                    }
                }
            }
            return false;
        }

        /**
         * Whether the statement's Principal / NotPrincipal covers the caller, and how. Statements
         * without a principal element apply to the policy's holder in identity-side policies and to
         * nobody in a resource policy.
         */
        private PrincipalSpec.Match principalMatch(Statement s, PolicySource source, boolean forDeny) {
            if (!s.hasPrincipal()) {
                return source == PolicySource.RESOURCE ? PrincipalSpec.Match.NONE : PrincipalSpec.Match.EXACT;
            }
            if (s.isNotPrincipal()) {
                boolean applies = (forDeny && hasBoundary) || !s.principal().exempts(principal);
                return applies ? PrincipalSpec.Match.ANYONE : PrincipalSpec.Match.NONE;
            }
            return s.principal().match(principal);
        }

        private Decision explicitDeny() {
            return new Decision(Decision.Outcome.EXPLICIT_DENY, deny, "an explicit deny in a "
                    + describe(deny.source()) + " policy");
        }

        private static String describe(PolicySource source) {
            return switch (source) {
                case IDENTITY -> "identity-based";
                case RESOURCE -> "resource-based";
                case PERMISSIONS_BOUNDARY -> "permissions boundary";
                case SESSION -> "session";
            };
        }

        private static Decision allow(StatementRef ref, String reason) {
            return new Decision(Decision.Outcome.ALLOW, ref, reason);
        }

        private static Decision implicit(String reason) {
            return new Decision(Decision.Outcome.IMPLICIT_DENY, null, reason);
        }
    }
}
