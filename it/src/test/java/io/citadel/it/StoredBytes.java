package io.citadel.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The raw bytes a node left on disk or in a database, and searches in them: what an attacker with the storage sees. */
final class StoredBytes {

    private final Map<String, byte[]> sources;

    private StoredBytes(Map<String, byte[]> sources) {
        this.sources = sources;
    }

    /** Every SQLite file of the node ({@code citadel.db} and its {@code -wal} / {@code -shm}, whichever exist). */
    static StoredBytes sqliteFiles(Path dataDir) {
        Map<String, byte[]> sources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("citadel.db")).sorted().toList()) {
                sources.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!sources.containsKey("citadel.db")) {
            throw new AssertionError("no citadel.db in " + dataDir);
        }
        return new StoredBytes(sources);
    }

    static StoredBytes of(String name, byte[] bytes) {
        Map<String, byte[]> sources = new LinkedHashMap<>();
        sources.put(name, bytes);
        return new StoredBytes(sources);
    }

    StoredBytes and(String name, byte[] bytes) {
        Map<String, byte[]> all = new LinkedHashMap<>(sources);
        all.put(name, bytes);
        return new StoredBytes(all);
    }

    Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sources.forEach((name, bytes) -> sizes.put(name, bytes.length));
        return sizes;
    }

    /** The sources that hold {@code needle} anywhere, as raw bytes or as lower- or upper-case hex. */
    Map<String, String> occurrences(byte[] needle) {
        byte[] hexLower = HexFormat.of().formatHex(needle).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] hexUpper = HexFormat.of().withUpperCase().formatHex(needle).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Map<String, String> found = new LinkedHashMap<>();
        sources.forEach((name, bytes) -> {
            if (indexOf(bytes, needle) >= 0) {
                found.put(name, "raw");
            } else if (indexOf(bytes, hexLower) >= 0 || indexOf(bytes, hexUpper) >= 0) {
                found.put(name, "hex");
            }
        });
        return found;
    }

    boolean contains(byte[] needle) {
        return !occurrences(needle).isEmpty();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
