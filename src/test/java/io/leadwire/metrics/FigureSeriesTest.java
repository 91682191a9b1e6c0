package io.leadwire.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadwire.store.FiguresRepository;
import io.leadwire.store.FiguresRepository.FigureRow;
import io.leadwire.store.FiguresRepository.Grain;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FigureSeriesTest {
    private static final Instant T0 = Instant.parse("2026-03-06T14:00:00Z");

    @Test
    void shouldZeroFillEveryBucketOfTheRangeAndSumSubjects() {
        FigureSeries s = new FigureSeries(Grain.MINUTE, T0, T0.plus(Duration.ofMinutes(5)), List.of(
                row("a", 1, "received", 3), row("b", 1, "received", 2), row("a", 3, "received", 1),
                row("a", 3, "sold", 1)));
        assertThat(s.points(null, "received").values()).extracting(BigDecimal::intValue)
                .containsExactly(0, 5, 0, 1, 0);
        assertThat(s.points("b", "received").values()).extracting(BigDecimal::intValue)
                .containsExactly(0, 2, 0, 0, 0);
        assertThat(s.count(null, "received")).isEqualTo(6);
        assertThat(s.ratio("a", "sold", "received").getAsDouble()).isCloseTo(0.25, within(1e-9));
        assertThat(s.ratio("b", "sold", "returns")).isEmpty();
        assertThat(s.subjects()).containsExactly("a", "b");
    }

    @Test
    void shouldEstimatePercentilesInsideTheirLatencyBin() {
        List<FigureRow> rows = new ArrayList<>();
        // 90 calls in (20, 30] ms, 10 in (200, 300] ms.
        rows.add(row("a", 0, FiguresRepository.latencyMetric(3), 90));
        rows.add(row("a", 0, FiguresRepository.latencyMetric(9), 10));
        FigureSeries s = new FigureSeries(Grain.MINUTE, T0, T0.plusSeconds(60), rows);
        assertThat(s.latencyPercentile("a", 0.5).getAsDouble()).isCloseTo(20 + 10 * 50 / 90.0, within(1e-6));
        assertThat(s.latencyPercentile("a", 0.95).getAsDouble()).isCloseTo(250, within(1e-6));
        assertThat(s.latencyPercentile("a", 0.99).getAsDouble()).isCloseTo(290, within(1e-6));
        assertThat(s.latencyPercentile("nobody", 0.5)).isEmpty();
    }

    @Test
    void shouldSumMetricsByPrefix() {
        FigureSeries s = new FigureSeries(Grain.HOUR, T0, T0.plus(Duration.ofHours(2)), List.of(
                row("a", 0, "err.timeout", 4), row("a", 60, "err.timeout", 1), row("b", 0, "err.server_error", 2)));
        assertThat(s.countsByPrefix(null, "err.")).containsEntry("timeout", 5L).containsEntry("server_error", 2L)
                .hasSize(2);
    }

    private static FigureRow row(String subject, int minute, String metric, long amount) {
        return new FigureRow(subject, T0.plus(Duration.ofMinutes(minute)), metric, BigDecimal.valueOf(amount));
    }
}
