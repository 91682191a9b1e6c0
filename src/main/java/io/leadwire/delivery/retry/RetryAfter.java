package io.leadwire.delivery.retry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): either delay-seconds or an
 * HTTP-date. Buyers send it with 429 and 503 to tell us when they will take calls again;
 * honouring it is cheaper than being throttled harder.
 */
public final class RetryAfter {
    /** IMF-fixdate, the form senders must use: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    /** Obsolete RFC 850 form, which recipients must still read: {@code Sunday, 06-Nov-94 08:49:37 GMT}. */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
            .appendPattern(" HH:mm:ss z")
            .toFormatter(Locale.ENGLISH);
    /** Obsolete asctime form, which recipients must still read: {@code Sun Nov  6 08:49:37 1994}. */
    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
            .appendPattern("EEE MMM ")
            .padNext(2)
            .appendValue(ChronoField.DAY_OF_MONTH)
            .appendPattern(" HH:mm:ss yyyy")
            .toFormatter(Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final List<DateTimeFormatter> DATE_FORMS = List.of(IMF_FIXDATE, RFC_850, ASCTIME);

    private RetryAfter() {
    }

    /**
     * The wait the header asks for, counted from {@code now}.
     *
     * @param header the header value, or {@code null} when the response had none
     * @param now    the instant the response is judged at (an HTTP-date is turned into a wait from it)
     * @return empty when there is no header or it is neither delay-seconds nor an HTTP-date (a
     *         malformed header is ignored rather than trusted); {@link Duration#ZERO} for a date in the
     *         past; very large delay-seconds as a very long duration, for the caller to cap
     */
    public static Optional<Duration> parse(String header, Instant now) {
        Objects.requireNonNull(now, "now");
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String h = header.strip();
        if (h.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(h)));
            } catch (NumberFormatException tooLong) {
                return Optional.of(Duration.ofSeconds(Long.MAX_VALUE));
            }
        }
        for (DateTimeFormatter form : DATE_FORMS) {
            try {
                Instant at = ZonedDateTime.parse(h, form).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException notThisForm) {
                // try the next of the three forms HTTP allows
            }
        }
        return Optional.empty();
    }
}
