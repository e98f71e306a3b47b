package io.citadel.acme;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback UDP DNS server answering TXT questions from {@link #txt}; everything else gets NOERROR and no answer. */
final class TestDnsServer implements AutoCloseable {

    final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    private final DatagramSocket socket;

    TestDnsServer() {
        try {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().start(this::serve);
    }

    void put(String name, String value) {
        txt.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new CopyOnWriteArrayList<>()).add(value);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] q = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                int p = 12;
                StringBuilder name = new StringBuilder();
                while (q[p] != 0) {
                    int len = q[p] & 0xff;
                    name.append(name.length() > 0 ? "." : "").append(new String(q, p + 1, len, StandardCharsets.US_ASCII));
                    p += 1 + len;
                }
                int end = p + 5;
                List<String> values = txt.getOrDefault(name.toString().toLowerCase(Locale.ROOT), List.of());
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(q, 0, 2);
                out.writeBytes(new byte[] {(byte) 0x81, (byte) 0x80, 0, 1, 0, (byte) values.size(), 0, 0, 0, 0});
                out.write(q, 12, end - 12);
                for (String v : values) {
                    byte[] t = v.getBytes(StandardCharsets.US_ASCII);
                    out.writeBytes(new byte[] {(byte) 0xc0, 0x0c, 0, 16, 0, 1, 0, 0, 0, 60, 0, (byte) (t.length + 1), (byte) t.length});
                    out.writeBytes(t);
                }
                byte[] answer = out.toByteArray();
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
