package io.citadel.acme;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks one DNS server for the TXT records of a name (RFC 1035 messages over UDP, TCP when the answer is
 * truncated), for dns-01. Only what that needs: one question, answers of type TXT, name compression.
 */
final class DnsTxtClient {

    static final int TYPE_TXT = 16;
    private static final int CLASS_IN = 1;
    private static final int ATTEMPTS = 2;

    private final InetSocketAddress server;
    private final Duration timeout;
    private final SecureRandom random = new SecureRandom();

    /** {@code server} null: the first nameserver in /etc/resolv.conf (127.0.0.1 when there is none). */
    DnsTxtClient(InetSocketAddress server, Duration timeout) {
        this.server = server != null ? server : systemServer();
        this.timeout = timeout;
    }

    /** The TXT strings of {@code name} (each record's character-strings joined); empty for NXDOMAIN or no TXT. */
    List<String> txt(String name) throws IOException {
        int id = random.nextInt(1 << 16);
        byte[] query = query(id, name);
        byte[] answer = null;
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS && answer == null; attempt++) {
            try {
                answer = udp(query, id);
            } catch (SocketTimeoutException e) {
                last = e;
            }
        }
        if (answer == null) {
            throw last != null ? last : new IOException("no answer");
        }
        if ((answer[2] & 0x02) != 0) {
            answer = tcp(query);
        }
        return parse(answer, id);
    }

    InetSocketAddress server() {
        return server;
    }

    static byte[] query(int id, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(id >> 8);
        out.write(id);
        out.write(0x01); // RD
        out.write(0x00);
        out.writeBytes(new byte[] {0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            if (bytes.length == 0 || bytes.length > 63) {
                throw new IllegalArgumentException("DNS name: label '" + label + "' of " + name + " (expected: 1..63 bytes)");
            }
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.write(0);
        out.writeBytes(new byte[] {0, TYPE_TXT, 0, CLASS_IN});
        return out.toByteArray();
    }

    static List<String> parse(byte[] msg, int id) throws IOException {
        if (msg.length < 12 || ((msg[0] & 0xff) << 8 | (msg[1] & 0xff)) != id || (msg[2] & 0x80) == 0) {
            throw new IOException("not an answer to our query");
        }
        int rcode = msg[3] & 0x0f;
        if (rcode == 3) {
            return List.of();
        }
        if (rcode != 0) {
            throw new IOException("DNS server answered rcode " + rcode);
        }
        int questions = u16(msg, 4);
        int answers = u16(msg, 6);
        int p = 12;
        for (int i = 0; i < questions; i++) {
            p = skipName(msg, p) + 4;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < answers; i++) {
            p = skipName(msg, p);
            check(msg, p + 10);
            int type = u16(msg, p);
            int length = u16(msg, p + 8);
            int rdata = p + 10;
            check(msg, rdata + length);
            if (type == TYPE_TXT) {
                StringBuilder text = new StringBuilder();
                int q = rdata;
                while (q < rdata + length) {
                    int n = msg[q] & 0xff;
                    check(msg, q + 1 + n);
                    text.append(new String(msg, q + 1, n, StandardCharsets.UTF_8));
                    q += 1 + n;
                }
                out.add(text.toString());
            }
            p = rdata + length;
        }
        return out;
    }

    private byte[] udp(byte[] query, int id) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.send(new DatagramPacket(query, query.length, server));
            byte[] buffer = new byte[4096];
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] msg = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                if (msg.length >= 2 && ((msg[0] & 0xff) << 8 | (msg[1] & 0xff)) == id) {
                    return msg;
                }
                if (System.nanoTime() > deadline) {
                    throw new SocketTimeoutException("no matching answer");
                }
            }
        }
    }

    private byte[] tcp(byte[] query) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {(byte) (query.length >> 8), (byte) query.length});
            out.write(query);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = in.readUnsignedShort();
            byte[] msg = new byte[length];
            in.readFully(msg);
            return msg;
        }
    }

    private static int skipName(byte[] msg, int p) throws IOException {
        while (true) {
            check(msg, p + 1);
            int len = msg[p] & 0xff;
            if (len == 0) {
                return p + 1;
            }
            if ((len & 0xc0) == 0xc0) {
                return p + 2;
            }
            p += 1 + len;
        }
    }

    private static int u16(byte[] msg, int p) throws IOException {
        check(msg, p + 2);
        return (msg[p] & 0xff) << 8 | (msg[p + 1] & 0xff);
    }

    private static void check(byte[] msg, int end) throws IOException {
        if (end > msg.length) {
            throw new IOException("truncated DNS message");
        }
    }

    private static InetSocketAddress systemServer() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length >= 2 && parts[0].equals("nameserver")) {
                    return new InetSocketAddress(parts[1], 53);
                }
            }
        } catch (IOException e) {
            // fall through to the loopback resolver
        }
        return new InetSocketAddress("127.0.0.1", 53);
    }
}
