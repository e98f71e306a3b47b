package io.citadel.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.crypto.Hashes;
import io.citadel.protocol.WireRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigV4VerifierTest {

    private static final Instant SIGNED_AT = Instant.parse("2024-01-01T00:00:00Z");
    private static final String MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private final TestCredentials credentials = TestCredentials.withDefaultKey();
    private final MutableClock clock = new MutableClock(SIGNED_AT.plusSeconds(5));
    private final SigV4Verifier verifier = new SigV4Verifier(credentials, clock);

    private static TestSigner.Spec kmsEncrypt() {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/x-amz-json-1.1");
        headers.put("x-amz-target", "TrentService.Encrypt");
        return new TestSigner.Spec("POST", "localhost:4566", List.of(), List.of(), headers,
                "{\"KeyId\":\"alias/a\",\"Plaintext\":\"aGk=\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static WireRequest signed() {
        return TestSigner.sign(kmsEncrypt(), TestSigner.Key.standard(SIGNED_AT));
    }

    private static WireRequest withHeader(WireRequest request, String name, String... values) {
        Map<String, List<String>> headers = new HashMap<>(request.headers());
        if (values.length == 0) {
            headers.remove(name);
        } else {
            headers.put(name, List.of(values));
        }
        return new WireRequest(request.method(), request.rawPath(), request.rawQuery(), headers, request.body(),
                request.sourceIp(), request.secure());
    }

    private static WireRequest withQuery(WireRequest request, String rawQuery) {
        return new WireRequest(request.method(), request.rawPath(), rawQuery, request.headers(), request.body(),
                request.sourceIp(), request.secure());
    }

    private static WireRequest withBody(WireRequest request, byte[] body) {
        return new WireRequest(request.method(), request.rawPath(), request.rawQuery(), request.headers(), body,
                request.sourceIp(), request.secure());
    }

    private static String authorization(WireRequest request) {
        return request.header("authorization");
    }

    private static void assertFailure(ThrowingCallable call, AuthFailure failure, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.failure()).isEqualTo(failure);
            if (message != null) {
                assertThat(e.getMessage()).isEqualTo(message);
            }
        });
    }

    // --- success ---------------------------------------------------------------------------------

    @Test
    void verify_signedRequest_returnsPrincipalRegionAndService() {
        Authenticated authenticated = verifier.verify(signed());

        assertThat(authenticated.principal().accessKeyId()).isEqualTo(TestCredentials.ACCESS_KEY);
        assertThat(authenticated.principal().arn()).isEqualTo("arn:aws:iam::123456789012:user/alice");
        assertThat(authenticated.region()).isEqualTo("us-east-1");
        assertThat(authenticated.service()).isEqualTo("kms");
    }

    @Test
    void verify_asksResolverOncePerRequest() {
        verifier.verify(signed());
        verifier.verify(signed());

        assertThat(credentials.lookups()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "AWS4-HMAC-SHA256 Credential=%s,SignedHeaders=%s,Signature=%s",
            "AWS4-HMAC-SHA256   Credential=%s ,  SignedHeaders=%s ,Signature=%s  ",
            "  AWS4-HMAC-SHA256\tCredential = %s,\tSignedHeaders= %s, Signature =%s",
            "AWS4-HMAC-SHA256 Signature=%3$s, SignedHeaders=%2$s, Credential=%1$s",
    })
    void verify_authorizationWithSpacingVariants_verifies(String format) {
        WireRequest request = signed();
        String header = authorization(request);
        String credential = between(header, "Credential=", ",");
        String signedHeaders = between(header, "SignedHeaders=", ",");
        String signature = header.substring(header.indexOf("Signature=") + 10);

        WireRequest respaced = withHeader(request, "authorization", String.format(format, credential, signedHeaders, signature));

        assertThat(verifier.verify(respaced).service()).isEqualTo("kms");
    }

    private static String between(String s, String start, String end) {
        int from = s.indexOf(start) + start.length();
        return s.substring(from, s.indexOf(end, from));
    }

    @Test
    void verify_headerWithSeveralValues_joinsThemWithCommas() {
        Map<String, String> headers = new HashMap<>(kmsEncrypt().headers());
        headers.put("x-multi", "a,b c");
        TestSigner.Spec spec = new TestSigner.Spec("POST", "localhost", List.of(), List.of(), headers, new byte[0]);
        WireRequest request = withHeader(TestSigner.sign(spec, TestSigner.Key.standard(SIGNED_AT)),
                "x-multi", " a ", "b   c");

        assertThat(verifier.verify(request).region()).isEqualTo("us-east-1");
    }

    // --- missing and malformed -------------------------------------------------------------------

    @Test
    void verify_withoutAnySignature_failsMissingAuthentication() {
        WireRequest request = withHeader(signed(), "authorization");

        assertFailure(() -> verifier.verify(request), AuthFailure.MISSING_AUTHENTICATION, "Missing Authentication Token");
        assertThat(credentials.lookups()).isZero();
    }

    @Test
    void verify_blankAuthorization_failsMissingAuthentication() {
        assertFailure(() -> verifier.verify(withHeader(signed(), "authorization", "  ")),
                AuthFailure.MISSING_AUTHENTICATION, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS4-HMAC-SHA512", "OTHER", "aws4-hmac-sha256", "AWS4-ECDSA-P256-SHA256", "AWS4-HMAC-SHA256X"})
    void verify_unsupportedAlgorithm_failsIncompleteSignature_beforeLookup(String algorithm) {
        WireRequest request = signed();
        String header = authorization(request).replace("AWS4-HMAC-SHA256", algorithm);

        assertFailure(() -> verifier.verify(withHeader(request, "authorization", header)), AuthFailure.INCOMPLETE_SIGNATURE,
                "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
        assertThat(credentials.lookups()).isZero();
    }

    @Test
    void verify_sigV2Header_failsIncompleteSignature() {
        assertFailure(() -> verifier.verify(withHeader(signed(), "authorization", "AWS AKIAIOSFODNN7EXAMPLE:c2lnbmF0dXJl")),
                AuthFailure.INCOMPLETE_SIGNATURE, null);
    }

    @Test
    void verify_authorizationWithoutParameters_namesEveryMissingOne() {
        WireRequest request = withHeader(signed(), "authorization", "AWS4-HMAC-SHA256");

        assertFailure(() -> verifier.verify(request), AuthFailure.INCOMPLETE_SIGNATURE,
                "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
                        + "parameter. Authorization header requires 'SignedHeaders' parameter. "
                        + "Authorization=AWS4-HMAC-SHA256");
    }

    @Test
    void verify_withoutSignatureParameter_failsIncompleteSignature() {
        WireRequest request = signed();
        String header = authorization(request);
        String truncated = header.substring(0, header.indexOf(", Signature="));

        assertFailure(() -> verifier.verify(withHeader(request, "authorization", truncated)), AuthFailure.INCOMPLETE_SIGNATURE,
                "Authorization header requires 'Signature' parameter. Authorization=" + truncated);
    }

    @Test
    void verify_withoutDateHeaders_failsIncompleteSignature() {
        WireRequest request = withHeader(signed(), "x-amz-date");

        assertThatThrownBy(() -> verifier.verify(request))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.failure()).isEqualTo(AuthFailure.INCOMPLETE_SIGNATURE);
                    assertThat(e.getMessage()).startsWith(
                            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
                });
    }

    @Test
    void verify_credentialWithFourElements_failsIncompleteSignature() {
        WireRequest request = signed();
        String header = authorization(request).replace("/kms/aws4_request", "/kms");

        assertFailure(() -> verifier.verify(withHeader(request, "authorization", header)), AuthFailure.INCOMPLETE_SIGNATURE,
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '"
                        + TestCredentials.ACCESS_KEY + "/20240101/us-east-1/kms'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-01T00:00:00Z", "20240101T000000", "20241301T000000Z", "20240101X000000Z", "garbage"})
    void verify_malformedAmzDate_failsIncompleteSignature(String date) {
        assertFailure(() -> verifier.verify(withHeader(signed(), "x-amz-date", date)), AuthFailure.INCOMPLETE_SIGNATURE,
                "Date must be in ISO-8601 'basic format'. Got '" + date + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    @Test
    void verify_scopeDateDifferentFromRequestDate_failsSignatureMismatch() {
        WireRequest request = withHeader(signed(), "x-amz-date", "20231231T235959Z");

        assertFailure(() -> verifier.verify(request), AuthFailure.SIGNATURE_MISMATCH,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                        + "'20240101' != '20231231', from '20231231T235959Z'.");
    }

    @Test
    void verify_wrongTerminator_failsSignatureMismatch() {
        WireRequest request = signed();
        String header = authorization(request).replace("/aws4_request", "/aws4_reques");

        assertFailure(() -> verifier.verify(withHeader(request, "authorization", header)), AuthFailure.SIGNATURE_MISMATCH,
                "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_reques'.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "US-EAST-1", "us east 1", "..", "us_east_1"})
    void verify_regionThatCannotBeANamespace_failsSignatureMismatch(String region) {
        WireRequest request = signed();
        String header = authorization(request).replace("/us-east-1/", "/" + region + "/");

        assertFailure(() -> verifier.verify(withHeader(request, "authorization", header)), AuthFailure.SIGNATURE_MISMATCH,
                "Credential should be scoped to a valid region, not '" + region + "'. ");
    }

    @Test
    void verify_hostNotSigned_failsIncompleteSignature() {
        WireRequest request = signed();
        String header = authorization(request).replace("host;", "");

        assertFailure(() -> verifier.verify(withHeader(request, "authorization", header)), AuthFailure.INCOMPLETE_SIGNATURE,
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }

    // --- keys and signatures ---------------------------------------------------------------------

    @Test
    void verify_unknownAccessKey_failsUnknownAccessKey() {
        TestSigner.Key key = new TestSigner.Key("AKIAUNKNOWN000000000", TestCredentials.SECRET, SIGNED_AT, "us-east-1", "kms");

        assertFailure(() -> verifier.verify(TestSigner.sign(kmsEncrypt(), key)), AuthFailure.UNKNOWN_ACCESS_KEY,
                "The security token included in the request is invalid.");
    }

    @Test
    void verify_inactiveAccessKey_failsUnknownAccessKey() {
        credentials.put(TestCredentials.ACCESS_KEY, TestCredentials.SECRET, false);

        assertFailure(() -> verifier.verify(signed()), AuthFailure.UNKNOWN_ACCESS_KEY,
                "The security token included in the request is invalid.");
    }

    @Test
    void verify_wrongSecret_failsSignatureMismatch_withoutRevealingSecretOrExpectedSignature() {
        String otherSecret = "0therSecretKeyThatTheServerDoesNotHave000";
        TestSigner.Key key = new TestSigner.Key(TestCredentials.ACCESS_KEY, otherSecret, SIGNED_AT, "us-east-1", "kms");
        String expectedSignature = between(authorization(signed()) + ",", "Signature=", ",");

        assertThatThrownBy(() -> verifier.verify(TestSigner.sign(kmsEncrypt(), key)))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.failure()).isEqualTo(AuthFailure.SIGNATURE_MISMATCH);
                    assertThat(e.getMessage()).isEqualTo(MISMATCH)
                            .doesNotContain(TestCredentials.SECRET)
                            .doesNotContain(otherSecret)
                            .doesNotContain(expectedSignature);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "zz", "0000000000000000000000000000000000000000000000000000000000000000"})
    void verify_malformedOrWrongSignature_failsSignatureMismatch(String signature) {
        WireRequest request = signed();
        String header = authorization(request).replaceAll("Signature=[0-9a-f]+", "Signature=" + signature);

        assertFailure(() -> verifier.verify(withHeader(request, "authorization", header)), AuthFailure.SIGNATURE_MISMATCH,
                MISMATCH);
    }

    @Test
    void verify_upperCaseHexSignature_verifies() {
        WireRequest request = signed();
        String header = authorization(request);
        int at = header.indexOf("Signature=") + 10;
        String upper = header.substring(0, at) + header.substring(at).toUpperCase(java.util.Locale.ROOT);

        assertThat(verifier.verify(withHeader(request, "authorization", upper)).service()).isEqualTo("kms");
    }

    // --- time ------------------------------------------------------------------------------------

    @Test
    void verify_exactlyFifteenMinutesLate_verifies() {
        clock.set(SIGNED_AT.plus(Duration.ofMinutes(15)));

        assertThat(verifier.verify(signed()).service()).isEqualTo("kms");
    }

    @Test
    void verify_fifteenMinutesAndOneSecondLate_failsRequestTimeSkewed() {
        clock.set(SIGNED_AT.plus(Duration.ofMinutes(15)).plusSeconds(1));

        assertFailure(() -> verifier.verify(signed()), AuthFailure.REQUEST_TIME_SKEWED,
                "Signature expired: 20240101T000000Z is now earlier than 20240101T000001Z (20240101T001501Z - 15 min.)");
        assertThat(credentials.lookups()).isZero();
    }

    @Test
    void verify_halfAnHourLate_reportsAwsMessage() {
        clock.set(Instant.parse("2024-01-01T00:30:00Z"));

        assertFailure(() -> verifier.verify(signed()), AuthFailure.REQUEST_TIME_SKEWED,
                "Signature expired: 20240101T000000Z is now earlier than 20240101T001500Z (20240101T003000Z - 15 min.)");
    }

    @Test
    void verify_exactlyFifteenMinutesEarly_verifies() {
        clock.set(SIGNED_AT.minus(Duration.ofMinutes(15)));

        assertThat(verifier.verify(signed()).service()).isEqualTo("kms");
    }

    @Test
    void verify_fifteenMinutesAndOneSecondEarly_failsRequestTimeSkewed() {
        clock.set(SIGNED_AT.minus(Duration.ofMinutes(15)).minusSeconds(1));

        assertFailure(() -> verifier.verify(signed()), AuthFailure.REQUEST_TIME_SKEWED,
                "Signature not yet current: 20240101T000000Z is still later than 20231231T235959Z "
                        + "(20231231T234459Z + 15 min.)");
    }

    // --- presigned -------------------------------------------------------------------------------

    private static TestSigner.Spec stsGet() {
        return new TestSigner.Spec("GET", "sts.localhost:4566", List.of(),
                List.of(Map.entry("Action", "GetCallerIdentity"), Map.entry("Version", "2011-06-15")),
                Map.of(), new byte[0]);
    }

    private static WireRequest presigned(long expires) {
        return TestSigner.presign(stsGet(), new TestSigner.Key(TestCredentials.ACCESS_KEY, TestCredentials.SECRET,
                SIGNED_AT, "us-east-1", "sts"), expires);
    }

    @Test
    void verify_presignedWithinExpiry_verifies() {
        clock.set(SIGNED_AT.plusSeconds(899));

        assertThat(verifier.verify(presigned(900)).service()).isEqualTo("sts");
    }

    @Test
    void verify_presignedAtExactExpiry_verifies_andOneSecondLater_failsExpired() {
        WireRequest request = presigned(900);
        clock.set(SIGNED_AT.plusSeconds(900));
        assertThat(verifier.verify(request).service()).isEqualTo("sts");

        clock.advance(Duration.ofSeconds(1));
        assertFailure(() -> verifier.verify(request), AuthFailure.PRESIGNED_URL_EXPIRED, "Request has expired");
    }

    @Test
    void verify_presignedForAWeek_stillValidAfterSixDays() {
        clock.set(SIGNED_AT.plus(Duration.ofDays(6)));

        assertThat(verifier.verify(presigned(604_800)).region()).isEqualTo("us-east-1");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 604_801})
    void verify_presignedExpiresOutOfRange_failsIncompleteSignature(long expires) {
        assertFailure(() -> verifier.verify(presigned(expires)), AuthFailure.INCOMPLETE_SIGNATURE, null);
    }

    @Test
    void verify_presignedNonNumericExpires_failsIncompleteSignature() {
        WireRequest request = presigned(900);
        assertFailure(() -> verifier.verify(withQuery(request, request.rawQuery().replace("X-Amz-Expires=900", "X-Amz-Expires=9x"))),
                AuthFailure.INCOMPLETE_SIGNATURE, "X-Amz-Expires should be a number");
    }

    @Test
    void verify_presignedWithLongerExpiresThanSigned_failsSignatureMismatch() {
        WireRequest request = presigned(900);
        clock.set(SIGNED_AT.plusSeconds(1000));
        WireRequest extended = withQuery(request, request.rawQuery().replace("X-Amz-Expires=900", "X-Amz-Expires=3600"));

        assertFailure(() -> verifier.verify(extended), AuthFailure.SIGNATURE_MISMATCH, MISMATCH);
    }

    @Test
    void verify_presignedFromTheFuture_failsRequestTimeSkewed() {
        clock.set(SIGNED_AT.minus(Duration.ofMinutes(16)));

        assertFailure(() -> verifier.verify(presigned(900)), AuthFailure.REQUEST_TIME_SKEWED, null);
    }

    @Test
    void verify_presignedWithoutDate_failsIncompleteSignature() {
        WireRequest request = presigned(900);
        String query = request.rawQuery().replace("X-Amz-Date=", "X-Amz-Datx=");

        assertFailure(() -> verifier.verify(withQuery(request, query)), AuthFailure.INCOMPLETE_SIGNATURE,
                "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, "
                        + "X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
    }

    @Test
    void verify_presignedWithOtherAlgorithm_failsIncompleteSignature() {
        WireRequest request = presigned(900);
        String query = request.rawQuery().replace("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-HMAC-SHA1");

        assertFailure(() -> verifier.verify(withQuery(request, query)), AuthFailure.INCOMPLETE_SIGNATURE, null);
    }

    @Test
    void verify_presignedWithChangedParameter_failsSignatureMismatch() {
        WireRequest request = presigned(900);
        String query = request.rawQuery().replace("Action=GetCallerIdentity", "Action=AssumeRole");

        assertFailure(() -> verifier.verify(withQuery(request, query)), AuthFailure.SIGNATURE_MISMATCH, MISMATCH);
    }

    // --- payload hash ----------------------------------------------------------------------------

    @Test
    void verify_unsignedPayload_acceptsAnyBody() {
        Map<String, String> headers = new HashMap<>(kmsEncrypt().headers());
        headers.put("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        TestSigner.Spec spec = new TestSigner.Spec("POST", "localhost", List.of(), List.of(), headers, "{}".getBytes());
        WireRequest signedWithHashOfBody = TestSigner.sign(spec, TestSigner.Key.standard(SIGNED_AT));
        // TestSigner hashes the body; a real SDK puts the header value in the canonical request instead.
        WireRequest request = resignWithPayloadHash(signedWithHashOfBody, "UNSIGNED-PAYLOAD");

        assertThat(verifier.verify(withBody(request, "{\"other\":1}".getBytes())).service()).isEqualTo("kms");
    }

    @Test
    void verify_contentSha256NotMatchingBody_failsSignatureMismatch() {
        byte[] body = "{}".getBytes();
        String hash = Hashes.hex(Hashes.sha256(body));
        Map<String, String> headers = new HashMap<>(kmsEncrypt().headers());
        headers.put("x-amz-content-sha256", hash);
        WireRequest request = TestSigner.sign(new TestSigner.Spec("POST", "localhost", List.of(), List.of(), headers, body),
                TestSigner.Key.standard(SIGNED_AT));
        assertThat(verifier.verify(request).service()).isEqualTo("kms");

        assertFailure(() -> verifier.verify(withBody(request, "{\"KeyId\":\"x\"}".getBytes())), AuthFailure.SIGNATURE_MISMATCH,
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @Test
    void verify_contentSha256Garbage_failsIncompleteSignature() {
        assertFailure(() -> verifier.verify(withHeader(signed(), "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")),
                AuthFailure.INCOMPLETE_SIGNATURE, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, or a valid sha256 value.");
    }

    private static WireRequest resignWithPayloadHash(WireRequest request, String payloadHash) {
        String header = authorization(request);
        String signedHeaders = between(header, "SignedHeaders=", ",");
        java.util.TreeMap<String, String> signed = new java.util.TreeMap<>();
        for (String name : signedHeaders.split(";")) {
            signed.put(name, request.header(name));
        }
        String canonical = TestSigner.canonicalRequest(request.method(), request.rawPath(), List.of(), signed,
                signedHeaders, payloadHash);
        String amzDate = request.header("x-amz-date");
        String scope = amzDate.substring(0, 8) + "/us-east-1/kms/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + Hashes.hex(Hashes.sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = SigningKeyCache.derive(TestCredentials.SECRET, amzDate.substring(0, 8), "us-east-1", "kms");
        String signature = Hashes.hex(Hashes.hmacSha256(key, stringToSign.getBytes(StandardCharsets.UTF_8)));
        return withHeader(request, "authorization", header.replaceAll("Signature=[0-9a-f]+", "Signature=" + signature));
    }

    // --- signing key cache -----------------------------------------------------------------------

    @Test
    void cache_afterSecretChange_oldSignaturesFailAndNewOnesVerify() {
        WireRequest withOldSecret = signed();
        assertThat(verifier.verify(withOldSecret).service()).isEqualTo("kms");
        assertThat(verifier.cachedSigningKeys()).isEqualTo(1);

        String newSecret = "NewSecretAfterRotation/0000000000000000000";
        credentials.put(TestCredentials.ACCESS_KEY, newSecret, true);

        assertFailure(() -> verifier.verify(withOldSecret), AuthFailure.SIGNATURE_MISMATCH, MISMATCH);
        WireRequest withNewSecret = TestSigner.sign(kmsEncrypt(),
                new TestSigner.Key(TestCredentials.ACCESS_KEY, newSecret, SIGNED_AT, "us-east-1", "kms"));
        assertThat(verifier.verify(withNewSecret).service()).isEqualTo("kms");

        credentials.put(TestCredentials.ACCESS_KEY, TestCredentials.SECRET, true);
        assertFailure(() -> verifier.verify(withNewSecret), AuthFailure.SIGNATURE_MISMATCH, MISMATCH);
        assertThat(verifier.verify(withOldSecret).service()).isEqualTo("kms");
    }

    @Test
    void cache_failedSignatures_doNotFillIt() {
        TestSigner.Key wrong = new TestSigner.Key(TestCredentials.ACCESS_KEY, "wrong", SIGNED_AT, "eu-west-3", "kms");

        assertFailure(() -> verifier.verify(TestSigner.sign(kmsEncrypt(), wrong)), AuthFailure.SIGNATURE_MISMATCH, MISMATCH);
        assertThat(verifier.cachedSigningKeys()).isZero();
    }

    @Test
    void cache_staysWithinItsBound() {
        SigV4Verifier small = new SigV4Verifier(credentials, clock, 3);
        for (String region : List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2")) {
            TestSigner.Key key = new TestSigner.Key(TestCredentials.ACCESS_KEY, TestCredentials.SECRET, SIGNED_AT, region, "kms");
            assertThat(small.verify(TestSigner.sign(kmsEncrypt(), key)).region()).isEqualTo(region);
            assertThat(small.cachedSigningKeys()).isBetween(1, 3);
        }
    }
}
