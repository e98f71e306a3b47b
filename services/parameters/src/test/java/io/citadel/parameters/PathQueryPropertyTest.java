package io.citadel.parameters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * GetParametersByPath against a simple in-memory model over random hierarchies: for any path,
 * recursion flag, Type filter and page size, paging through the results yields exactly the model's
 * answer, in name order.
 */
class PathQueryPropertyTest {

    private static final List<String> TYPES = List.of("String", "StringList", "SecureString");

    @Provide
    Arbitrary<Set<String>> hierarchies() {
        Arbitrary<String> segment = Arbitraries.of("a", "b", "ab", "c.d", "e-f");
        return segment.list().ofMinSize(1).ofMaxSize(4).map(s -> "/" + String.join("/", s)).set().ofMinSize(1).ofMaxSize(25);
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("/", "/a", "/b", "/ab", "/a/b", "/a/ab", "/c.d", "/a/b/c.d", "/e-f/a");
    }

    @Property(tries = 40)
    void byPath_matchesTheModel(@ForAll("hierarchies") Set<String> names, @ForAll("paths") String path, @ForAll boolean recursive,
                                @ForAll @IntRange(min = 1, max = 10) int pageSize, @ForAll @IntRange(min = -1, max = 2) int typeFilter) {
        ParametersHarness h = new ParametersHarness(new ParameterLimits(1000, 1000, 100, 50));
        TreeMap<String, String> model = new TreeMap<>();
        int i = 0;
        for (String name : names) {
            // a name that is also a prefix of another is fine: /a and /a/b are different parameters
            String type = TYPES.get(i++ % 3);
            h.parameters.writes().put(h.a(), ParametersHarness.input(name, "v-" + name, type, false));
            model.put(name, type);
        }
        String prefix = path.equals("/") ? "/" : path + "/";
        List<String> expected = model.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .filter(e -> recursive || e.getKey().indexOf('/', prefix.length()) < 0)
                .filter(e -> typeFilter < 0 || e.getValue().equals(TYPES.get(typeFilter)))
                .map(java.util.Map.Entry::getKey).toList();

        List<ParameterFilter> filters = typeFilter < 0 ? null : List.of(new ParameterFilter("Type", "Equals", List.of(TYPES.get(typeFilter))));
        List<String> actual = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            var page = h.parameters.reads().byPath(h.a(), path, recursive, filters, true, pageSize, token);
            assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
            page.items().forEach(r -> {
                actual.add(r.version().name());
                assertThat(r.value()).isEqualTo("v-" + r.version().name());
            });
            token = page.nextToken();
            assertThat(++pages).as("paging terminates").isLessThanOrEqualTo(names.size() + 1);
        } while (token != null);
        assertThat(actual).containsExactlyElementsOf(expected);
    }
}
