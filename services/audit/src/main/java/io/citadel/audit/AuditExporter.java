package io.citadel.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.audit.ChainRecords.Head;
import io.citadel.audit.ChainRecords.Kind;
import io.citadel.core.crypto.Hashes;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the events recorded since the last export into one gzip CloudTrail file
 * ({@code {"Records":[...]}}) once per export interval, and appends an export record carrying the
 * file's SHA-256 to the chain, so a file that is later altered no longer matches the chain.
 * State at {@value AuditKeys#EXPORT_STATE}: {@code lastExportedSeq(8) nextDueMillis(8)}.
 */
final class AuditExporter {

    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Storage storage;
    private final ChainWriter writer;
    private final SigningKeys keys;
    private final Path directory;
    private final Duration interval;

    AuditExporter(Storage storage, ChainWriter writer, SigningKeys keys, Path directory, Duration interval) {
        this.storage = storage;
        this.writer = writer;
        this.keys = keys;
        this.directory = directory;
        this.interval = interval;
    }

    private record State(long lastSeq, long nextDueMillis) {
        static State decode(byte[] v) {
            ByteBuffer in = ByteBuffer.wrap(v);
            return new State(in.getLong(), in.getLong());
        }

        byte[] encode() {
            return ByteBuffer.allocate(16).putLong(lastSeq).putLong(nextDueMillis).array();
        }
    }

    List<Path> exportDue(Instant now) {
        Optional<byte[]> stored = storage.get(AuditKeys.EXPORT_STATE);
        State state = stored.map(State::decode).orElse(new State(0, 0));
        if (now.toEpochMilli() < state.nextDueMillis()) {
            return List.of();
        }
        long head = storage.get(AuditKeys.HEAD).map(Head::decode).orElse(Head.EMPTY).seq();
        long periodMillis = interval.toMillis();
        long nextDue = (now.toEpochMilli() / periodMillis + 1) * periodMillis;
        if (head <= state.lastSeq()) {
            storage.compareAndSet(AuditKeys.EXPORT_STATE, stored.orElse(null), new State(state.lastSeq(), nextDue).encode());
            return List.of();
        }
        try {
            Files.createDirectories(directory);
            String name = "citadel-audit_" + NAME_TIME.format(now) + "_" + AuditKeys.number(state.lastSeq() + 1)
                    + "-" + AuditKeys.number(head) + ".json.gz";
            Path file = directory.resolve(name);
            int records = writeFile(file, state.lastSeq(), head);
            String sha256 = sha256(file);
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("file", name).put("sha256", sha256).put("firstSeq", state.lastSeq() + 1).put("lastSeq", head)
                    .put("records", records).put("exportTime", CloudTrailRecord.isoSeconds(now));
            byte[] expected = stored.orElse(null);
            State next = new State(head, nextDue);
            long seq = writer.append(new ChainWriter.Item(Kind.EXPORT, body.toString().getBytes(StandardCharsets.UTF_8),
                    null, null, null, new ChainWriter.Extra() {
                        @Override
                        public boolean applies(Transaction tx) {
                            Optional<byte[]> current = tx.get(AuditKeys.EXPORT_STATE);
                            return current.isEmpty() ? expected == null : expected != null && Arrays.equals(current.get(), expected);
                        }

                        @Override
                        public void write(Transaction tx, long seq) {
                            tx.put(AuditKeys.EXPORT_STATE, next.encode());
                        }
                    }));
            if (seq < 0) {
                Files.deleteIfExists(file); // another node exported this range first
                return List.of();
            }
            return List.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException("audit export to " + directory + " failed", e);
        }
    }

    private int writeFile(Path file, long afterSeq, long lastSeq) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        int records = 0;
        try (OutputStream raw = Files.newOutputStream(tmp); GZIPOutputStream gz = new GZIPOutputStream(raw, 65536)) {
            gz.write("{\"Records\":[".getBytes(StandardCharsets.US_ASCII));
            int[] written = {0};
            ChainLog.read(storage, afterSeq, lastSeq, 1000, (r, offset) -> {
                if (r.kind() == Kind.EVENT) {
                    if (written[0]++ > 0) {
                        gz.write(',');
                    }
                    gz.write(CompactEvent.is(r.body()) ? CompactEvent.decode(r.body()).cloudTrailJson(keys.eventId(r.seq(), offset)) : r.body());
                }
            });
            records = written[0];
            gz.write("]}".getBytes(StandardCharsets.US_ASCII));
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return records;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = Hashes.sha256Digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return Hashes.hex(digest.digest());
    }
}
