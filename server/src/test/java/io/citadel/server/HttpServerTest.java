package io.citadel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.audit.AuditRecorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpServerTest {

    private final DemoService demo = new DemoService();
    private RequestMetrics metrics;
    private HttpServer server;

    @BeforeEach
    void start() {
        metrics = new RequestMetrics();
        Dispatcher dispatcher = new Dispatcher(List.of(demo.json()), DemoService.authenticator(), AuditRecorder.DISABLED,
                InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")), metrics);
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, null, null, 4096, 2048,
                Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(5));
        server = HttpServer.start(settings, dispatcher, metrics);
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    private static String echo(String message) {
        String body = "{\"Message\":\"" + message + "\"}";
        return "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + "X-Amz-Target: DemoService.Echo\r\nAuthorization: ok-demo\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** Reads one HTTP response (headers and a Content-Length body). */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(5000);
        return socket;
    }

    @Test
    void keepAlive_servesSeveralRequestsOnOneConnection_inOrder() throws IOException {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write((echo("one") + echo("two")).getBytes(StandardCharsets.UTF_8));
            out.write(echo("three").getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200").contains("x-amzn-RequestId").endsWith("{\"Message\":\"one\"}");
            assertThat(readResponse(in)).endsWith("{\"Message\":\"two\"}");
            assertThat(readResponse(in)).endsWith("{\"Message\":\"three\"}");
        }
    }

    @Test
    void oversizedBody_is413AndTheServerKeepsServing() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\n"
                    + "X-Amz-Target: DemoService.Echo\r\nContent-Length: 10000\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().write(new byte[10000]);
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 413").contains("RequestEntityTooLarge");
        } catch (java.net.SocketException closedWhileWriting) {
            // the server may close before the whole body is written; the next request must still work
        }
        assertServing();
    }

    @Test
    void oversizedHeaders_is431() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(5000) + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 431").contains("RequestHeaderSectionTooLarge");
        }
        assertServing();
    }

    @Test
    void unsupportedExpectation_is417InTheAwsShape() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 2\r\n\r\n{}")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 417").contains("ExpectationFailed");
        }
        assertServing();
    }

    @Test
    void garbage_is400() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write("\u0001\u0002 nonsense \r\n\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 400");
        }
        assertServing();
    }

    @Test
    void slowHeaders_getRequestTimeout() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write("POST / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 408").contains("RequestTimeout");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertServing();
    }

    @Test
    void truncatedBody_getsRequestTimeout() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\n"
                    + "Content-Length: 100\r\n\r\n{\"Mess").getBytes(StandardCharsets.UTF_8));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 408");
        }
        assertServing();
    }

    @Test
    void healthAndMetrics_needNoAuthentication() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200").endsWith("{\"status\":\"ok\"}");
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200").contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void close_letsInFlightRequestsFinish_andRefusesNewConnections() throws Exception {
        Socket inFlight = connect();
        String body = "{}";
        inFlight.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + "X-Amz-Target: DemoService.Slow\r\nAuthorization: ok-demo\r\nContent-Length: 2\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(demo.slowEntered.await(5, TimeUnit.SECONDS)).isTrue();
        int port = server.port();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 200; i++) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(200);
                    s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                    readResponse(s.getInputStream());
                } catch (SocketTimeoutException ignored) {
                    // accepted by the kernel before the listener closed; try again
                }
            }
        }).isInstanceOf(ConnectException.class);
        assertThat(closing).isNotDone();
        demo.slowRelease.countDown();
        String response = readResponse(inFlight.getInputStream());
        assertThat(response).startsWith("HTTP/1.1 200").contains("connection: close");
        closing.get(10, TimeUnit.SECONDS);
        inFlight.close();
        server = HttpServer.start(ServerSettings.defaults("127.0.0.1", 0), new Dispatcher(List.of(), DemoService.authenticator(), AuditRecorder.DISABLED,
                InstantSource.system(), metrics), metrics);
    }

    private void assertServing() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(echo("still").getBytes(StandardCharsets.UTF_8));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200").endsWith("{\"Message\":\"still\"}");
        }
    }
}
