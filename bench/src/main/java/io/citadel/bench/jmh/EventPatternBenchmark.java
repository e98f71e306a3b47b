package io.citadel.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.events.pattern.EventPattern;
import io.citadel.events.pattern.InvalidEventPatternException;
import io.citadel.events.pattern.RuleMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One event against 1,000 rules, the events issue's "<= 50 µs" target: {@link RuleMatcher} on a
 * parsed event, the same with the event's JSON parsed first, and every pattern tried one by one
 * (what the index saves). Rules are a realistic mix: 40 sources with 6 detail-types each, exact
 * values, prefixes, suffixes, numeric ranges, anything-but, exists, cidr, wildcards and $or, and
 * one rule in ten selects no exact source (prefix or detail-type only).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventPatternBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RULES = 1000;
    private static final int EVENTS = 256;
    private static final String[] STATES = {"running", "stopped", "pending", "terminated", "initializing"};

    private RuleMatcher matcher;
    private List<EventPattern> patterns;
    private JsonNode[] events;
    private String[] eventTexts;
    private int next;

    @Setup
    public void setup() throws Exception {
        Random random = new Random(7);
        List<RuleMatcher.Rule> rules = new ArrayList<>();
        patterns = new ArrayList<>();
        for (int i = 0; i < RULES; i++) {
            EventPattern pattern = EventPattern.parse(rule(random, i));
            rules.add(new RuleMatcher.Rule("rule-" + i, pattern));
            patterns.add(pattern);
        }
        matcher = RuleMatcher.of(rules);
        events = new JsonNode[EVENTS];
        eventTexts = new String[EVENTS];
        int matched = 0;
        for (int i = 0; i < EVENTS; i++) {
            eventTexts[i] = event(random, i);
            events[i] = JSON.readTree(eventTexts[i]);
            matched += matcher.matching(events[i]).size();
        }
        System.out.println("\n" + matcher + "; " + matched + " matches over " + EVENTS + " events");
    }

    private static String source(int s) {
        return s < 8 ? "aws." + new String[]{"ec2", "s3", "ssm", "kms", "iam", "securityhub", "guardduty", "health"}[s]
                : "com.example.service" + s;
    }

    private static String detailType(int s, int t) {
        return "Service " + s + " Event " + t;
    }

    private static String rule(Random r, int i) throws InvalidEventPatternException {
        int s = r.nextInt(40);
        int t = r.nextInt(6);
        String source = "\"source\":[\"" + source(s) + "\"]";
        String type = "\"detail-type\":[\"" + detailType(s, t) + "\"]";
        String state = STATES[r.nextInt(STATES.length)];
        return switch (i % 20) {
            case 0, 1, 2, 3 -> "{" + source + "," + type + ",\"detail\":{\"state\":[\"" + state + "\"]}}";
            case 4, 5 -> "{" + source + "," + type + ",\"detail\":{\"count\":[{\"numeric\":[\">\"," + r.nextInt(50)
                    + ",\"<=\"," + (50 + r.nextInt(50)) + "]}]}}";
            case 6, 7 -> "{" + source + ",\"detail\":{\"state\":[{\"anything-but\":[\"" + state + "\",\"pending\"]}]}}";
            case 8 -> "{\"source\":[\"" + source(s) + "\",\"" + source(r.nextInt(40)) + "\"]," + type
                    + ",\"detail\":{\"name\":[{\"prefix\":\"/prod/\"}]}}";
            case 9 -> "{" + source + "," + type + ",\"detail\":{\"name\":[{\"suffix\":\".json\"}],\"size\":[{\"numeric\":[\"<\",1000]}]}}";
            case 10 -> "{" + source + ",\"detail\":{\"sourceIPAddress\":[{\"cidr\":\"10." + r.nextInt(4) + ".0.0/16\"}]}}";
            case 11 -> "{" + source + "," + type + ",\"detail\":{\"error\":[{\"exists\":false}]}}";
            case 12 -> "{" + source + ",\"detail\":{\"$or\":[{\"state\":[\"" + state + "\"]},{\"count\":[{\"numeric\":[\">\",90]}]}]}}";
            case 13 -> "{" + source + ",\"detail\":{\"name\":[{\"wildcard\":\"/prod/*/config*\"}]}}";
            case 14 -> "{" + source + "," + type + ",\"resources\":[{\"prefix\":\"arn:aws:ec2:us-east-1:\"}]}";
            case 15 -> "{" + source + ",\"detail\":{\"state\":[{\"equals-ignore-case\":\"" + state.toUpperCase() + "\"}]}}";
            case 16 -> "{" + source + "," + type + ",\"account\":[\"111122223333\"],\"region\":[\"us-east-1\",\"eu-west-1\"]}";
            case 17 -> "{\"source\":[{\"prefix\":\"com.example.\"}]," + type + "}";
            case 18 -> "{" + type + ",\"detail\":{\"state\":[\"" + state + "\"]}}";
            default -> "{\"source\":[{\"prefix\":\"aws.\"}],\"detail\":{\"count\":[{\"numeric\":[\"=\"," + r.nextInt(100) + "]}]}}";
        };
    }

    private static String event(Random r, int i) {
        int s = r.nextInt(40);
        int t = r.nextInt(6);
        return "{\"version\":\"0\",\"id\":\"6a7e8feb-b491-4cf7-a9f1-" + String.format("%012d", i) + "\","
                + "\"detail-type\":\"" + detailType(s, t) + "\",\"source\":\"" + source(s) + "\","
                + "\"account\":\"111122223333\",\"time\":\"2026-12-01T10:00:00Z\",\"region\":\"us-east-1\","
                + "\"resources\":[\"arn:aws:ec2:us-east-1:111122223333:instance/i-0abc" + i + "\"],"
                + "\"detail\":{\"state\":\"" + STATES[r.nextInt(STATES.length)] + "\",\"count\":" + r.nextInt(100)
                + ",\"name\":\"/prod/app" + r.nextInt(5) + "/config.json\",\"size\":" + r.nextInt(2000)
                + ",\"sourceIPAddress\":\"10." + r.nextInt(4) + "." + r.nextInt(256) + "." + r.nextInt(256) + "\""
                + (r.nextBoolean() ? ",\"error\":\"E" + r.nextInt(3) + "\"" : "")
                + ",\"tags\":[\"team-a\",\"tier-1\"],\"nested\":{\"a\":{\"b\":[1,2,3]}}}}";
    }

    private int nextEvent() {
        next = (next + 1) & (EVENTS - 1);
        return next;
    }

    /** RuleMatcher on an already parsed event: the hot path's matching cost. */
    @Benchmark
    public List<String> matchParsedEvent() {
        return matcher.matching(events[nextEvent()]);
    }

    /** The same with the event's JSON text parsed first (what PutEvents pays per entry). */
    @Benchmark
    public List<String> parseAndMatch() throws Exception {
        return matcher.matching(JSON.readTree(eventTexts[nextEvent()]));
    }

    /** Every pattern tried in turn, without the index. */
    @Benchmark
    public int everyPatternInTurn() {
        JsonNode event = events[nextEvent()];
        int n = 0;
        for (EventPattern p : patterns) {
            if (p.matches(event)) {
                n++;
            }
        }
        return n;
    }
}
