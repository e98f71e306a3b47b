package io.citadel.events;

import io.citadel.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Sends one delivery to its target: shapes the payload (Input / InputPath / InputTransformer), then
 * hands it to the API destination sender, puts it on another bus (cross-account only where that
 * bus's policy allows the rule's account), or appends it as one line to a log target's file.
 */
final class Senders {

    private final Storage storage;
    private final java.time.InstantSource clock;
    private final ApiDestinationSender http;
    private final Path logDirectory;
    private final ConcurrentMap<Path, StringBuilder> pendingLines = new ConcurrentHashMap<>();

    Senders(EventsEnvironment env, ApiDestinationSender http, Path logDirectory) {
        this.storage = env.storage;
        this.clock = env.clock;
        this.http = http;
        this.logDirectory = logDirectory;
    }

    Outcome send(DeliveryRecord d) {
        Resolved target = resolve(d.target().arn());
        if (target.kind() == null) {
            return new Outcome.Failed("target ARN " + d.target().arn() + " is not one Citadel delivers to");
        }
        return switch (target.kind()) {
            case EVENT_BUS -> toBus(d, target.arn());
            case LOG -> toLog(d, target.arn(), Payloads.shape(d));
            case API_DESTINATION -> http.send(d, target.arn(), Payloads.shape(d));
        };
    }

    /** Whether sending {@code d} only collects a line for {@link #flush} (a log target): it never waits on anything. */
    boolean isLocal(DeliveryRecord d) {
        return resolve(d.target().arn()).kind() == TargetKinds.LOG;
    }

    /** A target ARN's kind and parts, parsed once per distinct ARN (a pure function of the text; bounded). */
    private record Resolved(TargetKinds kind, EventsArns.Parsed arn) {
    }

    private static final int RESOLVED_CACHE = 10_000;
    private final ConcurrentMap<String, Resolved> resolved = new ConcurrentHashMap<>();

    private Resolved resolve(String arn) {
        Resolved r = resolved.get(arn);
        if (r == null) {
            TargetKinds kind = TargetKinds.of(arn);
            r = new Resolved(kind, kind == null ? null : EventsArns.parse(arn).orElseThrow());
            if (resolved.size() >= RESOLVED_CACHE) {
                resolved.clear();
            }
            resolved.put(arn, r);
        }
        return r;
    }

    /**
     * Writes the log lines collected since the last call, one append and one fsync per file, before the batch's
     * deliveries are settled; returns null, or why some file could not be written (its deliveries are retried).
     */
    String flush() {
        String problem = null;
        for (Path file : List.copyOf(pendingLines.keySet())) {
            StringBuilder[] taken = new StringBuilder[1];
            pendingLines.computeIfPresent(file, (f, lines) -> {
                taken[0] = lines;
                return null;
            });
            if (taken[0] == null) {
                continue;
            }
            try {
                Files.createDirectories(file.getParent());
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    ByteBuffer bytes = ByteBuffer.wrap(taken[0].toString().getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        ch.write(bytes);
                    }
                    ch.force(false);
                }
            } catch (IOException e) {
                problem = "cannot write log target file " + file.getFileName() + ": " + e.getClass().getSimpleName();
            }
        }
        return problem;
    }

    private Outcome toBus(DeliveryRecord d, EventsArns.Parsed arn) {
        return storage.transaction(tx -> {
            var bus = EventBuses.find(tx, arn.account(), arn.region(), arn.path());
            if (bus.isEmpty()) {
                return new Outcome.Failed("event bus " + d.target().arn() + " does not exist");
            }
            if (!arn.account().equals(d.account()) && !EventBuses.allowsPutEvents(bus.get(), d.account(), clock.instant())) {
                return new Outcome.Failed("event bus " + d.target().arn() + " does not allow account " + d.account() + " to put events");
            }
            String eventId = d.id().split("/")[2];
            EventIngest.enqueue(tx, clock.instant(), new IngestEntry(arn.account(), arn.region(), arn.path(), d.eventJson(), null),
                    eventId);
            return new Outcome.Delivered();
        });
    }

    /** Collects the line for {@link #flush}, which writes and syncs it before the delivery is settled. */
    private Outcome toLog(DeliveryRecord d, EventsArns.Parsed arn, String payload) {
        if (logDirectory == null) {
            return new Outcome.Retry("no events log directory is configured on this node");
        }
        Path file = logDirectory.resolve(arn.account()).resolve(arn.region()).resolve(arn.path() + ".jsonl");
        String line = (Payloads.isWholeEvent(d.target()) ? Payloads.envelopeLine(d.eventJson()) : Payloads.oneLine(payload)) + "\n";
        pendingLines.compute(file, (f, lines) -> (lines == null ? new StringBuilder() : lines).append(line));
        return new Outcome.Delivered();
    }
}
