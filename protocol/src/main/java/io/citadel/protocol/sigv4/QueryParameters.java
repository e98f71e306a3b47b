package io.citadel.protocol.sigv4;

import java.util.Arrays;

/**
 * A raw query string split into parameters whose names and values are already in SigV4 canonical
 * encoding. Parsed once per request; lookups by name are linear because real queries are short.
 */
final class QueryParameters {

    static final String SIGNATURE = "X-Amz-Signature";

    private static final QueryParameters EMPTY = new QueryParameters(new String[0], new String[0], 0);

    private final String[] names;
    private final String[] values;
    private final int size;

    private QueryParameters(String[] names, String[] values, int size) {
        this.names = names;
        this.values = values;
        this.size = size;
    }

    /** Splits on '&amp;', then on the first '='; a parameter without '=' has the empty value; empty pieces are skipped. */
    static QueryParameters parse(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return EMPTY;
        }
        int count = 1;
        for (int i = 0, n = rawQuery.length(); i < n; i++) {
            if (rawQuery.charAt(i) == '&') {
                count++;
            }
        }
        String[] names = new String[count];
        String[] values = new String[count];
        int size = 0;
        int start = 0;
        int n = rawQuery.length();
        while (start <= n) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = n;
            }
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                String name;
                String value;
                if (eq < 0 || eq > end) {
                    name = rawQuery.substring(start, end);
                    value = "";
                } else {
                    name = rawQuery.substring(start, eq);
                    value = rawQuery.substring(eq + 1, end);
                }
                names[size] = UriEncoding.canonicalQueryComponent(name);
                values[size] = UriEncoding.canonicalQueryComponent(value);
                size++;
            }
            start = end + 1;
        }
        return new QueryParameters(names, values, size);
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The first value of the parameter, decoded, or null. {@code name} must consist of unreserved characters. */
    String decoded(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return UriEncoding.decodeToString(values[i]);
            }
        }
        return null;
    }

    boolean contains(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The canonical query string: pairs sorted by encoded name then encoded value, optionally without X-Amz-Signature. */
    String canonical(boolean withoutSignature) {
        if (size == 0) {
            return "";
        }
        String[] pairs = new String[size];
        int m = 0;
        for (int i = 0; i < size; i++) {
            if (withoutSignature && names[i].equals(SIGNATURE)) {
                continue;
            }
            pairs[m++] = names[i] + '=' + values[i];
        }
        if (m == 1) {
            return pairs[0];
        }
        // Sorting whole "name=value" strings would put "a-b=1" before "a=1"; compare name, then value.
        Arrays.sort(pairs, 0, m, QueryParameters::compareEncodedPairs);
        StringBuilder sb = new StringBuilder(m * 24);
        for (int i = 0; i < m; i++) {
            if (i > 0) {
                sb.append('&');
            }
            sb.append(pairs[i]);
        }
        return sb.toString();
    }

    private static int compareEncodedPairs(String a, String b) {
        int ea = a.indexOf('=');
        int eb = b.indexOf('=');
        int byName = compareRegion(a, 0, ea, b, 0, eb);
        if (byName != 0) {
            return byName;
        }
        return compareRegion(a, ea + 1, a.length(), b, eb + 1, b.length());
    }

    private static int compareRegion(String a, int aFrom, int aTo, String b, int bFrom, int bTo) {
        int la = aTo - aFrom;
        int lb = bTo - bFrom;
        int lim = Math.min(la, lb);
        for (int k = 0; k < lim; k++) {
            int d = a.charAt(aFrom + k) - b.charAt(bFrom + k);
            if (d != 0) {
                return d;
            }
        }
        return la - lb;
    }
}
