package io.citadel.parameters;

import static io.citadel.parameters.ParametersHarness.code;
import static io.citadel.parameters.ParametersHarness.error;
import static io.citadel.parameters.ParametersHarness.input;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterWritesTest {

    private final ParametersHarness h = new ParametersHarness();

    @Test
    void putParameter_thenGet_returnsValueAndVersionOne() {
        assertThat(h.put("/app/dev/url", "https://dev")).isEqualTo(1);
        var got = h.parameters.reads().get(h.a(), "/app/dev/url", false);
        assertThat(got.value()).isEqualTo("https://dev");
        assertThat(got.version().type()).isEqualTo(ParameterType.STRING);
        assertThat(got.arn()).isEqualTo("arn:aws:ssm:us-east-1:" + h.accountA + ":parameter/app/dev/url");
    }

    @Test
    void putParameter_existingWithoutOverwrite_failsWithParameterAlreadyExists() {
        h.put("/a", "1");
        assertThat(code(() -> h.put("/a", "2"))).isEqualTo("ParameterAlreadyExists");
        assertThat(h.value("/a")).isEqualTo("1");
    }

    @Test
    void putParameter_withOverwrite_incrementsVersion_andKeepsOldVersionsReadable() {
        h.put("/a", "1");
        assertThat(h.overwrite("/a", "2")).isEqualTo(2);
        assertThat(h.value("/a")).isEqualTo("2");
        assertThat(h.value("/a:1")).isEqualTo("1");
        assertThat(code(() -> h.value("/a:3"))).isEqualTo("ParameterVersionNotFound");
    }

    @Test
    void putParameter_overVersionLimit_dropsOldestUnlabelled() {
        h.put("/v", "1");
        for (int i = 2; i <= 5; i++) {
            h.overwrite("/v", Integer.toString(i));
        }
        assertThat(code(() -> h.value("/v:1"))).isEqualTo("ParameterVersionNotFound");
        assertThat(h.value("/v:2")).isEqualTo("2");
        assertThat(h.parameters.reads().history(h.a(), "/v", false, null, null).items()).extracting(r -> r.version().version())
                .containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void putParameter_whenOldestVersionIsLabelled_failsWithParameterMaxVersionLimitExceeded() {
        h.put("/v", "1");
        h.parameters.writes().label(h.a(), "/v", 1L, List.of("keep"));
        for (int i = 2; i <= 4; i++) {
            h.overwrite("/v", Integer.toString(i));
        }
        assertThat(code(() -> h.overwrite("/v", "5"))).isEqualTo("ParameterMaxVersionLimitExceeded");
        assertThat(h.value("/v:keep")).isEqualTo("1");
    }

    @Test
    void putParameter_nameRules_areAwsRules() {
        assertThat(error(() -> h.put("a/b", "x")).getMessage()).isEqualTo("Parameter name must be a fully qualified name.");
        assertThat(code(() -> h.put("/aws/x", "x"))).isEqualTo("ValidationException");
        assertThat(code(() -> h.put("SSMthing", "x"))).isEqualTo("ValidationException");
        assertThat(code(() -> h.put("/a b", "x"))).isEqualTo("ValidationException");
        assertThat(code(() -> h.put("/a//b", "x"))).isEqualTo("ValidationException");
        String deep = "/l".repeat(16);
        assertThat(code(() -> h.put(deep, "x"))).isEqualTo("HierarchyLevelLimitExceededException");
        assertThat(h.put("/l".repeat(15), "x")).isEqualTo(1);
        assertThat(h.put("plain.name-1_x", "x")).isEqualTo(1);
    }

    @Test
    void putParameter_overStandardCount_failsWithParameterLimitExceeded_untilOneIsDeleted() {
        for (int i = 0; i < 5; i++) {
            h.put("/p" + i, "x");
        }
        assertThat(code(() -> h.put("/p5", "x"))).isEqualTo("ParameterLimitExceeded");
        h.parameters.writes().delete(h.a(), "/p0");
        assertThat(h.put("/p5", "x")).isEqualTo(1);
    }

    @Test
    void tiers_standardValueLimit_advancedUpgrade_andNoDowngrade() {
        String big = "x".repeat(5000);
        assertThat(code(() -> h.parameters.writes().put(h.a(), input("/big", big, "String", "Standard", null, null))))
                .isEqualTo("ValidationException");
        var intelligent = h.parameters.writes().put(h.a(), input("/big", big, "String", "Intelligent-Tiering", null, null));
        assertThat(intelligent.tier()).isEqualTo(ParameterTier.ADVANCED);
        assertThat(code(() -> h.parameters.writes().put(h.a(), input("/huge", "x".repeat(8193), "String", "Advanced", null, null))))
                .isEqualTo("ValidationException");

        h.put("/small", "x");
        var upgraded = h.parameters.writes().put(h.a(), new ParameterWrites.PutInput("/small", null, "y", null, null, true, null, null,
                "Advanced", null, null));
        assertThat(upgraded.tier()).isEqualTo(ParameterTier.ADVANCED);
        assertThat(code(() -> h.parameters.writes().put(h.a(), new ParameterWrites.PutInput("/small", null, "z", null, null, true, null,
                null, "Standard", null, null)))).isEqualTo("ValidationException");
        var kept = h.parameters.writes().put(h.a(), new ParameterWrites.PutInput("/small", null, "z", null, null, true, null, null, null,
                null, null));
        assertThat(kept.tier()).isEqualTo(ParameterTier.ADVANCED);
    }

    @Test
    void allowedPattern_isCheckedWithRe2_andKeptOnOverwrite() {
        h.parameters.writes().put(h.a(), input("/n", "42", "String", null, "^\\d+$", null));
        assertThat(code(() -> h.overwrite("/n", "forty-two"))).isEqualTo("ParameterPatternMismatchException");
        assertThat(h.overwrite("/n", "43")).isEqualTo(2);
        assertThat(code(() -> h.parameters.writes().put(h.a(), input("/bad", "x", "String", null, "(a", null))))
                .isEqualTo("InvalidAllowedPatternException");
        // backreferences are not RE2 syntax: rejected rather than run with exponential time
        assertThat(code(() -> h.parameters.writes().put(h.a(), input("/bad", "aa", "String", null, "(a)\\1", null))))
                .isEqualTo("InvalidAllowedPatternException");
    }

    @Test
    void dataType_ec2Image_validatesTheAmiIdFormat() {
        var good = new ParameterWrites.PutInput("/ami", null, "ami-0123456789abcdef0", "String", null, false, null, null, null, null,
                "aws:ec2:image");
        assertThat(h.parameters.writes().put(h.a(), good).version()).isEqualTo(1);
        var bad = new ParameterWrites.PutInput("/ami2", null, "not-an-ami", "String", null, false, null, null, null, null,
                "aws:ec2:image");
        assertThat(code(() -> h.parameters.writes().put(h.a(), bad))).isEqualTo("ValidationException");
        var unknown = new ParameterWrites.PutInput("/x", null, "v", "String", null, false, null, null, null, null, "aws:other");
        assertThat(code(() -> h.parameters.writes().put(h.a(), unknown))).isEqualTo("ValidationException");
    }

    @Test
    void typeChangeOnOverwrite_failsWithHierarchyTypeMismatch() {
        h.put("/t", "a,b");
        assertThat(code(() -> h.parameters.writes().put(h.a(), new ParameterWrites.PutInput("/t", null, "x", "StringList", null, true,
                null, null, null, null, null)))).isEqualTo("HierarchyTypeMismatchException");
    }

    @Test
    void labels_moveBetweenVersions_invalidOnesAreReturned_andTenPerVersionAtMost() {
        h.put("/l", "1");
        h.overwrite("/l", "2");
        var first = h.parameters.writes().label(h.a(), "/l", 1L, List.of("prod", "1bad", "awsx", "ok.v-1_x"));
        assertThat(first.invalidLabels()).containsExactly("1bad", "awsx");
        assertThat(h.value("/l:prod")).isEqualTo("1");
        h.parameters.writes().label(h.a(), "/l", null, List.of("prod"));
        assertThat(h.value("/l:prod")).isEqualTo("2");
        assertThat(h.parameters.reads().get(h.a(), "/l:1", false).version().labels()).containsExactly("ok.v-1_x");

        List<String> ten = java.util.stream.IntStream.range(0, 9).mapToObj(i -> "l" + i).toList();
        h.parameters.writes().label(h.a(), "/l", 2L, ten);
        assertThat(code(() -> h.parameters.writes().label(h.a(), "/l", 2L, List.of("eleventh")))).isEqualTo("ParameterVersionLabelLimitExceeded");
        assertThat(code(() -> h.parameters.writes().label(h.a(), "/l", 9L, List.of("x")))).isEqualTo("ParameterVersionNotFound");
        assertThat(code(() -> h.value("/l:nolabel"))).isEqualTo("ParameterVersionNotFound");
    }

    @Test
    void unlabel_removesOnlyAttachedLabels() {
        h.put("/u", "1");
        h.parameters.writes().label(h.a(), "/u", 1L, List.of("a", "b"));
        var out = h.parameters.writes().unlabel(h.a(), "/u", 1L, List.of("a", "zzz"));
        assertThat(out.removed()).containsExactly("a");
        assertThat(out.invalid()).containsExactly("zzz");
        assertThat(h.parameters.reads().get(h.a(), "/u", false).version().labels()).containsExactly("b");
    }

    @Test
    void deleteParameters_reportsDeletedAndInvalid() {
        h.put("/d1", "x");
        var out = h.parameters.writes().deleteMany(h.a(), List.of("/d1", "/missing"));
        assertThat(out.deleted()).containsExactly("/d1");
        assertThat(out.invalid()).containsExactly("/missing");
        assertThat(code(() -> h.parameters.writes().delete(h.a(), "/d1"))).isEqualTo("ParameterNotFound");
    }

    @Test
    void tags_addRemoveList_andLimit() {
        h.parameters.writes().put(h.a(), input("/tg", "x", "String", null, null, Map.of("team", "a")));
        h.parameters.tags().add(h.a(), "Parameter", "/tg", Map.of("env", "dev"));
        assertThat(h.parameters.tags().list(h.a(), "Parameter", "/tg")).containsExactly(Map.entry("env", "dev"), Map.entry("team", "a"));
        h.parameters.tags().remove(h.a(), "Parameter", "/tg", List.of("team"));
        assertThat(h.parameters.tags().list(h.a(), "Parameter", "/tg")).containsOnlyKeys("env");
        assertThat(code(() -> h.parameters.tags().add(h.a(), "Parameter", "/tg", Map.of("b", "1", "c", "2", "d", "3"))))
                .isEqualTo("TooManyTagsError");
        assertThat(code(() -> h.parameters.tags().list(h.a(), "Document", "/tg"))).isEqualTo("InvalidResourceType");
        assertThat(code(() -> h.parameters.tags().list(h.a(), "Parameter", "/nope"))).isEqualTo("InvalidResourceId");
    }

    @Test
    void defaultTierSetting_makesNewParametersAdvanced_andResetRestoresStandard() {
        h.parameters.settings().update(h.a(), ServiceSettings.DEFAULT_TIER, "Advanced");
        assertThat(h.parameters.writes().put(h.a(), input("/s1", "x", "String", false)).tier()).isEqualTo(ParameterTier.ADVANCED);
        assertThat(h.parameters.settings().get(h.a(), ServiceSettings.DEFAULT_TIER).status()).isEqualTo("Customized");
        assertThat(h.parameters.settings().reset(h.a(), ServiceSettings.DEFAULT_TIER).value()).isEqualTo("Standard");
        assertThat(h.parameters.writes().put(h.a(), input("/s2", "x", "String", false)).tier()).isEqualTo(ParameterTier.STANDARD);
        assertThat(code(() -> h.parameters.settings().update(h.a(), ServiceSettings.HIGH_THROUGHPUT, "maybe"))).isEqualTo("ValidationException");
        assertThat(code(() -> h.parameters.settings().get(h.a(), "/ssm/other"))).isEqualTo("ServiceSettingNotFound");
    }
}
