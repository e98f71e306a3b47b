package io.citadel.events.pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * A wildcard value: {@code *} stands for any run of characters, {@code \*} for a star and
 * {@code \\} for a backslash. Matching walks the literal pieces left to right (leftmost first
 * occurrence is always a correct choice when the only metacharacter is {@code *}), so it is linear
 * in the value's length times the pattern's; nothing backtracks.
 */
final class WildcardPattern {

    private final List<String> pieces;
    private final boolean leadingStar;
    private final boolean trailingStar;
    private final int stars;

    private WildcardPattern(List<String> pieces, boolean leadingStar, boolean trailingStar, int stars) {
        this.pieces = pieces;
        this.leadingStar = leadingStar;
        this.trailingStar = trailingStar;
        this.stars = stars;
    }

    /** Parses the pattern; the message of the exception is EventBridge's reason. */
    static WildcardPattern parse(String text) throws IllegalArgumentException {
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int stars = 0;
        boolean leading = false;
        boolean trailing = false;
        boolean previousStar = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (i + 1 >= text.length() || (text.charAt(i + 1) != '*' && text.charAt(i + 1) != '\\')) {
                    throw new IllegalArgumentException("Invalid escape character at pos " + i);
                }
                current.append(text.charAt(++i));
                previousStar = false;
            } else if (c == '*') {
                if (previousStar) {
                    throw new IllegalArgumentException("Consecutive wildcard characters at pos " + i);
                }
                if (i == 0) {
                    leading = true;
                } else {
                    pieces.add(current.toString());
                    current.setLength(0);
                }
                stars++;
                previousStar = true;
                trailing = i == text.length() - 1;
            } else {
                current.append(c);
                previousStar = false;
            }
        }
        if (!trailing) {
            pieces.add(current.toString());
        } else if (current.length() > 0) {
            pieces.add(current.toString());
        }
        return new WildcardPattern(List.copyOf(pieces), leading, trailing, stars);
    }

    int stars() {
        return stars;
    }

    boolean matches(String value) {
        if (stars == 0) {
            return pieces.size() == 1 && pieces.get(0).equals(value);
        }
        int pos = 0;
        int first = 0;
        int last = pieces.size() - 1;
        if (!leadingStar) {
            String head = pieces.get(0);
            if (!value.startsWith(head)) {
                return false;
            }
            pos = head.length();
            first = 1;
        }
        int end = value.length();
        if (!trailingStar) {
            if (last < first) {
                return false;
            }
            String tail = pieces.get(last);
            if (end - tail.length() < pos || !value.endsWith(tail)) {
                return false;
            }
            end -= tail.length();
            last--;
        }
        for (int i = first; i <= last; i++) {
            String piece = pieces.get(i);
            int found = value.indexOf(piece, pos);
            if (found < 0 || found + piece.length() > end) {
                return false;
            }
            pos = found + piece.length();
        }
        return true;
    }
}
