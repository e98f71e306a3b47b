package io.citadel.parameters.api;

import io.citadel.core.RequestContext;
import io.citadel.parameters.ParameterNames;
import io.citadel.parameters.ParameterPolicy;
import io.citadel.parameters.ParameterReads;
import io.citadel.parameters.ParameterType;
import io.citadel.parameters.ParameterVersion;
import io.citadel.parameters.ServiceSettings;
import io.citadel.parameters.StoredParameter;
import java.util.List;

/** Domain records to AWS shapes. */
final class ParameterViews {

    private ParameterViews() {
    }

    static Parameter parameter(ParameterReads.Resolved r) {
        ParameterVersion v = r.version();
        return new Parameter(v.name(), v.type().wire(), r.value(), v.version(), r.selector(), r.sourceResult(), v.lastModifiedDate(), r.arn(),
                v.dataType());
    }

    static ParameterHistory history(ParameterReads.Resolved r) {
        ParameterVersion v = r.version();
        return new ParameterHistory(v.name(), v.type().wire(), v.keyId(), v.lastModifiedDate(), v.lastModifiedUser(), v.description(),
                r.value(), v.allowedPattern(), v.version(), v.labels(), v.tier().wire(), policies(v.policies()), v.dataType());
    }

    static ParameterMetadata metadata(RequestContext ctx, StoredParameter p) {
        return new ParameterMetadata(p.name(), ParameterNames.arn(ctx.region(), ctx.principal().accountId(), p.name()), p.type().wire(),
                p.type() == ParameterType.SECURE_STRING ? p.keyId() : null, p.lastModifiedDate(), p.lastModifiedUser(), p.description(),
                p.allowedPattern(), p.version(), p.tier().wire(), policies(p.policies()), p.dataType());
    }

    /** Pending until a policy acted; a notification that was sent is Finished (an Expiration that acted deleted the parameter). */
    static List<ParameterInlinePolicy> policies(List<ParameterPolicy> policies) {
        return policies.stream().map(p -> new ParameterInlinePolicy(p.text(), p.type().name(), p.status())).toList();
    }

    static ServiceSetting setting(ServiceSettings.Setting s) {
        return new ServiceSetting(s.id(), s.value(), s.lastModifiedDate(), s.lastModifiedUser(), s.arn(), s.status());
    }
}
