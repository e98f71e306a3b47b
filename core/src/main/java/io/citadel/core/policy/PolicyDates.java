package io.citadel.core.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Date condition values: ISO 8601 (date, date-time with or without offset) or epoch seconds. */
final class PolicyDates {

    static final long INVALID = Long.MIN_VALUE;

    private PolicyDates() {
    }

    /** Epoch milliseconds, or {@link #INVALID}. */
    static long parse(String s) {
        if (s.isEmpty()) {
            return INVALID;
        }
        if (isEpoch(s)) {
            try {
                return Math.multiplyExact(Long.parseLong(s), 1000L);
            } catch (ArithmeticException | NumberFormatException e) {
                return INVALID;
            }
        }
        long fast = fastUtc(s);
        if (fast != INVALID) {
            return fast;
        }
        try {
            if (s.length() > 10) {
                char last = s.charAt(s.length() - 1);
                if (last == 'Z' || last == 'z') {
                    return Instant.parse(s.toUpperCase(java.util.Locale.ROOT)).toEpochMilli();
                }
                int t = s.indexOf('T');
                if (t > 0 && (s.indexOf('+', t) > 0 || s.indexOf('-', t) > 0)) {
                    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
                }
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return INVALID;
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ssZ}, the form of aws:CurrentTime, without the java.time parser. */
    private static long fastUtc(String s) {
        if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(19) != 'Z') {
            return INVALID;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59
                || hour < 0 || minute < 0 || second < 0) {
            return INVALID;
        }
        if (day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return INVALID;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isEpoch(String s) {
        int start = s.charAt(0) == '-' ? 1 : 0;
        if (start == s.length()) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
