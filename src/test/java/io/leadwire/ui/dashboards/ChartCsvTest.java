package io.leadwire.ui.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.ui.dashboards.ChartData.Drill;
import io.leadwire.ui.dashboards.ChartData.Kind;
import io.leadwire.ui.dashboards.ChartData.Point;
import io.leadwire.ui.dashboards.ChartData.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartCsvTest {
    @Test
    void shouldQuoteFieldsWithCommasQuotesAndLineBreaksAsRfc4180Says() {
        ChartData chart = new ChartData("c", "C", Kind.BAR, "Share (%)", null, List.of(
                new Series("Smith, Jones & \"Co\"", List.of(new Point("line\nbreak", null, 12.5),
                        new Point("plain", null, 0.1 + 0.2)))));

        assertThat(ChartCsv.of(chart)).isEqualTo("series,category,Share (%)\r\n"
                + "\"Smith, Jones & \"\"Co\"\"\",\"line\nbreak\",12.5\r\n"
                + "\"Smith, Jones & \"\"Co\"\"\",plain,0.3\r\n");
    }

    @Test
    void shouldWriteOneRowPerSeriesAndBucketWithTheBucketStart() {
        Instant t = Instant.parse("2026-12-05T10:00:00Z");
        ChartData chart = new ChartData("v", "V", Kind.LINE, "Leads", Duration.ofHours(1), List.of(
                new Series("Acme", "a", Drill.VENDOR_LEADS, List.of(new Point("10:00", t, 4),
                        new Point("11:00", t.plusSeconds(3600), 0))),
                new Series("Beta", List.of(new Point("10:00", t, 1000000), new Point("11:00", t.plusSeconds(3600), 2)))));

        assertThat(ChartCsv.of(chart)).isEqualTo("series,bucket_start,Leads\r\n"
                + "Acme,2026-12-05T10:00:00Z,4\r\n"
                + "Acme,2026-12-05T11:00:00Z,0\r\n"
                + "Beta,2026-12-05T10:00:00Z,1000000\r\n"
                + "Beta,2026-12-05T11:00:00Z,2\r\n");
    }
}
