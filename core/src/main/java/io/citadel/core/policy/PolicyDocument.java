package io.citadel.core.policy;

import java.util.List;
import java.util.Objects;

/**
 * A parsed, validated and compiled IAM policy document, immutable and safe to share between
 * threads. Compile once (when the policy is stored or loaded) and evaluate many times.
 */
public final class PolicyDocument {

    /** The current policy language version: policy variables are substituted. */
    public static final String VERSION_2012_10_17 = "2012-10-17";
    /** The old version, also implied when Version is absent: variables are plain text. */
    public static final String VERSION_2008_10_17 = "2008-10-17";

    private final String version;
    private final String id;
    private final PolicyKind kind;
    private final List<Statement> statements;
    private final String name;

    PolicyDocument(String version, String id, PolicyKind kind, List<Statement> statements, String name) {
        this.version = version;
        this.id = id;
        this.kind = kind;
        this.statements = List.copyOf(statements);
        this.name = name;
    }

    /** Parses with grammar checks only ({@link PolicyKind#ANY}). */
    public static PolicyDocument parse(String json) {
        return parse(json, PolicyKind.ANY);
    }

    /**
     * Parses and validates {@code json} for use as {@code kind}.
     *
     * @throws MalformedPolicyException naming the offending element and value
     */
    public static PolicyDocument parse(String json, PolicyKind kind) {
        return PolicyParser.parse(Objects.requireNonNull(json, "json"), Objects.requireNonNull(kind, "kind"));
    }

    /** This document labelled {@code name} (a policy ARN or name) for {@link Decision} reporting. */
    public PolicyDocument named(String name) {
        return new PolicyDocument(version, id, kind, statements, name);
    }

    /** The Version element, or null when absent (which means 2008-10-17 semantics). */
    public String version() {
        return version;
    }

    /** Whether policy variables are substituted (Version 2012-10-17). */
    public boolean substitutesVariables() {
        return VERSION_2012_10_17.equals(version);
    }

    /** The Id element, or null. */
    public String id() {
        return id;
    }

    public PolicyKind kind() {
        return kind;
    }

    public List<Statement> statements() {
        return statements;
    }

    /** The label given by {@link #named}, or null. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "PolicyDocument[" + (name == null ? "" : name + ", ") + kind + ", " + statements.size() + " statements]";
    }
}
