package io.citadel.events.pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.citadel.events.pattern.PatternNode.Field;
import io.citadel.events.pattern.PatternNode.LeafPattern;
import io.citadel.events.pattern.PatternNode.ObjectPattern;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles a pattern from its JSON text with a streaming parser, so that every refusal names the
 * problem and where it is, as EventBridge's does: {@code Event pattern is not valid. Reason: <why>}
 * followed by Jackson's {@code at [Source: ...; line: L, column: C]}.
 */
final class PatternParser {

    /** EventPattern's length in the API model. */
    static final int MAX_PATTERN_LENGTH = 4096;
    /**
     * Most wildcard-automaton states one value can keep alive at once, summed over one field's
     * wildcards (see {@link WildcardPattern#complexity}); calibrated on AWS's answers:
     * "/Users/*&#47;dir/dir/dir/dir/dir/doc.txt" (8) is accepted, "*:*:*:*:*:event-bus/*" (13) refused.
     */
    static final int MAX_WILDCARD_COMPLEXITY = 10;
    static final double NUMERIC_LIMIT = 5.0e9;
    static final String OR = "$or";

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private final String text;
    private final JsonParser parser;

    private PatternParser(String text, JsonParser parser) {
        this.text = text;
        this.parser = parser;
    }

    static ObjectPattern parse(String text) throws InvalidEventPatternException {
        if (text == null) {
            throw new InvalidEventPatternException("Event pattern is not valid. Reason: Filter is not an object");
        }
        if (text.length() > MAX_PATTERN_LENGTH) {
            throw new InvalidEventPatternException("Event pattern is not valid. Reason: Event pattern is "
                    + text.length() + " characters long (maximum: " + MAX_PATTERN_LENGTH + ")");
        }
        try (JsonParser parser = FACTORY.createParser(text)) {
            PatternParser compiler = new PatternParser(text, parser);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw compiler.error("Filter is not an object");
            }
            ObjectPattern root = compiler.object();
            if (parser.nextToken() != null) {
                throw compiler.error("Unexpected content after the pattern object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InvalidEventPatternException(message(text, e.getOriginalMessage(), afterToken(e)));
        } catch (IOException e) {
            throw new InvalidEventPatternException("Event pattern is not valid. Reason: " + e.getMessage());
        }
    }

    /** The START_OBJECT token has been read. */
    private ObjectPattern object() throws IOException, InvalidEventPatternException {
        List<Field> fields = new ArrayList<>();
        List<List<ObjectPattern>> ors = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (value) {
                case START_OBJECT -> fields.add(dotted(name, object()));
                case START_ARRAY -> {
                    JsonToken first = parser.nextToken();
                    if (OR.equals(name) && first == JsonToken.START_OBJECT) {
                        ors.add(orGroup());
                    } else {
                        fields.add(dotted(name, leaf(first)));
                    }
                }
                default -> throw error("\"" + name + "\" must be an object or an array");
            }
        }
        if (fields.isEmpty() && ors.isEmpty()) {
            throw error("Empty objects are not allowed");
        }
        return new ObjectPattern(List.copyOf(fields), List.copyOf(ors));
    }

    /**
     * EventBridge joins field names with dots, so {"a.b": [...]} is {"a": {"b": [...]}}: a dotted
     * name becomes the nested fields it stands for.
     */
    private static Field dotted(String name, PatternNode pattern) {
        int dot = name.lastIndexOf('.');
        while (dot >= 0) {
            pattern = new ObjectPattern(List.of(new Field(name.substring(dot + 1), pattern)), List.of());
            name = name.substring(0, dot);
            dot = name.lastIndexOf('.');
        }
        return new Field(name, pattern);
    }

    /** "$or": [ {...}, {...} ]; the first element's START_OBJECT has been read. */
    private List<ObjectPattern> orGroup() throws IOException, InvalidEventPatternException {
        List<ObjectPattern> alternatives = new ArrayList<>();
        JsonToken token = JsonToken.START_OBJECT;
        while (token != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw error("Elements of \"$or\" must be objects");
            }
            alternatives.add(object());
            token = parser.nextToken();
        }
        if (alternatives.size() < 2) {
            throw error("There must have at least 2 Objects in $or relationship.");
        }
        return List.copyOf(alternatives);
    }

    /** A leaf array's values; the first token after START_ARRAY has been read. */
    private LeafPattern leaf(JsonToken first) throws IOException, InvalidEventPatternException {
        List<Matcher> matchers = new ArrayList<>();
        int wildcardComplexity = 0;
        for (JsonToken token = first; token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            Matcher m = switch (token) {
                case VALUE_STRING -> new Matcher.ExactString(parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Matcher.ExactNumber(parser.getDecimalValue());
                case VALUE_TRUE -> new Matcher.ExactBoolean(true);
                case VALUE_FALSE -> new Matcher.ExactBoolean(false);
                case VALUE_NULL -> new Matcher.ExactNull();
                case START_OBJECT -> operator();
                default -> throw error("Match value must be String, number, true, false, or null");
            };
            wildcardComplexity += complexity(m);
            if (wildcardComplexity > MAX_WILDCARD_COMPLEXITY) {
                throw bare("Rule is too complex - try using fewer wildcard characters or fewer repeating character"
                        + " sequences after a wildcard character");
            }
            matchers.add(m);
        }
        if (matchers.isEmpty()) {
            throw error("Empty arrays are not allowed");
        }
        return LeafPattern.of(matchers);
    }

    private static int complexity(Matcher m) {
        if (m instanceof Matcher.Wildcard w) {
            return w.pattern().complexity(MAX_WILDCARD_COMPLEXITY + 1);
        }
        if (m instanceof Matcher.AnythingButString a) {
            int sum = 0;
            for (Matcher inner : a.excluded()) {
                sum += complexity(inner);
            }
            return sum;
        }
        return 0;
    }

    /** { "operator": value }; START_OBJECT has been read. */
    private Matcher operator() throws IOException, InvalidEventPatternException {
        if (parser.nextToken() != JsonToken.FIELD_NAME) {
            throw error("Empty objects are not allowed");
        }
        String op = parser.currentName();
        JsonToken value = parser.nextToken();
        Matcher m = switch (op) {
            case "prefix" -> affix(op, value, true);
            case "suffix" -> affix(op, value, false);
            case "equals-ignore-case" -> new Matcher.EqualsIgnoreCase(string(op, value));
            case "wildcard" -> wildcard(string(op, value));
            case "anything-but" -> anythingBut(value);
            case "numeric" -> numeric(value);
            case "exists" -> switch (value) {
                case VALUE_TRUE -> new Matcher.Exists(true);
                case VALUE_FALSE -> new Matcher.Exists(false);
                default -> throw error("exists match pattern must be either true or false.");
            };
            case "cidr" -> cidr(string("prefix", value));
            default -> throw error("Unrecognized match type " + op);
        };
        if (parser.nextToken() != JsonToken.END_OBJECT) {
            throw error("Only one key allowed in match expression");
        }
        return m;
    }

    private String string(String op, JsonToken value) throws InvalidEventPatternException, IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw error(op + " match pattern must be a string");
        }
        return parser.getText();
    }

    /** prefix / suffix: a string, or {"equals-ignore-case": string}. */
    private Matcher affix(String op, JsonToken value, boolean prefix) throws IOException, InvalidEventPatternException {
        String s;
        boolean ignoreCase = false;
        if (value == JsonToken.START_OBJECT) {
            if (parser.nextToken() != JsonToken.FIELD_NAME || !"equals-ignore-case".equals(parser.currentName())) {
                throw error("Unsupported " + op + " pattern: " + parser.getText());
            }
            s = string("equals-ignore-case", parser.nextToken());
            if (parser.nextToken() != JsonToken.END_OBJECT) {
                throw error("Only one key allowed in match expression");
            }
            ignoreCase = true;
        } else {
            s = string(op, value);
        }
        return prefix ? new Matcher.Prefix(s, ignoreCase) : new Matcher.Suffix(s, ignoreCase);
    }

    private Matcher wildcard(String pattern) throws InvalidEventPatternException {
        try {
            return new Matcher.Wildcard(WildcardPattern.parse(pattern));
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** AWS reports CIDR problems without a location. */
    private Matcher cidr(String value) throws InvalidEventPatternException {
        try {
            return new Matcher.Cidr(IpRange.parse(value));
        } catch (IllegalArgumentException e) {
            throw bare(e.getMessage());
        }
    }

    private Matcher anythingBut(JsonToken value) throws IOException, InvalidEventPatternException {
        switch (value) {
            case VALUE_STRING:
                return new Matcher.AnythingButStrings(Set.of(parser.getText()));
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Matcher.AnythingButNumbers(List.of(limited(parser.getDecimalValue())));
            case START_ARRAY:
                return anythingButList();
            case START_OBJECT:
                return anythingButOperator();
            default:
                throw error("Value of anything-but must be an array or single string/number value.");
        }
    }

    private Matcher anythingButList() throws IOException, InvalidEventPatternException {
        Set<String> strings = new LinkedHashSet<>();
        List<BigDecimal> numbers = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            switch (token) {
                case VALUE_STRING -> strings.add(parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> numbers.add(limited(parser.getDecimalValue()));
                default -> throw error("Inside anything but list, start|null|boolean is not supported.");
            }
        }
        if (strings.isEmpty() == numbers.isEmpty()) {
            throw error(strings.isEmpty() ? "Empty arrays are not allowed"
                    : "Inside anything but list, either all values are number or string, mixed type is not supported");
        }
        return strings.isEmpty() ? new Matcher.AnythingButNumbers(List.copyOf(numbers))
                : new Matcher.AnythingButStrings(Set.copyOf(strings));
    }

    /**
     * anything-but: {prefix|suffix|equals-ignore-case|wildcard: a string or a list of strings}.
     * AWS reports a problem inside such a list with its location twice; so do we.
     */
    private Matcher anythingButOperator() throws IOException, InvalidEventPatternException {
        if (parser.nextToken() != JsonToken.FIELD_NAME) {
            throw error("Empty objects are not allowed");
        }
        String op = parser.currentName();
        String typeError = switch (op) {
            case "prefix", "suffix" -> "prefix/suffix match pattern must be a string";
            case "equals-ignore-case" -> "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.";
            case "wildcard" -> "wildcard match pattern must be a string";
            default -> throw error("Unsupported anything-but pattern: " + op);
        };
        JsonToken value = parser.nextToken();
        List<String> values = new ArrayList<>();
        if (value == JsonToken.START_ARRAY) {
            JsonToken t;
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.VALUE_STRING) {
                    throw twice(typeError);
                }
                values.add(parser.getText());
            }
            if (values.isEmpty()) {
                throw error("Empty arrays are not allowed");
            }
        } else if (value == JsonToken.VALUE_STRING) {
            values.add(parser.getText());
        } else if (value == JsonToken.START_OBJECT && !op.equals("wildcard")) {
            throw error("Value of anything-but must be an array or single string/number value.");
        } else {
            throw error(typeError);
        }
        List<Matcher> excluded = new ArrayList<>();
        for (String v : values) {
            excluded.add(switch (op) {
                case "prefix" -> new Matcher.Prefix(nonEmpty(v), false);
                case "suffix" -> new Matcher.Suffix(nonEmpty(v), false);
                case "wildcard" -> wildcard(v);
                default -> new Matcher.EqualsIgnoreCase(v);
            });
        }
        if (parser.nextToken() != JsonToken.END_OBJECT) {
            throw error("Only one key allowed in match expression");
        }
        return new Matcher.AnythingButString(List.copyOf(excluded));
    }

    private String nonEmpty(String affix) throws InvalidEventPatternException {
        if (affix.isEmpty()) {
            throw error("Null prefix/suffix not allowed");
        }
        return affix;
    }

    /** "numeric": ["=", n] or one or two of [">"|">=", n] / ["<"|"<=", n], a lower and an upper bound. */
    private Matcher numeric(JsonToken value) throws IOException, InvalidEventPatternException {
        if (value != JsonToken.START_ARRAY) {
            throw error("Value of numeric must be an array.");
        }
        double lower = Double.NEGATIVE_INFINITY;
        double upper = Double.POSITIVE_INFINITY;
        boolean lowerInclusive = false;
        boolean upperInclusive = false;
        boolean haveLower = false;
        boolean haveUpper = false;
        boolean equals = false;
        int terms = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_STRING) {
                throw error("Invalid member in numeric match: " + parser.getText());
            }
            String op = parser.getText();
            if (!List.of("=", "<", "<=", ">", ">=").contains(op)) {
                throw error("Unrecognized numeric range operator: " + op);
            }
            boolean lowerOp = op.startsWith(">");
            if (equals || (op.equals("=") && terms > 0)) {
                throw error("Numeric \"=\" must be the only term of its range");
            }
            if ((lowerOp && haveLower) || (op.startsWith("<") && haveUpper)) {
                throw error("Bad numeric range operator: " + op);
            }
            JsonToken operand = parser.nextToken();
            if (operand != JsonToken.VALUE_NUMBER_INT && operand != JsonToken.VALUE_NUMBER_FLOAT) {
                throw error("Value of " + op + " must be numeric");
            }
            double n = limited(parser.getDecimalValue()).doubleValue();
            terms++;
            if (op.equals("=")) {
                equals = true;
                lower = n;
                upper = n;
                lowerInclusive = true;
                upperInclusive = true;
            } else if (lowerOp) {
                haveLower = true;
                lower = n;
                lowerInclusive = op.equals(">=");
            } else {
                haveUpper = true;
                upper = n;
                upperInclusive = op.equals("<=");
            }
        }
        if (terms == 0) {
            throw error("Empty arrays are not allowed");
        }
        if (haveLower && haveUpper && lower >= upper) {
            throw error("Bottom must be less than top");
        }
        return new Matcher.Numeric(lower, lowerInclusive, upper, upperInclusive);
    }

    private BigDecimal limited(BigDecimal n) throws InvalidEventPatternException {
        double d = n.doubleValue();
        if (d < -NUMERIC_LIMIT || d > NUMERIC_LIMIT) {
            throw error("Value must be between " + -NUMERIC_LIMIT + " and " + NUMERIC_LIMIT + ", inclusive");
        }
        return n;
    }

    private InvalidEventPatternException error(String reason) {
        return new InvalidEventPatternException(message(text, reason, parser.currentLocation()));
    }

    /** A reason AWS gives without a location (CIDR, rule complexity). */
    private static InvalidEventPatternException bare(String reason) {
        return new InvalidEventPatternException("Event pattern is not valid. Reason: " + reason);
    }

    private InvalidEventPatternException twice(String reason) {
        String once = message(text, reason, parser.currentLocation());
        return new InvalidEventPatternException(once + once.substring(once.indexOf("\n at [Source: ")));
    }

    /**
     * The Jackson AWS runs reports an unrecognized token's position after the token; the one we
     * run reports its start.
     */
    private static JsonLocation afterToken(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String message = e.getOriginalMessage();
        String prefix = "Unrecognized token '";
        if (at == null || message == null || !message.startsWith(prefix)) {
            return at;
        }
        int end = message.indexOf('\'', prefix.length());
        if (end < 0) {
            return at;
        }
        int length = end - prefix.length();
        return new JsonLocation(at.contentReference(), at.getCharOffset() + length, at.getLineNr(),
                at.getColumnNr() + length);
    }

    private static String message(String text, String reason, JsonLocation location) {
        StringBuilder out = new StringBuilder("Event pattern is not valid. Reason: ").append(reason);
        if (location != null && location.getLineNr() > 0) {
            int limit = 500;
            String source = text.length() <= limit ? text
                    : text.substring(0, limit) + "\"[truncated " + (text.length() - limit) + " chars]";
            out.append("\n at [Source: (String)\"").append(source);
            if (text.length() <= limit) {
                out.append('"');
            }
            out.append("; line: ").append(location.getLineNr()).append(", column: ").append(location.getColumnNr())
                    .append(']');
        }
        return out.toString();
    }
}
