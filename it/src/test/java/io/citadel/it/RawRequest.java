package io.citadel.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An HTTP/1.1 request as bytes on the wire: request line, headers in order (repeats allowed) and
 * body. Content-Length is whatever the headers say, so a test can make it lie.
 */
record RawRequest(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {

    RawRequest {
        headers = List.copyOf(headers);
    }

    /** A request whose Content-Length matches its body. */
    static RawRequest of(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {
        List<Map.Entry<String, String>> all = new ArrayList<>(headers);
        all.removeIf(h -> h.getKey().equalsIgnoreCase("content-length"));
        if (body.length > 0 || method.equals("POST")) {
            all.add(Map.entry("Content-Length", Integer.toString(body.length)));
        }
        return new RawRequest(method, target, all, body);
    }

    RawRequest withHeader(String name, String value) {
        List<Map.Entry<String, String>> all = new ArrayList<>(headers);
        all.removeIf(h -> h.getKey().equalsIgnoreCase(name));
        all.add(Map.entry(name, value));
        return new RawRequest(method, target, all, body);
    }

    RawRequest withoutHeader(String name) {
        List<Map.Entry<String, String>> all = new ArrayList<>(headers);
        all.removeIf(h -> h.getKey().equalsIgnoreCase(name));
        return new RawRequest(method, target, all, body);
    }

    byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + body.length);
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> h : headers) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
