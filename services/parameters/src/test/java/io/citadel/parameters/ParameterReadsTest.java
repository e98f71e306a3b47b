package io.citadel.parameters;

import static io.citadel.parameters.ParametersHarness.allow;
import static io.citadel.parameters.ParametersHarness.code;
import static io.citadel.parameters.ParametersHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.Principal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterReadsTest {

    private final ParametersHarness h = new ParametersHarness();

    private List<String> names(List<ParameterReads.Resolved> items) {
        return items.stream().map(r -> r.version().name()).toList();
    }

    @Test
    void getParametersByPath_answersFromTheHeadsCopyOfTheLatestValue_andFromTheVersionRowForAnOlderHead() {
        h.put("/copy/a", "first");
        h.overwrite("/copy/a", "second");
        h.put("/copy/b", "only");
        String account = h.accountA;
        // the head carries the latest value: with the version rows gone, the page still answers (GetParameter would not)
        h.storage.transaction(tx -> {
            ParameterRepository.deleteVersion(tx, account, ParametersHarness.REGION, "/copy/a", 2);
            return null;
        });
        var page = h.parameters.reads().byPath(h.a(), "/copy", true, null, false, null, null).items();
        assertThat(page).extracting(ParameterReads.Resolved::value).containsExactly("second", "only");
        assertThat(page.getFirst().version().version()).isEqualTo(2);
        // a head written before the copy existed (no currentValue) is answered from its version row
        h.storage.transaction(tx -> {
            StoredParameter b = ParameterRepository.head(tx, account, ParametersHarness.REGION, "/copy/b").orElseThrow();
            ParameterRepository.putHead(tx, account, ParametersHarness.REGION, new StoredParameter(b.name(), b.version(), b.type(), b.tier(),
                    b.keyId(), b.lastModifiedDate(), b.lastModifiedUser(), b.description(), b.allowedPattern(), b.dataType(), b.tags(),
                    b.policies(), null, null));
            return null;
        });
        assertThat(h.parameters.reads().byPath(h.a(), "/copy", true, null, false, null, null).items())
                .extracting(ParameterReads.Resolved::value).containsExactly("second", "only");
    }

    @Test
    void getParametersByPath_oneLevelOrRecursive() {
        h.put("/app/a", "1");
        h.put("/app/b/c", "2");
        h.put("/apple", "3");
        h.put("/other", "4");
        assertThat(names(h.parameters.reads().byPath(h.a(), "/app", false, null, false, null, null).items())).containsExactly("/app/a");
        assertThat(names(h.parameters.reads().byPath(h.a(), "/app/", true, null, false, null, null).items()))
                .containsExactly("/app/a", "/app/b/c");
        assertThat(names(h.parameters.reads().byPath(h.a(), "/", false, null, false, null, null).items()))
                .containsExactly("/apple", "/other");
    }

    @Test
    void getParametersByPath_pagesThroughEverything_withMaxResults() {
        for (int i = 0; i < 5; i++) {
            h.put("/pg/p" + i, "v" + i);
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            var page = h.parameters.reads().byPath(h.a(), "/pg", true, null, false, 2, token);
            seen.addAll(names(page.items()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(seen).containsExactly("/pg/p0", "/pg/p1", "/pg/p2", "/pg/p3", "/pg/p4");
        assertThat(pages).isEqualTo(3);
        assertThat(code(() -> h.parameters.reads().byPath(h.a(), "/pg", true, null, false, 2, "garbage!"))).isEqualTo("InvalidNextToken");
    }

    @Test
    void getParametersByPath_filters_typeAndLabel_andRejectsOthers() {
        h.put("/f/a", "1");
        h.parameters.writes().put(h.a(), ParametersHarness.input("/f/b", "x,y", "StringList", false));
        h.overwrite("/f/a", "2");
        h.parameters.writes().label(h.a(), "/f/a", 1L, List.of("old"));
        var byType = h.parameters.reads().byPath(h.a(), "/f", false, List.of(new ParameterFilter("Type", "Equals", List.of("StringList"))),
                false, null, null);
        assertThat(names(byType.items())).containsExactly("/f/b");
        var byLabel = h.parameters.reads().byPath(h.a(), "/f", false, List.of(new ParameterFilter("Label", "Equals", List.of("old"))),
                false, null, null);
        assertThat(byLabel.items()).extracting(ParameterReads.Resolved::value).containsExactly("1");
        assertThat(code(() -> h.parameters.reads().byPath(h.a(), "/f", false, List.of(new ParameterFilter("Name", null, List.of("x"))),
                false, null, null))).isEqualTo("InvalidFilterKey");
        assertThat(code(() -> h.parameters.reads().byPath(h.a(), "/f", false,
                List.of(new ParameterFilter("Type", "BeginsWith", List.of("String"))), false, null, null))).isEqualTo("InvalidFilterOption");
        assertThat(code(() -> h.parameters.reads().byPath(h.a(), "/f", false,
                List.of(new ParameterFilter("Type", "Equals", List.of("Integer"))), false, null, null))).isEqualTo("InvalidFilterValue");
    }

    @Test
    void describeParameters_filtersByNamePathAndTier() {
        h.put("/d/a", "1");
        h.put("/d/b/c", "2");
        h.parameters.writes().put(h.a(), ParametersHarness.input("/e", "x", "String", "Advanced", null, null));
        var beginsWith = h.parameters.reads().describe(h.a(), List.of(new ParameterFilter("Name", "BeginsWith", List.of("/d"))), null, null);
        assertThat(beginsWith.items()).extracting(StoredParameter::name).containsExactly("/d/a", "/d/b/c");
        var oneLevel = h.parameters.reads().describe(h.a(), List.of(new ParameterFilter("Path", "OneLevel", List.of("/d"))), null, null);
        assertThat(oneLevel.items()).extracting(StoredParameter::name).containsExactly("/d/a");
        var advanced = h.parameters.reads().describe(h.a(), List.of(new ParameterFilter("Tier", "Equals", List.of("Advanced"))), null, null);
        assertThat(advanced.items()).extracting(StoredParameter::name).containsExactly("/e");
        assertThat(code(() -> h.parameters.reads().describe(h.a(), List.of(new ParameterFilter("Label", "Equals", List.of("x"))), null,
                null))).isEqualTo("InvalidFilterKey");
    }

    @Test
    void getParameters_returnsFoundAndInvalid_withSelectors() {
        h.put("/g", "1");
        h.overwrite("/g", "2");
        var out = h.parameters.reads().getMany(h.a(), List.of("/g:1", "/g", "/missing", "/g:7"), false);
        assertThat(out.parameters()).extracting(ParameterReads.Resolved::value).containsExactly("1", "2");
        assertThat(out.parameters()).extracting(ParameterReads.Resolved::selector).containsExactly(":1", null);
        assertThat(out.invalid()).containsExactly("/missing", "/g:7");
    }

    @Test
    void iam_onPaths_allowsByPathUnderThePath_only() {
        h.put("/team/x", "1");
        h.put("/other/y", "2");
        Principal reader = h.user("reader", allow("ssm:GetParametersByPath", h.arn("/team")));
        assertThat(names(h.parameters.reads().byPath(h.ctx(reader), "/team", true, null, false, null, null).items()))
                .containsExactly("/team/x");
        assertThat(code(() -> h.parameters.reads().byPath(h.ctx(reader), "/other", true, null, false, null, null)))
                .isEqualTo("AccessDeniedException");
        Principal getter = h.user("getter", allow("ssm:GetParameter", h.arn("/team/*")));
        assertThat(h.parameters.reads().get(h.ctx(getter), "/team/x", false).value()).isEqualTo("1");
        assertThat(error(() -> h.parameters.reads().get(h.ctx(getter), "/other/y", false)).getMessage())
                .contains("ssm:GetParameter").contains(h.arn("/other/y"));
    }
}
