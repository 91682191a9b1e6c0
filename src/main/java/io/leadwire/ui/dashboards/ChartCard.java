package io.leadwire.ui.dashboards;

import io.leadwire.ui.dashboards.ChartData.Drill;
import io.leadwire.ui.dashboards.ChartData.Point;
import io.leadwire.ui.dashboards.ChartData.Series;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.chart.AreaChart;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * One chart on a dashboard: a title, PNG and CSV export buttons, and the chart drawn from
 * {@link ChartData} (or "No data in this range" instead of empty axes). Points of a series that
 * can be drilled into open what they count when clicked.
 */
public final class ChartCard extends VBox {
    /** What the view does when a point is clicked. */
    public interface DrillHandler {
        void drill(ChartData chart, Series series, Point point);
    }

    private static final int MAX_TICKS = 8;
    /** Beyond this many buckets the point symbols are drawn small, so lines stay readable. */
    private static final int DENSE_POINTS = 48;

    private final Label title = new Label();
    private final StackPane body = new StackPane();
    private final Label noData = new Label("No data in this range");
    private final DrillHandler onDrill;
    private ChartData data;
    private XYChart<?, ?> chart;

    public ChartCard(String id, Consumer<ChartCard> onPng, Consumer<ChartCard> onCsv, DrillHandler onDrill) {
        this.onDrill = onDrill;
        setId(id);
        getStyleClass().add("chart-card");
        title.getStyleClass().add("card-title");
        Button png = new Button("PNG…");
        png.setId(id + "-png");
        png.getStyleClass().addAll("small", "flat");
        png.setTooltip(new Tooltip("Save the chart as a picture"));
        png.setOnAction(e -> onPng.accept(this));
        Button csv = new Button("CSV…");
        csv.setId(id + "-csv");
        csv.getStyleClass().addAll("small", "flat");
        csv.setTooltip(new Tooltip("Save the chart's figures as CSV"));
        csv.setOnAction(e -> onCsv.accept(this));
        png.disableProperty().bind(noData.visibleProperty());
        csv.disableProperty().bind(noData.visibleProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox header = new HBox(title, gap, png, csv);
        header.getStyleClass().add("card-header");
        body.getStyleClass().add("chart-body");
        noData.getStyleClass().add("no-data");
        noData.setId(id + "-no-data");
        VBox.setVgrow(body, Priority.ALWAYS);
        getChildren().addAll(header, body);
    }

    public ChartData data() {
        return data;
    }

    /** The chart now drawn, null while there is no data. */
    public XYChart<?, ?> chart() {
        return chart;
    }

    /** The node a PNG export pictures. */
    public Node picture() {
        return body;
    }

    public boolean showsNoData() {
        return noData.isVisible() && body.getChildren().contains(noData);
    }

    public void show(ChartData next) {
        data = next;
        title.setText(next.title());
        if (next.isEmpty()) {
            chart = null;
            noData.setVisible(true);
            body.getChildren().setAll(noData);
            return;
        }
        noData.setVisible(false);
        chart = next.timed() ? timedChart(next) : categoryChart(next);
        chart.setAnimated(false);
        chart.setLegendVisible(next.series().size() > 1);
        // Past three series a legend below wraps into rows the card has no height for.
        chart.setLegendSide(next.series().size() > 3 ? javafx.geometry.Side.RIGHT : javafx.geometry.Side.BOTTOM);
        chart.getYAxis().setLabel(next.valueLabel());
        body.getChildren().setAll(chart);
    }

    private XYChart<Number, Number> timedChart(ChartData d) {
        Map<Long, String> labels = new HashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Series s : d.series()) {
            for (Point p : s.points()) {
                long x = p.bucket().toEpochMilli();
                labels.put(x, p.label());
                first = Math.min(first, x);
                last = Math.max(last, x);
            }
        }
        long step = d.bucket().toMillis();
        long buckets = Math.max(1, (last - first) / step);
        long ticksEvery = Math.max(1, (long) Math.ceil(buckets / (double) MAX_TICKS));
        NumberAxis x = new NumberAxis(first, Math.max(last, first + step), step * ticksEvery);
        x.setAutoRanging(false);
        x.setMinorTickVisible(false);
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return labels.getOrDefault(n.longValue(), "");
            }

            @Override
            public Number fromString(String s) {
                return 0;
            }
        });
        NumberAxis y = valueAxis();
        XYChart<Number, Number> c = d.kind() == ChartData.Kind.AREA ? new AreaChart<>(x, y) : new LineChart<>(x, y);
        for (Series s : d.series()) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(s.name());
            for (Point p : s.points()) {
                series.getData().add(new XYChart.Data<>(p.bucket().toEpochMilli(), p.value()));
            }
            c.getData().add(series);
            wire(d, s, series);
        }
        if (c instanceof LineChart<Number, Number> line) {
            line.setCreateSymbols(true);
        }
        if (buckets > DENSE_POINTS) {
            c.getStyleClass().add("dense");
        }
        return c;
    }

    private XYChart<String, Number> categoryChart(ChartData d) {
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = valueAxis();
        XYChart<String, Number> c = d.kind() == ChartData.Kind.STACKED_BAR ? new StackedBarChart<>(x, y)
                : new BarChart<>(x, y);
        int categories = d.series().stream().mapToInt(s -> s.points().size()).max().orElse(0);
        if (c instanceof BarChart<String, Number> bar) {
            // Many categories need thin gaps to leave room for bars; a few must not become slabs.
            int bars = categories * d.series().size();
            bar.setCategoryGap(categories > 10 ? 3 : categories > 5 ? 10 : bars > 3 ? 40 : 120);
            bar.setBarGap(1);
        }
        for (Series s : d.series()) {
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            series.setName(s.name());
            for (Point p : s.points()) {
                series.getData().add(new XYChart.Data<>(p.label(), p.value()));
            }
            c.getData().add(series);
            wire(d, s, series);
        }
        return c;
    }

    private static NumberAxis valueAxis() {
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(true);
        y.setMinorTickVisible(false);
        return y;
    }

    /** Tooltips on every point; clicks on the points of a drillable series. */
    private <X> void wire(ChartData d, Series s, XYChart.Series<X, Number> series) {
        for (int i = 0; i < series.getData().size(); i++) {
            Node node = series.getData().get(i).getNode();
            if (node == null) {
                continue;
            }
            Point p = s.points().get(i);
            boolean drillable = s.drill() != Drill.NONE && (p.bucket() != null || p.subjectId() != null);
            String text = s.name() + " · " + p.label() + ": " + ChartCsv.number(p.value())
                    + (drillable ? "\nClick to list " + (s.drill() == Drill.VENDOR_LEADS ? "the leads"
                    : "the deliveries") + (p.bucket() == null ? " over the range" : "") : "");
            Tooltip.install(node, new Tooltip(text));
            if (drillable) {
                node.getStyleClass().add("drillable");
                node.setOnMouseClicked(e -> onDrill.drill(d, s, p));
            }
        }
    }

    @Override
    public String toString() {
        return "ChartCard[" + getId() + ", " + (data == null ? "empty" : data.title().toLowerCase(Locale.ROOT)) + "]";
    }
}
