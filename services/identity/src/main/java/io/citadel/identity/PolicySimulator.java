package io.citadel.identity;

import io.citadel.core.policy.AuthorizationRequest;
import io.citadel.core.policy.Decision;
import io.citadel.core.policy.PolicyDocument;
import io.citadel.core.policy.PolicyEvaluator;
import io.citadel.core.policy.PolicyKind;
import io.citadel.core.policy.PolicySet;
import io.citadel.core.policy.RequestPrincipal;
import io.citadel.core.policy.StatementRef;
import io.citadel.storage.Storage;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SimulatePrincipalPolicy and SimulateCustomPolicy: evaluates each action against each resource
 * with core's policy engine and reports the decision and the statement that decided it.
 */
public final class PolicySimulator {

    /** One simulation request, the members shared by both Simulate operations. */
    public record Simulation(List<String> policyInputList, List<String> permissionsBoundaryPolicyInputList,
                             List<String> actionNames, List<String> resourceArns, String resourcePolicy,
                             String resourceOwner, String callerArn, Map<String, List<String>> contextEntries) {
    }

    /** The statement that decided a result. */
    public record MatchedStatement(String sourcePolicyId, String sourcePolicyType) {
    }

    /** One action on one resource; {@code decision} is allowed, explicitDeny or implicitDeny. */
    public record Result(String actionName, String resourceName, String decision, List<MatchedStatement> matchedStatements) {
    }

    private final Storage storage;
    private final InstantSource clock;

    PolicySimulator(Storage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** SimulatePrincipalPolicy: the policies of the user, group or role named by {@code policySourceArn}. */
    public List<Result> simulatePrincipal(String accountId, String policySourceArn, Simulation in) {
        Source source = storage.transaction(tx -> {
            String prefix = "arn:aws:iam::" + accountId + ":";
            if (policySourceArn == null || !policySourceArn.startsWith(prefix)) {
                throw IdentityErrors.invalidInput("Invalid ARN: " + policySourceArn);
            }
            String resource = policySourceArn.substring(prefix.length());
            String name = resource.substring(resource.lastIndexOf('/') + 1);
            if (resource.startsWith("user/")) {
                User u = IamStore.requireUser(tx, accountId, name);
                return new Source(RequestPrincipal.user(accountId, u.path(), u.name(), u.userId(), Tag.asMap(u.tags())),
                        PrincipalPolicyResolver.identityPolicies(tx, accountId, EntityKind.USER, u.name()),
                        PrincipalPolicyResolver.boundaryOf(tx, accountId, EntityKind.USER, u.name()));
            }
            if (resource.startsWith("group/")) {
                Group g = IamStore.requireGroup(tx, accountId, name);
                return new Source(simulatedUser(accountId),
                        PrincipalPolicyResolver.identityPolicies(tx, accountId, EntityKind.GROUP, g.name()), null);
            }
            if (resource.startsWith("role/")) {
                Role r = IamStore.requireRole(tx, accountId, name);
                return new Source(RequestPrincipal.assumedRole(accountId, r.path(), r.name(), r.roleId(), "simulation",
                        Tag.asMap(r.tags())),
                        PrincipalPolicyResolver.identityPolicies(tx, accountId, EntityKind.ROLE, r.name()),
                        PrincipalPolicyResolver.boundaryOf(tx, accountId, EntityKind.ROLE, r.name()));
            }
            throw IdentityErrors.invalidInput("Invalid ARN: " + policySourceArn + " (expected: a user, group or role)");
        });
        return simulate(accountId, source, in);
    }

    /** SimulateCustomPolicy: only the policies passed in. */
    public List<Result> simulateCustom(String accountId, Simulation in) {
        if (in.policyInputList() == null || in.policyInputList().isEmpty()) {
            throw IdentityErrors.validation("1 validation error detected: Value null at 'policyInputList' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        return simulate(accountId, new Source(simulatedUser(accountId), List.of(), null), in);
    }

    private record Source(RequestPrincipal principal, List<PrincipalPolicyResolver.Sourced> policies,
                          PolicyDocument boundary) {
    }

    private static RequestPrincipal simulatedUser(String accountId) {
        return RequestPrincipal.user(accountId, "/", "SimulatedUser", "AIDASIMULATEDUSER0000", Map.of());
    }

    private List<Result> simulate(String accountId, Source source, Simulation in) {
        if (in.actionNames() == null || in.actionNames().isEmpty()) {
            throw IdentityErrors.validation("1 validation error detected: Value null at 'actionNames' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        List<PrincipalPolicyResolver.Sourced> policies = new ArrayList<>(source.policies());
        List<String> inputs = in.policyInputList() == null ? List.of() : in.policyInputList();
        for (int i = 0; i < inputs.size(); i++) {
            String id = "PolicyInputList." + (i + 1);
            policies.add(new PrincipalPolicyResolver.Sourced(id, "IAM Policy",
                    PolicyDocuments.parse(inputs.get(i), PolicyDocuments.Use.IDENTITY).named(id)));
        }
        PolicyDocument boundary = source.boundary();
        List<String> boundaries = in.permissionsBoundaryPolicyInputList();
        if (boundaries != null && !boundaries.isEmpty()) {
            boundary = PolicyDocuments.parse(boundaries.get(0), PolicyDocuments.Use.IDENTITY)
                    .named("PermissionsBoundaryPolicyInputList.1");
        }
        PolicySet.Builder set = PolicySet.builder().identity(policies.stream().map(PrincipalPolicyResolver.Sourced::document).toList());
        if (boundary != null) {
            set.permissionsBoundary(boundary);
        }
        if (in.resourcePolicy() != null) {
            PolicyDocument resourcePolicy;
            try {
                resourcePolicy = PolicyDocument.parse(in.resourcePolicy(), PolicyKind.RESOURCE).named("ResourcePolicy");
            } catch (io.citadel.core.policy.MalformedPolicyException e) {
                throw PolicyDocuments.malformed(e.getMessage());
            }
            set.resourcePolicy(resourcePolicy, ownerAccount(in.resourceOwner(), accountId));
        }
        PolicySet policySet = set.build();
        List<String> resources = in.resourceArns() == null || in.resourceArns().isEmpty() ? List.of("*") : in.resourceArns();
        List<Result> results = new ArrayList<>();
        for (String action : in.actionNames()) {
            for (String resource : resources) {
                AuthorizationRequest.Builder request = AuthorizationRequest.builder(action, resource, source.principal())
                        .currentTime(clock.instant());
                if (in.contextEntries() != null) {
                    in.contextEntries().forEach(request::put);
                }
                Decision decision = PolicyEvaluator.evaluate(request.build(), policySet);
                results.add(new Result(action, resource, decisionName(decision), matched(decision, policies)));
            }
        }
        return results;
    }

    private static String ownerAccount(String resourceOwner, String fallback) {
        if (resourceOwner == null) {
            return fallback;
        }
        String[] parts = resourceOwner.split(":");
        return parts.length >= 5 && !parts[4].isEmpty() ? parts[4] : fallback;
    }

    private static String decisionName(Decision decision) {
        return switch (decision.outcome()) {
            case ALLOW -> "allowed";
            case EXPLICIT_DENY -> "explicitDeny";
            case IMPLICIT_DENY -> "implicitDeny";
        };
    }

    private static List<MatchedStatement> matched(Decision decision, List<PrincipalPolicyResolver.Sourced> policies) {
        StatementRef ref = decision.decidedBy();
        if (ref == null) {
            return List.of();
        }
        return List.of(switch (ref.source()) {
            case IDENTITY -> ref.policyIndex() < policies.size()
                    ? new MatchedStatement(policies.get(ref.policyIndex()).sourceId(), policies.get(ref.policyIndex()).sourceType())
                    : new MatchedStatement(ref.policyName(), "none");
            case RESOURCE -> new MatchedStatement("ResourcePolicy", "resource");
            case PERMISSIONS_BOUNDARY -> new MatchedStatement(ref.policyName(), "none");
            case SESSION -> new MatchedStatement(ref.policyName(), "none");
        });
    }
}
