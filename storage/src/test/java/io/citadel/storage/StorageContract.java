package io.citadel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Storage} must show. Each backend's test extends this class and says
 * how to open a fresh, empty store.
 */
public abstract class StorageContract {

    protected Storage storage;

    /** A new, empty store. */
    protected abstract Storage openStorage();

    /** Runs after the store is closed; backends drop what they created. */
    protected void cleanUp() {
    }

    @BeforeEach
    void openFreshStorage() {
        storage = openStorage();
    }

    @AfterEach
    void closeStorage() {
        try {
            storage.close();
        } finally {
            cleanUp();
        }
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static List<String> keys(ScanPage page) {
        return page.entries().stream().map(Entry::key).toList();
    }

    private List<String> scanAll(String prefix, int pageSize) {
        List<String> all = new ArrayList<>();
        String after = null;
        while (true) {
            ScanPage page = storage.scan(prefix, after, pageSize);
            all.addAll(keys(page));
            if (!page.hasMore()) {
                return all;
            }
            after = page.lastKey().orElseThrow();
        }
    }

    // ---- get / put / delete

    @Test
    void get_missingKey_isEmpty() {
        assertThat(storage.get("acct/missing")).isEmpty();
    }

    @Test
    void put_thenGet_returnsValue() {
        storage.put("acct/a", bytes("one"));

        assertThat(storage.get("acct/a")).hasValueSatisfying(v -> assertThat(text(v)).isEqualTo("one"));
    }

    @Test
    void put_existingKey_overwrites() {
        storage.put("acct/a", bytes("one"));
        storage.put("acct/a", bytes("two"));

        assertThat(text(storage.get("acct/a").orElseThrow())).isEqualTo("two");
    }

    @Test
    void put_emptyValue_roundTrips() {
        storage.put("acct/empty", new byte[0]);

        assertThat(storage.get("acct/empty")).hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(storage.scan("acct/", null, 10).entries()).singleElement()
                .satisfies(e -> assertThat(e.value()).isEmpty());
    }

    @Test
    void values_areCopied_notShared() {
        byte[] value = bytes("original");
        storage.put("acct/a", value);
        value[0] = 'X';
        storage.get("acct/a").orElseThrow()[1] = 'Y';

        assertThat(text(storage.get("acct/a").orElseThrow())).isEqualTo("original");
    }

    @Test
    void binaryValue_withAllByteValues_roundTrips() {
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        storage.put("acct/bin", value);

        assertThat(storage.get("acct/bin").orElseThrow()).isEqualTo(value);
    }

    @Test
    void delete_existingKey_returnsTrueAndRemoves() {
        storage.put("acct/a", bytes("one"));

        assertThat(storage.delete("acct/a")).isTrue();
        assertThat(storage.get("acct/a")).isEmpty();
    }

    @Test
    void delete_missingKey_returnsFalse() {
        assertThat(storage.delete("acct/missing")).isFalse();
    }

    // ---- compare-and-set

    @Test
    void compareAndSet_expectingAbsent_createsOnlyOnce() {
        assertThat(storage.compareAndSet("acct/lock", null, bytes("first"))).isTrue();
        assertThat(storage.compareAndSet("acct/lock", null, bytes("second"))).isFalse();

        assertThat(text(storage.get("acct/lock").orElseThrow())).isEqualTo("first");
    }

    @Test
    void compareAndSet_withMatchingValue_replaces() {
        storage.put("acct/a", bytes("one"));

        assertThat(storage.compareAndSet("acct/a", bytes("one"), bytes("two"))).isTrue();
        assertThat(text(storage.get("acct/a").orElseThrow())).isEqualTo("two");
    }

    @Test
    void compareAndSet_withDifferentValue_changesNothing() {
        storage.put("acct/a", bytes("one"));

        assertThat(storage.compareAndSet("acct/a", bytes("uno"), bytes("two"))).isFalse();
        assertThat(storage.compareAndSet("acct/a", null, bytes("two"))).isFalse();
        assertThat(text(storage.get("acct/a").orElseThrow())).isEqualTo("one");
    }

    @Test
    void compareAndSet_expectingValueOnAbsentKey_fails() {
        assertThat(storage.compareAndSet("acct/a", bytes("one"), bytes("two"))).isFalse();
        assertThat(storage.get("acct/a")).isEmpty();
    }

    @Test
    void compareAndSet_withNullNewValue_deletes() {
        storage.put("acct/a", bytes("one"));

        assertThat(storage.compareAndSet("acct/a", bytes("one"), null)).isTrue();
        assertThat(storage.get("acct/a")).isEmpty();
    }

    @Test
    void compareAndSet_absentToAbsent_succeedsWithoutWriting() {
        assertThat(storage.compareAndSet("acct/a", null, null)).isTrue();
        assertThat(storage.get("acct/a")).isEmpty();
    }

    // ---- the read-only view

    @Test
    void reads_seeCommittedValuesAndScans_refuseWrites_andWorkWhileAnotherThreadHoldsATransaction() throws Exception {
        storage.put("r/a", bytes("1"));
        storage.put("r/b", bytes("2"));
        Transaction view = storage.reads();
        assertThat(view.get("r/a")).hasValueSatisfying(v -> assertThat(text(v)).isEqualTo("1"));
        assertThat(view.get("r/missing")).isEmpty();
        assertThat(keys(view.scan("r/", null, 10))).containsExactly("r/a", "r/b");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> view.put("r/c", bytes("3")))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> view.delete("r/a"))
                .isInstanceOf(UnsupportedOperationException.class);

        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread writer = Thread.ofPlatform().start(() -> storage.transaction(tx -> {
            tx.put("r/a", bytes("uncommitted"));
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        try {
            assertThat(inside.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(view.get("r/a")).as("committed state, without waiting for the writer")
                    .hasValueSatisfying(v -> assertThat(text(v)).isEqualTo("1"));
        } finally {
            release.countDown();
            writer.join();
        }
        assertThat(view.get("r/a")).hasValueSatisfying(v -> assertThat(text(v)).isEqualTo("uncommitted"));
    }

    // ---- scans

    @Test
    void scan_returnsKeysInCodePointOrder() {
        List<String> inserted = List.of("a\uD83D\uDE00", "b", "a\uFFFF", "a", "a\u00E9", "ab", "a/", "A", "a\uE000", "a\u007F");
        for (String key : inserted) {
            storage.put(key, bytes(key));
        }

        List<String> scanned = keys(storage.scan("", null, 100));

        assertThat(scanned).containsExactly("A", "a", "a/", "ab", "a\u007F", "a\u00E9", "a\uE000", "a\uFFFF", "a\uD83D\uDE00", "b");
        assertThat(storage.scan("", null, 100).entries())
                .allSatisfy(e -> assertThat(text(e.value())).isEqualTo(e.key()));
    }

    @Test
    void scan_onlyReturnsKeysWithThePrefix() {
        for (String key : List.of("acct/a", "acct/b", "acct", "acct0", "acct.", "accs/z", "acct/a/b")) {
            storage.put(key, bytes(key));
        }

        assertThat(keys(storage.scan("acct/", null, 100))).containsExactly("acct/a", "acct/a/b", "acct/b");
    }

    @Test
    void scan_pagesThroughAllEntries() {
        for (int i = 0; i < 25; i++) {
            storage.put(String.format("acct/k%02d", i), bytes("v" + i));
        }

        ScanPage first = storage.scan("acct/", null, 10);
        ScanPage second = storage.scan("acct/", first.lastKey().orElseThrow(), 10);
        ScanPage third = storage.scan("acct/", second.lastKey().orElseThrow(), 10);

        assertThat(keys(first)).hasSize(10).startsWith("acct/k00").endsWith("acct/k09");
        assertThat(first.hasMore()).isTrue();
        assertThat(keys(second)).hasSize(10).startsWith("acct/k10").endsWith("acct/k19");
        assertThat(second.hasMore()).isTrue();
        assertThat(keys(third)).hasSize(5).startsWith("acct/k20").endsWith("acct/k24");
        assertThat(third.hasMore()).isFalse();
    }

    @Test
    void scan_withPageExactlyFull_reportsNoMore() {
        for (int i = 0; i < 3; i++) {
            storage.put("acct/k" + i, bytes("v"));
        }

        ScanPage page = storage.scan("acct/", null, 3);

        assertThat(keys(page)).hasSize(3);
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void scan_emptyRange_returnsEmptyPage() {
        storage.put("other/x", bytes("v"));

        ScanPage page = storage.scan("acct/", null, 10);

        assertThat(page.entries()).isEmpty();
        assertThat(page.hasMore()).isFalse();
        assertThat(page.lastKey()).isEmpty();
    }

    @Test
    void scan_startAfter_isExclusiveAndNeedNotExist() {
        for (String key : List.of("acct/a", "acct/b", "acct/d")) {
            storage.put(key, bytes(key));
        }

        assertThat(keys(storage.scan("acct/", "acct/b", 10))).containsExactly("acct/d");
        assertThat(keys(storage.scan("acct/", "acct/c", 10))).containsExactly("acct/d");
        assertThat(keys(storage.scan("acct/", "acct/", 10))).containsExactly("acct/a", "acct/b", "acct/d");
    }

    @Test
    void scan_startAfterOutsideThePrefixRange_isClamped() {
        for (String key : List.of("acct/a", "acct/b", "acct0")) {
            storage.put(key, bytes(key));
        }

        assertThat(keys(storage.scan("acct/", "aaa", 10))).containsExactly("acct/a", "acct/b");
        assertThat(keys(storage.scan("acct/", "acct0", 10))).isEmpty();
        assertThat(keys(storage.scan("acct/", "zzz", 10))).isEmpty();
    }

    @Test
    void scan_prefixWithLikeWildcards_matchesLiterally() {
        for (String key : List.of("p%x", "pax", "p_x", "pbx", "p\\x", "p\\\\x", "p\\%", "p%%")) {
            storage.put(key, bytes(key));
        }

        assertThat(keys(storage.scan("p%", null, 100))).containsExactly("p%%", "p%x");
        assertThat(keys(storage.scan("p_", null, 100))).containsExactly("p_x");
        assertThat(keys(storage.scan("p\\", null, 100))).containsExactly("p\\%", "p\\\\x", "p\\x");
        assertThat(keys(storage.scan("p\\%", null, 100))).containsExactly("p\\%");
    }

    @Test
    void scan_prefixEndingInLargestCodePoint_stopsAtTheRightKey() {
        String max = new String(Character.toChars(Character.MAX_CODE_POINT));
        for (String key : List.of("z" + max, "z" + max + "a", "z" + max + max, "{", "z\uDBFF\uDFFE")) {
            storage.put(key, bytes("v"));
        }

        assertThat(keys(storage.scan("z" + max, null, 100))).containsExactly("z" + max, "z" + max + "a", "z" + max + max);
        assertThat(keys(storage.scan(max, null, 100))).isEmpty();
    }

    @Test
    void scan_prefixEndingBelowTheSurrogateRange_excludesLaterCharacters() {
        for (String key : List.of("\uD7FF", "\uD7FFx", "\uE000", "\uD83D\uDE00", "\uD7FE")) {
            storage.put(key, bytes("v"));
        }

        assertThat(keys(storage.scan("\uD7FF", null, 100))).containsExactly("\uD7FF", "\uD7FFx");
    }

    @Test
    void scan_withUnicodePrefix_matchesOnlyThatPrefix() {
        for (String key : List.of("caf\u00e9/1", "caf\u00e9/2", "cafe/1", "caf\u00ea/1", "\uD83D\uDE00/a", "\uD83D\uDE01/a")) {
            storage.put(key, bytes("v"));
        }

        assertThat(keys(storage.scan("caf\u00e9/", null, 100))).containsExactly("caf\u00e9/1", "caf\u00e9/2");
        assertThat(keys(storage.scan("\uD83D\uDE00", null, 100))).containsExactly("\uD83D\uDE00/a");
    }

    @Test
    void scan_randomKeysAndPrefixes_matchAReferenceModel() {
        String[] alphabet = {"a", "b", "%", "_", "\\", "/", "\u00e9", "\uFFFF", "\uD83D\uDE00", "\uE000"};
        Random random = new Random(20240613L);
        TreeMap<String, byte[]> model = new TreeMap<>(KeyRules.ORDER);
        while (model.size() < 150) {
            String key = randomText(random, alphabet, 1 + random.nextInt(4));
            model.put(key, bytes(key));
        }
        model.forEach(storage::put);

        for (int i = 0; i < 40; i++) {
            String prefix = randomText(random, alphabet, random.nextInt(3));
            List<String> expected = model.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
            assertThat(scanAll(prefix, 1 + random.nextInt(7))).as("prefix %s", prefix).isEqualTo(expected);
        }
    }

    private static String randomText(Random random, String[] alphabet, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }

    // ---- transactions

    @Test
    void transaction_commits_allWritesAndReturnsResult() {
        storage.put("acct/gone", bytes("x"));

        String result = storage.transaction(tx -> {
            tx.put("acct/a", bytes("1"));
            tx.put("acct/b", bytes("2"));
            tx.delete("acct/gone");
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(text(storage.get("acct/a").orElseThrow())).isEqualTo("1");
        assertThat(text(storage.get("acct/b").orElseThrow())).isEqualTo("2");
        assertThat(storage.get("acct/gone")).isEmpty();
    }

    @Test
    void transaction_readsItsOwnWrites() {
        storage.put("acct/a", bytes("old"));
        storage.put("acct/c", bytes("c"));

        storage.transaction(tx -> {
            tx.put("acct/a", bytes("new"));
            tx.put("acct/b", bytes("b"));
            assertThat(tx.delete("acct/c")).isTrue();
            assertThat(tx.delete("acct/c")).isFalse();
            assertThat(text(tx.get("acct/a").orElseThrow())).isEqualTo("new");
            assertThat(tx.get("acct/c")).isEmpty();
            assertThat(keys(tx.scan("acct/", null, 10))).containsExactly("acct/a", "acct/b");
            assertThat(keys(tx.scan("acct/", "acct/a", 1))).containsExactly("acct/b");
            return null;
        });
    }

    @Test
    void transaction_throwing_writesNothingAndPropagatesTheException() {
        storage.put("acct/a", bytes("before"));
        IllegalStateException failure = new IllegalStateException("work failed");

        assertThatThrownBy(() -> storage.transaction(tx -> {
            tx.put("acct/a", bytes("during"));
            tx.put("acct/b", bytes("during"));
            tx.delete("acct/a");
            throw failure;
        })).isSameAs(failure);

        assertThat(text(storage.get("acct/a").orElseThrow())).isEqualTo("before");
        assertThat(storage.get("acct/b")).isEmpty();
        storage.put("acct/c", bytes("after"));
        assertThat(storage.get("acct/c")).isPresent();
    }

    @Test
    void transaction_pendingWrites_areInvisibleOutsideIt() throws Exception {
        AtomicReference<Optional<byte[]>> seenOutside = new AtomicReference<>();
        try (ExecutorService other = Executors.newSingleThreadExecutor()) {
            storage.transaction(tx -> {
                tx.put("acct/pending", bytes("v"));
                try {
                    seenOutside.set(other.submit(() -> storage.get("acct/pending")).get());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
        }

        assertThat(seenOutside.get()).isEmpty();
        assertThat(storage.get("acct/pending")).isPresent();
    }

    @Test
    void transaction_usedAfterItReturned_isRejected() {
        Transaction escaped = storage.transaction(tx -> tx);

        assertThatThrownBy(() -> escaped.put("acct/a", bytes("x"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> escaped.get("acct/a")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void storageWrite_insideTransactionOnSameThread_isRejected() {
        assertThatThrownBy(() -> storage.transaction(tx -> {
            storage.put("acct/a", bytes("x"));
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a transaction");
        assertThat(storage.get("acct/a")).isEmpty();
    }

    @Test
    void transaction_concurrentIncrements_loseNoUpdate() throws Exception {
        int threads = 4;
        int increments = 50;
        storage.put("acct/counter", counter(0));

        runConcurrently(threads, () -> {
            for (int i = 0; i < increments; i++) {
                storage.transaction(tx -> {
                    long current = ByteBuffer.wrap(tx.get("acct/counter").orElseThrow()).getLong();
                    tx.put("acct/counter", counter(current + 1));
                    return null;
                });
            }
            return null;
        });

        assertThat(ByteBuffer.wrap(storage.get("acct/counter").orElseThrow()).getLong()).isEqualTo((long) threads * increments);
    }

    @Test
    void transaction_concurrentCreatesOfAbsentKeys_loseNoUpdate() throws Exception {
        int threads = 4;
        int increments = 25;

        runConcurrently(threads, () -> {
            for (int i = 0; i < increments; i++) {
                storage.transaction(tx -> {
                    long current = tx.get("acct/lazy").map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
                    tx.put("acct/lazy", counter(current + 1));
                    return null;
                });
            }
            return null;
        });

        assertThat(ByteBuffer.wrap(storage.get("acct/lazy").orElseThrow()).getLong()).isEqualTo((long) threads * increments);
    }

    @Test
    void compareAndSet_concurrentIncrements_loseNoUpdate() throws Exception {
        int threads = 4;
        int increments = 25;

        runConcurrently(threads, () -> {
            for (int i = 0; i < increments; i++) {
                while (true) {
                    byte[] current = storage.get("acct/cas").orElse(null);
                    long next = current == null ? 1 : ByteBuffer.wrap(current).getLong() + 1;
                    if (storage.compareAndSet("acct/cas", current, counter(next))) {
                        break;
                    }
                }
            }
            return null;
        });

        assertThat(ByteBuffer.wrap(storage.get("acct/cas").orElseThrow()).getLong()).isEqualTo((long) threads * increments);
    }

    @Test
    void concurrentReads_onVirtualThreads_allSucceed() throws Exception {
        for (int i = 0; i < 20; i++) {
            storage.put("acct/r" + i, bytes("v" + i));
        }
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 200; t++) {
                int n = t % 20;
                results.add(executor.submit(() -> text(storage.get("acct/r" + n).orElseThrow()).equals("v" + n)
                        && storage.scan("acct/", null, 5).entries().size() == 5));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        }
    }

    private static byte[] counter(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private static void runConcurrently(int threads, Callable<Void> task) throws Exception {
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(executor.submit(task));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        }
    }

    // ---- limits and validation

    @Test
    void largeValue_atTheLimit_roundTrips() {
        byte[] value = new byte[storage.maxValueBytes()];
        new Random(7).nextBytes(value);

        storage.put("acct/large", value);

        assertThat(Arrays.equals(storage.get("acct/large").orElseThrow(), value)).isTrue();
    }

    @Test
    void largeValue_overTheLimit_isRejected() {
        int limit = storage.maxValueBytes();

        assertThatThrownBy(() -> storage.put("acct/large", new byte[limit + 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("storage value: " + (limit + 1) + " bytes (expected: at most " + limit + ")");
        assertThatThrownBy(() -> storage.transaction(tx -> {
            tx.put("acct/large", new byte[limit + 1]);
            return null;
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(storage.get("acct/large")).isEmpty();
    }

    @Test
    void key_atMaximumLength_isAccepted() {
        String key = "acct/" + "k".repeat(KeyRules.MAX_KEY_CHARS - 5);

        storage.put(key, bytes("v"));

        assertThat(storage.get(key)).isPresent();
        assertThat(keys(storage.scan("acct/", null, 10))).containsExactly(key);
    }

    @Test
    void invalidKeys_areRejected() {
        Map<String, String> invalid = Map.of(
                "", "storage key: length 0 (expected: 1..1024 chars)",
                "k".repeat(1025), "storage key: length 1025 (expected: 1..1024 chars)",
                "acct/\u0000x", "storage key: NUL character at index 5 (expected: no NUL)",
                "acct/\uD83D", "storage key: unpaired surrogate at index 5 (expected: valid UTF-16)",
                "acct/\uDE00x", "storage key: unpaired surrogate at index 5 (expected: valid UTF-16)");
        invalid.forEach((key, message) -> {
            assertThatThrownBy(() -> storage.put(key, bytes("v"))).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
            assertThatThrownBy(() -> storage.get(key)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
            assertThatThrownBy(() -> storage.delete(key)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
            assertThatThrownBy(() -> storage.compareAndSet(key, null, bytes("v"))).isInstanceOf(IllegalArgumentException.class);
        });
        assertThatThrownBy(() -> storage.put(null, bytes("v"))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> storage.put("acct/a", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void invalidScans_areRejected() {
        assertThatThrownBy(() -> storage.scan("acct/", null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("scan limit: 0 (expected: 1..1000)");
        assertThatThrownBy(() -> storage.scan("acct/", null, 1001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.scan("acct/\u0000", null, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("scan prefix: NUL character at index 5 (expected: no NUL)");
        assertThatThrownBy(() -> storage.scan("acct/", "", 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
