package io.citadel.app;

import io.citadel.audit.AuditSettings;
import io.citadel.audit.AuditTrail;
import io.citadel.audit.AuditVerifier;
import io.citadel.audit.LookupQuery;
import io.citadel.audit.StoredEvent;
import io.citadel.audit.VerificationResult;
import io.citadel.acm.ExpirationCheck;
import io.citadel.events.DeadLetter;
import io.citadel.events.DeliverySettings;
import io.citadel.events.Events;
import io.citadel.identity.AccessKey;
import io.citadel.identity.Account;
import io.citadel.identity.IdentityService;
import io.citadel.identity.PolicyAccess;
import io.citadel.identity.User;
import io.citadel.core.ServiceException;
import io.citadel.secrets.rotation.WebhookRegistry;
import io.citadel.storage.SealException;
import io.citadel.storage.StorageException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The {@code citadel} command: {@code start} runs a node, {@code admin ...} manages accounts, users,
 * access keys and the storage key directly in storage. Options come from {@link Setting}, built
 * with picocli's programmatic API so the list of settings is written once.
 */
public final class Main {

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    Main(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err, System.getenv()).run(args));
    }

    int run(String... args) {
        CommandLine cli = new CommandLine(rootSpec());
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println(e.getMessage());
            e.getCommandLine().usage(err);
            return 2;
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return 0;
        }
        if (!parsed.hasSubcommand()) {
            cli.usage(err);
            return 2;
        }
        ParseResult command = parsed.subcommand();
        try {
            return switch (command.commandSpec().name()) {
                case "start" -> start(config(command));
                case "admin" -> admin(command);
                case "audit" -> audit(command);
                default -> throw new IllegalStateException("unhandled command " + command.commandSpec().name());
            };
        } catch (Config.ConfigException | StorageException | SealException | ServiceException | IllegalArgumentException e) {
            err.println("citadel: " + e.getMessage());
            return 1;
        }
    }

    private int start(Config config) {
        Citadel node = Citadel.start(config, Clock.systemUTC(), out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Citadel stopping: finishing in-flight requests");
            node.close();
            stopped.countDown();
        }, "citadel-shutdown"));
        out.println("Citadel listening on " + node.endpoint() + " (data directory " + node.dataDir().toAbsolutePath() + ")");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private int admin(ParseResult admin) {
        if (!admin.hasSubcommand()) {
            admin.commandSpec().commandLine().usage(err);
            return 2;
        }
        ParseResult command = admin.subcommand();
        Config config = config(command);
        try (OpenStorage storage = OpenStorage.open(config)) {
            if (command.commandSpec().name().equals("rotate-storage-key")) {
                int version = storage.rotateStorageKey();
                out.println("Storage key rotated: new values are sealed with keyring version " + version);
                return 0;
            }
            if (AcmeCommands.NAMES.contains(command.commandSpec().name())) {
                return AcmeCommands.run(command, storage.sealed(), out);
            }
            if (command.commandSpec().name().equals("register-rotation-webhook")) {
                WebhookRegistry.Registered hook = new WebhookRegistry(storage.sealed(), Clock.systemUTC(), new SecureRandom())
                        .register(command.matchedOptionValue("--account", ""), command.matchedOptionValue("--region", ""),
                                command.matchedOptionValue("--name", ""), command.matchedOptionValue("--url", ""));
                out.println("RotationLambdaARN = " + hook.webhook().functionArn());
                out.println("signing_key = " + hook.signingKey() + "    (shown once; see docs/rotation.md)");
                return 0;
            }
            IdentityService identity = new IdentityService(storage.sealed(), Clock.systemUTC(), new SecureRandom());
            switch (command.commandSpec().name()) {
                case "create-account" -> {
                    Account account = identity.createAccount(command.matchedOptionValue("--name", "account"));
                    AccessKey key = identity.createAccessKey(account.id(), null);
                    out.println("Account " + account.id() + " (" + account.name() + ")");
                    printKey(key);
                }
                case "create-user" -> {
                    User user = identity.createUser(command.matchedOptionValue("--account", ""),
                            command.matchedOptionValue("--name", ""), command.matchedOptionValue("--path", "/"));
                    out.println("User " + user.arn() + " (" + user.userId() + ")");
                }
                case "create-access-key" -> printKey(identity.createAccessKey(command.matchedOptionValue("--account", ""),
                        command.matchedOptionValue("--user", (String) null)));
                case "deactivate-access-key", "activate-access-key" -> {
                    AccessKey key = identity.setAccessKeyStatus(command.matchedOptionValue("--account", ""),
                            command.matchedOptionValue("--access-key-id", ""),
                            command.commandSpec().name().startsWith("de") ? AccessKey.Status.Inactive : AccessKey.Status.Active);
                    out.println(key.accessKeyId() + " " + key.status());
                }
                case "list-access-keys" -> {
                    for (AccessKey key : identity.accessKeys(command.matchedOptionValue("--account", ""),
                            command.matchedOptionValue("--user", (String) null))) {
                        out.println(key.accessKeyId() + "\t" + key.status() + "\t" + key.createdAt()
                                + "\t" + (key.isRoot() ? "root" : key.userName()));
                    }
                }
                case "list-accounts" -> identity.accounts().forEach(a -> out.println(a.id() + "\t" + a.name()));
                case "list-dead-letters", "redrive-dead-letters" -> {
                    Events events = new Events(storage.sealed(), Clock.systemUTC(), new PolicyAccess(identity), "admin",
                            DeliverySettings.defaults(null));
                    String account = command.matchedOptionValue("--account", "");
                    String region = command.matchedOptionValue("--region", "us-east-1");
                    String bus = command.matchedOptionValue("--event-bus", (String) null);
                    String rule = command.matchedOptionValue("--rule", (String) null);
                    String target = command.matchedOptionValue("--target", (String) null);
                    if (command.commandSpec().name().startsWith("list")) {
                        for (DeadLetter dl : events.delivery().deadLetters(account, region, bus, rule, target)) {
                            out.println(dl.failedAt() + "\t" + dl.delivery().eventBusName() + "\t" + dl.delivery().ruleName() + "\t"
                                    + dl.delivery().target().id() + "\t" + dl.delivery().id().split("/")[2] + "\t" + dl.reason());
                        }
                    } else {
                        out.println("Redriven: " + events.delivery().redrive(account, region, bus, rule, target) + " dead letters");
                    }
                }
                case "acm-expiration-check" -> {
                    String days = command.matchedOptionValue("--days-to-expiration", String.valueOf(ExpirationCheck.DEFAULT_DAYS_TO_EXPIRATION));
                    List<ExpirationCheck.Evaluation> findings;
                    try {
                        findings = new ExpirationCheck(storage.sealed(), Clock.systemUTC()).nonCompliant(command.matchedOptionValue("--account", ""),
                                command.matchedOptionValue("--region", "us-east-1"), Integer.parseInt(days.trim()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--days-to-expiration: " + days + " (expected: an integer 1..365)");
                    }
                    for (ExpirationCheck.Evaluation e : findings) {
                        out.println(e.certificateArn() + "\t" + e.domainName() + "\t" + e.notAfter() + "\t" + e.daysToExpiry() + "\t" + e.compliance());
                    }
                    out.println(findings.size() + " NON_COMPLIANT (acm-certificate-expiration-check, daysToExpiration " + days.trim() + ")");
                }
                default -> throw new IllegalStateException("unhandled command " + command.commandSpec().name());
            }
            return 0;
        }
    }

    private int audit(ParseResult audit) {
        if (!audit.hasSubcommand()) {
            audit.commandSpec().commandLine().usage(err);
            return 2;
        }
        ParseResult command = audit.subcommand();
        Config config = config(command);
        try (OpenStorage storage = OpenStorage.open(config)) {
            switch (command.commandSpec().name()) {
                case "verify" -> {
                    String pinned = command.hasMatchedOption("--public-key")
                            ? readFile(command.matchedOptionValue("--public-key", "")) : null;
                    VerificationResult result = AuditVerifier.verify(storage.sealed(), storage.raw(), pinned);
                    out.println(result.summary());
                    result.findings().stream().skip(1).limit(20).forEach(f -> out.println("  also: " + f));
                    return result.exitCode();
                }
                case "public-key" -> {
                    try (AuditTrail trail = AuditTrail.open(storage.sealed(), Clock.systemUTC(), operatorSettings())) {
                        out.print(trail.publicKeyPem());
                    }
                    return 0;
                }
                case "lookup" -> {
                    try (AuditTrail trail = AuditTrail.open(storage.sealed(), Clock.systemUTC(), operatorSettings())) {
                        String key = command.matchedOptionValue("--attribute-key", (String) null);
                        String value = command.matchedOptionValue("--attribute-value", (String) null);
                        int max = Integer.parseInt(command.matchedOptionValue("--max-results", "50"));
                        LookupQuery query = new LookupQuery(key, value, null, null, max, null);
                        for (StoredEvent event : trail.lookupAll(query).events()) {
                            out.println(event.cloudTrailEvent());
                        }
                    }
                    return 0;
                }
                default -> throw new IllegalStateException("unhandled command " + command.commandSpec().name());
            }
        }
    }

    /** An operator's view of the trail: never closes intents a running node may still be serving. */
    private static AuditSettings operatorSettings() {
        return AuditSettings.defaults().shared(java.time.Duration.ofDays(36_500));
    }

    private static String readFile(String path) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(path));
        } catch (java.io.IOException e) {
            throw new Config.ConfigException("cannot read " + path + ": " + e.getMessage());
        }
    }

    private void printKey(AccessKey key) {
        out.println("aws_access_key_id = " + key.accessKeyId());
        out.println("aws_secret_access_key = " + key.secretAccessKey());
    }

    private Config config(ParseResult command) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            if (s.flag() != null && command.hasMatchedOption(s.flag())) {
                flags.put(s, command.matchedOptionValue(s.flag(), ""));
            }
        }
        return Config.resolve(flags, env);
    }

    static CommandSpec rootSpec() {
        CommandSpec root = CommandSpec.create().name("citadel").mixinStandardHelpOptions(true).version("citadel 0.1.0");
        root.usageMessage().description("Citadel: a self-hosted, AWS-compatible security platform.");
        root.addSubcommand("start", withSettings(CommandSpec.create(), Setting.Scope.SERVER)
                .mixinStandardHelpOptions(true));
        root.subcommands().get("start").getCommandSpec().usageMessage().description("Run a Citadel node.");

        CommandSpec admin = CommandSpec.create().mixinStandardHelpOptions(true);
        admin.usageMessage().description("Manage accounts, users, access keys and the storage key (works on storage directly).");
        admin.addSubcommand("create-account", adminCommand("Create an account and its root access key.")
                .addOption(required("--name", "NAME", "Account name")));
        admin.addSubcommand("list-accounts", adminCommand("List accounts."));
        admin.addSubcommand("create-user", adminCommand("Create an IAM user.")
                .addOption(required("--account", "ACCOUNT_ID", "Account id"))
                .addOption(required("--name", "USER_NAME", "User name"))
                .addOption(optional("--path", "PATH", "User path (default /)")));
        admin.addSubcommand("create-access-key", adminCommand("Create an access key for the root user or a user.")
                .addOption(required("--account", "ACCOUNT_ID", "Account id"))
                .addOption(optional("--user", "USER_NAME", "User name; the account's root user when absent")));
        admin.addSubcommand("deactivate-access-key", adminCommand("Deactivate an access key.")
                .addOption(required("--account", "ACCOUNT_ID", "Account id"))
                .addOption(required("--access-key-id", "ACCESS_KEY_ID", "Access key id")));
        admin.addSubcommand("activate-access-key", adminCommand("Activate an access key.")
                .addOption(required("--account", "ACCOUNT_ID", "Account id"))
                .addOption(required("--access-key-id", "ACCESS_KEY_ID", "Access key id")));
        admin.addSubcommand("list-access-keys", adminCommand("List the access keys of the root user or a user.")
                .addOption(required("--account", "ACCOUNT_ID", "Account id"))
                .addOption(optional("--user", "USER_NAME", "User name; the account's root user when absent")));
        admin.addSubcommand("list-dead-letters", deadLetterOptions(adminCommand(
                "List events whose delivery to a target failed for good (time, bus, rule, target, event id, reason).")));
        admin.addSubcommand("redrive-dead-letters", deadLetterOptions(adminCommand(
                "Deliver dead letters again, with a fresh retry budget (a running node picks them up).")));
        admin.addSubcommand("acm-expiration-check", adminCommand(
                "The acm-certificate-expiration-check rule: list certificates expiring within --days-to-expiration days (ARN, domain, NotAfter, days, NON_COMPLIANT).")
                .addOption(required("--account", "ACCOUNT_ID", "Account id"))
                .addOption(optional("--region", "REGION", "Region (default us-east-1)"))
                .addOption(optional("--days-to-expiration", "DAYS", "1..365 (default 14)")));
        admin.addSubcommand("rotate-storage-key", adminCommand(
                "Add a new storage data key; new values are sealed with it, old ones stay readable."));
        admin.addSubcommand("register-rotation-webhook", adminCommand(
                "Register an HTTP(S) endpoint as a Secrets Manager rotation function; prints its RotationLambdaARN and signing key.")
                .addOption(required("--account", "ACCOUNT_ID", "Account id"))
                .addOption(required("--region", "REGION", "Region, e.g. us-east-1"))
                .addOption(required("--name", "NAME", "Function name (1..64 letters, digits, '-', '_')"))
                .addOption(required("--url", "URL", "The endpoint, https://... (or http://)")));
        AcmeCommands.addTo(admin, Main::adminCommand);
        root.addSubcommand("admin", admin);

        CommandSpec audit = CommandSpec.create().mixinStandardHelpOptions(true);
        audit.usageMessage().description("Verify, inspect and read the audit trail (works on storage directly).");
        audit.addSubcommand("verify", adminCommand(
                "Walk the hash chain and signed digests; name the first modified, deleted, inserted or reordered event."
                        + " Exits 1 when the trail was tampered with.")
                .addOption(optional("--public-key", "PEM_FILE",
                        "The signing public key pinned outside the database (from `audit public-key`)")));
        audit.addSubcommand("public-key", adminCommand("Print the public key that verifies the trail's digests (PEM)."));
        audit.addSubcommand("lookup", adminCommand("Print events of every account as CloudTrail JSON, newest first.")
                .addOption(optional("--attribute-key", "KEY", "EventId, EventName, ReadOnly, Username, ResourceType, "
                        + "ResourceName, EventSource or AccessKeyId"))
                .addOption(optional("--attribute-value", "VALUE", "The value to match"))
                .addOption(optional("--max-results", "N", "1..50 (default 50)")));
        root.addSubcommand("audit", audit);
        return root;
    }

    private static CommandSpec deadLetterOptions(CommandSpec spec) {
        return spec.addOption(required("--account", "ACCOUNT_ID", "Account id"))
                .addOption(optional("--region", "REGION", "Region (default us-east-1)"))
                .addOption(optional("--event-bus", "NAME", "Only this event bus"))
                .addOption(optional("--rule", "NAME", "Only this rule"))
                .addOption(optional("--target", "ID", "Only this target id"));
    }

    private static CommandSpec adminCommand(String description) {
        CommandSpec spec = withSettings(CommandSpec.create(), Setting.Scope.ALL).mixinStandardHelpOptions(true);
        spec.usageMessage().description(description);
        return spec;
    }

    private static CommandSpec withSettings(CommandSpec spec, Setting.Scope scope) {
        for (Setting s : Setting.values()) {
            if (s.flag() != null && (scope == Setting.Scope.SERVER || s.scope() == Setting.Scope.ALL)) {
                spec.addOption(OptionSpec.builder(s.flag()).paramLabel("VALUE").type(String.class)
                        .description(s.description() + " (env " + s.envVar()
                                + (s.defaultValue() == null ? "" : ", default " + s.defaultValue()) + ")")
                        .build());
            }
        }
        return spec;
    }

    private static OptionSpec required(String name, String label, String description) {
        return OptionSpec.builder(name).paramLabel(label).type(String.class).required(true).description(description).build();
    }

    private static OptionSpec optional(String name, String label, String description) {
        return OptionSpec.builder(name).paramLabel(label).type(String.class).description(description).build();
    }
}
