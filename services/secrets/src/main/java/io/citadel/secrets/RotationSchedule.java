package io.citadel.secrets;

import io.citadel.core.schedule.CronExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    private final Duration every;
    private final CronExpression cron;
    private final Long days;

    private RotationSchedule(Duration every, CronExpression cron, Long days) {
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
            try {
                return new RotationSchedule(null, CronExpression.parse(cron.group(1)), null);
            } catch (IllegalArgumentException e) {
                throw SecretErrors.invalidParameter("ScheduleExpression " + expression + " is not a valid cron expression: " + e.getMessage());
            }
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
            try {
                return cron.next(base);
            } catch (IllegalArgumentException e) {
                throw SecretErrors.invalidParameter("ScheduleExpression never matches in the next five years");
            }
        }
        if (days != null) {
            return base.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(days));
        }
        return base.truncatedTo(ChronoUnit.HOURS).plus(every);
    }
}
