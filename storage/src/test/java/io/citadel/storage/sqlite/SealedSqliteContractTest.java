package io.citadel.storage.sqlite;

import io.citadel.storage.Barrier;
import io.citadel.storage.RootKey;
import io.citadel.storage.Seal;
import io.citadel.storage.Storage;
import io.citadel.storage.StorageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The whole embedded stack, key file seal and barrier over SQLite, keeps the storage contract. */
class SealedSqliteContractTest extends StorageContract {

    @TempDir
    Path dataDir;

    @Override
    protected Storage openStorage() {
        SqliteStorage raw = SqliteStorage.open(dataDir);
        try (RootKey root = Seal.fromKeyFile(Seal.keyFileIn(dataDir), raw)) {
            return Barrier.open(raw, root);
        }
    }
}
