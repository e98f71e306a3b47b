package io.citadel.events;

import io.citadel.core.events.AwsEvent;
import io.citadel.core.json.StoredJson;
import io.citadel.core.schedule.CronExpression;
import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Transaction;
import io.citadel.storage.schedule.StorageScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scheduled rules: a rule's ScheduleExpression, {@code rate(N minute|minutes|hour|hours|day|days)} or AWS's
 * six-field {@code cron(...)}, fires a "Scheduled Event" (source aws.events, detail {}) to that rule's targets.
 * Each rule has one durable job on the node's scheduler, so a firing happens once across nodes; firings a
 * stopped cluster missed are not made up, the next one after the restart fires once.
 */
final class RuleSchedules {

    static final String JOB_KIND = "events-rule-schedule";
    private static final Pattern RATE = Pattern.compile("rate\\((\\d{1,9}) (minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.+)\\)");
    private static final String INVALID = "Parameter ScheduleExpression is not valid.";

    /** A parsed expression: a fixed period or a cron. */
    record Schedule(Duration every, CronExpression cron) {

        /** The first firing after {@code after}: for a rate, one period on; for a cron, its next minute. */
        Instant next(Instant after) {
            return cron != null ? cron.next(after) : after.truncatedTo(ChronoUnit.SECONDS).plus(every);
        }
    }

    /** What a schedule job names: the rule and the expression it was scheduled for (a changed rule gets a new job). */
    record Target(String account, String region, String name, String arn, String expression) {
    }

    private RuleSchedules() {
    }

    /** Validates {@code expression} with EventBridge's error. */
    static Schedule parse(String expression) {
        Matcher rate = RATE.matcher(expression);
        if (rate.matches()) {
            long n = Long.parseLong(rate.group(1));
            boolean singular = !rate.group(2).endsWith("s");
            if (n < 1 || (n == 1) != singular) {
                throw EventsErrors.validation(INVALID);
            }
            Duration unit = switch (rate.group(2).charAt(0)) {
                case 'm' -> Duration.ofMinutes(1);
                case 'h' -> Duration.ofHours(1);
                default -> Duration.ofDays(1);
            };
            return new Schedule(unit.multipliedBy(n), null);
        }
        Matcher cron = CRON.matcher(expression);
        if (cron.matches()) {
            try {
                CronExpression parsed = CronExpression.parse(cron.group(1));
                return new Schedule(null, parsed);
            } catch (IllegalArgumentException e) {
                throw EventsErrors.validation(INVALID);
            }
        }
        throw EventsErrors.validation(INVALID);
    }

    /** Schedules the rule's first firing in {@code tx}, unless a job for this very rule and expression is already pending. */
    static void start(Transaction tx, RuleRecord rule, String account, String region, Instant now) {
        String id = jobId(account, region, rule.name());
        Target target = new Target(account, region, rule.name(), rule.arn(), rule.scheduleExpression());
        boolean pending = StorageScheduler.status(tx, JOB_KIND, id)
                .map(s -> StoredJson.read(s.job().payload(), Target.class).equals(target)).orElse(false);
        if (pending) {
            return;
        }
        Instant first;
        try {
            first = parse(rule.scheduleExpression()).next(now);
        } catch (IllegalArgumentException e) {
            throw EventsErrors.validation(INVALID);
        }
        StorageScheduler.schedule(tx, new ScheduledJob(JOB_KIND, id, first, StoredJson.write(target)));
    }

    /** Removes the rule's job, if any (the rule was deleted or lost its schedule). */
    static void stop(Transaction tx, String account, String region, String name) {
        StorageScheduler.cancel(tx, JOB_KIND, jobId(account, region, name));
    }

    /** The scheduler's handler: fires the rule once if it still has this schedule and is enabled, and schedules the next firing. */
    static ScheduledJob onJob(Transaction tx, ScheduledJob job, Instant now) {
        Target t = StoredJson.read(job.payload(), Target.class);
        Optional<RuleRecord> rule = EventsEnvironment.read(tx, EventsKeys.rule(t.account(), t.region(), EventsArns.DEFAULT_BUS, t.name()),
                RuleRecord.class);
        if (rule.isEmpty() || !t.expression().equals(rule.get().scheduleExpression()) || !rule.get().arn().equals(t.arn())) {
            return null;
        }
        Schedule schedule;
        try {
            schedule = parse(t.expression());
        } catch (io.citadel.core.ServiceException e) {
            return null;
        }
        if (rule.get().enabled()) {
            AwsEvent event = new AwsEvent(UUID.randomUUID().toString(), "Scheduled Event", "aws.events", t.account(),
                    job.dueAt(), t.region(), List.of(t.arn()), "{}");
            EventIngest.enqueue(tx, now, IngestEntry.scheduled(t.account(), t.region(), event.json(), t.arn()), event.id());
        }
        Instant next = schedule.next(job.dueAt());
        while (next.isBefore(now)) {
            next = schedule.next(next);
        }
        return job.withDueAt(next);
    }

    private static String jobId(String account, String region, String name) {
        return account + "/" + region + "/" + name;
    }
}
