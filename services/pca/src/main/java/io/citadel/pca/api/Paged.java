package io.citadel.pca.api;

import io.citadel.core.ServiceException;
import io.citadel.pca.PcaErrors;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** One page of a short list (a CA's tags or permissions): NextToken is the offset of the next item, base64. */
record Paged<T>(List<T> items, String nextToken) {

    static <T> Paged<T> of(List<T> all, Integer maxResults, String nextToken) {
        int from = 0;
        if (nextToken != null) {
            try {
                from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                from = -1;
            }
            if (from < 0 || from > all.size()) {
                throw new ServiceException(PcaErrors.INVALID_NEXT_TOKEN, "NextToken: not a token this service returned");
            }
        }
        int to = maxResults == null ? all.size() : Math.min(all.size(), from + maxResults);
        String next = to < all.size() ? Base64.getUrlEncoder().withoutPadding().encodeToString(
                Integer.toString(to).getBytes(StandardCharsets.US_ASCII)) : null;
        return new Paged<>(List.copyOf(all.subList(from, to)), next);
    }
}
