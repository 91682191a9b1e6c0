package io.leadwire.ui.dashboards;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A chart's data as CSV (RFC 4180): a header row, then one row per series and bucket (or
 * category), CRLF line ends, fields quoted when they hold a comma, quote or line break.
 */
public final class ChartCsv {
    private static final String CRLF = "\r\n";

    private ChartCsv() {
    }

    public static String of(ChartData chart) {
        StringBuilder out = new StringBuilder();
        out.append("series,").append(chart.timed() ? "bucket_start" : "category").append(',')
                .append(field(chart.valueLabel() == null ? "value" : chart.valueLabel())).append(CRLF);
        for (ChartData.Series s : chart.series()) {
            for (ChartData.Point p : s.points()) {
                out.append(field(s.name())).append(',')
                        .append(field(chart.timed() ? p.bucket().toString() : p.label())).append(',')
                        .append(number(p.value())).append(CRLF);
            }
        }
        return out.toString();
    }

    /** A field, quoted (quotes doubled) only when it has to be. */
    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** A plain decimal without exponent or trailing zeros: 3, 12.5, 0.25. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "";
        }
        BigDecimal d = new BigDecimal(String.format(Locale.ROOT, "%.6f", v)).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }
}
