package io.citadel.events.pattern;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
    /** The pattern as automaton steps: a character, or STAR. */
    private final int[] steps;
    private static final int STAR = -1;

    private WildcardPattern(List<String> pieces, boolean leadingStar, boolean trailingStar, int stars, int[] steps) {
        this.pieces = pieces;
        this.leadingStar = leadingStar;
        this.trailingStar = trailingStar;
        this.stars = stars;
        this.steps = steps;
    }

    /** Parses the pattern; the message of the exception is EventBridge's reason. */
    static WildcardPattern parse(String text) throws IllegalArgumentException {
        List<String> pieces = new ArrayList<>();
        List<Integer> steps = new ArrayList<>();
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
                steps.add((int) text.charAt(i));
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
                steps.add(STAR);
                previousStar = true;
                trailing = i == text.length() - 1;
            } else {
                current.append(c);
                steps.add((int) c);
                previousStar = false;
            }
        }
        if (!trailing) {
            pieces.add(current.toString());
        } else if (current.length() > 0) {
            pieces.add(current.toString());
        }
        return new WildcardPattern(List.copyOf(pieces), leading, trailing, stars,
                steps.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The most automaton states one input can keep alive at once (the rule-complexity measure):
     * a subset construction over the pattern's characters plus one "other" character, stopped as
     * soon as the answer exceeds {@code limit} (or after 10,000 subsets, which counts as
     * exceeding it). Repeated sequences after stars are what make it grow.
     */
    int complexity(int limit) {
        if (stars == 0) {
            return 0;
        }
        int n = steps.length;
        Set<Integer> alphabet = new HashSet<>();
        for (int step : steps) {
            if (step != STAR) {
                alphabet.add(step);
            }
        }
        alphabet.add(Integer.MIN_VALUE);
        BitSet start = new BitSet(n + 1);
        start.set(0);
        closure(start);
        Set<BitSet> seen = new HashSet<>();
        ArrayDeque<BitSet> todo = new ArrayDeque<>();
        seen.add(start);
        todo.add(start);
        int best = start.cardinality();
        while (!todo.isEmpty()) {
            BitSet states = todo.poll();
            for (int c : alphabet) {
                BitSet next = new BitSet(n + 1);
                for (int i = states.nextSetBit(0); i >= 0 && i < n; i = states.nextSetBit(i + 1)) {
                    if (steps[i] == STAR) {
                        next.set(i);
                    } else if (steps[i] == c) {
                        next.set(i + 1);
                    }
                }
                closure(next);
                if (!next.isEmpty() && seen.add(next)) {
                    best = Math.max(best, next.cardinality());
                    if (best > limit || seen.size() > 10_000) {
                        return Math.max(best, limit + 1);
                    }
                    todo.add(next);
                }
            }
        }
        return best;
    }

    private void closure(BitSet states) {
        for (int i = states.nextSetBit(0); i >= 0 && i < steps.length; i = states.nextSetBit(i + 1)) {
            if (steps[i] == STAR) {
                states.set(i + 1);
            }
        }
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
