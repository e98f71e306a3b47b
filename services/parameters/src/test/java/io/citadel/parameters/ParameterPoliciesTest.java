package io.citadel.parameters;

import static io.citadel.parameters.ParametersHarness.code;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterPoliciesTest {

    private static final String EXPIRES_2026_01_10 = "{\"Type\":\"Expiration\",\"Version\":\"1.0\",\"Attributes\":{\"Timestamp\":\"2026-01-10T00:00:00.000Z\"}}";
    private static final String NOTIFY_2_DAYS_BEFORE = "{\"Type\":\"ExpirationNotification\",\"Version\":\"1.0\",\"Attributes\":{\"Before\":\"2\",\"Unit\":\"Days\"}}";
    private static final String NO_CHANGE_5_HOURS = "{\"Type\":\"NoChangeNotification\",\"Version\":\"1.0\",\"Attributes\":{\"After\":\"5\",\"Unit\":\"Hours\"}}";

    private final ParametersHarness h = new ParametersHarness();

    private ParameterWrites.PutResult put(String name, String tier, boolean overwrite, String... policies) {
        String doc = policies.length == 0 ? null : "[" + String.join(",", policies) + "]";
        return h.parameters.writes().put(h.a(), new ParameterWrites.PutInput(name, null, "v", overwrite ? null : "String", null, overwrite,
                null, null, tier, doc, null));
    }

    private List<String> events() {
        return h.parameters.events().list(h.accountA, ParametersHarness.REGION).stream().map(ParameterEvents.Event::json).toList();
    }

    private List<String> policyActions() {
        return events().stream().filter(e -> e.contains("\"detail-type\":\"Parameter Store Policy Action\"")).toList();
    }

    @Test
    void expiration_deletesTheParameterAtItsTimestamp_andNotifiesBefore() {
        put("/exp", "Advanced", false, EXPIRES_2026_01_10, NOTIFY_2_DAYS_BEFORE);
        h.clock.advance(Duration.ofDays(6));
        h.scheduler.runDue();
        assertThat(policyActions()).isEmpty();
        h.clock.advance(Duration.ofDays(1).plusMinutes(1));
        h.scheduler.runDue();
        assertThat(policyActions()).singleElement().asString().contains("\"policy-type\":\"ExpirationNotification\"")
                .contains("\"source\":\"aws.ssm\"").contains("\"parameter-name\":\"/exp\"");
        assertThat(h.value("/exp")).isEqualTo("v");
        assertThat(policyStatuses("/exp")).containsExactly("Expiration=Pending", "ExpirationNotification=Finished");
        assertThat(h.parameters.reads().history(h.a(), "/exp", false, null, null).items()).singleElement()
                .satisfies(r -> assertThat(r.version().policies()).extracting(ParameterPolicy::status).containsExactly("Pending", "Finished"));
        h.clock.advance(Duration.ofDays(2));
        h.scheduler.runDue();
        assertThat(code(() -> h.value("/exp"))).isEqualTo("ParameterNotFound");
        assertThat(policyActions()).hasSize(2).last().asString().contains("\"policy-type\":\"Expiration\"");
        assertThat(events()).last().asString().contains("\"detail-type\":\"Parameter Store Change\"").contains("\"operation\":\"Delete\"");
    }

    private List<String> policyStatuses(String name) {
        return h.parameters.reads().describe(h.a(), List.of(new ParameterFilter("Name", "Equals", List.of(name))), null, null).items()
                .stream().flatMap(p -> p.policies().stream()).map(p -> p.type() + "=" + p.status()).toList();
    }

    @Test
    void overwriteWithoutPolicies_replacesThem_soTheOldExpirationNeverActs() {
        put("/keep", "Advanced", false, EXPIRES_2026_01_10);
        put("/keep", null, true);
        h.clock.advance(Duration.ofDays(30));
        h.scheduler.runDue();
        assertThat(h.value("/keep")).isEqualTo("v");
        assertThat(policyActions()).isEmpty();
    }

    @Test
    void noChangeNotification_firesOnlyIfUnchanged() {
        put("/quiet", "Advanced", false, NO_CHANGE_5_HOURS);
        put("/busy", "Advanced", false, NO_CHANGE_5_HOURS);
        h.clock.advance(Duration.ofHours(3));
        put("/busy", null, true);
        h.clock.advance(Duration.ofHours(3));
        h.scheduler.runDue();
        assertThat(policyActions()).singleElement().asString().contains("\"parameter-name\":\"/quiet\"")
                .contains("NoChangeNotification");
    }

    @Test
    void everyChange_emitsParameterStoreChange() {
        h.put("/c", "1");
        h.overwrite("/c", "2");
        h.parameters.writes().label(h.a(), "/c", 1L, List.of("l"));
        h.parameters.writes().delete(h.a(), "/c");
        assertThat(events()).extracting(e -> e.replaceAll(".*\"operation\":\"([A-Za-z]+)\".*", "$1"))
                .containsExactly("Create", "Update", "LabelParameterVersion", "Delete");
    }

    @Test
    void policies_areValidatedAsAws_andNeedTheAdvancedTier() {
        assertThat(code(() -> put("/p", "Standard", false, NO_CHANGE_5_HOURS))).isEqualTo("ValidationException");
        assertThat(put("/p", "Intelligent-Tiering", false, NO_CHANGE_5_HOURS).tier()).isEqualTo(ParameterTier.ADVANCED);
        assertThat(code(() -> put("/q", "Advanced", false, "{\"Type\":\"Explode\",\"Version\":\"1.0\",\"Attributes\":{}}")))
                .isEqualTo("InvalidPolicyTypeException");
        assertThat(code(() -> put("/q", "Advanced", false, "{\"Type\":\"Expiration\",\"Version\":\"1.0\",\"Attributes\":{\"Timestamp\":\"2020-01-01T00:00:00Z\"}}")))
                .as("in the past").isEqualTo("InvalidPolicyAttributeException");
        assertThat(code(() -> put("/q", "Advanced", false, NOTIFY_2_DAYS_BEFORE))).isEqualTo("IncompatiblePolicyException");
        assertThat(code(() -> put("/q", "Advanced", false, NO_CHANGE_5_HOURS.replace("Hours", "Weeks"))))
                .isEqualTo("InvalidPolicyAttributeException");
    }
}
