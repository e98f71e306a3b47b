package io.citadel.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Resource entry or condition value as written, split into literal text and IAM policy variables
 * ({@code ${aws:username}}, {@code ${aws:PrincipalTag/team, 'none'}}, {@code ${*}}, {@code ${?}},
 * {@code ${$}}). Substitution happens once, and substituted text is always literal: a user named
 * {@code *} does not become a wildcard.
 */
final class Template {

    private sealed interface Part permits Text, Escape, Variable { }

    private record Text(String text) implements Part { }

    private record Escape(char c) implements Part { }

    private record Variable(String key, String defaultValue) implements Part { }

    private final String source;
    private final List<Part> parts;
    private final String constant;
    private Glob constantGlob;
    private Glob constantGlobIgnoreCase;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
        boolean hasVariable = false;
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            switch (p) {
                case Text t -> sb.append(t.text());
                case Escape e -> sb.append(e.c());
                case Variable v -> hasVariable = true;
            }
        }
        this.constant = hasVariable ? null : sb.toString();
    }

    /** Parses {@code source}; with {@code substitute} false (Version 2008-10-17) it is all literal text. */
    static Template parse(String source, boolean substitute) {
        List<Part> parts = new ArrayList<>();
        if (!substitute || source.indexOf("${") < 0) {
            parts.add(new Text(source));
            return new Template(source, List.copyOf(parts));
        }
        StringBuilder text = new StringBuilder();
        int i = 0;
        int n = source.length();
        while (i < n) {
            int start = source.indexOf("${", i);
            if (start < 0) {
                text.append(source, i, n);
                break;
            }
            text.append(source, i, start);
            int[] end = new int[1];
            Part part = parseVariable(source, start + 2, end);
            if (part == null) {
                text.append("${");
                i = start + 2;
                continue;
            }
            if (!text.isEmpty()) {
                parts.add(new Text(text.toString()));
                text.setLength(0);
            }
            parts.add(part);
            i = end[0];
        }
        if (!text.isEmpty()) {
            parts.add(new Text(text.toString()));
        }
        return new Template(source, List.copyOf(parts));
    }

    /** Parses the inside of {@code ${...}} starting at {@code from}; null when it is not a variable. */
    private static Part parseVariable(String s, int from, int[] end) {
        int n = s.length();
        int i = skipSpaces(s, from);
        int keyStart = i;
        while (i < n && s.charAt(i) != '}' && s.charAt(i) != ',' && s.charAt(i) != ' ') {
            i++;
        }
        String key = s.substring(keyStart, i);
        if (key.isEmpty()) {
            return null;
        }
        i = skipSpaces(s, i);
        String defaultValue = null;
        if (i < n && s.charAt(i) == ',') {
            i = skipSpaces(s, i + 1);
            if (i >= n || s.charAt(i) != '\'') {
                return null;
            }
            StringBuilder d = new StringBuilder();
            i++;
            while (true) {
                if (i >= n) {
                    return null;
                }
                char c = s.charAt(i);
                if (c == '\'') {
                    if (i + 1 < n && s.charAt(i + 1) == '\'') {
                        d.append('\'');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                d.append(c);
                i++;
            }
            defaultValue = d.toString();
            i = skipSpaces(s, i);
        }
        if (i >= n || s.charAt(i) != '}') {
            return null;
        }
        end[0] = i + 1;
        if (defaultValue == null && key.length() == 1 && "*?$".indexOf(key.charAt(0)) >= 0) {
            return new Escape(key.charAt(0));
        }
        return new Variable(key.toLowerCase(Locale.ROOT), defaultValue);
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    String source() {
        return source;
    }

    boolean isConstant() {
        return constant != null;
    }

    /** The text with variables substituted, or null when a variable has no value and no default. */
    String resolve(ConditionContext ctx) {
        if (constant != null) {
            return constant;
        }
        StringBuilder sb = new StringBuilder(source.length() + 16);
        for (Part p : parts) {
            switch (p) {
                case Text t -> sb.append(t.text());
                case Escape e -> sb.append(e.c());
                case Variable v -> {
                    String value = lookup(ctx, v);
                    if (value == null) {
                        return null;
                    }
                    sb.append(value);
                }
            }
        }
        return sb.toString();
    }

    /** The wildcard pattern with variables substituted as literal text, or null when unresolvable. */
    Glob resolveGlob(ConditionContext ctx, boolean ignoreCase) {
        if (constant != null && parts.size() == 1 && parts.get(0) instanceof Text) {
            return constantGlob(ignoreCase);
        }
        if (constant != null) {
            Glob g = ignoreCase ? constantGlobIgnoreCase : constantGlob;
            if (g != null) {
                return g;
            }
        }
        char[] chars = new char[source.length() + 16];
        byte[] kinds = new byte[chars.length];
        int len = 0;
        for (Part p : parts) {
            String piece;
            boolean wild;
            switch (p) {
                case Text t -> {
                    piece = t.text();
                    wild = true;
                }
                case Escape e -> {
                    piece = String.valueOf(e.c());
                    wild = false;
                }
                case Variable v -> {
                    piece = lookup(ctx, v);
                    if (piece == null) {
                        return null;
                    }
                    wild = false;
                }
            }
            if (len + piece.length() > chars.length) {
                int size = Math.max(chars.length * 2, len + piece.length());
                chars = java.util.Arrays.copyOf(chars, size);
                kinds = java.util.Arrays.copyOf(kinds, size);
            }
            for (int i = 0; i < piece.length(); i++) {
                char c = piece.charAt(i);
                chars[len] = c;
                kinds[len] = !wild ? Glob.LITERAL : c == '*' ? Glob.STAR : c == '?' ? Glob.ONE : Glob.LITERAL;
                len++;
            }
        }
        Glob g = Glob.of(chars, kinds, len, ignoreCase);
        if (constant != null) {
            if (ignoreCase) {
                constantGlobIgnoreCase = g;
            } else {
                constantGlob = g;
            }
        }
        return g;
    }

    private Glob constantGlob(boolean ignoreCase) {
        Glob g = ignoreCase ? constantGlobIgnoreCase : constantGlob;
        if (g == null) {
            g = Glob.compile(constant, ignoreCase);
            if (ignoreCase) {
                constantGlobIgnoreCase = g;
            } else {
                constantGlob = g;
            }
        }
        return g;
    }

    /** Pre-computes the constant globs so evaluation never writes to this (shared) object. */
    Template warm(boolean ignoreCase) {
        if (constant != null) {
            resolveGlob(null, ignoreCase);
        }
        return this;
    }

    private static String lookup(ConditionContext ctx, Variable v) {
        String value = ctx == null ? null : ctx.single(v.key());
        return value != null ? value : v.defaultValue();
    }

    @Override
    public String toString() {
        return source;
    }
}
