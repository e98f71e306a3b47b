package io.citadel.core.policy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * One compiled condition: operator, optional {@code ForAllValues:}/{@code ForAnyValue:} set
 * operator, optional {@code IfExists}, one key and its values (OR-ed). Values are parsed once at
 * compile time; only values containing policy variables are resolved per request.
 */
final class Condition {

    enum SetOperator { NONE, FOR_ALL_VALUES, FOR_ANY_VALUE }

    private final String operatorName;
    private final String key;
    private final String lowerKey;
    private final ConditionOperator op;
    private final SetOperator set;
    private final boolean ifExists;
    private final Template[] templates;
    private final ArnPattern[] arns;
    private final double[] numbers;
    private final long[] dates;
    private final byte[][] binaries;
    private final IpRange[] ranges;
    private final boolean[] nulls;

    private Condition(String operatorName, String key, ConditionOperator op, SetOperator set, boolean ifExists,
                      Template[] templates, ArnPattern[] arns, double[] numbers, long[] dates, byte[][] binaries,
                      IpRange[] ranges, boolean[] nulls) {
        this.operatorName = operatorName;
        this.key = key;
        this.lowerKey = key.toLowerCase(Locale.ROOT);
        this.op = op;
        this.set = set;
        this.ifExists = ifExists;
        this.templates = templates;
        this.arns = arns;
        this.numbers = numbers;
        this.dates = dates;
        this.binaries = binaries;
        this.ranges = ranges;
        this.nulls = nulls;
    }

    /**
     * Compiles {@code "operatorName": {"key": values}}. {@code where} prefixes error messages;
     * {@code substitute} is false for Version 2008-10-17 documents.
     */
    static Condition compile(String where, String operatorName, String key, List<String> values, boolean substitute) {
        String name = operatorName;
        SetOperator set = SetOperator.NONE;
        if (startsWithIgnoreCase(name, "ForAllValues:")) {
            set = SetOperator.FOR_ALL_VALUES;
            name = name.substring("ForAllValues:".length());
        } else if (startsWithIgnoreCase(name, "ForAnyValue:")) {
            set = SetOperator.FOR_ANY_VALUE;
            name = name.substring("ForAnyValue:".length());
        }
        boolean ifExists = false;
        if (name.length() > "IfExists".length() && name.regionMatches(true, name.length() - 8, "IfExists", 0, 8)) {
            ifExists = true;
            name = name.substring(0, name.length() - 8);
        }
        ConditionOperator op = ConditionOperator.byName(name);
        if (op == null || op == ConditionOperator.NULL && (ifExists || set != SetOperator.NONE)) {
            throw new MalformedPolicyException(where + ": \"" + operatorName
                    + "\" (expected: a condition operator such as StringEquals, StringLikeIfExists or "
                    + "ForAnyValue:StringEquals)");
        }
        String at = where + "." + operatorName + "." + key;
        if (key.isEmpty() || key.indexOf(':') <= 0) {
            throw new MalformedPolicyException(where + "." + operatorName + ": \"" + key
                    + "\" (expected: a condition key prefaced by a vendor, such as aws:SourceIp)");
        }
        int n = values.size();
        Template[] templates = null;
        ArnPattern[] arns = null;
        double[] numbers = null;
        long[] dates = null;
        byte[][] binaries = null;
        IpRange[] ranges = null;
        boolean[] nulls = null;
        switch (op.family) {
            case STRING, STRING_IGNORE_CASE, STRING_LIKE, BOOL, ARN -> {
                templates = new Template[n];
                arns = op.family == ConditionOperator.Family.ARN ? new ArnPattern[n] : null;
                for (int i = 0; i < n; i++) {
                    Template t = Template.parse(values.get(i), substitute);
                    if (op.family == ConditionOperator.Family.BOOL && t.isConstant()
                            && !t.resolve(null).equalsIgnoreCase("true") && !t.resolve(null).equalsIgnoreCase("false")) {
                        throw bad(at, values.get(i), "true or false");
                    }
                    if (op.family == ConditionOperator.Family.STRING_LIKE) {
                        t.warm(false);
                    }
                    if (arns != null) {
                        t.warm(false);
                        if (t.isConstant()) {
                            arns[i] = ArnPattern.of(t.resolveGlob(null, false));
                        }
                    }
                    templates[i] = t;
                }
            }
            case NUMERIC -> {
                numbers = new double[n];
                for (int i = 0; i < n; i++) {
                    numbers[i] = parseNumber(values.get(i));
                    if (Double.isNaN(numbers[i])) {
                        throw bad(at, values.get(i), "a number");
                    }
                }
            }
            case DATE -> {
                dates = new long[n];
                for (int i = 0; i < n; i++) {
                    dates[i] = PolicyDates.parse(values.get(i));
                    if (dates[i] == PolicyDates.INVALID) {
                        throw bad(at, values.get(i), "an ISO 8601 date or epoch seconds");
                    }
                }
            }
            case BINARY -> {
                binaries = new byte[n][];
                for (int i = 0; i < n; i++) {
                    binaries[i] = decodeBase64(values.get(i));
                    if (binaries[i] == null) {
                        throw bad(at, values.get(i), "base64");
                    }
                }
            }
            case IP -> {
                ranges = new IpRange[n];
                for (int i = 0; i < n; i++) {
                    ranges[i] = IpRange.parse(values.get(i));
                    if (ranges[i] == null) {
                        throw bad(at, values.get(i), "an IPv4 or IPv6 address or CIDR block");
                    }
                }
            }
            case NULL -> {
                nulls = new boolean[n];
                for (int i = 0; i < n; i++) {
                    String v = values.get(i);
                    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                        throw bad(at, v, "true or false");
                    }
                    nulls[i] = v.equalsIgnoreCase("true");
                }
            }
        }
        return new Condition(operatorName, key, op, set, ifExists, templates, arns, numbers, dates, binaries,
                ranges, nulls);
    }

    private static MalformedPolicyException bad(String at, String value, String expected) {
        return new MalformedPolicyException(at + ": \"" + value + "\" (expected: " + expected + ")");
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** Whether this condition holds for {@code ctx}, following AWS's documented absent-key rules. */
    boolean matches(ConditionContext ctx) {
        String[] req = ctx.raw(lowerKey);
        boolean absent = req == null || req.length == 0;
        if (op == ConditionOperator.NULL) {
            for (boolean expectAbsent : nulls) {
                if (expectAbsent == absent) {
                    return true;
                }
            }
            return false;
        }
        switch (set) {
            case FOR_ALL_VALUES -> {
                if (absent) {
                    return true;
                }
                for (String v : req) {
                    if (positive(v, ctx) == op.negated) {
                        return false;
                    }
                }
                return true;
            }
            case FOR_ANY_VALUE -> {
                if (absent) {
                    return ifExists;
                }
                for (String v : req) {
                    if (positive(v, ctx) != op.negated) {
                        return true;
                    }
                }
                return false;
            }
            default -> {
                if (absent) {
                    return ifExists || op.negated;
                }
                boolean any = false;
                for (String v : req) {
                    if (positive(v, ctx)) {
                        any = true;
                        break;
                    }
                }
                return any != op.negated;
            }
        }
    }

    /** Whether the request value {@code v} matches any policy value under the positive operator. */
    private boolean positive(String v, ConditionContext ctx) {
        switch (op.family) {
            case STRING -> {
                for (Template t : templates) {
                    if (v.equals(t.resolve(ctx))) {
                        return true;
                    }
                }
                return false;
            }
            case STRING_IGNORE_CASE, BOOL -> {
                for (Template t : templates) {
                    if (v.equalsIgnoreCase(t.resolve(ctx))) {
                        return true;
                    }
                }
                return false;
            }
            case STRING_LIKE -> {
                for (Template t : templates) {
                    Glob g = t.resolveGlob(ctx, false);
                    if (g != null && g.matches(v)) {
                        return true;
                    }
                }
                return false;
            }
            case ARN -> {
                for (int i = 0; i < templates.length; i++) {
                    ArnPattern a = arns[i];
                    if (a == null && !templates[i].isConstant()) {
                        Glob g = templates[i].resolveGlob(ctx, false);
                        a = g == null ? null : ArnPattern.of(g);
                    }
                    if (a != null && a.matches(v)) {
                        return true;
                    }
                }
                return false;
            }
            case NUMERIC -> {
                double d = parseNumber(v);
                if (Double.isNaN(d)) {
                    return false;
                }
                for (double p : numbers) {
                    if (compare(Double.compare(d, p))) {
                        return true;
                    }
                }
                return false;
            }
            case DATE -> {
                long t = PolicyDates.parse(v);
                if (t == PolicyDates.INVALID) {
                    return false;
                }
                for (long p : dates) {
                    if (compare(Long.compare(t, p))) {
                        return true;
                    }
                }
                return false;
            }
            case BINARY -> {
                byte[] b = decodeBase64(v);
                if (b == null) {
                    return false;
                }
                for (byte[] p : binaries) {
                    if (Arrays.equals(b, p)) {
                        return true;
                    }
                }
                return false;
            }
            case IP -> {
                byte[] addr = IpRange.parseAddress(v);
                if (addr == null) {
                    return false;
                }
                for (IpRange r : ranges) {
                    if (r.contains(addr)) {
                        return true;
                    }
                }
                return false;
            }
            default -> throw new IllegalStateException(op.awsName);
        }
    }

    /** Interprets {@code cmp} = compare(request, policy) for the (positive) ordering operator. */
    private boolean compare(int cmp) {
        return switch (op) {
            case NUMERIC_EQUALS, NUMERIC_NOT_EQUALS, DATE_EQUALS, DATE_NOT_EQUALS -> cmp == 0;
            case NUMERIC_LESS_THAN, DATE_LESS_THAN -> cmp < 0;
            case NUMERIC_LESS_THAN_EQUALS, DATE_LESS_THAN_EQUALS -> cmp <= 0;
            case NUMERIC_GREATER_THAN, DATE_GREATER_THAN -> cmp > 0;
            case NUMERIC_GREATER_THAN_EQUALS, DATE_GREATER_THAN_EQUALS -> cmp >= 0;
            default -> throw new IllegalStateException(op.awsName);
        };
    }

    /** A plain decimal number (no hex, NaN or Infinity), or NaN. */
    static double parseNumber(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int digits = 0;
        boolean dot = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !dot) {
                dot = true;
            } else if ((c == 'e' || c == 'E') && digits > 0) {
                break;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        if (i < n) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '-' || s.charAt(j) == '+')) {
                j++;
            }
            if (j == n) {
                return Double.NaN;
            }
            for (; j < n; j++) {
                if (s.charAt(j) < '0' || s.charAt(j) > '9') {
                    return Double.NaN;
                }
            }
        }
        return Double.parseDouble(s);
    }

    private static byte[] decodeBase64(String s) {
        try {
            return Base64.getDecoder().decode(s.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return operatorName + ":" + key;
    }
}
