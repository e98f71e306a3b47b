package io.citadel.acme;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Fetches {@code http://<domain>:<port>/.well-known/acme-challenge/<token>} for http-01 (RFC 8555 section 8.3) with
 * a plain HTTP/1.1 request over a socket, so the connection goes to the resolver's address while the Host header
 * names the domain. Redirects are followed to http on the same port; each response is read up to
 * {@link #MAX_RESPONSE_BYTES}.
 */
final class Http01Client {

    static final int MAX_RESPONSE_BYTES = 16 * 1024;
    static final int MAX_REDIRECTS = 10;

    private final HostResolver resolver;
    private final int port;
    private final Duration timeout;

    Http01Client(HostResolver resolver, int port, Duration timeout) {
        this.resolver = resolver;
        this.port = port;
        this.timeout = timeout;
    }

    /**
     * Returns normally when the body is the key authorization; throws the problem that says why not. Follows up to
     * {@link #MAX_REDIRECTS} redirects to http URLs on the same port (RFC 8555 section 8.3: the server SHOULD).
     */
    void validate(String domain, String token, String keyAuthorization) {
        String host = domain;
        String path = "/.well-known/acme-challenge/" + token;
        for (int hop = 0; ; hop++) {
            Response r = fetch(host, path);
            String url = "http://" + host + ":" + port + path;
            if (r.status() >= 300 && r.status() < 400 && r.location() != null) {
                if (hop == MAX_REDIRECTS) {
                    throw new AcmeProblem(AcmeProblem.Type.CONNECTION, "http-01: more than " + MAX_REDIRECTS + " redirects from " + url);
                }
                java.net.URI next;
                try {
                    next = java.net.URI.create(r.location().strip());
                    if (!next.isAbsolute()) {
                        next = java.net.URI.create(url).resolve(next);
                    }
                } catch (IllegalArgumentException e) {
                    throw new AcmeProblem(AcmeProblem.Type.CONNECTION, "http-01: " + url + " redirected to a malformed URL");
                }
                if (!"http".equals(next.getScheme()) || next.getHost() == null || (next.getPort() != -1 && next.getPort() != port)
                        || (next.getPort() == -1 && port != 80)) {
                    throw new AcmeProblem(AcmeProblem.Type.CONNECTION, "http-01: " + url + " redirected to " + r.location()
                            + " (expected: http on port " + port + ")");
                }
                host = next.getHost();
                path = next.getRawPath() == null || next.getRawPath().isEmpty() ? "/" : next.getRawPath();
                continue;
            }
            if (r.status() != 200) {
                throw new AcmeProblem(AcmeProblem.Type.UNAUTHORIZED, "http-01: " + url + " answered " + r.status()
                        + " (expected: 200 with the key authorization)");
            }
            if (!r.body().strip().equals(keyAuthorization)) {
                String shown = r.body().length() > 100 ? r.body().substring(0, 100) + "..." : r.body();
                throw new AcmeProblem(AcmeProblem.Type.INCORRECT_RESPONSE, "http-01: " + url + " answered \"" + shown.strip()
                        + "\" (expected: the key authorization " + keyAuthorization + ")");
            }
            return;
        }
    }

    private record Response(int status, String location, String body) {
    }

    private Response fetch(String domain, String path) {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(domain);
        } catch (UnknownHostException e) {
            throw new AcmeProblem(AcmeProblem.Type.DNS, "http-01: no address for " + domain);
        }
        InetAddress address = addresses.getFirst();
        byte[] response;
        try (Socket socket = new Socket()) {
            int millis = (int) timeout.toMillis();
            socket.connect(new InetSocketAddress(address, port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + domain + (port == 80 ? "" : ":" + port)
                    + "\r\nUser-Agent: Citadel-ACME\r\nAccept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            response = readAll(socket.getInputStream());
        } catch (IOException e) {
            throw new AcmeProblem(AcmeProblem.Type.CONNECTION, "http-01: cannot fetch http://" + domain + ":" + port + path
                    + " from " + address.getHostAddress() + ": " + e.getMessage());
        }
        String text = new String(response, StandardCharsets.UTF_8);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || headerEnd < 0 || text.length() < 12) {
            throw new AcmeProblem(AcmeProblem.Type.CONNECTION, "http-01: http://" + domain + ":" + port + path + " did not answer HTTP");
        }
        int status;
        try {
            status = Integer.parseInt(text.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new AcmeProblem(AcmeProblem.Type.CONNECTION, "http-01: http://" + domain + ":" + port + path + " sent no status");
        }
        String headers = text.substring(0, headerEnd);
        String body = text.substring(headerEnd + 4);
        String location = null;
        boolean chunked = false;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                if (name.equals("location")) {
                    location = value;
                } else if (name.equals("transfer-encoding") && value.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
                    chunked = true;
                }
            }
        }
        return new Response(status, location, chunked ? dechunk(body) : body);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            buffer.write(chunk, 0, n);
            if (buffer.size() > MAX_RESPONSE_BYTES) {
                throw new IOException("response larger than " + MAX_RESPONSE_BYTES + " bytes");
            }
        }
        return buffer.toByteArray();
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size;
            try {
                size = Integer.parseInt(body.substring(i, eol).split(";")[0].strip(), 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size == 0 || eol + 2 + size > body.length()) {
                break;
            }
            out.append(body, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
