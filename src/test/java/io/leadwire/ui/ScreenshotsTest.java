package io.leadwire.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.app.DemoLeads;
import io.leadwire.ui.live.LeadRow;
import io.leadwire.ui.shell.ConsoleWindow;
import io.leadwire.ui.shell.Screen;
import io.leadwire.ui.vendors.VendorRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders every screen with demo data to PNG files, headless:
 * {@code mvn -q test -Dtest=ScreenshotsTest -Dleadwire.screenshots.dir=docs/screenshots}.
 */
class ScreenshotsTest {
    @TempDir
    Path dataDir;
    private Path outDir;
    private RunningEngine engine;
    private FxUiExecutor executor;
    private ConsoleWindow window;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void setUp() throws Exception {
        outDir = Path.of(System.getProperty("leadwire.screenshots.dir", "target/screenshots")).toAbsolutePath();
        Files.createDirectories(outDir);
        FxToolkit.registerPrimaryStage();
        engine = RunningEngine.start(dataDir);
        seedDemoData();
        executor = new FxUiExecutor(2);
        window = ConsoleStage.show(engine.services(Optional.of(new FixedDemo(25))), executor);
    }

    @AfterEach
    void tearDown() throws Exception {
        ConsoleStage.close(window);
        executor.close();
        engine.close();
    }

    /** Three vendors, one of them revoked, about thirty good leads and a few refused ones, over HTTP. */
    private void seedDemoData() throws Exception {
        var vendors = engine.engine.vendors();
        String acme = vendors.add("Acme Leads", List.of()).apiKey();
        String bolt = vendors.add("Bolt Media", List.of("127.0.0.1/32", "203.0.113.0/24")).apiKey();
        String north = vendors.add("Northwind Finance", List.of("127.0.0.0/8")).apiKey();
        vendors.add("Old Partner", List.of()).apiKey();
        vendors.revokeKey("Old Partner");
        DemoLeads demo = new DemoLeads(new Random(7));
        String[] keys = {acme, bolt, north};
        String[] prefixes = {"ACME-", "BM-", "NW-"};
        for (int i = 1; i <= 32; i++) {
            int v = i % 7 == 0 ? 2 : i % 3 == 0 ? 1 : 0;
            assertThat(engine.post(keys[v], demo.good(prefixes[v] + (1000 + i)))).isEqualTo(202);
        }
        assertThat(engine.post(bolt, "{\"lead_id\":\"BM-2001\",\"first_name\":\"Gus\",")).isBetween(400, 499);
        assertThat(engine.post(bolt, "{\"lead_id\":\"\",\"first_name\":\"Eve\"}")).isBetween(400, 499);
        assertThat(engine.post(acme, "{\"lead_id\":\"ACME-2002\",\"first_name\":\"Fay\",\"email\":[\"x\"]}"))
                .isBetween(400, 499);
        assertThat(engine.post("not-a-key", demo.good("X-1"))).isEqualTo(401);
    }

    @Test
    void shouldRenderEveryScreenWhenRunWithDemoData() throws Exception {
        TableView<LeadRow> leads = robot.lookup("#lead-table").queryTableView();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                leads.getItems().size() >= 32).get());
        robot.interact(() -> leads.getSelectionModel().select(2));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                !window.liveFeed().timeline().isEmpty()).get());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                window.shell().getLeadsPerMinute().startsWith("32 ")).get());

        shoot(window.scene(), "live-feed.png");

        robot.interact(() -> window.shell().darkThemeProperty().set(true));
        shoot(window.scene(), "live-feed-dark.png");
        robot.interact(() -> window.shell().darkThemeProperty().set(false));

        robot.clickOn("#nav-vendors");
        TableView<VendorRow> vendors = robot.lookup("#vendor-table").queryTableView();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                vendors.getItems().stream().anyMatch(r -> r.refusalsToday() > 0)).get());
        robot.interact(() -> window.vendors().selectedVendorProperty().set(vendors.getItems().get(1)));
        shoot(window.scene(), "vendors.png");

        robot.interact(() -> window.shell().darkThemeProperty().set(true));
        shoot(window.scene(), "vendors-dark.png");
        robot.interact(() -> window.shell().darkThemeProperty().set(false));

        robot.clickOn("#add-vendor-button");
        WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS,
                () -> robot.lookup("#vendor-name-field").tryQuery().isPresent());
        robot.clickOn("#vendor-name-field").write("Zenith Leads");
        robot.clickOn("#vendor-allowlist-field").write("203.0.113.0/24");
        shoot(robot.lookup("#vendor-name-field").query().getScene(), "add-vendor.png");
        robot.clickOn("#add-vendor-confirm");
        WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS,
                () -> robot.lookup("#issued-key-field").tryQuery().isPresent());
        shoot(robot.lookup("#issued-key-field").query().getScene(), "vendor-key.png");

        robot.interact(() -> window.shell().screenProperty().set(Screen.LIVE_FEED));
    }

    /** Stands in for the demo vendor so the status bar shows its rate control. */
    private static final class FixedDemo implements DemoControl {
        private double rate;

        FixedDemo(double rate) {
            this.rate = rate;
        }

        @Override
        public double rate() {
            return rate;
        }

        @Override
        public void setRate(double leadsPerSecond) {
            rate = leadsPerSecond;
        }
    }

    private void shoot(Scene scene, String name) {
        ScenePng.shoot(robot, scene, outDir.resolve(name));
    }
}
