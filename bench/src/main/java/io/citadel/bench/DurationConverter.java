package io.citadel.bench;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Parses durations as people type them on a command line: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String text) {
        String value = text.strip().toLowerCase();
        if (value.startsWith("pt")) {
            return Duration.parse(value.toUpperCase());
        }
        int unitStart = 0;
        while (unitStart < value.length() && Character.isDigit(value.charAt(unitStart))) {
            unitStart++;
        }
        if (unitStart == 0) {
            throw new IllegalArgumentException("duration: " + text + " (expected: a number with unit ms, s, m or h, e.g. 30s)");
        }
        long amount = Long.parseLong(value.substring(0, unitStart));
        return switch (value.substring(unitStart)) {
            case "ms" -> Duration.ofMillis(amount);
            case "", "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException(
                    "duration unit: " + value.substring(unitStart) + " in " + text + " (expected: ms, s, m or h)");
        };
    }
}
