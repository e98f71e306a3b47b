package io.citadel.app;

import io.citadel.identity.AccessKey;
import io.citadel.identity.Account;
import io.citadel.identity.IdentityService;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * First start: creates the admin account and its root access key, prints them once and writes them
 * to {@code <data dir>/bootstrap-credentials} (mode 0600) in the AWS credentials-file format.
 */
final class Bootstrap {

    static final String CREDENTIALS_FILE = "bootstrap-credentials";
    static final String ADMIN_ACCOUNT_NAME = "admin";

    private Bootstrap() {
    }

    /** Does nothing when an account exists already; returns the admin key when it created one. */
    static Optional<AccessKey> runIfFirstStart(IdentityService identity, Config config, PrintStream out) {
        String fixedId = config.get(Setting.BOOTSTRAP_ACCESS_KEY_ID);
        String fixedSecret = config.get(Setting.BOOTSTRAP_SECRET_ACCESS_KEY);
        if ((fixedId == null) != (fixedSecret == null)) {
            throw new Config.ConfigException("bootstrap-access-key-id and bootstrap-secret-access-key must be given together");
        }
        Optional<AccessKey> created;
        try {
            created = identity.bootstrap(ADMIN_ACCOUNT_NAME, fixedId, fixedSecret);
        } catch (IllegalArgumentException e) {
            throw new Config.ConfigException("bootstrap credentials: " + e.getMessage());
        }
        if (created.isEmpty()) {
            return created;
        }
        AccessKey key = created.get();
        Path file = writeCredentialsFile(config.dataDir(), key);
        out.println("Citadel bootstrapped account " + key.accountId() + " (" + ADMIN_ACCOUNT_NAME + ").");
        out.println("Root access key, shown once:");
        out.println("  aws_access_key_id     = " + key.accessKeyId());
        out.println("  aws_secret_access_key = " + key.secretAccessKey());
        out.println("Also written to " + file.toAbsolutePath() + " (mode 0600); use it with");
        out.println("  export AWS_SHARED_CREDENTIALS_FILE=" + file.toAbsolutePath());
        out.flush();
        return Optional.of(key);
    }

    private static Path writeCredentialsFile(Path dataDir, AccessKey key) {
        Path file = dataDir.resolve(CREDENTIALS_FILE);
        String text = "[default]\n"
                + "aws_access_key_id = " + key.accessKeyId() + "\n"
                + "aws_secret_access_key = " + key.secretAccessKey() + "\n";
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
