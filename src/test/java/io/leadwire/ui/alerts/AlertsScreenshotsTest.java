package io.leadwire.ui.alerts;

import io.leadwire.metrics.AlertRule;
import io.leadwire.store.AlertRepository;
import io.leadwire.ui.ConsoleStage;
import io.leadwire.ui.FxUiExecutor;
import io.leadwire.ui.RunningEngine;
import io.leadwire.ui.ScenePng;
import io.leadwire.ui.shell.ConsoleWindow;
import io.leadwire.ui.shell.Screen;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
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
 * Renders the Alerts screen headless on a real engine with a seeded alert log, light and dark:
 * {@code mvn -q test -Dtest=AlertsScreenshotsTest -Dleadwire.screenshots.dir=docs/screenshots}.
 */
class AlertsScreenshotsTest {
    @TempDir
    Path dataDir;
    private Path outDir;
    private RunningEngine engine;
    private FxUiExecutor executor;
    private ConsoleWindow window;
    private AlertSeed seed;
    private long breaker;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void setUp() throws Exception {
        outDir = Path.of(System.getProperty("leadwire.screenshots.dir", "target/screenshots")).toAbsolutePath();
        Files.createDirectories(outDir);
        FxToolkit.registerPrimaryStage();
        seed = new AlertSeed(Instant.now());
        long[] seeded = new long[1];
        engine = RunningEngine.startAfter(dataDir, ds -> seeded[0] = seed.seed(new AlertRepository(ds)));
        breaker = seeded[0];
        executor = new FxUiExecutor(2);
        window = ConsoleStage.show(engine.services(Optional.empty()), executor);
    }

    @AfterEach
    void tearDown() throws Exception {
        ConsoleStage.close(window);
        executor.close();
        engine.close();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }

    @Test
    void shouldRenderTheAlertLogAndTheRulesEditorLightAndDark() throws Exception {
        AlertsViewModel vm = window.alerts();
        robot.clickOn("#nav-alerts");
        robot.interact(() -> vm.operatorProperty().set("maria.ops"));
        // Only alerts raised after the console knows its starting point notify.
        waitUntil(() -> vm.rows().size() == 5 && vm.watchingProperty().get());
        robot.interact(() -> vm.reveal(breaker));
        waitUntil(() -> vm.detailEscalations().size() == 3);
        // A new alert while the operator looks: its notification appears in the corner.
        seed.fresh(new AlertRepository(engine.engine.database().dataSource()));
        waitUntil(() -> vm.notifications().size() == 1 && vm.rows().size() == 6);
        robot.interact(() -> vm.reveal(breaker));
        shoot(window.scene(), "alerts.png");

        robot.interact(() -> {
            vm.dismissNotification(vm.notifications().get(0));
            vm.showResolvedProperty().set(true);
            window.shell().darkThemeProperty().set(true);
        });
        waitUntil(() -> vm.rows().size() == 8);
        robot.interact(() -> vm.reveal(breaker));
        shoot(window.scene(), "alerts-dark.png");

        robot.interact(() -> {
            tabs().getSelectionModel().select(1);
            vm.rule(AlertRule.DELIVERY_RATE).thresholdProperty().set("150");
            vm.rule(AlertRule.NO_SUCCESS).windowProperty().set("half an hour");
            vm.escalationEnabledProperty().set(true);
            vm.slackUrlProperty().set("https://hooks.slack.com/services/T000/B000/XXXX");
            vm.smtpHostProperty().set("smtp.example.com");
            vm.emailFromProperty().set("leadwire@example.com");
            vm.emailToProperty().set("oncall@example.com");
            vm.smtpUserProperty().set("leadwire");
            vm.newPasswordProperty().set("correct horse");
        });
        shoot(window.scene(), "alerts-rules-dark.png");
        robot.interact(() -> {
            window.shell().darkThemeProperty().set(false);
            vm.rule(AlertRule.DELIVERY_RATE).thresholdProperty().set("10");
            vm.rule(AlertRule.NO_SUCCESS).windowProperty().set("30m");
        });
        robot.interact(vm::save);
        waitUntil(() -> vm.savedInfoProperty().get().startsWith("Version 1"));
        // Down to the escalation settings: the password shows only as set.
        robot.interact(() -> robot.lookup(".settings-scroll").queryAs(javafx.scene.control.ScrollPane.class)
                .setVvalue(1));
        shoot(window.scene(), "alerts-rules.png");
        robot.interact(() -> window.shell().screenProperty().set(Screen.LIVE_FEED));
    }

    private TabPane tabs() {
        return robot.lookup("#alerts-tabs").queryAs(TabPane.class);
    }

    private void shoot(Scene scene, String name) {
        ScenePng.shoot(robot, scene, outDir.resolve(name));
    }
}
