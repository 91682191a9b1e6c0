package io.leadwire.delivery.retry;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The short duration text of the policies' JSON: {@code "500ms"}, {@code "2s"}, {@code "5m"},
 * {@code "1h"}, {@code "1d"}. Operators type these in settings, and ISO-8601 ({@code "PT2S"}) is
 * hard to read and easy to get wrong ({@code "P5M"} is five months), so the short form is what we
 * write; ISO-8601 is still read so a value copied from elsewhere works.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Reads {@code <digits><unit>} with unit {@code ms}, {@code s}, {@code m}, {@code h} or
     * {@code d} (case and surrounding space ignored), or an ISO-8601 duration such as {@code PT2S}.
     *
     * @throws IllegalArgumentException for anything else, including negative or fractional amounts
     */
    public static Duration parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms":
                    return Duration.ofMillis(n);
                case "s":
                    return Duration.ofSeconds(n);
                case "m":
                    return Duration.ofMinutes(n);
                case "h":
                    return Duration.ofHours(n);
                default:
                    return Duration.ofDays(n);
            }
        }
        if (t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(notADuration(text), e);
            }
        }
        throw new IllegalArgumentException(notADuration(text));
    }

    /**
     * Writes the largest whole unit that represents {@code d} exactly ({@code 60 s} is {@code "1m"},
     * {@code 90 s} is {@code "90s"}), so {@code parse(format(d))} equals {@code d}. Negative
     * durations and those finer than a millisecond fall back to ISO-8601, which parse also reads.
     */
    public static String format(Duration d) {
        Objects.requireNonNull(d, "d");
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        long seconds = d.getSeconds();
        if (d.getNano() != 0) {
            return d.toMillis() + "ms";
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static String notADuration(String text) {
        return "'" + text + "' is not a duration such as 500ms, 2s, 5m, 1h or PT2S";
    }
}
