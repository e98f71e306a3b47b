package io.citadel.secrets;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RotationRules as AWS reads them: AutomaticallyAfterDays (1..1000) or a ScheduleExpression,
 * {@code rate(N hours)} (4..23, since AWS rotates at most every four hours), {@code rate(N days)}
 * (1..1000) or a six-field {@code cron(minutes hours day-of-month month day-of-week year)}, and an
 * optional window {@code Duration} ("Nh", 1..24). A days-based rotation is due at midnight UTC of its
 * day, an hours-based one on the hour; Citadel rotates at the start of the window (AWS picks any
 * moment inside it).
 */
final class RotationSchedule {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (hour|hours|day|days)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.+)\\)");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final Duration every;
    private final Cron cron;
    private final Long days;

    private RotationSchedule(Duration every, Cron cron, Long days) {
        this.every = every;
        this.cron = cron;
        this.days = days;
    }

    /** Validates the rules with AWS's errors. */
    static RotationSchedule parse(Long automaticallyAfterDays, String scheduleExpression, String duration) {
        if (automaticallyAfterDays != null && scheduleExpression != null) {
            throw SecretErrors.invalidParameter("You can't specify both AutomaticallyAfterDays and ScheduleExpression in RotationRules.");
        }
        RotationSchedule schedule;
        if (automaticallyAfterDays != null) {
            if (automaticallyAfterDays < 1 || automaticallyAfterDays > 1000) {
                throw SecretErrors.invalidParameter("AutomaticallyAfterDays: " + automaticallyAfterDays + " (expected: 1..1000)");
            }
            schedule = new RotationSchedule(Duration.ofDays(automaticallyAfterDays), null, automaticallyAfterDays);
        } else if (scheduleExpression != null) {
            schedule = expression(scheduleExpression.trim());
        } else {
            throw SecretErrors.invalidParameter("RotationRules must contain AutomaticallyAfterDays or ScheduleExpression.");
        }
        if (duration != null) {
            Matcher m = Pattern.compile("(\\d{1,2})h").matcher(duration);
            int hours = m.matches() ? Integer.parseInt(m.group(1)) : -1;
            if (hours < 1 || hours > 24) {
                throw SecretErrors.invalidParameter("Duration: " + duration + " (expected: 1h..24h)");
            }
            if (schedule.every != null && schedule.every.compareTo(Duration.ofHours(hours)) < 0) {
                throw SecretErrors.invalidParameter("The rotation window (Duration " + duration + ") must not extend into the next "
                        + "rotation window (every " + schedule.every.toHours() + " hours).");
            }
        }
        return schedule;
    }

    private static RotationSchedule expression(String expression) {
        Matcher rate = RATE.matcher(expression);
        if (rate.matches()) {
            long n = Long.parseLong(rate.group(1));
            if (rate.group(2).startsWith("hour")) {
                if (n < 4 || n > 23) {
                    throw SecretErrors.invalidParameter("ScheduleExpression " + expression + ": rate in hours must be 4..23");
                }
                return new RotationSchedule(Duration.ofHours(n), null, null);
            }
            if (n < 1 || n > 1000) {
                throw SecretErrors.invalidParameter("ScheduleExpression " + expression + ": rate in days must be 1..1000");
            }
            return new RotationSchedule(Duration.ofDays(n), null, n);
        }
        Matcher cron = CRON.matcher(expression);
        if (cron.matches()) {
            return new RotationSchedule(null, Cron.parse(cron.group(1), expression), null);
        }
        throw SecretErrors.invalidParameter("ScheduleExpression " + expression + " is not valid (expected: rate(N hours), rate(N days) "
                + "or cron(minutes hours day-of-month month day-of-week year))");
    }

    /** The days AWS reports as AutomaticallyAfterDays for a days-based schedule (null otherwise). */
    Long days() {
        return days;
    }

    /** The first rotation after {@code base} (the last rotation, or when rotation was turned on). */
    Instant next(Instant base) {
        if (cron != null) {
            return cron.next(base);
        }
        if (days != null) {
            return base.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(days));
        }
        return base.truncatedTo(ChronoUnit.HOURS).plus(every);
    }

    /** AWS's cron: six fields; '?' in day-of-month or day-of-week; L (last day of month) and N#k (k-th weekday N). */
    record Cron(BitSet minutes, BitSet hours, BitSet daysOfMonth, boolean lastDayOfMonth, BitSet months, BitSet daysOfWeek,
                int nthWeekday, BitSet years, boolean anyDayOfMonth, boolean anyDayOfWeek) {

        static Cron parse(String body, String expression) {
            String[] f = body.trim().split("\\s+");
            if (f.length != 6) {
                throw SecretErrors.invalidParameter("ScheduleExpression " + expression + ": a cron expression has 6 fields (found "
                        + f.length + ")");
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
                        throw new IllegalArgumentException("#" + nth);
                    }
                    dowText = p[0];
                }
                boolean anyDow = dowText.equals("?") || dowText.equals("*");
                BitSet dow = dowText.equals("?") ? new BitSet() : field(dowText, 1, 7, DAYS);
                BitSet years = field(f[5], 1970, 2199, null);
                if (!f[2].equals("?") && !f[4].equals("?")) {
                    throw new IllegalArgumentException("one of day-of-month and day-of-week must be '?'");
                }
                return new Cron(minutes, hours, dom, last, months, dow, nth, years, anyDom, anyDow);
            } catch (IllegalArgumentException e) {
                throw SecretErrors.invalidParameter("ScheduleExpression " + expression + " is not a valid cron expression: " + e.getMessage());
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
                        throw new IllegalArgumentException("step " + step);
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

        Instant next(Instant after) {
            ZonedDateTime start = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            LocalDate day = start.toLocalDate();
            for (int i = 0; i < 366 * 5; i++, day = day.plusDays(1)) {
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
            throw SecretErrors.invalidParameter("ScheduleExpression never matches in the next five years");
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
}
