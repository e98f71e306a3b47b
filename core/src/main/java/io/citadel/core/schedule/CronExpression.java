package io.citadel.core.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * AWS's cron, as EventBridge schedules and Secrets Manager rotation rules read it: six fields (minutes hours
 * day-of-month month day-of-week year), UTC, one of day-of-month and day-of-week '?', lists, ranges and steps,
 * month and day names, L (last day of the month) and N#k (the k-th weekday N). Errors are
 * {@link IllegalArgumentException}s naming the field; callers wrap them in their service's error.
 */
public record CronExpression(BitSet minutes, BitSet hours, BitSet daysOfMonth, boolean lastDayOfMonth, BitSet months,
                             BitSet daysOfWeek, int nthWeekday, BitSet years, boolean anyDayOfMonth, boolean anyDayOfWeek) {

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final int SEARCH_DAYS = 366 * 5;

    /** Parses the text between {@code cron(} and {@code )}. */
    public static CronExpression parse(String body) {
        String[] f = body.trim().split("\\s+");
        if (f.length != 6) {
            throw new IllegalArgumentException("a cron expression has 6 fields (found " + f.length + ")");
        }
        try {
            BitSet minutes = field(f[0], 0, 59, null);
            BitSet hours = field(f[1], 0, 23, null);
            boolean last = f[2].equals("L");
            boolean anyDom = f[2].equals("?") || f[2].equals("*");
            BitSet dom = last || f[2].equals("?") ? new BitSet() : field(f[2], 1, 31, null);
            BitSet months = field(f[3].toUpperCase(Locale.ROOT), 1, 12, MONTHS);
            int nth = 0;
            String dowText = f[4].toUpperCase(Locale.ROOT);
            if (dowText.contains("#")) {
                String[] p = dowText.split("#");
                nth = Integer.parseInt(p[1]);
                if (nth < 1 || nth > 5) {
                    throw new IllegalArgumentException("#" + nth + " (expected: #1..#5)");
                }
                dowText = p[0];
            }
            boolean anyDow = dowText.equals("?") || dowText.equals("*");
            BitSet dow = dowText.equals("?") ? new BitSet() : field(dowText, 1, 7, DAYS);
            BitSet years = field(f[5], 1970, 2199, null);
            if (!f[2].equals("?") && !f[4].equals("?")) {
                throw new IllegalArgumentException("one of day-of-month and day-of-week must be '?'");
            }
            return new CronExpression(minutes, hours, dom, last, months, dow, nth, years, anyDom, anyDow);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a field is not a number, range, list or step");
        }
    }

    private static BitSet field(String text, int min, int max, List<String> names) {
        BitSet out = new BitSet();
        for (String part : text.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(part.substring(slash + 1));
                range = part.substring(0, slash);
                if (step < 1) {
                    throw new IllegalArgumentException("step " + step + " (expected: at least 1)");
                }
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] p = range.split("-");
                from = value(p[0], names, min);
                to = value(p[1], names, min);
            } else {
                from = value(range, names, min);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to) {
                throw new IllegalArgumentException(part + " (expected values in " + min + ".." + max + ")");
            }
            for (int v = from; v <= to; v += step) {
                out.set(v);
            }
        }
        return out;
    }

    private static int value(String text, List<String> names, int min) {
        if (names != null && names.contains(text)) {
            return names.indexOf(text) + min;
        }
        return Integer.parseInt(text);
    }

    /** The first matching minute strictly after {@code after}; IllegalArgumentException if none in the next five years. */
    public Instant next(Instant after) {
        ZonedDateTime start = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDate day = start.toLocalDate();
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            if (!years.get(day.getYear()) || !months.get(day.getMonthValue()) || !dayMatches(day)) {
                continue;
            }
            for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                    ZonedDateTime candidate = day.atTime(h, m).atZone(ZoneOffset.UTC);
                    if (!candidate.isBefore(start)) {
                        return candidate.toInstant();
                    }
                }
            }
        }
        throw new IllegalArgumentException("the expression never matches in the next five years");
    }

    private boolean dayMatches(LocalDate day) {
        int cronDow = day.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : day.getDayOfWeek().getValue() + 1;
        boolean domOk = lastDayOfMonth ? day.getDayOfMonth() == day.lengthOfMonth() : anyDayOfMonth || daysOfMonth.get(day.getDayOfMonth());
        boolean dowOk = daysOfWeek.get(cronDow) && (nthWeekday == 0 || (day.getDayOfMonth() - 1) / 7 + 1 == nthWeekday);
        if (daysOfWeek.isEmpty()) {
            return domOk;
        }
        if (daysOfMonth.isEmpty() && !lastDayOfMonth) {
            return dowOk;
        }
        return domOk && (anyDayOfWeek || dowOk);
    }
}
