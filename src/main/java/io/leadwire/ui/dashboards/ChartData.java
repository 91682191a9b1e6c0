package io.leadwire.ui.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one dashboard chart draws, read off the FX thread and handed to the view as a whole: its
 * series of points, either one point per time bucket ({@link #timed()}) or one per category
 * (vendors, latency bins, error classes). The CSV export writes exactly this.
 *
 * @param id         a stable name (node ids, file names)
 * @param title      the card's title
 * @param kind       how it is drawn
 * @param valueLabel what the values are (axis label, CSV header)
 * @param bucket     the bucket length of a timed chart, null for a category chart
 */
public record ChartData(String id, String title, Kind kind, String valueLabel, Duration bucket,
                        List<Series> series) {
    /** The JavaFX chart the data is drawn as. */
    public enum Kind { LINE, AREA, BAR, STACKED_BAR }

    /** What a chart point stands for, when it can be opened. */
    public enum Drill {
        NONE,
        /** The leads a vendor received in the point's bucket. */
        VENDOR_LEADS,
        /** The deliveries to a buyer created in the point's bucket. */
        BUYER_DELIVERIES
    }

    /**
     * One line or bar group.
     *
     * @param subjectId the vendor or buyer it belongs to, null for "all together" or none
     * @param drill     what clicking one of its points opens
     */
    public record Series(String name, String subjectId, Drill drill, List<Point> points) {
        public Series {
            Objects.requireNonNull(name, "name");
            drill = drill == null ? Drill.NONE : drill;
            points = List.copyOf(points);
        }

        public Series(String name, List<Point> points) {
            this(name, null, Drill.NONE, points);
        }
    }

    /**
     * One value: at a bucket ({@code bucket} set, {@code label} its axis text) or of a category.
     *
     * @param subjectId the vendor or buyer a category point stands for (a bar per vendor), so that
     *                  clicking it can list that subject's leads or deliveries over the whole range;
     *                  null when the point stands for no one subject
     */
    public record Point(String label, Instant bucket, double value, String subjectId) {
        public Point {
            Objects.requireNonNull(label, "label");
        }

        public Point(String label, Instant bucket, double value) {
            this(label, bucket, value, null);
        }
    }

    public ChartData {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        series = List.copyOf(series);
    }

    /** Points are time buckets (drawn on a time axis), not categories. */
    public boolean timed() {
        return bucket != null;
    }

    /** Nothing to draw: no series, or every value is zero. */
    public boolean isEmpty() {
        return series.stream().flatMap(s -> s.points().stream()).allMatch(p -> p.value() == 0);
    }

    /** The number of points over all series. */
    public int pointCount() {
        return series.stream().mapToInt(s -> s.points().size()).sum();
    }

    /** The series of this name, if any. */
    public java.util.Optional<Series> series(String name) {
        return series.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
