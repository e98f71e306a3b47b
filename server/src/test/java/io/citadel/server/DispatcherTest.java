package io.citadel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.protocol.PublicRoute;
import io.citadel.protocol.WireRequest;
import io.citadel.protocol.WireResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    private final RequestMetrics metrics = new RequestMetrics();
    private final DemoService demo = new DemoService();
    private final RecordingAudit audit = new RecordingAudit();
    private final Dispatcher dispatcher = new Dispatcher(List.of(demo.json(), demo.query()), DemoService.authenticator(),
            audit, InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")), metrics);

    @AfterEach
    void close() {
        metrics.close();
    }

    private WireResponse json(String target, String body) {
        return json(target, body.getBytes(StandardCharsets.UTF_8), "ok-demo");
    }

    private WireResponse json(String target, byte[] body, String auth) {
        Map<String, List<String>> headers = new java.util.HashMap<>();
        headers.put("content-type", List.of("application/x-amz-json-1.1"));
        headers.put("x-amz-target", List.of(target));
        if (auth != null) {
            headers.put("authorization", List.of(auth));
        }
        return dispatcher.dispatch(new WireRequest("POST", "/", "", headers, body, "127.0.0.1", false));
    }

    private WireResponse query(String body, String auth) {
        return dispatcher.dispatch(new WireRequest("POST", "/", "", Map.of(
                "content-type", List.of("application/x-www-form-urlencoded; charset=utf-8"),
                "authorization", List.of(auth)), body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", false));
    }

    private static String text(WireResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void json_echo_roundTripsMembersBlobsAndEpochTimestamps() {
        WireResponse r = json("DemoService.Echo",
                "{\"Message\":\"hi\",\"Count\":3,\"Blob\":\"AQID\",\"When\":1700000000.5,\"Tags\":[\"a\",\"b\"]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/x-amz-json-1.1");
        assertThat(text(r)).isEqualTo("{\"Message\":\"hi\",\"Count\":3,\"Blob\":\"AQID\",\"When\":1700000000.5,\"Tags\":[\"a\",\"b\"]}");
        assertThat(r.headers()).containsKey("x-amzn-RequestId");
    }

    @Test
    void json_malformedBody_isSerializationException() {
        WireResponse r = json("DemoService.Echo", "{\"Message\":");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.headers()).containsEntry("x-amzn-ErrorType", "SerializationException");
        assertThat(text(r)).startsWith("{\"__type\":\"SerializationException\",\"message\":\"The request body is not valid JSON");
    }

    @Test
    void json_wrongMemberType_namesTheMember() {
        WireResponse r = json("DemoService.Echo", "{\"Message\":\"hi\",\"Count\":\"three\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(text(r)).contains("SerializationException").contains("'Count'").doesNotContain("three");
    }

    @Test
    void json_stringWhereNumberExpected_isRejectedNotCoerced() {
        WireResponse r = json("DemoService.Echo", "{\"Message\":\"hi\",\"Count\":\"3\"}");
        assertThat(text(r)).contains("SerializationException");
    }

    @Test
    void json_badBase64Blob_isSerializationException() {
        WireResponse r = json("DemoService.Echo", "{\"Message\":\"hi\",\"Blob\":\"!!!\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(text(r)).contains("SerializationException").contains("'Blob'");
    }

    @Test
    void json_missingRequiredMember_isValidationException() {
        WireResponse r = json("DemoService.Echo", "{}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(text(r)).contains("\"__type\":\"ValidationException\"").contains("'message'");
    }

    @Test
    void json_nonObjectBody_isSerializationException() {
        assertThat(text(json("DemoService.Echo", "[1,2]"))).contains("SerializationException");
        assertThat(text(json("DemoService.Echo", "\"x\""))).contains("SerializationException");
    }

    @Test
    void json_invalidUtf8_isSerializationException() {
        byte[] body = {'{', '"', 'M', 'e', 's', 's', 'a', 'g', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        WireResponse r = json("DemoService.Echo", body, "ok-demo");
        assertThat(r.status()).isEqualTo(400);
        assertThat(text(r)).contains("SerializationException");
    }

    @Test
    void json_emptyBody_isTheEmptyObject() {
        assertThat(json("DemoService.NotFound", "").status()).isEqualTo(400);
        assertThat(text(json("DemoService.NotFound", ""))).contains("NotFoundException");
    }

    @Test
    void json_unknownOperationAndTarget_areUnknownOperationException() {
        assertThat(text(json("DemoService.Nope", "{}"))).contains("UnknownOperationException").contains("Nope");
        assertThat(text(json("Nobody.Echo", "{}".getBytes(StandardCharsets.UTF_8), "ok-nobody"))).contains("UnknownOperationException");
    }

    @Test
    void json_credentialScopedToAnotherService_isInvalidSignature() {
        WireResponse r = json("DemoService.Echo", "{\"Message\":\"x\"}".getBytes(StandardCharsets.UTF_8), "ok-kms");
        assertThat(r.status()).isEqualTo(400);
        assertThat(text(r)).contains("InvalidSignatureException").contains("'demo'");
    }

    @Test
    void json_authenticationFailures_useJsonCodes() {
        WireResponse missing = json("DemoService.Echo", "{}".getBytes(StandardCharsets.UTF_8), null);
        assertThat(missing.status()).isEqualTo(403);
        assertThat(text(missing)).contains("MissingAuthenticationTokenException");
        WireResponse unknown = json("DemoService.Echo", "{}".getBytes(StandardCharsets.UTF_8), "bad");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(text(unknown)).contains("UnrecognizedClientException");
    }

    @Test
    void json_unexpectedFailure_is500WithoutInternals() {
        WireResponse r = json("DemoService.Fail", "{}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(text(r)).contains("InternalFailure").doesNotContain("secret-internal-detail");
    }

    @Test
    void json_wrongContentType_isRejected() {
        WireResponse r = dispatcher.dispatch(new WireRequest("POST", "/", "", Map.of(
                "content-type", List.of("text/plain"), "x-amz-target", List.of("DemoService.Echo"),
                "authorization", List.of("ok-demo")), "{}".getBytes(StandardCharsets.UTF_8), "127.0.0.1", false));
        assertThat(r.status()).isEqualTo(400);
        assertThat(text(r)).contains("UnknownOperationException").contains("text/plain");
    }

    @Test
    void query_echo_flattensListsAndAnswersXml() {
        WireResponse r = query("Action=Echo&Version=2020-01-01&Message=a%20b%26c&Count=2&Tags.member.1=x&Tags.member.2=y"
                + "&When=2026-01-01T00%3A00%3A00Z", "ok-demoq");
        assertThat(r.status()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("<EchoResponse xmlns=\"https://demoq.example/doc/2020-01-01/\"><EchoResult>"
                + "<Message>a b&amp;c</Message><Count>2</Count><When>2026-01-01T00:00:00Z</When>"
                + "<Tags><member>x</member><member>y</member></Tags></EchoResult>"
                + "<ResponseMetadata><RequestId>" + r.headers().get("x-amzn-RequestId") + "</RequestId></ResponseMetadata>"
                + "</EchoResponse>");
    }

    @Test
    void query_errors_areXmlErrorResponses() {
        WireResponse unknown = query("Action=Nope&Version=2020-01-01", "ok-demoq");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(text(unknown)).startsWith("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code>");
        WireResponse badKey = query("Action=Echo&Version=2020-01-01&Message=x", "bad");
        assertThat(badKey.status()).isEqualTo(403);
        assertThat(text(badKey)).contains("<Code>InvalidClientTokenId</Code>");
        WireResponse validation = query("Action=Echo&Version=2020-01-01", "ok-demoq");
        assertThat(text(validation)).contains("<Code>ValidationException</Code>");
    }

    @Test
    void query_badPercentEncodingOrUtf8_isMalformedQueryString() {
        assertThat(text(query("Action=Echo&Message=%zz", "ok-demoq"))).contains("<Code>MalformedQueryString</Code>");
        assertThat(text(query("Action=Echo&Message=%C3%28", "ok-demoq"))).contains("<Code>MalformedQueryString</Code>");
    }

    @Test
    void unroutableRequest_isUnknownOperation() {
        WireResponse r = dispatcher.dispatch(new WireRequest("GET", "/foo", "", Map.of(), new byte[0], "127.0.0.1", false));
        assertThat(r.status()).isEqualTo(400);
        assertThat(text(r)).contains("UnknownOperationException");
    }

    @Test
    void audit_readOnlyCall_isRecordedOnceWithMembersAndOutcome() {
        WireResponse r = json("DemoService.Echo", "{\"Message\":\"hi\"}");
        assertThat(audit.intents).isEmpty();
        assertThat(audit.records).singleElement().satisfies(call -> {
            assertThat(call.requestId()).isEqualTo(r.headers().get("x-amzn-RequestId"));
            assertThat(call.service()).isEqualTo("demo");
            assertThat(call.operation()).isEqualTo("Echo");
            assertThat(call.principal()).isEqualTo(DemoService.CALLER);
            assertThat(call.region()).isEqualTo("us-east-1");
            assertThat(call.requestParameters().toString()).isEqualTo("{\"Message\":\"hi\"}");
            assertThat(call.responseElements().toString()).isEqualTo("{\"Message\":\"hi\"}");
            assertThat(call.errorCode()).isNull();
            assertThat(call.readOnly()).isTrue();
        });
    }

    @Test
    void audit_stateChangingCall_isAnnouncedBeforeItRuns() {
        json("DemoService.NotFound", "{}");
        assertThat(audit.intents).singleElement().satisfies(call -> assertThat(call.operation()).isEqualTo("NotFound"));
        assertThat(audit.records).singleElement().satisfies(call -> {
            assertThat(call.errorCode()).isEqualTo("NotFoundException");
            assertThat(call.resources()).containsExactly("arn:aws:demo:us-east-1:111122223333:thing/x");
            assertThat(call.errorMessage()).isEqualTo("Key 'x' does not exist");
            assertThat(call.responseElements()).isNull();
        });
    }

    @Test
    void audit_failedAuthentication_isRecordedWithTheClaimedKeyAndNoPrincipal() {
        json("DemoService.Echo", "{}".getBytes(StandardCharsets.UTF_8),
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/demo/aws4_request, bad");
        assertThat(audit.records).singleElement().satisfies(call -> {
            assertThat(call.principal()).isNull();
            assertThat(call.accessKeyId()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
            assertThat(call.errorCode()).isEqualTo("UnrecognizedClientException");
        });
    }

    @Test
    void audit_intentThatCannotBeMadeDurable_failsTheRequestWithoutRunningIt() {
        audit.failIntents = true;
        WireResponse r = json("DemoService.Slow", "{}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(text(r)).contains("InternalFailure").doesNotContain("disk full");
        assertThat(demo.slowEntered.getCount()).as("the operation never ran").isEqualTo(1);
        assertThat(audit.records).isEmpty();
    }

    @Test
    void audit_recordThatCannotBeMadeDurable_turnsTheAnswerInto500() {
        audit.failRecords = true;
        WireResponse jsonAnswer = json("DemoService.Echo", "{\"Message\":\"secret-answer\"}");
        assertThat(jsonAnswer.status()).isEqualTo(500);
        assertThat(text(jsonAnswer)).contains("InternalFailure").doesNotContain("secret-answer");
        WireResponse queryAnswer = query("Action=Echo&Version=2020-01-01&Message=x", "ok-demoq");
        assertThat(queryAnswer.status()).isEqualTo(500);
        assertThat(text(queryAnswer)).startsWith("<ErrorResponse>");
    }

    @Test
    void metrics_countRequestsByServiceOperationAndStatus() {
        json("DemoService.Echo", "{\"Message\":\"x\"}");
        assertThat(metrics.scrape()).contains("citadel_requests_seconds_count{operation=\"Echo\",service=\"demo\",status=\"200\"} 1");
    }

    @Test
    void publicRoutes_answerWithoutSignature_longestPrefixFirst_andNeverAudited() {
        Dispatcher routed = new Dispatcher(List.of(demo.json()), List.of(
                new PublicRoute("GET", "/pki", r -> new WireResponse(200, "text/plain", Map.of(), "pki".getBytes(StandardCharsets.UTF_8))),
                new PublicRoute("*", "/pki/ocsp", r -> new WireResponse(200, "application/ocsp-response", Map.of(), r.body())),
                new PublicRoute("POST", "/broken", r -> {
                    throw new IllegalStateException("secret detail");
                })), DemoService.authenticator(), audit, InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")), metrics);
        assertThat(text(routed.dispatch(new WireRequest("GET", "/pki/ca.crl", "", Map.of(), null, "127.0.0.1", false)))).isEqualTo("pki");
        assertThat(text(routed.dispatch(new WireRequest("POST", "/pki/ocsp", "", Map.of(), new byte[] {'x'}, "127.0.0.1", false))))
                .isEqualTo("x");
        WireResponse failed = routed.dispatch(new WireRequest("POST", "/broken", "", Map.of(), null, "127.0.0.1", false));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(text(failed)).contains("InternalFailure").doesNotContain("secret detail");
        WireResponse unrouted = routed.dispatch(new WireRequest("DELETE", "/pki/ca.crl", "", Map.of(), null, "127.0.0.1", false));
        assertThat(unrouted.status()).isEqualTo(400);
        assertThat(audit.records).hasSize(1);
    }
}
