package io.citadel.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.protocol.WireRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For arbitrary requests signed by the independent {@link TestSigner}: the request as signed
 * verifies, and changing any single signed part of it makes verification fail.
 */
class SigV4TamperPropertiesTest {

    private static final Instant SIGNED_AT = Instant.parse("2024-03-10T08:15:30Z");

    enum Tamper {
        METHOD, PATH, QUERY_VALUE, QUERY_ADDED, SIGNED_HEADER_VALUE, BODY_BYTE, DATE, SCOPE_REGION, SCOPE_SERVICE,
        SIGNATURE, ACCESS_KEY
    }

    private final TestCredentials credentials = TestCredentials.withDefaultKey();
    private final SigV4Verifier verifier = new SigV4Verifier(credentials, new MutableClock(SIGNED_AT.plusSeconds(30)));

    SigV4TamperPropertiesTest() {
        credentials.put("AKIAOTHERKEY00000000", "a-different-secret", true);
    }

    @Property(tries = 300)
    void signedRequest_verifies(@ForAll("specs") TestSigner.Spec spec, @ForAll("scopes") String[] scope) {
        WireRequest request = TestSigner.sign(spec, key(scope));

        Authenticated authenticated = verifier.verify(request);

        assertThat(authenticated.region()).isEqualTo(scope[0]);
        assertThat(authenticated.service()).isEqualTo(scope[1]);
    }

    @Property(tries = 300)
    void presignedRequest_verifies(@ForAll("specs") TestSigner.Spec spec, @ForAll("scopes") String[] scope) {
        WireRequest request = TestSigner.presign(spec, key(scope), 3600);

        assertThat(verifier.verify(request).region()).isEqualTo(scope[0]);
    }

    @Property(tries = 1000)
    void anySingleChange_isRejected(@ForAll("specs") TestSigner.Spec spec, @ForAll("scopes") String[] scope,
                                    @ForAll Tamper tamper) {
        WireRequest request = TestSigner.sign(spec, key(scope));
        WireRequest tampered = tamper(request, tamper);

        assertThatThrownBy(() -> verifier.verify(tampered))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.failure()).isEqualTo(AuthFailure.SIGNATURE_MISMATCH));
    }

    @Property(tries = 300)
    void presigned_anyChangedQueryValue_isRejected(@ForAll("specs") TestSigner.Spec spec,
                                                   @ForAll("scopes") String[] scope) {
        WireRequest request = TestSigner.presign(spec, key(scope), 3600);
        WireRequest tampered = copy(request, request.method(), request.rawPath(), "extra=1&" + request.rawQuery(),
                request.headers(), request.body());

        assertThatThrownBy(() -> verifier.verify(tampered))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.failure()).isEqualTo(AuthFailure.SIGNATURE_MISMATCH));
    }

    private static TestSigner.Key key(String[] scope) {
        return new TestSigner.Key(TestCredentials.ACCESS_KEY, TestCredentials.SECRET, SIGNED_AT, scope[0], scope[1]);
    }

    private static WireRequest tamper(WireRequest r, Tamper tamper) {
        Map<String, List<String>> headers = new HashMap<>(r.headers());
        String auth = r.header("authorization");
        return switch (tamper) {
            case METHOD -> copy(r, r.method().equals("POST") ? "PUT" : "POST", r.rawPath(), r.rawQuery(), headers, r.body());
            case PATH -> copy(r, r.method(), r.rawPath() + (r.rawPath().endsWith("/") ? "x" : "/x"), r.rawQuery(),
                    headers, r.body());
            case QUERY_VALUE -> r.rawQuery().isEmpty()
                    ? copy(r, r.method(), r.rawPath(), "a=", headers, r.body())
                    : copy(r, r.method(), r.rawPath(), changeFirstValue(r.rawQuery()), headers, r.body());
            case QUERY_ADDED -> copy(r, r.method(), r.rawPath(),
                    r.rawQuery().isEmpty() ? "zz=1" : r.rawQuery() + "&zz=1", headers, r.body());
            case SIGNED_HEADER_VALUE -> {
                headers.put("x-amz-target", List.of(r.header("x-amz-target") + "X"));
                yield copy(r, r.method(), r.rawPath(), r.rawQuery(), headers, r.body());
            }
            case BODY_BYTE -> {
                byte[] body = r.body().length == 0 ? new byte[] {0} : r.body().clone();
                if (r.body().length > 0) {
                    body[body.length - 1] ^= 0x20;
                }
                yield copy(r, r.method(), r.rawPath(), r.rawQuery(), headers, body);
            }
            case DATE -> {
                String date = r.header("x-amz-date");
                headers.put("x-amz-date", List.of(date.substring(0, 14) + (date.charAt(14) == '0' ? '1' : '0') + "Z"));
                yield copy(r, r.method(), r.rawPath(), r.rawQuery(), headers, r.body());
            }
            case SCOPE_REGION -> withAuthorization(r, headers, replaceScopePart(auth, 2, "xx-test-9"));
            case SCOPE_SERVICE -> withAuthorization(r, headers, replaceScopePart(auth, 3, "othersvc"));
            case SIGNATURE -> {
                char last = auth.charAt(auth.length() - 1);
                yield withAuthorization(r, headers, auth.substring(0, auth.length() - 1) + (last == '0' ? '1' : '0'));
            }
            case ACCESS_KEY -> withAuthorization(r, headers, auth.replace(TestCredentials.ACCESS_KEY, "AKIAOTHERKEY00000000"));
        };
    }

    private static String changeFirstValue(String rawQuery) {
        int eq = rawQuery.indexOf('=');
        return rawQuery.substring(0, eq + 1) + "Q" + rawQuery.substring(eq + 1);
    }

    private static String replaceScopePart(String auth, int index, String replacement) {
        int start = auth.indexOf("Credential=") + "Credential=".length();
        int end = auth.indexOf(',', start);
        String[] parts = auth.substring(start, end).split("/");
        parts[index] = parts[index].equals(replacement) ? replacement + "x" : replacement;
        return auth.substring(0, start) + String.join("/", parts) + auth.substring(end);
    }

    private static WireRequest withAuthorization(WireRequest r, Map<String, List<String>> headers, String auth) {
        headers.put("authorization", List.of(auth));
        return copy(r, r.method(), r.rawPath(), r.rawQuery(), headers, r.body());
    }

    private static WireRequest copy(WireRequest r, String method, String path, String query,
                                    Map<String, List<String>> headers, byte[] body) {
        return new WireRequest(method, path, query, headers, body, r.sourceIp(), r.secure());
    }

    // --- generators ------------------------------------------------------------------------------

    private static Arbitrary<String> text(int min, int max) {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('\u00fc', '\u2211', '\u2713', '\u00e9')
                .ofMinLength(min).ofMaxLength(max);
    }

    @Provide
    Arbitrary<String[]> scopes() {
        Arbitrary<String> region = Arbitraries.of("us-east-1", "eu-west-1", "ap-southeast-2", "local");
        Arbitrary<String> service = Arbitraries.of("kms", "sts", "ssm", "secretsmanager", "acm-pca");
        return Combinators.combine(region, service).as((r, s) -> new String[] {r, s});
    }

    @Provide
    Arbitrary<TestSigner.Spec> specs() {
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE");
        Arbitrary<List<String>> path = text(1, 12).filter(s -> !s.equals(".") && !s.equals(".."))
                .list().ofMaxSize(4);
        Arbitrary<List<Map.Entry<String, String>>> query = Combinators.combine(text(1, 8), text(0, 10))
                .as(Map::entry).list().ofMaxSize(5);
        Arbitrary<String> headerValue = Arbitraries.strings().withCharRange('!', '~').withChars(' ')
                .ofMinLength(1).ofMaxLength(20).filter(s -> !s.isBlank());
        Arbitrary<Map<String, String>> headers = Combinators.combine(headerValue, headerValue.injectNull(0.5))
                .as((target, custom) -> {
                    Map<String, String> h = new HashMap<>();
                    h.put("x-amz-target", target.strip());
                    h.put("content-type", "application/x-amz-json-1.1");
                    if (custom != null) {
                        h.put("x-custom", custom);
                    }
                    return h;
                });
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<String> host = Arbitraries.of("localhost", "localhost:4566", "kms.us-east-1.amazonaws.com");
        return Combinators.combine(method, host, path, query, headers, body)
                .as((m, h, p, q, hs, b) -> new TestSigner.Spec(m, h, new ArrayList<>(p), q, hs, b));
    }
}
