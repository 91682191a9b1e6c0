package io.leadwire.ui.dashboards;

import static io.leadwire.ui.dashboards.DashboardWorld.NOW;

import io.leadwire.ui.ConsoleStage;
import io.leadwire.ui.FxUiExecutor;
import io.leadwire.ui.InMemoryConsole;
import io.leadwire.ui.ScenePng;
import io.leadwire.ui.dashboards.DashboardsViewModel.Dashboard;
import io.leadwire.ui.shell.ConsoleWindow;
import io.leadwire.ui.shell.Screen;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.XYChart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders the three dashboards headless on a seeded week of traffic, light and dark:
 * {@code mvn -q test -Dtest=DashboardsScreenshotsTest -Dleadwire.screenshots.dir=docs/screenshots}.
 */
class DashboardsScreenshotsTest {
    @TempDir
    Path dir;
    private Path outDir;
    private InMemoryConsole console;
    private DashboardWorld world;
    private FxUiExecutor executor;
    private ConsoleWindow window;
    private DashboardsViewModel vm;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void setUp() throws Exception {
        outDir = Path.of(System.getProperty("leadwire.screenshots.dir", "target/screenshots")).toAbsolutePath();
        Files.createDirectories(outDir);
        FxToolkit.registerPrimaryStage();
        console = new InMemoryConsole(Clock.fixed(NOW, ZoneOffset.UTC), dir.resolve("console.properties"));
        world = new DashboardWorld(console);
        world.seedWeek();
        executor = new FxUiExecutor(2);
        window = ConsoleStage.show(console.services, executor);
        vm = window.dashboards();
    }

    @AfterEach
    void tearDown() throws Exception {
        robot.interact(() -> window.shell().darkThemeProperty().set(false));
        ConsoleStage.close(window);
        executor.close();
        console.close();
    }

    @Test
    void shouldRenderEachDashboardLightAndDark() throws Exception {
        robot.clickOn("#nav-dashboards");
        robot.clickOn("#range-last-week");
        waitUntil(() -> vm.getExecutive() != null && vm.getExecutive().range().length().toDays() == 7
                && card("revenue-by-buyer").chart() != null);
        shoot("dashboards-executive.png");

        robot.interact(() -> {
            vm.dashboardProperty().set(Dashboard.VENDORS);
            vm.selectedVendorIds().setAll(world.vendors.get("Acme Leads"), world.vendors.get("Cobalt Direct"));
        });
        waitUntil(() -> vm.getVendors() != null && vm.getVendors().volume().series().size() == 2
                && card("vendor-volume").chart() != null && card("vendor-volume").chart().getData().size() == 2);
        shoot("dashboards-vendors.png");
        javafx.scene.control.ScrollPane vendorScroll = (javafx.scene.control.ScrollPane)
                robot.lookup("#vendors-scroll").query();
        robot.interact(() -> vendorScroll.setVvalue(1));
        shoot("dashboards-vendors-revenue.png");
        robot.interact(() -> vendorScroll.setVvalue(0));

        robot.clickOn("#range-last-day");
        robot.interact(() -> vm.dashboardProperty().set(Dashboard.BUYERS));
        waitUntil(() -> vm.getBuyers() != null && vm.getBuyers().range().length().toHours() == 24
                && card("buyer-latency").chart() != null);
        shoot("dashboards-buyers.png");

        javafx.scene.control.ScrollPane scroll = (javafx.scene.control.ScrollPane) robot.lookup("#buyers-scroll").query();
        robot.interact(() -> scroll.setVvalue(1));
        shoot("dashboards-buyers-tables.png");
        robot.interact(() -> {
            scroll.setVvalue(0);
            window.shell().darkThemeProperty().set(true);
        });
        shoot("dashboards-buyers-dark.png");
        robot.interact(() -> vm.dashboardProperty().set(Dashboard.EXECUTIVE));
        waitUntil(() -> vm.getExecutive().range().length().toHours() == 24
                && card("leads-over-time").chart() != null);
        shoot("dashboards-executive-dark.png");
        robot.interact(() -> window.shell().darkThemeProperty().set(false));

        robot.interact(() -> {
            vm.dashboardProperty().set(Dashboard.VENDORS);
            vm.selectedVendorIds().setAll(world.vendors.get("Acme Leads"));
        });
        waitUntil(() -> card("vendor-volume").chart() != null
                && card("vendor-volume").chart().getData().size() == 1
                && card("vendor-volume").chart().getData().get(0).getName().equals("Acme Leads"));
        XYChart<?, ?> chart = card("vendor-volume").chart();
        Node busiest = chart.getData().get(0).getData().stream()
                .max(java.util.Comparator.comparingDouble(d -> ((Number) d.getYValue()).doubleValue()))
                .orElseThrow().getNode();
        robot.clickOn(busiest);
        waitUntil(() -> robot.lookup("#drill-table").tryQuery().isPresent() && !vm.drillRows().isEmpty());
        Scene dialog = robot.lookup("#drill-dialog").query().getScene();
        ScenePng.shootOver(robot, window.scene(), dialog, outDir.resolve("dashboards-drill-down.png"));
        robot.interact(() -> ((javafx.stage.Stage) dialog.getWindow()).close());
        robot.interact(() -> window.shell().screenProperty().set(Screen.LIVE_FEED));
    }

    private ChartCard card(String id) {
        return robot.lookup("#" + id).queryAs(ChartCard.class);
    }

    private void shoot(String name) {
        ScenePng.shoot(robot, window.scene(), outDir.resolve(name));
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }

}
