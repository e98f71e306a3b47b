package io.citadel.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP listener behaves. {@code tlsCertificate} and {@code tlsPrivateKey} are PEM files, read once by
 * {@link HttpServer#start(ServerSettings, Dispatcher, RequestMetrics)}; both null means plain HTTP. A listener that
 * reloads its certificate or asks for client certificates is started with {@link TlsSettings} instead.
 */
public record ServerSettings(
        String host,
        int port,
        Path tlsCertificate,
        Path tlsPrivateKey,
        int maxBodyBytes,
        int maxHeaderBytes,
        Duration requestTimeout,
        Duration idleTimeout,
        Duration shutdownGrace) {

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a private key file");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: >= 1024)");
        }
    }

    public boolean tls() {
        return tlsCertificate != null;
    }

    public static ServerSettings defaults(String host, int port) {
        return new ServerSettings(host, port, null, null, 10 * 1024 * 1024, 16 * 1024,
                Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(20));
    }
}
