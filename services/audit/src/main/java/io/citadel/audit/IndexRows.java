package io.citadel.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The LookupEvents postings, in two shapes (formats in docs/audit.md). While a block is open each
 * group commit writes ONE tail row with all of its batch's postings, whatever the number of
 * attribute values; when the block closes, its tail rows are merged into one index row per
 * (attribute value, second) for the whole block and deleted. A lookup reads the block's index rows
 * and the open block's tail rows, so a batch costs one index row instead of one per attribute value.
 */
final class IndexRows {

    static final byte ROW_FORMAT = 2;
    static final byte TAIL_FORMAT = 1;

    private IndexRows() {
    }

    /** One attribute value in one second: the row it belongs to. */
    record GroupKey(String prefix, long second) {
    }

    /** Sequence numbers of one batch (whose records are chunked from {@code batchFirst}), newest first. */
    record Segment(long batchFirst, long[] seqs) {
        long newest() {
            return seqs[0];
        }
    }

    /** A row to read: its key suffix below the attribute prefix ({@code <inv second>/<inv newest>}) and its segments, newest first. */
    record Row(String suffix, List<Segment> segments) {
    }

    /** The postings of one batch: ascending sequence numbers per group, in first-seen order. */
    static final class Batch {
        final long first;
        final Map<GroupKey, ChainWriter.LongList> groups;

        Batch(long first, Map<GroupKey, ChainWriter.LongList> groups) {
            this.first = first;
            this.groups = groups;
        }

        /** {@code format(1)=1 batchFirst(8) groups(4)}, then per group {@code prefixLength(2) prefix second(8) count(2) offsets(2 each, ascending)}. */
        byte[] encode() {
            int size = 1 + 8 + 4;
            List<byte[]> prefixes = new ArrayList<>(groups.size());
            for (Map.Entry<GroupKey, ChainWriter.LongList> g : groups.entrySet()) {
                byte[] p = g.getKey().prefix().getBytes(StandardCharsets.UTF_8);
                prefixes.add(p);
                size += 2 + p.length + 8 + 2 + 2 * g.getValue().size();
            }
            ByteBuffer out = ByteBuffer.allocate(size).put(TAIL_FORMAT).putLong(first).putInt(groups.size());
            int i = 0;
            for (Map.Entry<GroupKey, ChainWriter.LongList> g : groups.entrySet()) {
                byte[] p = prefixes.get(i++);
                ChainWriter.LongList seqs = g.getValue();
                out.putShort((short) p.length).put(p).putLong(g.getKey().second()).putShort((short) seqs.size());
                for (int k = 0; k < seqs.size(); k++) {
                    out.putShort((short) (seqs.get(k) - first));
                }
            }
            return out.array();
        }

        static Batch decode(byte[] value) {
            return decode(value, null);
        }

        /** Decodes a tail row; with {@code onlyPrefix} keeps only that attribute value's groups. */
        static Batch decode(byte[] value, String onlyPrefix) {
            if (value.length < 13 || value[0] != TAIL_FORMAT) {
                throw new IllegalArgumentException("audit index tail row: " + value.length + " bytes (expected: format 1)");
            }
            byte[] wanted = onlyPrefix == null ? null : onlyPrefix.getBytes(StandardCharsets.UTF_8);
            ByteBuffer in = ByteBuffer.wrap(value, 1, value.length - 1);
            long first = in.getLong();
            int count = in.getInt();
            Map<GroupKey, ChainWriter.LongList> groups = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                int length = in.getShort() & 0xffff;
                int at = in.position();
                in.position(at + length);
                long second = in.getLong();
                int n = in.getShort() & 0xffff;
                if (wanted != null && !Arrays.equals(value, at, at + length, wanted, 0, wanted.length)) {
                    in.position(in.position() + 2 * n);
                    continue;
                }
                ChainWriter.LongList seqs = new ChainWriter.LongList();
                for (int k = 0; k < n; k++) {
                    seqs.add(first + (in.getShort() & 0xffff));
                }
                groups.put(new GroupKey(new String(value, at, length, StandardCharsets.UTF_8), second), seqs);
            }
            return new Batch(first, groups);
        }

        /** This batch's rows below {@code prefix}, as a lookup reads them before the block closes. */
        List<Row> rows(String prefix) {
            List<Row> out = new ArrayList<>();
            for (Map.Entry<GroupKey, ChainWriter.LongList> g : groups.entrySet()) {
                if (g.getKey().prefix().equals(prefix)) {
                    Segment s = segment(first, g.getValue());
                    out.add(new Row(AuditKeys.indexRow(g.getKey().second(), s.newest()), List.of(s)));
                }
            }
            return out;
        }
    }

    private static Segment segment(long batchFirst, ChainWriter.LongList ascending) {
        long[] seqs = new long[ascending.size()];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = ascending.get(seqs.length - 1 - i);
        }
        return new Segment(batchFirst, seqs);
    }

    /** The index rows of a closing block, from its batches in commit order: key (prefix + row suffix) to value. */
    static Map<String, byte[]> merge(List<Batch> batches) {
        Map<GroupKey, List<Segment>> byGroup = new LinkedHashMap<>();
        for (Batch b : batches) {
            for (Map.Entry<GroupKey, ChainWriter.LongList> g : b.groups.entrySet()) {
                byGroup.computeIfAbsent(g.getKey(), k -> new ArrayList<>()).add(segment(b.first, g.getValue()));
            }
        }
        Map<String, byte[]> rows = new LinkedHashMap<>(byGroup.size() * 2);
        for (Map.Entry<GroupKey, List<Segment>> g : byGroup.entrySet()) {
            List<Segment> newestFirst = g.getValue().reversed();
            rows.put(g.getKey().prefix() + AuditKeys.indexRow(g.getKey().second(), newestFirst.getFirst().newest()),
                    encodeRow(newestFirst));
        }
        return rows;
    }

    /** {@code format(1)=2}, then per segment (newest first) {@code batchFirst(8) count(2) offsets(2 each, newest first)}. */
    static byte[] encodeRow(List<Segment> newestFirst) {
        int size = 1;
        for (Segment s : newestFirst) {
            size += 8 + 2 + 2 * s.seqs().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(ROW_FORMAT);
        for (Segment s : newestFirst) {
            out.putLong(s.batchFirst()).putShort((short) s.seqs().length);
            for (long seq : s.seqs()) {
                out.putShort((short) (seq - s.batchFirst()));
            }
        }
        return out.array();
    }

    /**
     * The segments of an index row, newest first. Also reads the rows of format 1 (one batch per row,
     * no format byte: {@code batchFirst(8)} then sequence numbers of 8 bytes, newest first).
     */
    static List<Segment> decodeRow(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        if (value.length > 0 && value[0] == 0) {
            long first = in.getLong();
            long[] seqs = new long[in.remaining() / 8];
            for (int i = 0; i < seqs.length; i++) {
                seqs[i] = in.getLong();
            }
            return seqs.length == 0 ? List.of() : List.of(new Segment(first, seqs));
        }
        if (value.length < 1 || value[0] != ROW_FORMAT) {
            throw new IllegalArgumentException("audit index row: " + value.length + " bytes (expected: format 2)");
        }
        in.get();
        List<Segment> out = new ArrayList<>();
        while (in.remaining() >= 10) {
            long first = in.getLong();
            long[] seqs = new long[in.getShort() & 0xffff];
            for (int i = 0; i < seqs.length; i++) {
                seqs[i] = first + (in.getShort() & 0xffff);
            }
            if (seqs.length > 0) {
                out.add(new Segment(first, seqs));
            }
        }
        return out;
    }
}
