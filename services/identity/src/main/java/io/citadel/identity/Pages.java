package io.citadel.identity;

import java.util.List;
import java.util.function.Function;

/** Paging of in-memory lists for List* answers whose items are not one storage scan. */
public final class Pages {

    private Pages() {
    }

    /** Pages {@code sorted} (ascending by {@code id}); the marker is the id of the last item returned. */
    public static <T> Page<T> of(List<T> sorted, Function<T, String> id, String marker, Integer maxItems) {
        return IamStore.page(sorted, id, marker, maxItems);
    }
}
