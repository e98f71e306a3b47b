package io.citadel.kms.api;

import io.citadel.core.ServiceException;
import io.citadel.kms.KmsErrors;
import java.util.List;

/**
 * One page of a list read whole (grants of a key, tags, rotations): the marker is the index of the
 * next item, which is all a list of at most a few thousand items needs.
 */
record IndexPage<T>(List<T> items, String nextMarker) {

    static <T> IndexPage<T> of(List<T> all, Integer limit, int defaultLimit, String marker) {
        int max = limit == null ? defaultLimit : limit;
        int from = 0;
        if (marker != null) {
            try {
                from = Integer.parseInt(marker);
            } catch (NumberFormatException e) {
                from = -1;
            }
            if (from < 0 || from > all.size()) {
                throw new ServiceException(KmsErrors.INVALID_MARKER, "Marker: not a marker this service returned");
            }
        }
        int to = Math.min(all.size(), from + max);
        return new IndexPage<>(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
    }

    boolean truncated() {
        return nextMarker != null;
    }
}
