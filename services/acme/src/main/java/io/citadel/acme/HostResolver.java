package io.citadel.acme;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Resolves the names http-01 connects to: the operator's static mapping first (acme-resolve), else the system resolver. */
final class HostResolver {

    private final Map<String, String> hosts;

    HostResolver(Map<String, String> hosts) {
        this.hosts = Map.copyOf(hosts);
    }

    /** The addresses of {@code name}; throws {@link UnknownHostException} when there are none. */
    List<InetAddress> resolve(String name) throws UnknownHostException {
        String lower = name.toLowerCase(Locale.ROOT);
        String mapped = hosts.get(lower);
        if (mapped == null) {
            for (Map.Entry<String, String> e : hosts.entrySet()) {
                if (e.getKey().startsWith("*.") && lower.endsWith(e.getKey().substring(1))) {
                    mapped = e.getValue();
                    break;
                }
            }
        }
        if (mapped != null) {
            return List.of(InetAddress.getByName(mapped));
        }
        return List.of(InetAddress.getAllByName(lower));
    }
}
