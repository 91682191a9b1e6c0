package io.leadwire.ui.dashboards;

import static io.leadwire.ui.dashboards.DashboardWorld.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.ui.ConsoleStage;
import io.leadwire.ui.FxUiExecutor;
import io.leadwire.ui.InMemoryConsole;
import io.leadwire.ui.ScenePng;
import io.leadwire.ui.dashboards.DashboardTables.DrillRow;
import io.leadwire.ui.dashboards.DashboardsViewModel.Dashboard;
import io.leadwire.ui.shell.ConsoleWindow;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Dashboards screen of the real console on the fixed data set, read through its widgets. */
class DashboardsFxTest {
    @TempDir
    Path dir;
    private InMemoryConsole console;
    private DashboardWorld world;
    private FxUiExecutor executor;
    private ConsoleWindow window;
    private DashboardsViewModel vm;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        console = new InMemoryConsole(Clock.fixed(NOW, ZoneOffset.UTC), dir.resolve("console.properties"));
        world = new DashboardWorld(console);
        world.seedFixed();
        executor = new FxUiExecutor(2);
        window = ConsoleStage.show(console.services, executor);
        vm = window.dashboards();
        robot.clickOn("#nav-dashboards");
        waitUntil(() -> vm.getExecutive() != null && card("leads-over-time").chart() != null);
    }

    @AfterEach
    void tearDown() throws Exception {
        ConsoleStage.close(window);
        executor.close();
        console.close();
    }

    @Test
    void shouldDrawTheExecutiveDashboardsTilesAndCharts() throws Exception {
        assertThat(text("#tile-success")).isEqualTo("50.0 %");
        assertThat(text("#tile-revenue")).isEqualTo("30.00");
        assertThat(text("#tile-dead-letters")).isEqualTo("1");

        XYChart<?, ?> volume = card("leads-over-time").chart();
        assertThat(volume).isInstanceOf(LineChart.class);
        assertThat(volume.getData()).extracting(XYChart.Series::getName).containsExactly("Received", "Sold");
        assertThat(volume.getData()).allSatisfy(s -> assertThat(s.getData()).hasSize(25));
        assertThat(volume.isLegendVisible()).isTrue();
        NumberAxis time = (NumberAxis) volume.getXAxis();
        assertThat(time.getTickLabelFormatter().toString(DashboardWorld.H10.toEpochMilli())).isEqualTo("5 Dec 10:00");
        assertThat(time.getTickMarks()).hasSizeBetween(5, 10)
                .allSatisfy(t -> assertThat(time.getTickLabelFormatter().toString(t.getValue())).isNotEmpty());

        BarChart<?, ?> revenue = (BarChart<?, ?>) card("revenue-by-buyer").chart();
        assertThat(categories(revenue)).containsExactly("Birch Loans", "Atlas Insurance");
        assertThat(revenue.getYAxis().getLabel()).isEqualTo("Net revenue");
    }

    @Test
    void shouldDrawVendorChartsAndSaySoWhenARangeHasNoData() throws Exception {
        robot.clickOn("#vendors-tab");
        waitUntil(() -> vm.getVendors() != null && card("vendor-quality").chart() != null);
        XYChart<?, ?> quality = card("vendor-quality").chart();
        assertThat(quality.getData()).extracting(XYChart.Series::getName)
                .containsExactly("Pass rate", "Duplicates", "Invalid email", "Invalid phone", "Geo mismatch");
        assertThat(categories(quality)).containsExactly("Acme Leads", "Beta Media");
        assertThat(text("#tile-pass-rate")).isEqualTo("66.7 %");

        robot.clickOn("#range-last-hour");
        waitUntil(() -> card("vendor-volume").showsNoData());
        assertThat(card("vendor-volume").chart()).isNull();
        assertThat(robot.lookup("#vendor-volume-no-data").queryAs(Label.class).getText())
                .isEqualTo("No data in this range");
        assertThat(robot.lookup("#vendor-volume-csv").queryButton().isDisabled()).isTrue();
        assertThat(text("#tile-received")).isEqualTo("0");
    }

    @Test
    void shouldOpenTheLeadsOfAVendorsBucketWhenItsPointIsClicked() throws Exception {
        robot.interact(() -> {
            vm.dashboardProperty().set(Dashboard.VENDORS);
            vm.selectedVendorIds().setAll(world.vendors.get("Acme Leads"));
        });
        waitUntil(() -> vm.getVendors() != null && card("vendor-volume").chart() != null
                && card("vendor-volume").chart().getData().get(0).getName().equals("Acme Leads"));
        XYChart<?, ?> chart = card("vendor-volume").chart();
        List<? extends XYChart.Data<?, ?>> points = chart.getData().get(0).getData();
        Node tenOClock = points.stream().filter(d -> ((Number) d.getYValue()).intValue() == 4).findFirst()
                .orElseThrow().getNode();
        assertThat(tenOClock.getStyleClass()).contains("drillable");

        robot.clickOn(tenOClock);
        waitUntil(() -> robot.lookup("#drill-table").tryQuery().isPresent() && vm.drillRows().size() == 4);
        TableView<DrillRow> table = robot.lookup("#drill-table").queryTableView();
        assertThat(table.getItems()).extracting(DrillRow::lead).containsExactly("A-1", "A-2", "A-3", "A-4");
        assertThat(text("#drill-title")).isEqualTo("Leads received · Acme Leads · 5 Dec 10:00 – 5 Dec 11:00");
        robot.clickOn("Close");
    }

    @Test
    void shouldExportAChartAsANonBlankPng() throws Exception {
        Path file = dir.resolve("volume.png");
        ChartCard card = card("leads-over-time");
        robot.interact(() -> vm.exportPng(card.data(),
                ChartPng.pixels(card.picture().snapshot(new SnapshotParameters(), null)), file));
        waitUntil(() -> Files.exists(file) && vm.getMessage().startsWith("Saved"));

        BufferedImage png = ImageIO.read(file.toFile());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isGreaterThan(300);
        assertThat(png.getHeight()).isGreaterThan(150);
        assertThat(ScenePng.distinctColours(file)).isGreaterThan(20);
    }

    @Test
    void shouldShowBuyerTablesAndTheLatencyHistogram() throws Exception {
        robot.interact(() -> vm.dashboardProperty().set(Dashboard.BUYERS));
        waitUntil(() -> vm.getBuyers() != null && card("buyer-latency").chart() != null);
        assertThat(card("buyer-latency").chart().getXAxis()).isInstanceOf(CategoryAxis.class);
        assertThat(categories(card("buyer-latency").chart())).hasSize(13)
                .startsWith("≤ 5 ms").endsWith("≤ 1 s");
        assertThat(card("buyer-errors").chart().getData().get(0).getData()).hasSize(2);
        assertThat(text("#tile-p95")).isEqualTo("1,000 ms");
        TableView<?> summary = robot.lookup("#buyer-summary").queryTableView();
        TableView<?> breakers = robot.lookup("#breaker-timeline").queryTableView();
        assertThat(summary.getItems()).hasSize(2);
        assertThat(breakers.getItems()).hasSize(2);
    }

    /** The categories of a bar chart's first series, as drawn along its axis. */
    private static List<Object> categories(XYChart<?, ?> chart) {
        return chart.getData().get(0).getData().stream().map(d -> (Object) d.getXValue()).toList();
    }

    private ChartCard card(String id) {
        return robot.lookup("#" + id).queryAs(ChartCard.class);
    }

    private String text(String query) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup(query).queryAs(Label.class).getText()).get();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }
}
