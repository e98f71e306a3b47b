package io.citadel.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tiny UDP DNS server on loopback for dns-01 tests: TXT answers from a records file of "fqdn value" lines (which
 * lego's exec provider appends to), NOERROR with no answer for every other question.
 */
final class AcmeDnsServer implements AutoCloseable {

    private final DatagramSocket socket;
    private final Path records;
    private final Thread thread;

    AcmeDnsServer(Path records) {
        this.records = records;
        try {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        thread = Thread.ofPlatform().daemon().name("acme-test-dns").start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] answer = answer(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(byte[] q) throws IOException {
        if (q.length < 12) {
            return null;
        }
        int p = 12;
        StringBuilder name = new StringBuilder();
        while (q[p] != 0) {
            int len = q[p] & 0xff;
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(q, p + 1, len, StandardCharsets.US_ASCII));
            p += 1 + len;
        }
        int questionEnd = p + 5;
        int type = (q[p + 1] & 0xff) << 8 | (q[p + 2] & 0xff);
        List<String> values = new ArrayList<>();
        if (type == 16 && Files.exists(records)) {
            String wanted = name.toString().toLowerCase(Locale.ROOT);
            for (String line : Files.readAllLines(records)) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length == 2 && parts[0].toLowerCase(Locale.ROOT).replaceAll("\\.$", "").equals(wanted)) {
                    values.add(parts[1]);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q, 0, 2);
        out.writeBytes(new byte[] {(byte) 0x81, (byte) 0x80, 0, 1, 0, (byte) values.size(), 0, 0, 0, 0});
        out.write(q, 12, questionEnd - 12);
        for (String v : values) {
            byte[] text = v.getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(new byte[] {(byte) 0xc0, 0x0c, 0, 16, 0, 1, 0, 0, 0, 60, 0, (byte) (text.length + 1), (byte) text.length});
            out.writeBytes(text);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
