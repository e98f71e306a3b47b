package io.citadel.parameters;

import io.citadel.core.RequestContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** AddTagsToResource, RemoveTagsFromResource and ListTagsForResource for ResourceType Parameter. */
public final class ParameterTags {

    private final ParameterEnvironment env;

    ParameterTags(ParameterEnvironment env) {
        this.env = env;
    }

    public void add(RequestContext ctx, String resourceType, String resourceId, Map<String, String> tags) {
        for (String key : tags.keySet()) {
            if (key.regionMatches(true, 0, "aws:", 0, 4)) {
                throw ParameterErrors.error(ParameterErrors.INVALID_TAG, "Tag key: " + key + " (the aws: prefix is reserved)");
            }
        }
        update(ctx, "AddTagsToResource", resourceType, resourceId, current -> {
            Map<String, String> next = new TreeMap<>(current);
            next.putAll(tags);
            checkCount(next.size(), env.limits.tags());
            return next;
        });
    }

    public void remove(RequestContext ctx, String resourceType, String resourceId, List<String> keys) {
        update(ctx, "RemoveTagsFromResource", resourceType, resourceId, current -> {
            Map<String, String> next = new TreeMap<>(current);
            keys.forEach(next::remove);
            return next;
        });
    }

    public Map<String, String> list(RequestContext ctx, String resourceType, String resourceId) {
        String name = resource(resourceType, resourceId);
        env.require(ctx, "ListTagsForResource", env.arn(ctx, name));
        return env.storage.transaction(tx -> ParameterRepository.head(tx, ParameterEnvironment.account(ctx), ctx.region(), name))
                .orElseThrow(() -> invalidId(resourceId)).tags();
    }

    private void update(RequestContext ctx, String operation, String resourceType, String resourceId,
                        java.util.function.UnaryOperator<Map<String, String>> change) {
        String name = resource(resourceType, resourceId);
        env.require(ctx, operation, env.arn(ctx, name));
        String account = ParameterEnvironment.account(ctx);
        env.storage.transaction(tx -> {
            StoredParameter p = ParameterRepository.head(tx, account, ctx.region(), name).orElseThrow(() -> invalidId(resourceId));
            ParameterRepository.putHead(tx, account, ctx.region(), p.withTags(change.apply(p.tags())));
            return null;
        });
    }

    private static String resource(String resourceType, String resourceId) {
        if (!"Parameter".equals(resourceType)) {
            throw ParameterErrors.error(ParameterErrors.INVALID_RESOURCE_TYPE, "ResourceType: " + resourceType
                    + " (Citadel's Systems Manager supports Parameter only)");
        }
        try {
            return ParameterNames.checkName(resourceId);
        } catch (io.citadel.core.ServiceException e) {
            throw invalidId(resourceId);
        }
    }

    private static RuntimeException invalidId(String resourceId) {
        return ParameterErrors.error(ParameterErrors.INVALID_RESOURCE_ID, "The resource ID \"" + resourceId + "\" is not valid. "
                + "Verify the ID and try again.");
    }

    static void checkCount(int count, int limit) {
        if (count > limit) {
            throw ParameterErrors.error(ParameterErrors.TOO_MANY_TAGS, "A parameter can have at most " + limit + " tags: " + count);
        }
    }
}
