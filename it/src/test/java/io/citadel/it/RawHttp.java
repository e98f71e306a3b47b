package io.citadel.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately small HTTP/1.1 client over a plain socket: sends exactly the given bytes and
 * reads one response strictly (status line, headers, Content-Length body). Anything else the
 * server sends is reported as malformed, so tests can tell a clean close from a broken answer.
 */
final class RawHttp {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ([^\\r\\n]*)");
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private RawHttp() {
    }

    /** What came back for one request. */
    sealed interface Outcome {
    }

    /** The server closed (or reset) the connection without sending a byte. */
    record Closed(String how) implements Outcome {
    }

    /** One well-formed response. Header names are lower-cased. */
    record Response(int status, String reason, Map<String, List<String>> headers, byte[] body) implements Outcome {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.getFirst();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + reason + " " + headers + "\n" + text();
        }
    }

    /** The server sent bytes that are not one well-formed HTTP/1.1 response. */
    static final class MalformedResponse extends AssertionError {
        MalformedResponse(String message) {
            super(message);
        }
    }

    /** Sends {@code request} on a fresh connection and reads one response; waits at most {@code timeout}. */
    static Response exchange(int port, byte[] request, Duration timeout) {
        Outcome outcome = send(port, request, timeout, timeout);
        if (outcome instanceof Response response) {
            return response;
        }
        throw new AssertionError("expected a response, but the server closed the connection: " + outcome);
    }

    /**
     * Sends {@code request} on a fresh connection. If nothing arrives within {@code quiet}, the
     * client ends its side of the connection (the request will never be completed) and reads on
     * until {@code total} has passed.
     */
    static Outcome send(int port, byte[] request, Duration quiet, Duration total) {
        return send(port, request, quiet, total, true);
    }

    /** As {@link #send(int, byte[], Duration, Duration)}; a response to HEAD has no body to read ({@code expectBody} false). */
    static Outcome send(int port, byte[] request, Duration quiet, Duration total, boolean expectBody) {
        long deadline = System.nanoTime() + total.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout((int) Math.max(1, quiet.toMillis()));
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException e) {
                // The server may refuse the rest of a request it has already answered (413, 431).
            }
            InputStream in = socket.getInputStream();
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                socket.shutdownOutput();
                socket.setSoTimeout(remainingMillis(deadline));
                first = in.read();
            }
            if (first < 0) {
                return new Closed("eof");
            }
            socket.setSoTimeout(remainingMillis(deadline));
            return read(first, in, expectBody);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no response and no close within " + total, e);
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).contains("reset")) {
                return new Closed("reset");
            }
            throw new AssertionError("socket failed: " + e, e);
        } catch (IOException e) {
            throw new AssertionError("socket failed: " + e, e);
        }
    }

    /** Reads one response from a connection the caller keeps (keep-alive tests). */
    static Response read(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new MalformedResponse("connection closed before a response");
        }
        return read(first, in, true);
    }

    private static Response read(int first, InputStream in, boolean expectBody) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(first);
        int last4 = first;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                throw new MalformedResponse("connection closed inside the response head: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            last4 = (last4 << 8) | b;
            if (head.size() > MAX_HEAD_BYTES) {
                throw new MalformedResponse("response head over " + MAX_HEAD_BYTES + " bytes");
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Matcher status = STATUS_LINE.matcher(lines[0]);
        if (!status.matches()) {
            throw new MalformedResponse("bad status line: " + lines[0]);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new MalformedResponse("bad header line: " + lines[i]);
            }
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        List<String> length = headers.get("content-length");
        if (length == null || length.size() != 1 || !length.getFirst().matches("\\d{1,9}")) {
            throw new MalformedResponse("response without one valid Content-Length: " + headers);
        }
        if (!expectBody) {
            return new Response(Integer.parseInt(status.group(1)), status.group(2), headers, new byte[0]);
        }
        byte[] body = in.readNBytes(Integer.parseInt(length.getFirst()));
        if (body.length != Integer.parseInt(length.getFirst())) {
            throw new MalformedResponse("body shorter than its Content-Length " + length.getFirst() + ": " + body.length);
        }
        return new Response(Integer.parseInt(status.group(1)), status.group(2), headers, body);
    }

    private static int remainingMillis(long deadline) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new AssertionError("deadline passed");
        }
        return (int) left;
    }
}
