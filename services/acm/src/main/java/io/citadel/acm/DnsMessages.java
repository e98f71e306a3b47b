package io.citadel.acm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few RFC 1035 messages DNS validation needs: a recursive query for one name and type, and the CNAME answers of
 * a response (names decoded with compression pointers). Public so a test's loopback DNS server speaks the same bytes.
 */
public final class DnsMessages {

    public static final int TYPE_CNAME = 5;
    public static final int CLASS_IN = 1;
    private static final int MAX_POINTER_HOPS = 32;

    /** One resource record of an answer section: its owner name, type and, for a CNAME, its target. */
    public record Answer(String name, int type, String target) {
    }

    /** The question of a query: id, name (lower case, no final dot) and type. */
    public record Question(int id, String name, int type) {
    }

    private DnsMessages() {
    }

    /** A query with recursion desired. */
    public static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeShort(out, id);
        writeShort(out, 0x0100);
        writeShort(out, 1);
        writeShort(out, 0);
        writeShort(out, 0);
        writeShort(out, 0);
        writeName(out, name);
        writeShort(out, type);
        writeShort(out, CLASS_IN);
        return out.toByteArray();
    }

    /** Reads the question of a query (for a test server). */
    public static Question question(byte[] message) {
        int id = u16(message, 0);
        int[] pos = {12};
        String name = readName(message, pos);
        return new Question(id, name, u16(message, pos[0]));
    }

    /** A response answering {@code query}'s question with CNAME {@code target}, or NXDOMAIN when {@code target} is null. */
    public static byte[] cnameResponse(byte[] query, String target) {
        Question q = question(query);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeShort(out, q.id());
        writeShort(out, target == null ? 0x8183 : 0x8180);
        writeShort(out, 1);
        writeShort(out, target == null ? 0 : 1);
        writeShort(out, 0);
        writeShort(out, 0);
        writeName(out, q.name());
        writeShort(out, q.type());
        writeShort(out, CLASS_IN);
        if (target != null) {
            writeShort(out, 0xC00C);
            writeShort(out, TYPE_CNAME);
            writeShort(out, CLASS_IN);
            writeShort(out, 0);
            writeShort(out, 300);
            ByteArrayOutputStream rdata = new ByteArrayOutputStream();
            writeName(rdata, target);
            writeShort(out, rdata.size());
            out.writeBytes(rdata.toByteArray());
        }
        return out.toByteArray();
    }

    /** The answers of a response to query {@code id}; throws {@link IllegalArgumentException} when it is malformed or answers another query. */
    public static List<Answer> answers(byte[] message, int id) {
        if (message.length < 12 || u16(message, 0) != id || (message[2] & 0x80) == 0) {
            throw new IllegalArgumentException("DNS response: not the answer to query " + id);
        }
        int rcode = message[3] & 0x0F;
        if (rcode != 0) {
            return List.of();
        }
        int questions = u16(message, 4);
        int answers = u16(message, 6);
        int[] pos = {12};
        for (int i = 0; i < questions; i++) {
            readName(message, pos);
            pos[0] += 4;
        }
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < answers; i++) {
            String owner = readName(message, pos);
            int type = u16(message, pos[0]);
            int length = u16(message, pos[0] + 8);
            int rdata = pos[0] + 10;
            if (rdata + length > message.length) {
                throw new IllegalArgumentException("DNS response: record data past the end of the message");
            }
            String target = null;
            if (type == TYPE_CNAME) {
                int[] at = {rdata};
                target = readName(message, at);
            }
            out.add(new Answer(owner, type, target));
            pos[0] = rdata + length;
        }
        return out;
    }

    private static void writeName(ByteArrayOutputStream out, String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (!n.isEmpty()) {
            for (String label : n.split("\\.")) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                if (bytes.length == 0 || bytes.length > 63) {
                    throw new IllegalArgumentException("DNS name: label of " + bytes.length + " octets in " + name + " (expected: 1..63)");
                }
                out.write(bytes.length);
                out.writeBytes(bytes);
            }
        }
        out.write(0);
    }

    private static String readName(byte[] m, int[] pos) {
        StringBuilder name = new StringBuilder();
        int p = pos[0];
        boolean jumped = false;
        int hops = 0;
        while (true) {
            if (p >= m.length) {
                throw new IllegalArgumentException("DNS message: name runs past the end");
            }
            int len = m[p] & 0xFF;
            if ((len & 0xC0) == 0xC0) {
                if (p + 1 >= m.length || ++hops > MAX_POINTER_HOPS) {
                    throw new IllegalArgumentException("DNS message: bad compression pointer");
                }
                if (!jumped) {
                    pos[0] = p + 2;
                }
                jumped = true;
                p = ((len & 0x3F) << 8) | (m[p + 1] & 0xFF);
                continue;
            }
            if (len == 0) {
                if (!jumped) {
                    pos[0] = p + 1;
                }
                return name.toString().toLowerCase(Locale.ROOT);
            }
            if (p + 1 + len > m.length) {
                throw new IllegalArgumentException("DNS message: label runs past the end");
            }
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(m, p + 1, len, StandardCharsets.US_ASCII));
            p += 1 + len;
        }
    }

    private static int u16(byte[] m, int at) {
        if (at + 1 >= m.length) {
            throw new IllegalArgumentException("DNS message: truncated");
        }
        return ((m[at] & 0xFF) << 8) | (m[at + 1] & 0xFF);
    }

    private static void writeShort(ByteArrayOutputStream out, int v) {
        out.write((v >> 8) & 0xFF);
        out.write(v & 0xFF);
    }
}
