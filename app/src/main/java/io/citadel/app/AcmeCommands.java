package io.citadel.app;

import io.citadel.acme.Acme;
import io.citadel.acme.AcmeDirectory;
import io.citadel.acme.AcmeSettings;
import io.citadel.acme.ExternalAccountKey;
import io.citadel.acme.AcmeIssuer;
import io.citadel.core.crypto.pki.Jws;
import io.citadel.storage.Storage;
import io.citadel.storage.schedule.StorageScheduler;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The ACME opt-in as admin commands (AWS has no ACME API): {@code enable-acme} serves a directory for one CA,
 * {@code disable-acme} stops it, {@code list-acme} shows them, {@code create-acme-eab-key} makes an External
 * Account Binding key. They work on storage directly; a running node sees the change on its next request.
 */
final class AcmeCommands {

    static final Set<String> NAMES = Set.of("enable-acme", "disable-acme", "list-acme", "create-acme-eab-key");

    private AcmeCommands() {
    }

    static void addTo(CommandSpec admin, java.util.function.Function<String, CommandSpec> adminCommand) {
        admin.addSubcommand("enable-acme", adminCommand.apply(
                        "Serve an ACME directory (RFC 8555) at /acme/<name>/directory that issues through a certificate authority.")
                .addOption(option("--name", "NAME", "Directory name, the URL segment after /acme/ ([a-z0-9-])", true))
                .addOption(option("--certificate-authority-arn", "ARN", "The CA: arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>", true))
                .addOption(option("--validity-days", "DAYS", "Lifetime of issued certificates (default 90)", false))
                .addOption(OptionSpec.builder("--require-external-account-binding").arity("0").type(boolean.class)
                        .description("New accounts need a key from create-acme-eab-key").build()));
        admin.addSubcommand("disable-acme", adminCommand.apply("Stop serving an ACME directory (its accounts and orders stay in storage).")
                .addOption(option("--name", "NAME", "Directory name", true)));
        admin.addSubcommand("list-acme", adminCommand.apply("List the ACME directories (name, CA, EAB required, validity days)."));
        admin.addSubcommand("create-acme-eab-key", adminCommand.apply(
                        "Create a single-use External Account Binding key for an ACME directory; prints its key id and HMAC key.")
                .addOption(option("--name", "NAME", "Directory name", true)));
    }

    /** The admin commands only manage directories; issuing is the node's (through the private CA). */
    private static final AcmeIssuer NOT_ISSUING = new AcmeIssuer() {
        @Override
        public Issued issue(String certificateAuthorityArn, byte[] csrDer, java.util.List<String> dnsNames, java.time.Duration validity) {
            throw new IllegalStateException("the admin CLI does not issue certificates");
        }

        @Override
        public void revoke(String certificateAuthorityArn, java.math.BigInteger serial, int reason) {
            throw new IllegalStateException("the admin CLI does not revoke certificates");
        }
    };

    static int run(ParseResult command, Storage sealed, PrintStream out) {
        Clock clock = Clock.systemUTC();
        Acme acme = new Acme(sealed, clock, new SecureRandom(), NOT_ISSUING,
                new StorageScheduler(sealed, clock, "admin"), Runnable::run, AcmeSettings.defaults());
        String name = command.matchedOptionValue("--name", "");
        switch (command.commandSpec().name()) {
            case "enable-acme" -> {
                int days = Integer.parseInt(command.matchedOptionValue("--validity-days", "90"));
                AcmeDirectory d = acme.directories().enable(name, command.matchedOptionValue("--certificate-authority-arn", ""),
                        command.hasMatchedOption("--require-external-account-binding"), days);
                out.println("ACME directory " + d.name() + " enabled: /acme/" + d.name() + "/directory on the API listener, issuing through "
                        + d.certificateAuthorityArn() + (d.externalAccountRequired() ? " (External Account Binding required)" : ""));
            }
            case "disable-acme" -> out.println(acme.directories().disable(name)
                    ? "ACME directory " + name + " disabled" : "No ACME directory named " + name);
            case "list-acme" -> acme.directories().list().forEach(d -> out.println(d.name() + "\t" + d.certificateAuthorityArn()
                    + "\t" + d.externalAccountRequired() + "\t" + d.validityDays()));
            case "create-acme-eab-key" -> {
                AcmeDirectory d = acme.directories().find(name)
                        .orElseThrow(() -> new IllegalArgumentException("no ACME directory named " + name + " (enable-acme first)"));
                ExternalAccountKey key = acme.accounts().createExternalAccountKey(d);
                out.println("eab_kid = " + key.keyId());
                out.println("eab_hmac_key = " + Jws.base64url(key.hmacKey()) + "    (base64url; shown once)");
            }
            default -> throw new IllegalStateException("unhandled command " + command.commandSpec().name());
        }
        return 0;
    }

    private static OptionSpec option(String name, String label, String description, boolean required) {
        return OptionSpec.builder(name).paramLabel(label).type(String.class).required(required).description(description).build();
    }
}
