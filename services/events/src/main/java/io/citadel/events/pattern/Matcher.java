package io.citadel.events.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * One comparison of a pattern's leaf array, tested against one leaf value of the event (a string,
 * number, boolean or null; arrays are taken apart by the caller). {@link Exists} is decided by the
 * caller, which knows whether the event has any leaf value at the field.
 */
sealed interface Matcher {

    boolean test(JsonNode value);

    record ExactString(String value) implements Matcher {
        @Override
        public boolean test(JsonNode v) {
            return v.isTextual() && v.textValue().equals(value);
        }
    }

    /** Numbers compare by value, so 5, 5.0 and 5e0 are the same number. */
    record ExactNumber(BigDecimal value) implements Matcher {
        @Override
        public boolean test(JsonNode v) {
            return v.isNumber() && Numbers.equal(v, value);
        }
    }

    record ExactBoolean(boolean value) implements Matcher {
        @Override
        public boolean test(JsonNode v) {
            return v.isBoolean() && v.booleanValue() == value;
        }
    }

    record ExactNull() implements Matcher {
        @Override
        public boolean test(JsonNode v) {
            return v.isNull();
        }
    }

    record Prefix(String value, boolean ignoreCase) implements Matcher {
        @Override
        public boolean test(JsonNode v) {
            if (!v.isTextual()) {
                return false;
            }
            String s = v.textValue();
            return s.length() >= value.length() && s.regionMatches(ignoreCase, 0, value, 0, value.length());
        }
    }

    record Suffix(String value, boolean ignoreCase) implements Matcher {
        @Override
        public boolean test(JsonNode v) {
            if (!v.isTextual()) {
                return false;
            }
            String s = v.textValue();
            int start = s.length() - value.length();
            return start >= 0 && s.regionMatches(ignoreCase, start, value, 0, value.length());
        }
    }

    record EqualsIgnoreCase(String value) implements Matcher {
        @Override
        public boolean test(JsonNode v) {
            return v.isTextual() && v.textValue().equalsIgnoreCase(value);
        }
    }

    record Wildcard(WildcardPattern pattern) implements Matcher {
        @Override
        public boolean test(JsonNode v) {
            return v.isTextual() && pattern.matches(v.textValue());
        }
    }

    /** anything-but with strings: any value that is not one of them (numbers, booleans and null included). */
    record AnythingButStrings(Set<String> values) implements Matcher {
        @Override
        public boolean test(JsonNode v) {
            return !(v.isTextual() && values.contains(v.textValue()));
        }
    }

    /** anything-but with numbers: any value that is not numerically one of them. */
    record AnythingButNumbers(List<BigDecimal> values) implements Matcher {
        @Override
        public boolean test(JsonNode v) {
            if (!v.isNumber()) {
                return true;
            }
            for (BigDecimal n : values) {
                if (Numbers.equal(v, n)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * anything-but with prefix, suffix, equals-ignore-case or wildcard: any value those refuse, so
     * numbers, booleans and null match too (as AWS answers).
     */
    record AnythingButString(List<Matcher> excluded) implements Matcher {
        @Override
        public boolean test(JsonNode v) {
            if (!v.isTextual()) {
                return true;
            }
            for (Matcher m : excluded) {
                if (m.test(v)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A numeric range; a bound is absent when its side is unbounded. */
    record Numeric(double lower, boolean lowerInclusive, double upper, boolean upperInclusive) implements Matcher {
        @Override
        public boolean test(JsonNode v) {
            if (!v.isNumber()) {
                return false;
            }
            double d = v.doubleValue();
            boolean aboveLower = lowerInclusive ? d >= lower : d > lower;
            boolean belowUpper = upperInclusive ? d <= upper : d < upper;
            return aboveLower && belowUpper;
        }
    }

    record Cidr(IpRange range) implements Matcher {
        @Override
        public boolean test(JsonNode v) {
            return v.isTextual() && range.contains(v.textValue());
        }
    }

    /** Never tested against a value: the leaf decides it from the presence of leaf values. */
    record Exists(boolean exists) implements Matcher {
        @Override
        public boolean test(JsonNode v) {
            return exists;
        }
    }

    /** Exact numeric comparison without double rounding surprises for integers. */
    final class Numbers {
        private Numbers() {
        }

        static boolean equal(JsonNode v, BigDecimal n) {
            if (v.isIntegralNumber() && v.canConvertToLong() && n.scale() <= 0) {
                try {
                    return v.longValue() == n.longValueExact();
                } catch (ArithmeticException tooBig) {
                    return false;
                }
            }
            return v.decimalValue().compareTo(n) == 0;
        }
    }
}
