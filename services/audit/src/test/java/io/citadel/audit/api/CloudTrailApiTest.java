package io.citadel.audit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.citadel.audit.AuditSettings;
import io.citadel.audit.AuditTrail;
import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.core.audit.ApiCall;
import io.citadel.protocol.AwsMappers;
import io.citadel.protocol.ServiceApi;
import io.citadel.storage.Barrier;
import io.citadel.storage.InMemoryStorage;
import io.citadel.storage.RootKey;
import io.citadel.storage.Storage;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloudTrailApiTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Principal ALICE = Principal.user("111122223333", "/", "alice", "AIDAALICEALICEALICEAL", "AKIAALICEALICEALICEA");

    private static RequestContext context(Principal p, String region) {
        return new RequestContext("r", T0, "10.0.0.1", "ua", true, p, region, "cloudtrail", "LookupEvents");
    }

    private static Object call(ServiceApi api, RequestContext ctx, String json) throws Exception {
        var op = api.operation("LookupEvents");
        Object input = AwsMappers.json().readValue(json, op.inputType());
        return op.invoke(ctx, input);
    }

    @Test
    void lookupEvents_asksForCloudtrailLookupEvents_andADenialStopsIt() throws Exception {
        try (Storage storage = Barrier.open(new InMemoryStorage(), new RootKey(new byte[32]));
             AuditTrail trail = AuditTrail.open(storage, InstantSource.fixed(T0), AuditSettings.defaults())) {
            java.util.List<io.citadel.core.access.Authorization> asked = new java.util.ArrayList<>();
            ServiceApi api = CloudTrailApi.create(trail, new io.citadel.core.access.Access() {
                @Override
                public io.citadel.core.policy.Decision decide(RequestContext context, io.citadel.core.access.Authorization authorization) {
                    asked.add(authorization);
                    return new io.citadel.core.policy.Decision(io.citadel.core.policy.Decision.Outcome.IMPLICIT_DENY, null, "denied");
                }

                @Override
                public io.citadel.core.access.AccessDeniedException denied(RequestContext context,
                        io.citadel.core.access.Authorization authorization, io.citadel.core.policy.Decision decision) {
                    return new io.citadel.core.access.AccessDeniedException("User: " + context.principal().arn()
                            + " is not authorized to perform: " + authorization.action());
                }
            });
            assertThatThrownBy(() -> call(api, context(ALICE, "us-east-1"), "{}"))
                    .isInstanceOf(io.citadel.core.access.AccessDeniedException.class)
                    .hasMessageContaining("cloudtrail:LookupEvents");
            assertThat(asked).singleElement().satisfies(a -> {
                assertThat(a.action()).isEqualTo("cloudtrail:LookupEvents");
                assertThat(a.resource()).isEqualTo("*");
            });
        }
    }

    @Test
    void lookupEvents_overTheWireShapes() throws Exception {
        try (Storage storage = Barrier.open(new InMemoryStorage(), new RootKey(new byte[32]));
             AuditTrail trail = AuditTrail.open(storage, InstantSource.fixed(T0), AuditSettings.defaults())) {
            trail.record(new ApiCall("req-9", T0, "kms", "Decrypt", "us-east-1", ALICE, ALICE.accessKeyId(), "10.0.0.2", "cli",
                    false, null, null, null, null, List.of("arn:aws:kms:us-east-1:111122223333:key/k1")));
            ServiceApi api = CloudTrailApi.create(trail, allowAll());
            assertThat(api.signingName()).isEqualTo("cloudtrail");
            LookupEventsResponse response = (LookupEventsResponse) call(api, context(ALICE, "us-east-1"),
                    "{\"LookupAttributes\":[{\"AttributeKey\":\"EventName\",\"AttributeValue\":\"Decrypt\"}],\"MaxResults\":10}");
            assertThat(response.events()).hasSize(1);
            Event e = response.events().getFirst();
            assertThat(e.readOnly()).isEqualTo("false");
            assertThat(e.username()).isEqualTo("alice");
            assertThat(e.eventTime()).isEqualTo(T0);
            assertThat(e.resources()).containsExactly(new Resource("AWS::KMS::Key", "arn:aws:kms:us-east-1:111122223333:key/k1"));
            JsonNode wire = AwsMappers.json().valueToTree(response);
            assertThat(wire.path("Events").get(0).path("EventTime").isNumber()).isTrue();
            assertThat(wire.path("Events").get(0).path("CloudTrailEvent").asText()).contains("\"eventName\":\"Decrypt\"");
            assertThat(((LookupEventsResponse) call(api, context(ALICE, "eu-west-1"), "{}")).events()).isEmpty();
            assertThat(((LookupEventsResponse) call(api, context(ALICE, "us-east-1"), "{\"EventCategory\":\"insight\"}")).events()).isEmpty();
            assertThatThrownBy(() -> call(api, context(ALICE, "us-east-1"),
                    "{\"LookupAttributes\":[{\"AttributeKey\":\"EventName\",\"AttributeValue\":\"a\"},{\"AttributeKey\":\"Username\",\"AttributeValue\":\"b\"}]}"))
                    .isInstanceOf(ServiceException.class)
                    .extracting(x -> ((ServiceException) x).errorCode().code()).isEqualTo("InvalidLookupAttributesException");
            assertThatThrownBy(() -> call(api, context(ALICE, "us-east-1"), "{\"MaxResults\":0}"))
                    .extracting(x -> ((ServiceException) x).errorCode().code()).isEqualTo("InvalidMaxResultsException");
            assertThatThrownBy(() -> call(api, context(ALICE, "us-east-1"), "{\"StartTime\":20,\"EndTime\":10}"))
                    .extracting(x -> ((ServiceException) x).errorCode().code()).isEqualTo("InvalidTimeRangeException");
            assertThatThrownBy(() -> call(api, context(ALICE, "us-east-1"), "{\"NextToken\":\"garbage\"}"))
                    .extracting(x -> ((ServiceException) x).errorCode().code()).isEqualTo("InvalidNextTokenException");
            assertThatThrownBy(() -> call(api, context(ALICE, "us-east-1"), "{\"EventCategory\":\"data\"}"))
                    .extracting(x -> ((ServiceException) x).errorCode().code()).isEqualTo("InvalidEventCategoryException");
        }
    }

    private static io.citadel.core.access.Access allowAll() {
        return new io.citadel.core.access.Access() {
            @Override
            public io.citadel.core.policy.Decision decide(RequestContext context, io.citadel.core.access.Authorization authorization) {
                return new io.citadel.core.policy.Decision(io.citadel.core.policy.Decision.Outcome.ALLOW, null, "allowed");
            }

            @Override
            public io.citadel.core.access.AccessDeniedException denied(RequestContext context,
                    io.citadel.core.access.Authorization authorization, io.citadel.core.policy.Decision decision) {
                throw new IllegalStateException("never denies");
            }
        };
    }
}
