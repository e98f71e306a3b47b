package io.citadel.server;

import io.netty.handler.ssl.OpenSsl;

/**
 * Which TLS implementation runs the listener's handshakes. OpenSSL is BoringSSL through netty-tcnative: its P-256 and
 * X25519 arithmetic is several times faster than the JDK's, which dominated the handshake profile (docs/tls.md).
 */
public enum TlsProvider {
    /** OpenSSL when its native library loads on this machine, else the JDK. */
    AUTO,
    /** OpenSSL or nothing: starting fails when the native library does not load. */
    OPENSSL,
    /** The JDK's own TLS (SunJSSE), as before OpenSSL was the default. */
    JDK;

    /** The setting's spelling: {@code auto}, {@code openssl} or {@code jdk}. */
    public static TlsProvider parse(String value) {
        return switch (value.trim()) {
            case "auto" -> AUTO;
            case "openssl" -> OPENSSL;
            case "jdk" -> JDK;
            default -> throw new IllegalArgumentException("tls-provider: " + value + " (expected: auto, openssl or jdk)");
        };
    }

    /** OPENSSL or JDK: what this choice means on this machine. */
    TlsProvider resolve() {
        return switch (this) {
            case JDK -> JDK;
            case AUTO -> OpenSsl.isAvailable() ? OPENSSL : JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    Throwable cause = OpenSsl.unavailabilityCause();
                    throw new IllegalStateException("tls-provider openssl: the netty-tcnative BoringSSL library does not load here ("
                            + (cause == null ? "unknown reason" : cause.getMessage()) + "); use auto or jdk");
                }
                yield OPENSSL;
            }
        };
    }
}
