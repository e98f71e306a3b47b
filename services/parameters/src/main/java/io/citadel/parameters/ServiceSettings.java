package io.citadel.parameters;

import io.citadel.core.RequestContext;
import io.citadel.core.json.StoredJson;
import java.time.Instant;
import java.util.Map;

/**
 * GetServiceSetting / UpdateServiceSetting / ResetServiceSetting for Parameter Store's two settings,
 * per account and region: the default tier of new parameters and high-throughput-enabled (which
 * read rate {@link ReadThrottle} applies).
 */
public final class ServiceSettings {

    public static final String DEFAULT_TIER = "/ssm/parameter-store/default-parameter-tier";
    public static final String HIGH_THROUGHPUT = "/ssm/parameter-store/high-throughput-enabled";
    private static final Map<String, String> DEFAULTS = Map.of(DEFAULT_TIER, "Standard", HIGH_THROUGHPUT, "false");

    private final ParameterEnvironment env;

    ServiceSettings(ParameterEnvironment env) {
        this.env = env;
    }

    /** A setting's value; {@code status} is AWS's Default or Customized, {@code lastModifiedUser} "System" for a default. */
    public record Setting(String id, String arn, String value, Instant lastModifiedDate, String lastModifiedUser, String status) {
    }

    record Stored(String value, Instant lastModifiedDate, String lastModifiedUser) {
    }

    public Setting get(RequestContext ctx, String settingId) {
        String id = id(ctx, settingId);
        String arn = arn(ctx, id);
        env.require(ctx, "GetServiceSetting", arn);
        return read(ctx, id);
    }

    public void update(RequestContext ctx, String settingId, String value) {
        String id = id(ctx, settingId);
        env.require(ctx, "UpdateServiceSetting", arn(ctx, id));
        boolean ok = id.equals(DEFAULT_TIER) ? value.equals("Standard") || value.equals("Advanced") || value.equals("Intelligent-Tiering")
                : value.equals("true") || value.equals("false");
        if (!ok) {
            throw ParameterErrors.validation("SettingValue: " + value + " (expected: " + (id.equals(DEFAULT_TIER)
                    ? "Standard, Advanced or Intelligent-Tiering" : "true or false") + ")");
        }
        Stored stored = new Stored(value, env.clock.instant(), ctx.principal().arn());
        env.storage.transaction(tx -> {
            tx.put(key(ctx, id), StoredJson.write(stored));
            return null;
        });
    }

    public Setting reset(RequestContext ctx, String settingId) {
        String id = id(ctx, settingId);
        env.require(ctx, "ResetServiceSetting", arn(ctx, id));
        env.storage.transaction(tx -> tx.delete(key(ctx, id)));
        return read(ctx, id);
    }

    boolean highThroughput(RequestContext ctx) {
        return Boolean.parseBoolean(read(ctx, HIGH_THROUGHPUT).value());
    }

    ParameterTier defaultTier(RequestContext ctx) {
        return ParameterTier.parse(read(ctx, DEFAULT_TIER).value());
    }

    private Setting read(RequestContext ctx, String id) {
        return env.storage.transaction(tx -> tx.get(key(ctx, id))).map(b -> StoredJson.read(b, Stored.class))
                .map(s -> new Setting(id, arn(ctx, id), s.value(), s.lastModifiedDate(), s.lastModifiedUser(), "Customized"))
                .orElseGet(() -> new Setting(id, arn(ctx, id), DEFAULTS.get(id), Instant.EPOCH, "System", "Default"));
    }

    private static String id(RequestContext ctx, String settingId) {
        String prefix = "arn:aws:ssm:" + ctx.region() + ":" + ParameterEnvironment.account(ctx) + ":servicesetting";
        String id = settingId != null && settingId.startsWith(prefix) ? settingId.substring(prefix.length()) : settingId;
        if (!DEFAULTS.containsKey(id)) {
            throw ParameterErrors.error(ParameterErrors.SETTING_NOT_FOUND, "SettingId: " + settingId
                    + " (Citadel supports " + DEFAULT_TIER + " and " + HIGH_THROUGHPUT + ")");
        }
        return id;
    }

    private static String arn(RequestContext ctx, String id) {
        return "arn:aws:ssm:" + ctx.region() + ":" + ParameterEnvironment.account(ctx) + ":servicesetting" + id;
    }

    private static String key(RequestContext ctx, String id) {
        return ParameterRepository.base(ParameterEnvironment.account(ctx), ctx.region()) + "setting" + id;
    }
}
