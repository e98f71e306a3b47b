package io.citadel.acm;

import java.util.List;

/** Looks up the CNAME records DNS validation asks for. {@link UdpDnsResolver} asks a configured server; tests pass fakes or a loopback server. */
@FunctionalInterface
public interface DnsResolver {

    /** The CNAME targets of {@code name} (absolute, with or without the final dot); empty when there is none or the lookup failed. */
    List<String> cname(String name);

    /** A resolver that finds nothing: DNS validation waits until it times out. */
    DnsResolver NONE = name -> List.of();
}
