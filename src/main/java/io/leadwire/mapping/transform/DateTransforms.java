package io.leadwire.mapping.transform;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Date and time transforms: parse, convert time zones, format; and age from a date of birth.
 *
 * <p>Input and output are each either a {@link java.time.format.DateTimeFormatter} pattern or one
 * of the named forms {@value #ISO} (ISO-8601, with or without time and offset),
 * {@value #EPOCH_SECONDS} and {@value #EPOCH_MILLIS}. A date-time without an offset is read in
 * {@code fromZone}; a date alone is the start of that day. The output is shown in {@code toZone}
 * when one is given, else in the zone the input carried.
 */
public final class DateTransforms {

    /** ISO-8601, the default input: {@code 1984-03-15}, {@code 2026-11-02T09:15:00-06:00}, ... */
    public static final String ISO = "iso";
    /** Seconds since 1970-01-01T00:00Z. */
    public static final String EPOCH_SECONDS = "epochSeconds";
    /** Milliseconds since 1970-01-01T00:00Z. */
    public static final String EPOCH_MILLIS = "epochMillis";
    /** The zone local input is read in when none is configured. */
    public static final ZoneId DEFAULT_ZONE = ZoneOffset.UTC;

    private DateTransforms() {
    }

    /**
     * Re-formats a date or date-time.
     * Example: {@code date("iso", "MM/dd/yyyy", null, null)} on {@code "1984-03-15"} →
     * {@code "03/15/1984"}; {@code date("iso", "yyyy-MM-dd HH:mm", null, "UTC")} on
     * {@code "2026-11-02T09:15:00-06:00"} → {@code "2026-11-02 15:15"};
     * {@code date("iso", "epochSeconds", null, null)} on {@code "1970-01-02"} → {@code "86400"}.
     *
     * @param from     input pattern or named form; {@code null} means {@value #ISO}
     * @param to       output pattern or named form; {@code null} means {@value #ISO}
     * @param fromZone zone for input without an offset; {@code null} means UTC
     * @param toZone   zone to convert to before formatting; {@code null} keeps the input's zone
     * @throws IllegalArgumentException for an invalid pattern or zone (a mapping error)
     */
    public static Transform date(String from, String to, String fromZone, String toZone) {
        Reader reader = new Reader(from, fromZone);
        String output = to == null ? ISO : to;
        DateTimeFormatter formatter = named(output) ? null : DateTimeFormatter.ofPattern(output, Locale.ROOT);
        ZoneId target = toZone == null ? null : ZoneId.of(toZone);
        return new Transform() {
            @Override
            public String apply(String value, TransformContext context) {
                if (value == null || value.isBlank()) {
                    return value;
                }
                ZonedDateTime parsed = reader.read(value.strip(), context);
                if (parsed == null) {
                    return null;
                }
                ZonedDateTime shown = target == null ? parsed : parsed.withZoneSameInstant(target);
                try {
                    switch (output) {
                        case EPOCH_SECONDS:
                            return Long.toString(shown.toEpochSecond());
                        case EPOCH_MILLIS:
                            return Long.toString(shown.toInstant().toEpochMilli());
                        case ISO:
                            return shown.toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                        default:
                            return formatter.format(shown);
                    }
                } catch (DateTimeException e) {
                    context.fail("cannot format '" + value + "' as '" + output + "': " + e.getMessage());
                    return null;
                }
            }

            @Override
            public Optional<ValueKind> outputKind() {
                return output.equals(EPOCH_SECONDS) || output.equals(EPOCH_MILLIS)
                        ? Optional.of(ValueKind.INTEGER) : Optional.of(ValueKind.DATE);
            }
        };
    }

    /**
     * Whole years between a date of birth and today on the injected clock.
     * Example: with the clock at 2026-11-25, {@code "1984-03-15"} → {@code "42"}.
     *
     * @param from input pattern or named form; {@code null} means {@value #ISO}
     * @param zone the zone "today" is taken in; {@code null} means UTC
     */
    public static Transform age(String from, String zone) {
        Reader reader = new Reader(from, zone);
        ZoneId today = zone == null ? DEFAULT_ZONE : ZoneId.of(zone);
        return new Transform() {
            @Override
            public String apply(String value, TransformContext context) {
                if (value == null || value.isBlank()) {
                    return value;
                }
                ZonedDateTime born = reader.read(value.strip(), context);
                if (born == null) {
                    return null;
                }
                LocalDate now = LocalDate.now(context.clock().withZone(today));
                LocalDate birthday = born.withZoneSameInstant(today).toLocalDate();
                if (birthday.isAfter(now)) {
                    context.fail("date of birth '" + value + "' is in the future");
                    return null;
                }
                return Integer.toString(Period.between(birthday, now).getYears());
            }

            @Override
            public Optional<ValueKind> outputKind() {
                return Optional.of(ValueKind.INTEGER);
            }
        };
    }

    private static boolean named(String form) {
        return form.equals(ISO) || form.equals(EPOCH_SECONDS) || form.equals(EPOCH_MILLIS);
    }

    /** Reads one input form into a zoned date-time; prepared once per transform. */
    private static final class Reader {
        private final String form;
        private final DateTimeFormatter formatter;
        private final ZoneId zone;

        Reader(String from, String fromZone) {
            this.form = from == null ? ISO : from;
            this.formatter = named(form) ? null : DateTimeFormatter.ofPattern(form, Locale.ROOT);
            this.zone = fromZone == null ? DEFAULT_ZONE : ZoneId.of(fromZone);
        }

        ZonedDateTime read(String value, TransformContext context) {
            try {
                switch (form) {
                    case EPOCH_SECONDS:
                        return Instant.ofEpochSecond(Long.parseLong(value)).atZone(zone);
                    case EPOCH_MILLIS:
                        return Instant.ofEpochMilli(Long.parseLong(value)).atZone(zone);
                    case ISO:
                        return readIso(value);
                    default:
                        return toZoned(formatter.parseBest(value, ZonedDateTime::from, OffsetDateTime::from,
                                LocalDateTime::from, LocalDate::from));
                }
            } catch (DateTimeException | NumberFormatException e) {
                context.fail("'" + value + "' is not a date in the form '" + form + "'");
                return null;
            }
        }

        private ZonedDateTime readIso(String value) {
            if (value.length() <= 10) {
                return LocalDate.parse(value).atStartOfDay(zone);
            }
            try {
                return ZonedDateTime.parse(value, DateTimeFormatter.ISO_DATE_TIME);
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(value, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone);
            }
        }

        private ZonedDateTime toZoned(TemporalAccessor parsed) {
            if (parsed instanceof ZonedDateTime) {
                return (ZonedDateTime) parsed;
            }
            if (parsed instanceof OffsetDateTime) {
                return ((OffsetDateTime) parsed).toZonedDateTime();
            }
            if (parsed instanceof LocalDateTime) {
                return ((LocalDateTime) parsed).atZone(zone);
            }
            return Objects.requireNonNull((LocalDate) parsed).atStartOfDay(zone);
        }
    }
}
