package io.citadel.storage.schedule;

import io.citadel.storage.Storage;
import io.citadel.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteSchedulerTest extends DurableSchedulerContract {

    @TempDir
    Path tempDir;

    /** Opens the same data directory each time, so reopening is a restart. */
    @Override
    protected Storage openStorage() {
        return SqliteStorage.open(tempDir.resolve("data"));
    }
}
