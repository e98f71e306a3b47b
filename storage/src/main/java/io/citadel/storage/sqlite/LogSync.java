package io.citadel.storage.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes SQLite's write-ahead log durable up to everything written to it before the call returns
 * to the caller's knowledge: on Linux an {@code fdatasync} of the {@code -wal} file, which flushes
 * the file's pages whoever wrote them. {@link SqliteStorage}'s sync thread calls it after commits
 * that did not sync themselves; tests substitute one that blocks or fails.
 */
@FunctionalInterface
public interface LogSync {

    /** Returns once every byte written to the log before this call is on stable storage; throws when it cannot say so. */
    void sync() throws IOException;

    /**
     * The real one: {@code fdatasync} of {@code <database>-wal}, and of its directory the first time and
     * whenever the log file was created anew, so the file's name survives a power loss too.
     */
    static LogSync walFile(Path database) {
        Path wal = database.resolveSibling(database.getFileName() + "-wal");
        return new LogSync() {
            private FileChannel channel;
            private Object fileKey;

            @Override
            public synchronized void sync() throws IOException {
                Object key = java.nio.file.Files.readAttributes(wal, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
                if (channel == null || key == null || !key.equals(fileKey)) {
                    if (channel != null) {
                        channel.close();
                    }
                    channel = FileChannel.open(wal, StandardOpenOption.READ);
                    fileKey = key;
                    syncDirectory(wal.toAbsolutePath().getParent());
                }
                channel.force(false);
            }
        };
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
