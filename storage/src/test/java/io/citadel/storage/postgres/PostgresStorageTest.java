package io.citadel.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.storage.Storage;
import io.citadel.storage.StorageContract;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PostgresStorageTest extends StorageContract {

    private final String table = PostgresTestDatabase.uniqueTable();

    @Override
    protected Storage openStorage() {
        return PostgresStorage.open(PostgresTestDatabase.URL, PostgresTestDatabase.USER, PostgresTestDatabase.PASSWORD, table);
    }

    @Override
    protected void cleanUp() {
        PostgresTestDatabase.dropTable(table);
    }

    @Test
    void reopen_keepsCommittedData() {
        storage.put("acct/a", bytes("durable"));
        storage.close();

        storage = openStorage();

        assertThat(storage.get("acct/a")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("durable")));
    }

    @Test
    void twoNodesOnOneTable_loseNoUpdate() throws Exception {
        storage.put("acct/n", ByteBuffer.allocate(8).putLong(0).array());
        try (Storage second = openStorage(); ExecutorService executor = Executors.newFixedThreadPool(4)) {
            List<Future<?>> futures = new ArrayList<>();
            for (Storage node : List.of(storage, second, storage, second)) {
                futures.add(executor.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        node.transaction(tx -> {
                            long n = ByteBuffer.wrap(tx.get("acct/n").orElseThrow()).getLong();
                            tx.put("acct/n", ByteBuffer.allocate(8).putLong(n + 1).array());
                            return null;
                        });
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }

        assertThat(ByteBuffer.wrap(storage.get("acct/n").orElseThrow()).getLong()).isEqualTo(100);
    }

    @Test
    void open_withInvalidTableName_isRejected() {
        assertThatThrownBy(() -> PostgresStorage.open(PostgresTestDatabase.URL, "postgres", "", "kv; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("postgres table: kv; DROP TABLE x");
    }
}
