package io.leadwire.ui.settings;

import io.leadwire.ui.ScenePng;

import io.leadwire.quality.QualityPolicy;
import io.leadwire.quality.ScoringPolicy;
import io.leadwire.ui.ConsoleStage;
import io.leadwire.ui.FxUiExecutor;
import io.leadwire.ui.RunningEngine;
import io.leadwire.ui.shell.ConsoleWindow;
import io.leadwire.ui.shell.Screen;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.scene.Scene;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders the Settings screen headless:
 * {@code mvn -q test -Dtest=SettingsScreenshotsTest -Dleadwire.screenshots.dir=docs/screenshots}.
 */
class SettingsScreenshotsTest {
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
        // A campaign that was tuned once already, so the screen shows who saved it.
        QualityPolicy tuned = QualityPolicy.builder()
                .requiredFields(List.of("email", "phone"))
                .defaultCountry("GB")
                .allowedValues(Map.of("trading_experience", Set.of("novice", "beginner", "intermediate", "advanced",
                        "expert"), "investment_goal", Set.of("income", "growth", "speculation")))
                .scoring(ScoringPolicy.builder().thresholds(85, 65).build())
                .build();
        engine.engine.qualitySettings().update(tuned, "maria.ops");
        executor = new FxUiExecutor(2);
        window = ConsoleStage.show(engine.services(Optional.empty()), executor);
    }

    @AfterEach
    void tearDown() throws Exception {
        ConsoleStage.close(window);
        executor.close();
        engine.close();
    }

    @Test
    void shouldRenderTheSettingsScreenWhenOpenedWithTunedSettings() {
        robot.clickOn("#nav-settings");
        robot.interact(() -> window.settings().quality().rule(io.leadwire.quality.ScoringRule.HIGH_CAPITAL)
                .setPoints(25));
        shoot(window.scene(), "settings.png");

        robot.interact(() -> {
            window.settings().quality().tier1CountriesProperty().set("US, GB, CA, AU, UK");
            window.settings().quality().businessOpensProperty().set("19:00");
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> robot.lookup("#scoring-section").queryAs(javafx.scene.control.ScrollPane.class)
                .setVvalue(1));
        shoot(window.scene(), "settings-errors.png");
        robot.interact(() -> window.settings().revert());

        robot.interact(() -> {
            window.settings().selectedSectionProperty().set(SettingsSection.VALIDATION);
            window.shell().darkThemeProperty().set(true);
        });
        shoot(window.scene(), "settings-dark.png");
        robot.interact(() -> {
            window.shell().darkThemeProperty().set(false);
            window.shell().screenProperty().set(Screen.LIVE_FEED);
        });
    }

    private void shoot(Scene scene, String name) {
        ScenePng.shoot(robot, scene, outDir.resolve(name));
    }
}
