package io.leadwire.ui.buyers;

import io.leadwire.ui.ScenePng;

import io.leadwire.ui.ConsoleStage;
import io.leadwire.ui.FxUiExecutor;
import io.leadwire.ui.RunningEngine;
import io.leadwire.ui.shell.ConsoleWindow;
import io.leadwire.ui.shell.Screen;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders the Buyers screen headless on a real engine with four buyers and real deliveries:
 * {@code mvn -q test -Dtest=BuyersScreenshotsTest -Dleadwire.screenshots.dir=docs/screenshots}.
 */
class BuyersScreenshotsTest {
    @TempDir
    Path dataDir;
    private Path outDir;
    private RunningEngine engine;
    private BuyerWorld world;
    private FxUiExecutor executor;
    private ConsoleWindow window;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void setUp() throws Exception {
        outDir = Path.of(System.getProperty("leadwire.screenshots.dir", "target/screenshots")).toAbsolutePath();
        Files.createDirectories(outDir);
        FxToolkit.registerPrimaryStage();
        engine = RunningEngine.start(dataDir);
        world = new BuyerWorld();
        world.seed(engine, 36);
        executor = new FxUiExecutor(2);
        window = ConsoleStage.show(engine.services(Optional.empty()), executor);
    }

    @AfterEach
    void tearDown() throws Exception {
        ConsoleStage.close(window);
        executor.close();
        engine.close();
        world.close();
    }

    @Test
    void shouldRenderTheBuyersScreenWhenBuyersHaveDelivered() throws Exception {
        robot.clickOn("#nav-buyers");
        BuyersViewModel vm = window.buyers();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                vm.rows().size() == 4 && vm.rows().get(0).attempts() > 0).get());
        robot.interact(() -> vm.select("Atlas Insurance"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                vm.form().loadedProperty().get()).get());
        shoot(window.scene(), "buyers.png");

        robot.interact(() -> {
            tabs().getSelectionModel().select(1);
            vm.form().authProperty().set("{\n  \"type\": \"api_key\",\n  \"name\": \"X-API-Key\",\n"
                    + "  \"value\": \"atl-live-5f2c9a81\"\n}");
            vm.form().callTimeoutProperty().set("2s");
        });
        shoot(window.scene(), "buyers-errors.png");
        robot.interact(() -> {
            vm.revert();
            vm.select("Cedar Auto");
            tabs().getSelectionModel().select(2);
            window.shell().darkThemeProperty().set(true);
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                vm.getBreakerDetail().startsWith("Open")).get());
        shoot(window.scene(), "buyers-dark.png");

        robot.interact(() -> {
            window.shell().darkThemeProperty().set(false);
            vm.select("Atlas Insurance");
            tabs().getSelectionModel().select(3);
        });
        robot.clickOn("#send-test-lead");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                "accepted".equals(vm.getTestOutcome())).get());
        shoot(window.scene(), "buyers-test-send.png");
        robot.interact(() -> window.shell().screenProperty().set(Screen.LIVE_FEED));
    }

    private TabPane tabs() {
        return robot.lookup("#detail-tabs").queryAs(TabPane.class);
    }

    private void shoot(Scene scene, String name) {
        ScenePng.shoot(robot, scene, outDir.resolve(name));
    }
}
