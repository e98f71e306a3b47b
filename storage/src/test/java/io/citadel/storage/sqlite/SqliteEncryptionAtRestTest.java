package io.citadel.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.Hashes;
import io.citadel.storage.Barrier;
import io.citadel.storage.Markers;
import io.citadel.storage.RootKey;
import io.citadel.storage.Seal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves that secrets written through the barrier never appear in the SQLite files. */
class SqliteEncryptionAtRestTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path controlDir;

    @Test
    void databaseFiles_containNoPlaintextAndNoRootKey() throws Exception {
        List<String> markers = Markers.generate(60);
        byte[] rootKeyBytes;
        SqliteStorage raw = SqliteStorage.open(dataDir);
        try (RootKey root = Seal.fromKeyFile(Seal.keyFileIn(dataDir), raw); Barrier barrier = Barrier.open(raw, root)) {
            rootKeyBytes = root.bytes();
            for (int i = 0; i < 20; i++) {
                barrier.put("111122223333/us-east-1/secrets/s" + i, bytes(markers.get(i)));
            }
            barrier.rotate();
            barrier.transaction(tx -> {
                for (int i = 20; i < 40; i++) {
                    tx.put("111122223333/us-east-1/kms/k" + i, bytes("{\"material\":\"" + markers.get(i) + "\"}"));
                }
                return null;
            });
            for (int i = 40; i < 50; i++) {
                barrier.compareAndSet("111122223333/us-east-1/ssm/p" + i, null, bytes(markers.get(i)));
            }
            StringBuilder large = new StringBuilder();
            for (int i = 50; i < 60; i++) {
                large.append(markers.get(i)).append("x".repeat(100_000));
            }
            barrier.put("111122223333/us-east-1/secrets/large", bytes(large.toString()));
            barrier.put("111122223333/us-east-1/secrets/overwritten", bytes(markers.get(0) + "-v1"));
            barrier.put("111122223333/us-east-1/secrets/overwritten", bytes(markers.get(1) + "-v2"));
            barrier.delete("111122223333/us-east-1/secrets/overwritten");
            assertThat(new String(barrier.get("111122223333/us-east-1/secrets/s3").orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo(markers.get(3));
        }

        byte[] files = databaseFiles(dataDir);
        assertThat(files.length).isGreaterThan(600_000);
        assertThat(Markers.foundIn(files, markers)).isEmpty();
        assertThat(Markers.contains(files, rootKeyBytes)).isFalse();
        assertThat(Markers.contains(files, Hashes.hex(rootKeyBytes).getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    void control_plaintextWrittenWithoutTheBarrier_isFoundByTheSameSearch() throws Exception {
        List<String> markers = Markers.generate(3);
        try (SqliteStorage raw = SqliteStorage.open(controlDir)) {
            for (int i = 0; i < markers.size(); i++) {
                raw.put("acct/plain" + i, bytes(markers.get(i)));
            }
        }

        assertThat(Markers.foundIn(databaseFiles(controlDir), markers)).containsExactlyElementsOf(markers);
    }

    private static byte[] databaseFiles(Path dir) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(SqliteStorage.FILE_NAME)).toList()) {
                all.write(Files.readAllBytes(file));
            }
        }
        return all.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
