package io.citadel.acme;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How this node validates challenges: the ports http-01 fetches from and tls-alpn-01 connects to (80 and 443 in
 * production; tests point them at the client's loopback listener), a static host mapping consulted before the system resolver, the DNS server dns-01
 * asks for TXT records (null: the first nameserver of /etc/resolv.conf), and the time one validation may take.
 *
 * @param hosts exact names ({@code example.test}) or suffix patterns ({@code *.example.test}, matching every name below) to IP literals
 */
public record AcmeSettings(int http01Port, int tlsAlpn01Port, Map<String, String> hosts, InetSocketAddress dnsServer, Duration validationTimeout,
                           Duration orderLifetime, Duration authorizationLifetime) {

    public AcmeSettings {
        if (http01Port < 1 || http01Port > 65535) {
            throw new IllegalArgumentException("acme-http01-port: " + http01Port + " (expected: 1..65535)");
        }
        if (tlsAlpn01Port < 1 || tlsAlpn01Port > 65535) {
            throw new IllegalArgumentException("acme-tls-alpn01-port: " + tlsAlpn01Port + " (expected: 1..65535)");
        }
        hosts = Map.copyOf(hosts);
        Objects.requireNonNull(validationTimeout, "validationTimeout");
        Objects.requireNonNull(orderLifetime, "orderLifetime");
        Objects.requireNonNull(authorizationLifetime, "authorizationLifetime");
    }

    /** Ports 80 and 443, the system resolver, resolv.conf's DNS server, 30 s per validation, orders and authorizations for 7 days. */
    public static AcmeSettings defaults() {
        return new AcmeSettings(80, 443, Map.of(), null, Duration.ofSeconds(30), Duration.ofDays(7), Duration.ofDays(7));
    }

    public AcmeSettings withHttp01Port(int port) {
        return new AcmeSettings(port, tlsAlpn01Port, hosts, dnsServer, validationTimeout, orderLifetime, authorizationLifetime);
    }

    public AcmeSettings withHosts(Map<String, String> mapping) {
        return new AcmeSettings(http01Port, tlsAlpn01Port, mapping, dnsServer, validationTimeout, orderLifetime, authorizationLifetime);
    }

    public AcmeSettings withDnsServer(InetSocketAddress server) {
        return new AcmeSettings(http01Port, tlsAlpn01Port, hosts, server, validationTimeout, orderLifetime, authorizationLifetime);
    }

    public AcmeSettings withTlsAlpn01Port(int port) {
        return new AcmeSettings(http01Port, port, hosts, dnsServer, validationTimeout, orderLifetime, authorizationLifetime);
    }

    /** Parses {@code name=ip,*.suffix=ip,...} (the acme-resolve setting); blank gives no mapping. */
    public static Map<String, String> parseHosts(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String part : spec.split(",")) {
            String entry = part.strip();
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("acme-resolve: '" + entry + "' (expected: name=ip, e.g. example.test=127.0.0.1)");
            }
            String ip = entry.substring(eq + 1).strip();
            if (!ip.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw new IllegalArgumentException("acme-resolve: '" + ip + "' in '" + entry + "' (expected: an IP literal)");
            }
            out.put(entry.substring(0, eq).strip().toLowerCase(Locale.ROOT), ip);
        }
        return out;
    }

    /** Parses {@code host:port} (port 53 when absent) for the acme-dns-server setting; blank gives null. */
    public static InetSocketAddress parseDnsServer(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        String s = spec.strip();
        int colon = s.lastIndexOf(':');
        if (colon < 0 || s.indexOf(':') != colon) {
            return new InetSocketAddress(s, 53);
        }
        try {
            return new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("acme-dns-server: " + spec + " (expected: host or host:port)");
        }
    }
}
