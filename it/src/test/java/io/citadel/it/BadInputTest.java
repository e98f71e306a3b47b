package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.app.Setting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed, oversized, slow and unroutable requests over a raw socket: each gets the exact AWS
 * error shape of its protocol (json {@code __type}/{@code message} plus {@code x-amzn-ErrorType};
 * query XML {@code ErrorResponse}), never a 5xx.
 */
class BadInputTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String JSON_11 = "application/x-amz-json-1.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private Node node;
    private Credentials root;

    @BeforeEach
    void start() {
        node = Node.builder(dataDir)
                .flag(Setting.MAX_BODY_BYTES, "2048")
                .flag(Setting.REQUEST_TIMEOUT_SECONDS, "1")
                .start();
        root = node.bootstrapCredentials();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void jsonTarget_withWrongContentType_isUnknownOperation() {
        RawHttp.Response r = send(unsigned("POST", List.of(Map.entry("Content-Type", "text/plain"),
                Map.entry("X-Amz-Target", "AWSSecurityTokenServiceV20110615.GetCallerIdentity")), "{}"));

        assertJsonError(r, 400, "UnknownOperationException",
                "Unsupported Content-Type: text/plain (expected: application/x-amz-json-1.1 or 1.0)");
    }

    @Test
    void jsonTarget_withGet_isUnknownOperation() {
        RawHttp.Response r = send(unsigned("GET", List.of(Map.entry("Content-Type", JSON_11),
                Map.entry("X-Amz-Target", "TrentService.ListKeys")), ""));

        assertJsonError(r, 400, "UnknownOperationException", "HTTP method GET is not supported (expected: POST)");
    }

    @Test
    void jsonTarget_unsigned_isMissingAuthenticationToken() {
        RawHttp.Response r = send(unsigned("POST", List.of(Map.entry("Content-Type", JSON_11),
                Map.entry("X-Amz-Target", "NoSuchService_20250101.DoThing")), "{}"));

        assertJsonError(r, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    @Test
    void jsonTarget_unknownButSigned_isUnknownOperation() {
        RawRequest signed = SignedRequests.post(node.port(), root, "sts", "us-east-1", List.of(
                Map.entry("Content-Type", JSON_11), Map.entry("X-Amz-Target", "NoSuchService_20250101.DoThing")),
                "{}".getBytes(StandardCharsets.UTF_8), Instant.now());

        RawHttp.Response r = send(signed);

        assertJsonError(r, 400, "UnknownOperationException", "Unknown target: NoSuchService_20250101.DoThing");
    }

    @Test
    void queryAction_unknownButSigned_isInvalidAction() {
        RawHttp.Response r = send(signedForm("Action=DescribeNothing&Version=2011-06-15"));

        assertQueryError(r, 400, "InvalidAction", "Could not find operation DescribeNothing for version 2011-06-15");
    }

    @Test
    void queryAction_missingButSigned_isMissingAction() {
        RawHttp.Response r = send(signedForm("Version=2011-06-15"));

        assertQueryError(r, 400, "MissingAction", "Missing Action");
    }

    @Test
    void queryAction_unsigned_isMissingAuthenticationToken() {
        RawHttp.Response r = send(unsigned("POST", List.of(Map.entry("Content-Type", SignedRequests.FORM)),
                SignedRequests.GET_CALLER_IDENTITY));

        assertQueryError(r, 403, "MissingAuthenticationToken", "Missing Authentication Token");
    }

    @Test
    void formBody_withInvalidUtf8_isMalformedQueryString() {
        for (byte[] body : List.of(concat("Action=GetCallerIdentity&Version=2011-06-15&Name=", new byte[] {(byte) 0xff, (byte) 0xfe}),
                "Action=GetCallerIdentity&Version=2011-06-15&Name=%C3%28".getBytes(StandardCharsets.US_ASCII),
                "Action=GetCallerIdentity&Version=2011-06-15&Name=%G1".getBytes(StandardCharsets.US_ASCII))) {
            RawRequest signed = SignedRequests.post(node.port(), root, "sts", "us-east-1",
                    List.of(Map.entry("Content-Type", SignedRequests.FORM)), body, Instant.now());

            RawHttp.Response r = send(signed);

            assertThat(r.status()).as("%s", r).isEqualTo(404);
            assertThat(errorCode(r)).isEqualTo("MalformedQueryString");
        }
    }

    @Test
    void body_overTheLimit_isRequestEntityTooLarge_andCloses() {
        byte[] body = ("Action=GetCallerIdentity&Version=2011-06-15&Pad=" + "x".repeat(4096)).getBytes(StandardCharsets.US_ASCII);

        RawHttp.Response r = send(unsigned("POST", List.of(Map.entry("Content-Type", SignedRequests.FORM)), body));

        assertJsonError(r, 413, "RequestEntityTooLarge", "Request body exceeds the limit of 2048 bytes");
        assertThat(r.header("connection")).isEqualToIgnoringCase("close");
    }

    @Test
    void chunkedBody_overTheLimit_isRequestEntityTooLarge() {
        String chunk = "x".repeat(1500);
        String request = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + SignedRequests.FORM
                + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n";

        RawHttp.Response r = RawHttp.exchange(node.port(), request.getBytes(StandardCharsets.US_ASCII), TIMEOUT);

        assertJsonError(r, 413, "RequestEntityTooLarge", "Request body exceeds the limit of 2048 bytes");
    }

    @Test
    void headerSection_overTheLimit_isRejected() {
        RawHttp.Response r = send(unsigned("POST", List.of(Map.entry("Content-Type", SignedRequests.FORM),
                Map.entry("X-Padding", "p".repeat(20_000))), SignedRequests.GET_CALLER_IDENTITY));

        assertJsonError(r, 431, "RequestHeaderSectionTooLarge", "Request header section exceeds the limit");
        assertThat(r.header("connection")).isEqualToIgnoringCase("close");
    }

    @Test
    void requestLine_overTheLimit_isRejected() {
        RawHttp.Response r = RawHttp.exchange(node.port(),
                ("GET /?Action=" + "A".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                TIMEOUT);

        assertJsonError(r, 414, "RequestURITooLong", "Request line exceeds the limit");
    }

    @Test
    void truncatedBody_isAnsweredWithRequestTimeout_withinTheConfiguredSecond() throws IOException {
        byte[] full = unsigned("POST", List.of(Map.entry("Content-Type", SignedRequests.FORM)), SignedRequests.GET_CALLER_IDENTITY)
                .toBytes();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", node.port()), 5_000);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            long start = System.nanoTime();
            socket.getOutputStream().write(full, 0, full.length - 10);
            socket.getOutputStream().flush();

            RawHttp.Response r = RawHttp.read(socket.getInputStream());
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertJsonError(r, 408, "RequestTimeout",
                    "Your socket connection to the server was not read from or written to within the timeout period.");
            assertThat(r.header("connection")).isEqualToIgnoringCase("close");
            assertThat(waited).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
            assertThat(socket.getInputStream().read()).as("connection closed after the 408").isEqualTo(-1);
        }
    }

    @Test
    void garbage_isBadRequest() {
        RawHttp.Outcome outcome = RawHttp.send(node.port(), "\u0000\u0001 hello there\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                TIMEOUT, TIMEOUT);

        assertThat(outcome).isInstanceOf(RawHttp.Response.class);
        assertJsonError((RawHttp.Response) outcome, 400, "BadRequest", "Malformed HTTP request");
    }

    @Test
    void unknownPath_isUnknownOperation() {
        RawHttp.Response r = send(unsigned("GET", List.of(), ""));
        assertJsonError(r, 400, "UnknownOperationException",
                "No AWS operation matches GET / (expected: POST / with X-Amz-Target, or an AWS query Action)");
    }

    @Test
    void keptAliveConnection_answersSeveralSignedRequestsInOrder() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", node.port()), 5_000);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream pipelined = new ByteArrayOutputStream();
            pipelined.writeBytes(SignedRequests.getCallerIdentity(node.port(), root).toBytes());
            pipelined.writeBytes(signedForm("Action=DescribeNothing&Version=2011-06-15").toBytes());
            pipelined.writeBytes(SignedRequests.getCallerIdentity(node.port(), root).toBytes());
            out.write(pipelined.toByteArray());
            out.flush();

            assertThat(RawHttp.read(in).status()).isEqualTo(200);
            assertThat(RawHttp.read(in).status()).isEqualTo(400);
            RawHttp.Response third = RawHttp.read(in);
            assertThat(third.status()).isEqualTo(200);
            assertThat(third.text()).contains("<Arn>arn:aws:iam::" + node.adminAccountId() + ":root</Arn>");
        }
    }

    private RawRequest unsigned(String method, List<Map.Entry<String, String>> headers, String body) {
        return unsigned(method, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private RawRequest unsigned(String method, List<Map.Entry<String, String>> headers, byte[] body) {
        List<Map.Entry<String, String>> all = new ArrayList<>(List.of(Map.entry("Host", "127.0.0.1:" + node.port())));
        all.addAll(headers);
        return RawRequest.of(method, "/", all, body);
    }

    private RawRequest signedForm(String body) {
        return SignedRequests.post(node.port(), root, "sts", "us-east-1", List.of(Map.entry("Content-Type", SignedRequests.FORM)),
                body.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    private RawHttp.Response send(RawRequest request) {
        return RawHttp.exchange(node.port(), request.toBytes(), TIMEOUT);
    }

    private static void assertJsonError(RawHttp.Response r, int status, String code, String message) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.header("content-type")).isEqualTo(JSON_11);
        JsonNode body = json(r);
        assertThat(body.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("__type", "message");
        assertThat(body.get("__type").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isEqualTo(message);
        if (status != 408 && status != 413 && status != 414 && status != 431 && !code.equals("BadRequest")) {
            assertThat(r.header("x-amzn-errortype")).isEqualTo(code);
            assertThat(r.header("x-amzn-requestid")).matches("[0-9a-f-]{36}");
        }
    }

    private static void assertQueryError(RawHttp.Response r, int status, String code, String message) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.header("content-type")).isEqualTo("text/xml");
        String requestId = r.header("x-amzn-requestid");
        assertThat(r.text()).isEqualTo("<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
                + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>");
    }

    private static String errorCode(RawHttp.Response r) {
        String text = r.text();
        int start = text.indexOf("<Code>");
        return start < 0 ? json(r).path("__type").asText() : text.substring(start + 6, text.indexOf("</Code>"));
    }

    private static JsonNode json(RawHttp.Response r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r, e);
        }
    }

    private static byte[] concat(String head, byte[] tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(tail);
        return out.toByteArray();
    }
}
