package io.citadel.secrets.rotation;

import java.sql.SQLException;
import java.util.regex.Pattern;

/** Checks the {@code host} of a database secret before it goes into a JDBC URL, so it cannot smuggle in a path or options. */
final class DatabaseRotationHosts {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,252})");
    private static final Pattern IPV6 = Pattern.compile("\\[?([0-9A-Fa-f:.]{2,45})]?");

    private DatabaseRotationHosts() {
    }

    /** The host as it goes into a JDBC URL: a DNS name or IPv4 address as is, an IPv6 address in brackets. */
    static String urlHost(String host) throws SQLException {
        if (NAME.matcher(host).matches()) {
            return host;
        }
        var v6 = IPV6.matcher(host);
        if (v6.matches() && host.contains(":")) {
            return "[" + v6.group(1) + "]";
        }
        throw new SQLException("host is not a host name or IP address", "08001");
    }
}
