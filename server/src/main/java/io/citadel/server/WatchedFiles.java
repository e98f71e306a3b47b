package io.citadel.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A few small files compared by content: {@link #changed()} returns their text when any byte differs from
 * the last content it reported. Content rather than mtime, so a copy that keeps the timestamp still counts and a
 * touch that changes nothing does not.
 */
final class WatchedFiles {

    private final List<Path> paths;
    private List<byte[]> last = List.of();

    WatchedFiles(List<Path> paths) {
        this.paths = List.copyOf(paths);
    }

    /** The files' text, read now; throws {@link IOException} when one cannot be read. */
    List<String> read() throws IOException {
        List<byte[]> bytes = readBytes();
        last = bytes;
        return text(bytes);
    }

    /** The files' text if it differs from what was last read or reported; empty when unchanged. */
    Optional<List<String>> changed() throws IOException {
        List<byte[]> bytes = readBytes();
        boolean same = bytes.size() == last.size();
        for (int i = 0; same && i < bytes.size(); i++) {
            same = Arrays.equals(bytes.get(i), last.get(i));
        }
        if (same) {
            return Optional.empty();
        }
        last = bytes;
        return Optional.of(text(bytes));
    }

    List<Path> paths() {
        return paths;
    }

    private List<byte[]> readBytes() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (Path path : paths) {
            out.add(Files.readAllBytes(path));
        }
        return out;
    }

    private static List<String> text(List<byte[]> bytes) {
        return bytes.stream().map(b -> new String(b, StandardCharsets.US_ASCII)).toList();
    }
}
