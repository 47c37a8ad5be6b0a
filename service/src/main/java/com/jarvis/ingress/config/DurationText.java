package com.jarvis.ingress.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written the way the spec's environment variables write them: {@code 7d}, {@code 15m}, {@code 3600}. */
public final class DurationText {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d|w)?");

    private DurationText() {
    }

    /** @throws IllegalArgumentException naming the accepted forms when the text is not one of them */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("is empty");
        }
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 30s, 15m, 1h, 7d (a bare number means seconds)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> throw new IllegalStateException(unit);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException("'" + text + "' must be greater than zero");
        }
        return d;
    }
}
