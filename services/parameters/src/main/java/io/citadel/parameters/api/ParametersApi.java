package io.citadel.parameters.api;

import io.citadel.core.ServiceException;
import io.citadel.parameters.ParameterErrors;
import io.citadel.parameters.ParameterFilter;
import io.citadel.parameters.ParameterReads;
import io.citadel.parameters.ParameterTags;
import io.citadel.parameters.ParameterWrites;
import io.citadel.parameters.Parameters;
import io.citadel.parameters.ServiceSettings;
import io.citadel.protocol.Operation;
import io.citadel.protocol.ServiceApi;
import io.citadel.protocol.WireProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Parameter Store operation table (json 1.1, target prefix AmazonSSM, signing name ssm). Every
 * other operation of the SSM model answers SSM's own UnsupportedOperationException (HTTP 400).
 */
public final class ParametersApi {

    public static final WireProtocol.Json PROTOCOL = new WireProtocol.Json("AmazonSSM", "1.1");

    private ParametersApi() {
    }

    public static ServiceApi create(Parameters parameters) {
        List<Operation<?, ?>> ops = new ArrayList<>();
        ParameterWrites writes = parameters.writes();
        ParameterReads reads = parameters.reads();
        ParameterTags tags = parameters.tags();
        ServiceSettings settings = parameters.settings();

        ops.add(new Operation<>("PutParameter", PutParameterRequest.class, false, (ctx, r) -> {
            var out = writes.put(ctx, new ParameterWrites.PutInput(r.name(), r.description(), r.value(), r.type(), r.keyId(),
                    isTrue(r.overwrite()), r.allowedPattern(), tagsIn(r.tags()), r.tier(), r.policies(), r.dataType()));
            return new PutParameterResult(out.version(), out.tier().wire());
        }));
        ops.add(new Operation<>("GetParameter", GetParameterRequest.class,
                (ctx, r) -> new GetParameterResult(ParameterViews.parameter(reads.get(ctx, r.name(), isTrue(r.withDecryption()))))));
        ops.add(new Operation<>("GetParameters", GetParametersRequest.class, (ctx, r) -> {
            var out = reads.getMany(ctx, r.names(), isTrue(r.withDecryption()));
            return new GetParametersResult(out.parameters().stream().map(ParameterViews::parameter).toList(), out.invalid());
        }));
        ops.add(new Operation<>("GetParametersByPath", GetParametersByPathRequest.class, (ctx, r) -> {
            var page = reads.byPath(ctx, r.path(), isTrue(r.recursive()), filters(r.parameterFilters()), isTrue(r.withDecryption()),
                    r.maxResults(), r.nextToken());
            return new GetParametersByPathResult(page.items().stream().map(ParameterViews::parameter).toList(), page.nextToken());
        }));
        ops.add(new Operation<>("DeleteParameter", DeleteParameterRequest.class, false, (ctx, r) -> {
            writes.delete(ctx, r.name());
            return new DeleteParameterResult();
        }));
        ops.add(new Operation<>("DeleteParameters", DeleteParametersRequest.class, false, (ctx, r) -> {
            var out = writes.deleteMany(ctx, r.names());
            return new DeleteParametersResult(out.deleted(), out.invalid());
        }));
        ops.add(new Operation<>("DescribeParameters", DescribeParametersRequest.class, (ctx, r) -> {
            if (r.filters() != null && r.parameterFilters() != null) {
                throw ServiceException.validation("You can use either Filters or ParameterFilters in a single request.");
            }
            if (Boolean.TRUE.equals(r.shared())) {
                throw new ServiceException(ParameterErrors.UNSUPPORTED, "Shared: parameters shared through AWS RAM are not supported");
            }
            List<ParameterFilter> filters = r.filters() != null
                    ? r.filters().stream().map(f -> new ParameterFilter(f.key(), "Equals", f.values())).toList()
                    : filters(r.parameterFilters());
            var page = reads.describe(ctx, filters, r.maxResults(), r.nextToken());
            return new DescribeParametersResult(page.items().stream().map(p -> ParameterViews.metadata(ctx, p)).toList(), page.nextToken());
        }));
        ops.add(new Operation<>("GetParameterHistory", GetParameterHistoryRequest.class, (ctx, r) -> {
            var page = reads.history(ctx, r.name(), isTrue(r.withDecryption()), r.maxResults(), r.nextToken());
            return new GetParameterHistoryResult(page.items().stream().map(ParameterViews::history).toList(), page.nextToken());
        }));
        ops.add(new Operation<>("LabelParameterVersion", LabelParameterVersionRequest.class, false, (ctx, r) -> {
            var out = writes.label(ctx, r.name(), r.parameterVersion(), r.labels());
            return new LabelParameterVersionResult(out.invalidLabels(), out.version());
        }));
        ops.add(new Operation<>("UnlabelParameterVersion", UnlabelParameterVersionRequest.class, false, (ctx, r) -> {
            var out = writes.unlabel(ctx, r.name(), r.parameterVersion(), r.labels());
            return new UnlabelParameterVersionResult(out.removed(), out.invalid());
        }));
        ops.add(new Operation<>("AddTagsToResource", AddTagsToResourceRequest.class, false, (ctx, r) -> {
            tags.add(ctx, r.resourceType(), r.resourceId(), tagsIn(r.tags()));
            return new AddTagsToResourceResult();
        }));
        ops.add(new Operation<>("RemoveTagsFromResource", RemoveTagsFromResourceRequest.class, false, (ctx, r) -> {
            tags.remove(ctx, r.resourceType(), r.resourceId(), r.tagKeys());
            return new RemoveTagsFromResourceResult();
        }));
        ops.add(new Operation<>("ListTagsForResource", ListTagsForResourceRequest.class, (ctx, r) -> new ListTagsForResourceResult(
                tags.list(ctx, r.resourceType(), r.resourceId()).entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList())));
        ops.add(new Operation<>("GetServiceSetting", GetServiceSettingRequest.class,
                (ctx, r) -> new GetServiceSettingResult(ParameterViews.setting(settings.get(ctx, r.settingId())))));
        ops.add(new Operation<>("UpdateServiceSetting", UpdateServiceSettingRequest.class, false, (ctx, r) -> {
            settings.update(ctx, r.settingId(), r.settingValue());
            return new UpdateServiceSettingResult();
        }));
        ops.add(new Operation<>("ResetServiceSetting", ResetServiceSettingRequest.class, false,
                (ctx, r) -> new ResetServiceSettingResult(ParameterViews.setting(settings.reset(ctx, r.settingId())))));

        for (String name : OutsideParameterStore.OPERATIONS) {
            ops.add(new Operation<>(name, EmptyInput.class, name.startsWith("Describe") || name.startsWith("Get") || name.startsWith("List"),
                    (ctx, r) -> {
                        throw new ServiceException(ParameterErrors.UNSUPPORTED, name + ": Citadel implements the Parameter Store "
                                + "operations of Systems Manager only");
                    }));
        }
        return ServiceApi.of("ssm", PROTOCOL, ops);
    }

    /** The input of an operation Citadel refuses whatever its members. */
    record EmptyInput() {
    }

    static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    static Map<String, String> tagsIn(List<Tag> tags) {
        if (tags == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Tag t : tags) {
            out.put(t.key(), t.value());
        }
        return out;
    }

    static List<ParameterFilter> filters(List<ParameterStringFilter> in) {
        return in == null ? null : in.stream().map(f -> new ParameterFilter(f.key(), f.option(), f.values())).toList();
    }
}
