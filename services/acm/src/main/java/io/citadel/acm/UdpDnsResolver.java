package io.citadel.acm;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks one DNS server (host:port, a recursive resolver) over UDP for CNAME records, with a timeout and one retry. */
public final class UdpDnsResolver implements DnsResolver {

    private static final Logger LOG = LoggerFactory.getLogger(UdpDnsResolver.class);
    private final InetSocketAddress server;
    private final Duration timeout;
    private final SecureRandom random = new SecureRandom();

    public UdpDnsResolver(InetSocketAddress server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    /** Parses {@code host:port} (port 53 when absent); throws {@link IllegalArgumentException} naming the problem. */
    public static UdpDnsResolver of(String hostPort) {
        String host = hostPort;
        int port = 53;
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && hostPort.indexOf(':') == colon) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("acm-dns-resolver: " + hostPort + " (expected: host:port)");
            }
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("acm-dns-resolver: port " + port + " (expected: 1..65535)");
        }
        return new UdpDnsResolver(new InetSocketAddress(host, port), Duration.ofSeconds(2));
    }

    @Override
    public List<String> cname(String name) {
        for (int attempt = 0; attempt < 2; attempt++) {
            int id = random.nextInt(0x10000);
            byte[] query = DnsMessages.query(id, name, DnsMessages.TYPE_CNAME);
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout((int) timeout.toMillis());
                socket.send(new DatagramPacket(query, query.length, server));
                byte[] buffer = new byte[4096];
                long deadline = System.nanoTime() + timeout.toNanos();
                while (System.nanoTime() < deadline) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    byte[] response = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                    try {
                        return DnsMessages.answers(response, id).stream()
                                .filter(a -> a.type() == DnsMessages.TYPE_CNAME && a.target() != null)
                                .map(a -> a.target().toLowerCase(Locale.ROOT)).toList();
                    } catch (IllegalArgumentException e) {
                        LOG.debug("ignoring a DNS response: {}", e.getMessage());
                    }
                }
            } catch (SocketTimeoutException e) {
                LOG.debug("DNS query for {} to {} timed out", name, server);
            } catch (IOException e) {
                LOG.warn("DNS query for {} to {} failed: {}", name, server, e.getMessage());
                return List.of();
            }
        }
        return List.of();
    }
}
