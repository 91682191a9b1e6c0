package io.leadwire.delivery.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void shouldForgetCallsWhenTheyAreOlderThanTheWindow() {
        SlidingWindow w = new SlidingWindow(Duration.ofMinutes(5));
        w.record(T0, true);
        w.record(T0.plusSeconds(100), false);
        assertThat(w.counts(T0.plusSeconds(299))).isEqualTo(new SlidingWindow.Counts(2, 1));
        assertThat(w.counts(T0.plusSeconds(300))).isEqualTo(new SlidingWindow.Counts(1, 0));
        assertThat(w.counts(T0.plusSeconds(400))).isEqualTo(new SlidingWindow.Counts(0, 0));
    }

    @Test
    void shouldUseWiderBucketsWhenWindowIsLongerThanTenMinutes() {
        SlidingWindow w = new SlidingWindow(Duration.ofDays(1));
        for (int h = 0; h < 48; h++) {
            w.record(T0.plus(Duration.ofHours(h)), h % 2 == 0);
        }
        SlidingWindow.Counts c = w.counts(T0.plus(Duration.ofHours(47)));
        assertThat(c.calls()).isBetween(24, 25);
        assertThat(c.failureRate()).isBetween(0.45, 0.55);
    }

    @Test
    void shouldNotLetAnOldRecordWipeANewerBucketWhenClockStepsBack() {
        SlidingWindow w = new SlidingWindow(Duration.ofSeconds(10));
        w.record(T0.plusSeconds(20), true);
        w.record(T0, true);
        assertThat(w.counts(T0.plusSeconds(20))).isEqualTo(new SlidingWindow.Counts(1, 1));
    }
}
