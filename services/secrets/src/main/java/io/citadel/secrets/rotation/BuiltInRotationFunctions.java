package io.citadel.secrets.rotation;

import io.citadel.secrets.rotation.DatabaseRotator.Strategy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a secret's RotationLambdaARN ({@code arn:aws:lambda:<region>:<account>:function:<name>},
 * optionally with a version or alias qualifier, which is ignored) in the secret's own account and
 * region: the name of one of AWS's RDS rotation templates is a built-in {@link DatabaseRotator}, any
 * other name a webhook registered in {@link WebhookRegistry}.
 */
public final class BuiltInRotationFunctions implements RotationFunctionResolver {

    private static final Pattern LAMBDA_ARN =
            Pattern.compile("arn:aws:lambda:([a-z0-9-]+):([0-9]{12}):function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9$_-]{1,128})?");

    private static final Map<String, DatabaseRotator> BUILT_INS = builtIns(DatabaseRotator.DEFAULT_TIMEOUT);

    private final WebhookRegistry webhooks;
    private final HttpClient http;
    private final InstantSource clock;
    private final WebhookRotationFunction.Settings webhookSettings;
    private final WebhookRotationFunction.Backoff backoff;

    public BuiltInRotationFunctions(WebhookRegistry webhooks, InstantSource clock) {
        this(webhooks, WebhookRotationFunction.defaultClient(), clock, WebhookRotationFunction.Settings.defaults(),
                WebhookRotationFunction.Backoff.SLEEP);
    }

    public BuiltInRotationFunctions(WebhookRegistry webhooks, HttpClient http, InstantSource clock,
            WebhookRotationFunction.Settings webhookSettings, WebhookRotationFunction.Backoff backoff) {
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.webhookSettings = Objects.requireNonNull(webhookSettings, "webhookSettings");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** The template names, in a stable order. */
    public static Set<String> builtInNames() {
        return BUILT_INS.keySet();
    }

    public static boolean isBuiltIn(String functionName) {
        return BUILT_INS.containsKey(functionName);
    }

    /** The built-in rotator of that template name. */
    public static Optional<DatabaseRotator> builtIn(String functionName) {
        return Optional.ofNullable(BUILT_INS.get(functionName));
    }

    static String functionArn(String account, String region, String name) {
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
    }

    @Override
    public Optional<RotationFunction> find(String account, String region, String rotationLambdaArn) {
        if (account == null || region == null || rotationLambdaArn == null) {
            return Optional.empty();
        }
        Matcher m = LAMBDA_ARN.matcher(rotationLambdaArn);
        if (!m.matches() || !m.group(1).equals(region) || !m.group(2).equals(account)) {
            return Optional.empty();
        }
        String name = m.group(3);
        DatabaseRotator builtIn = BUILT_INS.get(name);
        if (builtIn != null) {
            return Optional.of(builtIn);
        }
        return webhooks.find(account, region, name).map(stored -> new WebhookRotationFunction(functionArn(account, region, name),
                URI.create(stored.url()), stored.signingKey(), http, clock, webhookSettings, backoff));
    }

    static Map<String, DatabaseRotator> builtIns(Duration timeout) {
        Map<String, DatabaseRotator> m = new LinkedHashMap<>();
        DatabaseRotationDialect postgres = new PostgresRotationDialect();
        DatabaseRotationDialect mysql = new MySqlRotationDialect(MySqlRotationDialect.Flavor.MYSQL);
        DatabaseRotationDialect mariadb = new MySqlRotationDialect(MySqlRotationDialect.Flavor.MARIADB);
        for (var e : Map.of("PostgreSQL", postgres, "MySQL", mysql, "MariaDB", mariadb).entrySet()) {
            String single = "SecretsManagerRDS" + e.getKey() + "RotationSingleUser";
            String multi = "SecretsManagerRDS" + e.getKey() + "RotationMultiUser";
            m.put(single, new DatabaseRotator(single, e.getValue(), Strategy.SINGLE_USER, timeout));
            m.put(multi, new DatabaseRotator(multi, e.getValue(), Strategy.ALTERNATING_USERS, timeout));
        }
        return Map.copyOf(m);
    }
}
