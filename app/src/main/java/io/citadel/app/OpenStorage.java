package io.citadel.app;

import io.citadel.storage.Barrier;
import io.citadel.storage.RootKey;
import io.citadel.storage.Seal;
import io.citadel.storage.Storage;
import io.citadel.storage.postgres.PostgresStorage;
import io.citadel.storage.sqlite.SqliteStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configured storage backend, unsealed: the raw store and the barrier every service writes
 * through. The root key lives only as long as it takes to open the keyring.
 */
record OpenStorage(Storage raw, Barrier sealed, Path dataDir) implements AutoCloseable {

    static OpenStorage open(Config config) {
        Path dataDir = config.dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        Storage raw = switch (config.require(Setting.STORAGE)) {
            case "sqlite" -> SqliteStorage.open(dataDir);
            case "postgres" -> PostgresStorage.open(config.require(Setting.POSTGRES_URL), config.require(Setting.POSTGRES_USER),
                    config.get(Setting.POSTGRES_PASSWORD), config.require(Setting.POSTGRES_TABLE));
            default -> throw new Config.ConfigException("storage: " + config.get(Setting.STORAGE) + " (expected: sqlite or postgres)");
        };
        try {
            String passphrase = config.get(Setting.SEAL_PASSPHRASE);
            Path keyFile = config.path(Setting.SEAL_KEY_FILE) != null ? config.path(Setting.SEAL_KEY_FILE) : Seal.keyFileIn(dataDir);
            try (RootKey rootKey = passphrase != null && !passphrase.isEmpty()
                    ? Seal.fromPassphrase(passphrase.toCharArray(), raw)
                    : Seal.fromKeyFile(keyFile, raw)) {
                return new OpenStorage(raw, Barrier.open(raw, rootKey), dataDir);
            }
        } catch (RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Adds a keyring version; running nodes pick it up when they meet a value sealed with it. */
    int rotateStorageKey() {
        return sealed.rotate();
    }

    @Override
    public void close() {
        raw.close();
    }
}
