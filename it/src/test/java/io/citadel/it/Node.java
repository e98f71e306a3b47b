package io.citadel.it;

import io.citadel.app.Citadel;
import io.citadel.app.Config;
import io.citadel.app.Setting;
import io.citadel.identity.IdentityService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * A Citadel node started in this JVM on an ephemeral loopback port, with what it printed captured.
 * Settings are given the way the command line and environment give them.
 */
final class Node implements AutoCloseable {

    static final String BOOTSTRAP_FILE = "bootstrap-credentials";

    private final Citadel citadel;
    private final ByteArrayOutputStream printed;
    private final MutableClock clock;

    private Node(Citadel citadel, ByteArrayOutputStream printed, MutableClock clock) {
        this.citadel = citadel;
        this.printed = printed;
        this.clock = clock;
    }

    /** A node on SQLite in {@code dataDir} with default settings and the system clock. */
    static Node start(Path dataDir) {
        return builder(dataDir).start();
    }

    static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    int port() {
        return citadel.port();
    }

    String endpoint() {
        return citadel.endpoint();
    }

    /** The node itself, for what the helpers here don't cover (its audit trail, say). */
    Citadel citadel() {
        return citadel;
    }

    IdentityService identity() {
        return citadel.identity();
    }

    Path dataDir() {
        return citadel.dataDir();
    }

    Path bootstrapFile() {
        return dataDir().resolve(BOOTSTRAP_FILE);
    }

    Credentials bootstrapCredentials() {
        return Credentials.fromCredentialsFile(bootstrapFile());
    }

    /** The account the bootstrap created (the only one, unless a test made more). */
    String adminAccountId() {
        return identity().accounts().getFirst().id();
    }

    /** The clock the node runs on; tests move it to travel in time. */
    MutableClock clock() {
        return clock;
    }

    String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        citadel.close();
    }

    static final class Builder {
        private final Map<Setting, String> flags = new EnumMap<>(Setting.class);
        private final Map<String, String> env = new HashMap<>();
        private final MutableClock clock = new MutableClock();
        /** Null: the node's own rotation functions (built-in database rotators, registered webhooks). */
        private io.citadel.secrets.rotation.RotationFunctionResolver rotationFunctions;

        private Builder(Path dataDir) {
            flags.put(Setting.HOST, "127.0.0.1");
            flags.put(Setting.PORT, "0");
            flags.put(Setting.DATA_DIR, dataDir.toString());
            flags.put(Setting.SHUTDOWN_GRACE_SECONDS, "2");
        }

        Builder flag(Setting setting, String value) {
            flags.put(setting, value);
            return this;
        }

        Builder env(Setting setting, String value) {
            env.put(setting.envVar(), value);
            return this;
        }

        /** Rotation functions for the node's Secrets Manager instead of its own. */
        Builder rotationFunctions(io.citadel.secrets.rotation.RotationFunctionResolver resolver) {
            this.rotationFunctions = resolver;
            return this;
        }

        Builder postgres(String table, String passphrase) {
            return flag(Setting.STORAGE, "postgres")
                    .flag(Setting.POSTGRES_URL, Postgres.URL)
                    .flag(Setting.POSTGRES_TABLE, table)
                    .env(Setting.SEAL_PASSPHRASE, passphrase);
        }

        Node start() {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            Citadel citadel = rotationFunctions == null ? Citadel.start(Config.resolve(flags, env), clock, out)
                    : Citadel.start(Config.resolve(flags, env), clock, out, sealed -> rotationFunctions);
            return new Node(citadel, printed, clock);
        }
    }
}
