package io.citadel.core.policy;

import java.util.List;

/**
 * One compiled statement of a {@link PolicyDocument}: effect, action and resource patterns, the
 * principal element and the conditions, all pre-parsed so that matching a request allocates nothing
 * unless policy variables must be substituted.
 */
public final class Statement {

    private final int index;
    private final String sid;
    private final Effect effect;
    private final Glob[] actions;
    private final boolean notAction;
    private final Template[] resources;
    private final Glob[] resourceGlobs;
    private final boolean notResource;
    private final PrincipalSpec principal;
    private final boolean notPrincipal;
    private final Condition[] conditions;

    Statement(int index, String sid, Effect effect, List<String> actions, boolean notAction,
              List<Template> resources, boolean notResource, PrincipalSpec principal, boolean notPrincipal,
              List<Condition> conditions) {
        this.index = index;
        this.sid = sid;
        this.effect = effect;
        this.actions = actions.stream().map(a -> Glob.compile(a.toLowerCase(java.util.Locale.ROOT), false))
                .toArray(Glob[]::new);
        this.notAction = notAction;
        this.resources = resources == null ? null : resources.toArray(Template[]::new);
        this.resourceGlobs = resources == null ? null : resources.stream()
                .map(t -> t.isConstant() ? t.resolveGlob(null, false) : null).toArray(Glob[]::new);
        this.notResource = notResource;
        this.principal = principal;
        this.notPrincipal = notPrincipal;
        this.conditions = conditions.toArray(Condition[]::new);
    }

    /** Position in the document's Statement list, from 0. */
    public int index() {
        return index;
    }

    /** The Sid, or null. */
    public String sid() {
        return sid;
    }

    public Effect effect() {
        return effect;
    }

    boolean hasPrincipal() {
        return principal != null;
    }

    boolean isNotPrincipal() {
        return notPrincipal;
    }

    PrincipalSpec principal() {
        return principal;
    }

    /** Whether Action/NotAction, Resource/NotResource and every condition match. */
    boolean appliesTo(AuthorizationRequest request) {
        return actionMatches(request.action()) && resourceMatches(request)
                && conditionsMatch(request.context());
    }

    private boolean actionMatches(String lowerAction) {
        boolean any = false;
        for (Glob g : actions) {
            if (g.matches(lowerAction)) {
                any = true;
                break;
            }
        }
        return any != notAction;
    }

    private boolean resourceMatches(AuthorizationRequest request) {
        if (resources == null) {
            return true;
        }
        String resource = request.resource();
        boolean any = false;
        for (int i = 0; i < resources.length; i++) {
            Glob g = resourceGlobs[i];
            if (g == null) {
                g = resources[i].resolveGlob(request.context(), false);
            }
            if (g != null && g.matches(resource)) {
                any = true;
                break;
            }
        }
        return any != notResource;
    }

    private boolean conditionsMatch(ConditionContext ctx) {
        for (Condition c : conditions) {
            if (!c.matches(ctx)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Statement[" + index + "]" + (sid == null ? "" : "(" + sid + ")") + " " + effect;
    }
}
