package io.citadel.acm;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A DNS server on loopback UDP that answers CNAME queries from a table the test fills (NXDOMAIN otherwise). */
final class LoopbackDnsServer implements AutoCloseable {

    final Map<String, String> cnames = new ConcurrentHashMap<>();
    private final DatagramSocket socket;
    private final Thread thread;

    LoopbackDnsServer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = Thread.ofPlatform().daemon().name("test-dns").start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    String hostPort() {
        return "127.0.0.1:" + port();
    }

    /** Serves {@code name} (with or without the final dot) as a CNAME to {@code target}. */
    void put(String name, String target) {
        cnames.put(strip(name), target);
    }

    private static String strip(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
                DnsMessages.Question q = DnsMessages.question(query);
                String target = q.type() == DnsMessages.TYPE_CNAME ? cnames.get(strip(q.name())) : null;
                byte[] response = DnsMessages.cnameResponse(query, target);
                socket.send(new DatagramPacket(response, response.length, packet.getSocketAddress()));
            } catch (SocketException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                // a malformed query gets no answer
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
