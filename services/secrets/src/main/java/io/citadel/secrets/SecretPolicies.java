package io.citadel.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.core.RequestContext;
import io.citadel.core.policy.MalformedPolicyException;
import io.citadel.core.policy.PolicyDocument;
import io.citadel.core.policy.PolicyKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy and ValidateResourcePolicy. A policy
 * is public when an Allow statement names every principal ({@code "*"} or {@code {"AWS": "*"}})
 * without a condition that pins the caller's account, organisation, source or VPC, the test AWS's
 * BlockPublicPolicy applies (documented in docs/secrets.md). The policy engine enforces stored
 * policies on every operation (see {@link SecretEnvironment#require}).
 */
public final class SecretPolicies {

    static final int MAX_POLICY_CHARS = 20_480;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Condition keys that keep an "everyone" statement from being public. */
    private static final Set<String> PINNING_KEYS = Set.of("aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:principalaccount",
            "aws:principalorgid", "aws:principalorgpaths", "aws:principalarn", "aws:userid", "aws:sourcevpc", "aws:sourcevpce",
            "aws:sourceip", "aws:sourceorgid", "aws:sourceorgpaths", "kms:calleraccount", "secretsmanager:resource/allowrotationlambdaarn");

    private final SecretEnvironment env;
    private final SecretReplication replication;

    SecretPolicies(SecretEnvironment env, SecretReplication replication) {
        this.env = env;
        this.replication = replication;
    }

    public record Validation(boolean passed, List<Problem> problems) {
    }

    /** One ValidationErrorsEntry: a check's name and what it found. */
    public record Problem(String checkName, String message) {
    }

    public Policy put(RequestContext ctx, String secretId, String policy, boolean blockPublicPolicy) {
        StoredSecret secret = env.find(ctx, secretId);
        env.require(ctx, "PutResourcePolicy", secret, request -> request.put("secretsmanager:BlockPublicPolicy",
                Boolean.toString(blockPublicPolicy)));
        SecretWrites.requireWritable(secret);
        SecretWrites.requireNotDeleted(secret);
        parse(policy);
        if (blockPublicPolicy && isPublic(policy)) {
            throw SecretErrors.error(SecretErrors.PUBLIC_POLICY, "The BlockPublicPolicy parameter is set to true, and the resource "
                    + "policy did not prevent broad access to the secret.");
        }
        write(secret, policy);
        return new Policy(secret.arn(), secret.name(), policy);
    }

    public record Policy(String arn, String name, String policy) {
    }

    public Policy get(RequestContext ctx, String secretId) {
        StoredSecret secret = env.find(ctx, secretId);
        env.require(ctx, "GetResourcePolicy", secret, null);
        return new Policy(secret.arn(), secret.name(), secret.policy());
    }

    public Policy delete(RequestContext ctx, String secretId) {
        StoredSecret secret = env.find(ctx, secretId);
        env.require(ctx, "DeleteResourcePolicy", secret, null);
        SecretWrites.requireWritable(secret);
        write(secret, null);
        return new Policy(secret.arn(), secret.name(), null);
    }

    private void write(StoredSecret seen, String policy) {
        env.storage.transaction(tx -> {
            StoredSecret fresh = SecretRepository.head(tx, seen.account(), seen.region(), seen.name())
                    .filter(s -> s.arn().equals(seen.arn())).orElseThrow(SecretErrors::notFound);
            StoredSecret.Builder b = fresh.edit().changed(env.now());
            b.policy = policy;
            StoredSecret updated = b.build();
            SecretRepository.putHead(tx, updated);
            replication.mirror(tx, updated, Map.of(), List.of());
            return null;
        });
    }

    /** ValidateResourcePolicy: the policy's syntax and, as AWS's check does, whether it grants broad (public) access. */
    public Validation validate(RequestContext ctx, String secretIdOrNull, String policy) {
        if (secretIdOrNull != null) {
            StoredSecret secret = env.find(ctx, secretIdOrNull);
            env.require(ctx, "ValidateResourcePolicy", secret, null);
        } else {
            env.requireWithoutSecret(ctx, "ValidateResourcePolicy", "*", null);
        }
        List<Problem> problems = new ArrayList<>();
        try {
            parse(policy);
            if (isPublic(policy)) {
                problems.add(new Problem("BROAD_ACCESS", "The resource policy grants broad access to the secret: an Allow statement "
                        + "names every principal without a condition that limits it to an account, organization, source or network."));
            }
        } catch (io.citadel.core.ServiceException e) {
            problems.add(new Problem("JSON_VALIDATION", e.getMessage()));
        }
        return new Validation(problems.isEmpty(), problems);
    }

    static PolicyDocument parse(String policy) {
        if (policy == null || policy.isEmpty() || policy.length() > MAX_POLICY_CHARS) {
            throw SecretErrors.error(SecretErrors.MALFORMED_POLICY, "ResourcePolicy: length " + (policy == null ? 0 : policy.length())
                    + " (expected: 1.." + MAX_POLICY_CHARS + ")");
        }
        try {
            return PolicyDocument.parse(policy, PolicyKind.RESOURCE);
        } catch (MalformedPolicyException e) {
            throw SecretErrors.error(SecretErrors.MALFORMED_POLICY, "This resource policy contains a syntax error: " + e.getMessage());
        }
    }

    static boolean isPublic(String policy) {
        JsonNode root;
        try {
            root = JSON.readTree(policy);
        } catch (java.io.IOException e) {
            return false;
        }
        JsonNode statements = root.path("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(list::add);
        } else if (statements.isObject()) {
            list.add(statements);
        }
        for (JsonNode st : list) {
            if (!"Allow".equals(st.path("Effect").asText()) || !namesEveryone(st.path("Principal"))) {
                continue;
            }
            if (!pinned(st.path("Condition"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean namesEveryone(JsonNode principal) {
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        JsonNode aws = principal.path("AWS");
        if (aws.isTextual()) {
            return aws.asText().equals("*");
        }
        if (aws.isArray()) {
            for (JsonNode a : aws) {
                if (a.asText().equals("*")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean pinned(JsonNode condition) {
        if (!condition.isObject()) {
            return false;
        }
        for (var op = condition.fields(); op.hasNext(); ) {
            var entry = op.next();
            String operator = entry.getKey().toLowerCase(java.util.Locale.ROOT);
            if (operator.contains("ifexists") || operator.startsWith("stringnot") || operator.startsWith("arnnot")
                    || operator.equals("null")) {
                continue;
            }
            for (var keys = entry.getValue().fields(); keys.hasNext(); ) {
                var key = keys.next();
                boolean wildcard = key.getValue().isTextual() ? key.getValue().asText().equals("*")
                        : key.getValue().isArray() && java.util.stream.StreamSupport.stream(key.getValue().spliterator(), false)
                        .anyMatch(v -> v.asText().equals("*"));
                if (PINNING_KEYS.contains(key.getKey().toLowerCase(java.util.Locale.ROOT)) && !wildcard) {
                    return true;
                }
            }
        }
        return false;
    }
}
