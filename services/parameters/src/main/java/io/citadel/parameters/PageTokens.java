package io.citadel.parameters;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * NextToken: base64url of "v1|" and the last storage key a page examined. A token is accepted only
 * for the scan it came from (its key must lie under that scan's prefix), else InvalidNextToken.
 */
final class PageTokens {

    private PageTokens() {
    }

    static String encode(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1|" + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String token, String prefix) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!text.startsWith("v1|") || !text.substring(3).startsWith(prefix)) {
            throw invalid();
        }
        return text.substring(3);
    }

    private static RuntimeException invalid() {
        return ParameterErrors.error(ParameterErrors.INVALID_NEXT_TOKEN, "The specified token isn't valid.");
    }
}
