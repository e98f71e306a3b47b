package io.citadel.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns one valid signed request into broken variants: structural changes (methods, paths,
 * headers, bodies, lying lengths, chunking) and blind byte-level damage (flips, cuts, inserts),
 * sometimes several at once. Deterministic for a given {@link Random}.
 */
final class RequestMutator {

    /** One variant: what was done (for failure messages), its bytes, and whether it is a HEAD request. */
    record Mutant(String description, byte[] bytes, boolean head) {
    }

    private static final List<String> METHODS = List.of("GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
            "CONNECT", "FOO", "P0ST", "post", "GET\tPOST", "");
    private static final List<String> TARGETS = List.of("/", "//", "/health", "/metrics", "/metrics?x=1", "/..", "/../../etc/passwd",
            "/%", "/%zz", "/%00", "*", "/?Action=GetCallerIdentity&Version=2011-06-15", "/?Action=", "/?&&&==",
            "/?X-Amz-Signature=00&X-Amz-Credential=%2F%2F%2F", "http://127.0.0.1/", "/a/b/c;d?e#f", "/\u00e9", "");
    private static final List<String> HEADER_NAMES = List.of("Authorization", "X-Amz-Date", "Host", "Content-Type",
            "Content-Length", "X-Amz-Target", "X-Amz-Content-Sha256", "X-Amz-Security-Token", "Transfer-Encoding",
            "Connection", "Expect", "Date", "User-Agent");
    private static final List<String> VERSIONS = List.of("HTTP/1.0", "HTTP/2.0", "HTTP/0.9", "HTTP/9.9", "HTTP/1.1 extra", "", "http/1.1");

    private final RawRequest base;

    RequestMutator(RawRequest base) {
        this.base = base;
    }

    Mutant mutate(Random random) {
        int rounds = random.nextInt(10) == 0 ? 2 + random.nextInt(2) : 1;
        RawRequest request = base;
        List<String> done = new ArrayList<>();
        byte[] bytes = null;
        for (int round = 0; round < rounds; round++) {
            int kind = random.nextInt(14);
            if (kind < 9 && bytes == null) {
                request = structural(kind, request, random, done);
            } else {
                bytes = damage(bytes == null ? request.toBytes() : bytes, random, done);
            }
        }
        return new Mutant(String.join(" + ", done), bytes == null ? request.toBytes() : bytes, request.method().equals("HEAD"));
    }

    private RawRequest structural(int kind, RawRequest r, Random random, List<String> done) {
        switch (kind) {
            case 0 -> {
                String method = pick(METHODS, random);
                done.add("method " + method);
                return new RawRequest(method, r.target(), r.headers(), r.body());
            }
            case 1 -> {
                String target = random.nextBoolean() ? pick(TARGETS, random) : "/" + randomText(random, 1 + random.nextInt(40));
                done.add("target " + target);
                return new RawRequest(r.method(), target, r.headers(), r.body());
            }
            case 2 -> {
                Map.Entry<String, String> header = r.headers().get(random.nextInt(r.headers().size()));
                String value = random.nextBoolean() ? header.getValue() : randomText(random, random.nextInt(60));
                done.add("duplicate " + header.getKey());
                List<Map.Entry<String, String>> headers = new ArrayList<>(r.headers());
                headers.add(random.nextInt(headers.size() + 1), Map.entry(header.getKey(), value));
                return new RawRequest(r.method(), r.target(), headers, r.body());
            }
            case 3 -> {
                String name = random.nextInt(3) == 0 ? pick(HEADER_NAMES, random)
                        : r.headers().get(random.nextInt(r.headers().size())).getKey();
                String value = randomValue(random);
                done.add("header " + name + "=" + value);
                return r.withHeader(name, value);
            }
            case 4 -> {
                byte[] body = new byte[random.nextInt(4) == 0 ? random.nextInt(4096) : random.nextInt(200)];
                random.nextBytes(body);
                if (random.nextBoolean()) {
                    body = ("Action=GetCallerIdentity&Version=2011-06-15&" + randomText(random, body.length))
                            .getBytes(StandardCharsets.ISO_8859_1);
                }
                done.add("body of " + body.length + " bytes");
                return RawRequest.of(r.method(), r.target(), r.headers(), body);
            }
            case 5 -> {
                String name = pick(HEADER_NAMES, random);
                done.add("remove " + name);
                return r.withoutHeader(name);
            }
            case 6 -> {
                String length = pick(List.of("-1", "0", "1", "999999999999", "2048", "2049", " 10", "1e3", "0x10", "",
                        Integer.toString(r.body().length + 1 + random.nextInt(50)),
                        Integer.toString(Math.max(0, r.body().length - 1 - random.nextInt(20)))), random);
                done.add("content-length " + length);
                return r.withHeader("Content-Length", length);
            }
            case 7 -> {
                done.add("authorization damage");
                return r.withHeader("Authorization", damageAuthorization(header(r, "Authorization"), random));
            }
            default -> {
                done.add("chunked");
                String body = new String(r.body(), StandardCharsets.ISO_8859_1);
                String chunked = switch (random.nextInt(4)) {
                    case 0 -> Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
                    case 1 -> "zz\r\n" + body + "\r\n0\r\n\r\n";
                    case 2 -> Integer.toHexString(body.length() + 5) + "\r\n" + body + "\r\n0\r\n\r\n";
                    default -> "ffffffffffffffff\r\n" + body;
                };
                RawRequest te = r.withHeader("Transfer-Encoding", "chunked");
                if (random.nextBoolean()) {
                    te = te.withoutHeader("Content-Length");
                }
                return new RawRequest(te.method(), te.target(), te.headers(), chunked.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static byte[] damage(byte[] bytes, Random random, List<String> done) {
        switch (random.nextInt(5)) {
            case 0 -> {
                byte[] out = bytes.clone();
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                }
                done.add(flips + " bit flips");
                return out;
            }
            case 1 -> {
                int cut = random.nextInt(bytes.length);
                done.add("truncate at " + cut);
                return Arrays.copyOf(bytes, cut);
            }
            case 2 -> {
                byte[] insert = new byte[1 + random.nextInt(32)];
                random.nextBytes(insert);
                int at = random.nextInt(bytes.length + 1);
                done.add("insert " + insert.length + " bytes at " + at);
                return splice(bytes, at, at, insert);
            }
            case 3 -> {
                int from = random.nextInt(bytes.length);
                int to = Math.min(bytes.length, from + 1 + random.nextInt(64));
                done.add("duplicate bytes " + from + ".." + to);
                return splice(bytes, to, to, Arrays.copyOfRange(bytes, from, to));
            }
            default -> {
                String line = new String(bytes, StandardCharsets.ISO_8859_1);
                int end = line.indexOf("\r\n");
                int space = line.lastIndexOf(' ', Math.max(0, end));
                if (end < 0 || space < 0) {
                    done.add("no request line to change");
                    return bytes;
                }
                String version = pick(VERSIONS, random);
                done.add("version " + version);
                return splice(bytes, space + 1, end, version.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static String damageAuthorization(String authorization, Random random) {
        if (authorization == null) {
            return randomValue(random);
        }
        return switch (random.nextInt(7)) {
            case 0 -> authorization.replace("AWS4-HMAC-SHA256", pick(List.of("AWS4-HMAC-SHA512", "AWS4", "", "aws4-hmac-sha256"), random));
            case 1 -> authorization.replaceFirst("Credential=[^,]*", "Credential=" + pick(List.of("", "AKIA", "AKIAIOSFODNN7EXAMPLE/x",
                    "/////", "AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/sts/aws4_request/extra"), random));
            case 2 -> authorization.replaceFirst("SignedHeaders=[^,]*", "SignedHeaders=" + pick(List.of("", "host", ";;;",
                    "x-amz-date;host", "HOST;X-AMZ-DATE", "content-type;host;x-amz-date;zzz"), random));
            case 3 -> authorization.replaceFirst("Signature=\\w*", "Signature=" + pick(List.of("", "00", "zz".repeat(32),
                    "0".repeat(64), "0".repeat(65), "A".repeat(64)), random));
            case 4 -> authorization.replace(", ", ",");
            case 5 -> authorization + ", Signature=" + "1".repeat(64);
            default -> authorization.substring(0, random.nextInt(authorization.length() + 1));
        };
    }

    private static String header(RawRequest r, String name) {
        return r.headers().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static String randomValue(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> " ".repeat(1 + random.nextInt(5));
            case 2 -> randomText(random, 1 + random.nextInt(100));
            case 3 -> "x".repeat(random.nextInt(9000));
            case 4 -> "a\r\nInjected: yes";
            default -> new String(randomBytes(random, 1 + random.nextInt(40)), StandardCharsets.ISO_8859_1);
        };
    }

    /** Printable ASCII plus the characters parsers trip on. */
    private static String randomText(Random random, int length) {
        String alphabet = "abcXYZ019-_.~%/=&+;:,\"' \t\\?#@!*()[]{}<>\u00e9\u00ff";
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] replacement) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + replacement.length);
        out.write(bytes, 0, from);
        out.writeBytes(replacement);
        out.write(bytes, to, bytes.length - to);
        return out.toByteArray();
    }

    private static <T> T pick(List<T> options, Random random) {
        return options.get(random.nextInt(options.size()));
    }
}
