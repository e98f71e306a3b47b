package io.citadel.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An incremental HTTP/1.1 response parser fed from a non-blocking socket: status line, headers,
 * then a body framed by Content-Length or chunked transfer coding. It keeps only the status,
 * the Connection header and, for error statuses, the first bytes of the body.
 */
final class HttpResponseParser {

    /** Thrown when the bytes on the wire are not a response this parser understands. */
    static final class MalformedResponseException extends Exception {
        MalformedResponseException(String message) {
            super(message);
        }
    }

    private enum State { STATUS_LINE, HEADERS, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, DONE }

    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_CAPTURED_BODY = 512;

    private final StringBuilder line = new StringBuilder(128);
    private final boolean captureErrorBodies;
    private State state = State.STATUS_LINE;
    private int status;
    private long contentLength;
    private boolean chunked;
    private boolean connectionClose;
    private long remaining;
    private ByteArrayOutputStream capturedBody;

    HttpResponseParser(boolean captureErrorBodies) {
        this.captureErrorBodies = captureErrorBodies;
        reset();
    }

    /** Prepares for the next response on the same connection. */
    void reset() {
        state = State.STATUS_LINE;
        line.setLength(0);
        status = 0;
        contentLength = -1;
        chunked = false;
        connectionClose = false;
        remaining = 0;
        capturedBody = null;
    }

    /**
     * Consumes bytes from {@code input}; returns true once a whole response has been read. Bytes
     * after the end of the response are left in the buffer.
     */
    boolean feed(ByteBuffer input) throws MalformedResponseException {
        while (input.hasRemaining() && state != State.DONE) {
            switch (state) {
                case STATUS_LINE, HEADERS, CHUNK_SIZE, CHUNK_DATA_END, TRAILERS -> {
                    if (readLine(input)) {
                        onLine(line.toString());
                        line.setLength(0);
                    }
                }
                case FIXED_BODY, CHUNK_DATA -> {
                    int take = (int) Math.min(remaining, input.remaining());
                    capture(input, take);
                    input.position(input.position() + take);
                    remaining -= take;
                    if (remaining == 0) {
                        state = state == State.FIXED_BODY ? State.DONE : State.CHUNK_DATA_END;
                    }
                }
                case DONE -> { }
            }
        }
        return state == State.DONE;
    }

    int status() {
        return status;
    }

    boolean connectionClose() {
        return connectionClose;
    }

    /** The start of the body of a response with status >= 300, if capture was requested. */
    String capturedBody() {
        return capturedBody == null ? "" : capturedBody.toString(StandardCharsets.UTF_8);
    }

    private boolean readLine(ByteBuffer input) throws MalformedResponseException {
        while (input.hasRemaining()) {
            char c = (char) (input.get() & 0xff);
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return true;
            }
            if (line.length() >= MAX_LINE) {
                throw new MalformedResponseException("line length: over " + MAX_LINE + " bytes (expected: a CRLF-terminated line)");
            }
            line.append(c);
        }
        return false;
    }

    private void onLine(String text) throws MalformedResponseException {
        switch (state) {
            case STATUS_LINE -> {
                if (text.isEmpty()) {
                    return;
                }
                if (!text.startsWith("HTTP/1.") || text.length() < 12) {
                    throw new MalformedResponseException("status line: " + abbreviate(text) + " (expected: HTTP/1.x NNN ...)");
                }
                status = parseStatus(text);
                connectionClose = text.startsWith("HTTP/1.0");
                state = State.HEADERS;
            }
            case HEADERS -> {
                if (!text.isEmpty()) {
                    onHeader(text);
                } else if (status / 100 == 1) {
                    int informational = status;
                    reset();
                    if (informational == 101) {
                        throw new MalformedResponseException("status: 101 (expected: no protocol switch)");
                    }
                } else {
                    startBody();
                }
            }
            case CHUNK_SIZE -> {
                int extension = text.indexOf(';');
                String hex = (extension >= 0 ? text.substring(0, extension) : text).strip();
                try {
                    remaining = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new MalformedResponseException("chunk size: " + abbreviate(text) + " (expected: hexadecimal)");
                }
                state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            case CHUNK_DATA_END -> {
                if (!text.isEmpty()) {
                    throw new MalformedResponseException("chunk end: " + abbreviate(text) + " (expected: CRLF after chunk data)");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (text.isEmpty()) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException("no line expected in state " + state);
        }
    }

    private void onHeader(String text) throws MalformedResponseException {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new MalformedResponseException("header: " + abbreviate(text) + " (expected: name: value)");
        }
        String name = text.substring(0, colon).strip();
        String value = text.substring(colon + 1).strip();
        if (name.equalsIgnoreCase("content-length")) {
            try {
                contentLength = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new MalformedResponseException("content-length: " + abbreviate(value) + " (expected: a decimal length)");
            }
        } else if (name.equalsIgnoreCase("transfer-encoding")) {
            chunked = value.toLowerCase().contains("chunked");
        } else if (name.equalsIgnoreCase("connection")) {
            if (value.equalsIgnoreCase("close")) {
                connectionClose = true;
            } else if (value.equalsIgnoreCase("keep-alive")) {
                connectionClose = false;
            }
        }
    }

    private void startBody() throws MalformedResponseException {
        if (captureErrorBodies && status >= 300) {
            capturedBody = new ByteArrayOutputStream();
        }
        if (status == 204 || status == 304) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength == 0 ? State.DONE : State.FIXED_BODY;
        } else {
            throw new MalformedResponseException(
                    "body framing: none (expected: Content-Length or chunked; a close-delimited body breaks keep-alive)");
        }
    }

    private void capture(ByteBuffer input, int length) {
        if (capturedBody == null || capturedBody.size() >= MAX_CAPTURED_BODY) {
            return;
        }
        int take = Math.min(length, MAX_CAPTURED_BODY - capturedBody.size());
        for (int i = 0; i < take; i++) {
            capturedBody.write(input.get(input.position() + i));
        }
    }

    private static int parseStatus(String statusLine) throws MalformedResponseException {
        try {
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new MalformedResponseException("status code: " + abbreviate(statusLine) + " (expected: three digits)");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? '"' + text + '"' : '"' + text.substring(0, 80) + "...\"";
    }
}
