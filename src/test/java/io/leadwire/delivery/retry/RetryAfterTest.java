package io.leadwire.delivery.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("1994-11-06T08:49:00Z");

    @Test
    void shouldReadDelaySecondsWhenHeaderIsDigits() {
        assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
    }

    @Test
    void shouldReadAVeryLongDelayWhenSecondsOverflowALong() {
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).contains(Duration.ofSeconds(Long.MAX_VALUE));
    }

    @Test
    void shouldReadAllThreeHttpDateFormsWhenHeaderIsADate() {
        Duration expected = Duration.ofSeconds(37);
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).contains(expected);
        assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).contains(expected);
        assertThat(RetryAfter.parse("Sun Nov  6 08:49:37 1994", NOW)).contains(expected);
        assertThat(RetryAfter.parse("Wed Nov 16 08:49:00 1994", NOW)).contains(Duration.ofDays(10));
    }

    @Test
    void shouldReadZeroWhenDateIsInThePast() {
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(30).atOffset(ZoneOffset.UTC));
        assertThat(RetryAfter.parse(past, NOW)).contains(Duration.ZERO);
    }

    @Test
    void shouldIgnoreHeaderWhenAbsentOrMalformed() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("  ", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("2024-01-01T00:00:00Z", NOW)).isEmpty();
    }
}
