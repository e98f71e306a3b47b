package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.identity.AccessKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret access keys (and the root key) never reach storage in plaintext: the raw SQLite files and
 * the raw PostgreSQL table hold none of them, while the unsealed storage keys (access key ids) are
 * found, which shows the scan sees the data.
 */
class SealedAtRestTest {

    private static final int ROOT_KEY_OFFSET = "CITADEL ROOT KEY".length() + 1;
    private static final int ROOT_KEY_BYTES = 32;

    @TempDir
    Path dataDir;

    @Test
    void sqliteFiles_holdNoSecretAccessKey_norTheRootKey() throws Exception {
        List<AccessKey> keys = new ArrayList<>();
        StoredBytes whileRunning;
        try (Node node = Node.start(dataDir)) {
            keys.addAll(populate(node));
            whileRunning = StoredBytes.sqliteFiles(dataDir);
        }
        StoredBytes afterClose = StoredBytes.sqliteFiles(dataDir);
        byte[] rootKeyFile = Files.readAllBytes(dataDir.resolve("root.key"));
        byte[] rootKey = Arrays.copyOfRange(rootKeyFile, ROOT_KEY_OFFSET, ROOT_KEY_OFFSET + ROOT_KEY_BYTES);

        for (StoredBytes stored : List.of(whileRunning, afterClose)) {
            assertSealed(stored, keys);
            assertThat(stored.occurrences(rootKey)).as("root key bytes in %s", stored.sizes()).isEmpty();
        }
    }

    @Test
    void postgresTable_holdsNoSecretAccessKey_norThePassphrase() {
        String table = Postgres.uniqueTable("sealed");
        String passphrase = "correct horse battery staple " + table;
        try {
            List<AccessKey> keys;
            try (Node node = Node.builder(dataDir).postgres(table, passphrase).start()) {
                keys = populate(node);
            }
            assertThat(Postgres.rowCount(table)).isGreaterThan(keys.size());
            StoredBytes stored = StoredBytes.of("rows", Postgres.rawRows(table))
                    .and("pg_dump", Postgres.dump(table).getBytes(StandardCharsets.UTF_8));

            assertSealed(stored, keys);
            assertThat(stored.occurrences(passphrase.getBytes(StandardCharsets.UTF_8))).isEmpty();
        } finally {
            Postgres.dropTable(table);
        }
    }

    /** The bootstrap key plus users with keys (and a second root key): every secret the test knows. */
    private static List<AccessKey> populate(Node node) {
        String account = node.adminAccountId();
        List<AccessKey> keys = new ArrayList<>();
        keys.add(node.identity().accessKey(node.bootstrapCredentials().accessKeyId()).orElseThrow());
        keys.add(node.identity().createAccessKey(account, null));
        for (String name : List.of("alice", "bob", "carol", "dave")) {
            node.identity().createUser(account, name, "/sealed/");
            keys.add(node.identity().createAccessKey(account, name));
            keys.add(node.identity().createAccessKey(account, name));
        }
        AccessKey deactivated = keys.getLast();
        node.identity().setAccessKeyStatus(account, deactivated.accessKeyId(), AccessKey.Status.Inactive);
        assertThat(keys).extracting(AccessKey::secretAccessKey).doesNotHaveDuplicates().hasSize(10);
        return keys;
    }

    private static void assertSealed(StoredBytes stored, List<AccessKey> keys) {
        for (AccessKey key : keys) {
            assertThat(stored.occurrences(key.secretAccessKey().getBytes(StandardCharsets.UTF_8)))
                    .as("secret of %s in %s", key.accessKeyId(), stored.sizes()).isEmpty();
            assertThat(stored.contains(key.accessKeyId().getBytes(StandardCharsets.UTF_8)))
                    .as("access key id %s (an unsealed storage key) in %s", key.accessKeyId(), stored.sizes()).isTrue();
        }
    }
}
