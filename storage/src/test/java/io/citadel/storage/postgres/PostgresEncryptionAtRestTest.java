package io.citadel.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.PassphraseKdf;
import io.citadel.storage.Barrier;
import io.citadel.storage.Markers;
import io.citadel.storage.RootKey;
import io.citadel.storage.Seal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/** Proves that secrets written through the barrier never appear in what PostgreSQL stores or dumps. */
class PostgresEncryptionAtRestTest {

    private static final PassphraseKdf.Params CHEAP = new PassphraseKdf.Params(256, 1, 1);

    private final String table = PostgresTestDatabase.uniqueTable();
    private final String controlTable = PostgresTestDatabase.uniqueTable();

    @AfterEach
    void dropTables() {
        PostgresTestDatabase.dropTable(table);
        PostgresTestDatabase.dropTable(controlTable);
    }

    @Test
    void tableContentsCopyAndDump_containNoPlaintextAndNoRootKey() throws Exception {
        List<String> markers = Markers.generate(40);
        byte[] rootKeyBytes;
        PostgresStorage raw = open(table);
        try (RootKey root = Seal.fromPassphrase("pg passphrase".toCharArray(), raw, CHEAP);
             Barrier barrier = Barrier.open(raw, root)) {
            rootKeyBytes = root.bytes();
            for (int i = 0; i < 20; i++) {
                barrier.put("111122223333/eu-west-1/secrets/s" + i, bytes(markers.get(i)));
            }
            barrier.rotate();
            barrier.transaction(tx -> {
                for (int i = 20; i < 40; i++) {
                    tx.put("111122223333/eu-west-1/kms/k" + i, bytes(markers.get(i)));
                }
                return null;
            });
        }

        byte[] everything = concat(selectAll(table), copyOut(table), pgDump(table));
        assertThat(Markers.foundIn(everything, markers)).isEmpty();
        assertThat(Markers.contains(everything, rootKeyBytes)).isFalse();
    }

    @Test
    void control_plaintextWrittenWithoutTheBarrier_isFoundByTheSameSearch() throws Exception {
        List<String> markers = Markers.generate(2);
        try (PostgresStorage raw = open(controlTable)) {
            raw.put("acct/plain0", bytes(markers.get(0)));
            raw.put("acct/plain1", bytes(markers.get(1)));
        }

        assertThat(Markers.foundIn(selectAll(controlTable), markers)).containsExactlyElementsOf(markers);
        assertThat(Markers.foundIn(copyOut(controlTable), markers)).containsExactlyElementsOf(markers);
        assertThat(Markers.foundIn(pgDump(controlTable), markers)).containsExactlyElementsOf(markers);
    }

    private static PostgresStorage open(String table) {
        return PostgresStorage.open(PostgresTestDatabase.URL, PostgresTestDatabase.USER, PostgresTestDatabase.PASSWORD, table);
    }

    private static byte[] selectAll(String table) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT k, v FROM " + table)) {
            while (rs.next()) {
                out.write(rs.getString(1).getBytes(StandardCharsets.UTF_8));
                out.write(rs.getBytes(2));
            }
        }
        return out.toByteArray();
    }

    private static byte[] copyOut(String table) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connection c = connect()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + table + " TO STDOUT", out);
        }
        return out.toByteArray();
    }

    /** pg_dump's output, or nothing on a machine without the client tools (COPY then covers the same rows). */
    private static byte[] pgDump(String table) throws Exception {
        if (!onPath("pg_dump")) {
            return new byte[0];
        }
        Process process = new ProcessBuilder("pg_dump", "-h", "127.0.0.1", "-U", PostgresTestDatabase.USER, "-d", "test", "-t", table)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] dump = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("pg_dump exit code").isZero();
        assertThat(new String(dump, StandardCharsets.UTF_8)).contains("COPY public." + table);
        return dump;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(PostgresTestDatabase.URL, PostgresTestDatabase.USER, PostgresTestDatabase.PASSWORD);
    }

    private static byte[] concat(byte[]... parts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
