package io.leadwire.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.quality.QualitySettings;
import io.leadwire.ui.ConsoleStage;
import io.leadwire.ui.FxUiExecutor;
import io.leadwire.ui.RunningEngine;
import io.leadwire.ui.shell.ConsoleWindow;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Settings screen of the real console on a real engine, driven through its widgets. */
class SettingsFxTest {
    @TempDir
    Path dataDir;
    private RunningEngine engine;
    private FxUiExecutor executor;
    private ConsoleWindow window;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        engine = RunningEngine.start(dataDir);
        executor = new FxUiExecutor(2);
        window = ConsoleStage.show(engine.services(Optional.empty()), executor);
        robot.clickOn("#nav-settings");
    }

    @AfterEach
    void tearDown() throws Exception {
        ConsoleStage.close(window);
        executor.close();
        engine.close();
    }

    @Test
    void shouldApplyARulesNewPointsToTheEngineWhenEditedAndSaved() throws Exception {
        TextField points = robot.lookup("#points-invalid_email .text-field").queryAs(TextField.class);
        robot.clickOn(points);
        robot.interact(points::selectAll);
        robot.write("-40").type(KeyCode.ENTER);
        Button save = robot.lookup("#save-settings").queryButton();
        WaitForAsyncUtils.waitFor(2, TimeUnit.SECONDS, () -> !save.isDisabled());

        robot.clickOn(save);

        QualitySettings settings = engine.engine.qualitySettings();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> settings.current().scoring().invalidEmailPoints() == -40);
        Label savedInfo = robot.lookup("#saved-info").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(2, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                savedInfo.getText().startsWith("Saved by " + System.getProperty("user.name"))).get());
        assertThat(settings.snapshot().version()).isEqualTo(1);
        assertThat(WaitForAsyncUtils.asyncFx(() -> save.isDisabled()).get()).isTrue();
    }

    @Test
    void shouldShowTheProblemNextToTheFieldAndBlockSaveWhenStandardIsAboveHot() throws Exception {
        TextField standard = robot.lookup("#standard-spinner .text-field").queryAs(TextField.class);
        robot.clickOn(standard);
        robot.interact(standard::selectAll);
        robot.write("90").type(KeyCode.ENTER);

        Label error = robot.lookup("#standard-error").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(2, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> error.isVisible()).get());
        assertThat(WaitForAsyncUtils.asyncFx(() -> error.getText()).get())
                .isEqualTo("The standard threshold (90) must not be above the hot threshold (85).");
        assertThat(robot.lookup("#save-settings").queryButton().isDisabled()).isTrue();
        assertThat(engine.engine.qualitySettings().snapshot().isDefault()).isTrue();

        robot.clickOn("#revert-settings");
        WaitForAsyncUtils.waitFor(2, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> !error.isVisible()).get());
        assertThat(WaitForAsyncUtils.asyncFx(() -> standard.getText()).get()).isEqualTo("60");
    }

    @Test
    void shouldSaveAnAllowedValueWhenAddedOnTheValidationSection() throws Exception {
        robot.clickOn("#section-validation");
        robot.clickOn("#allowed-value-input").write("Professional").type(KeyCode.ENTER);
        robot.clickOn("#save-settings");

        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> engine.engine.qualitySettings().current()
                .allowedValues().get("trading_experience").contains("professional"));
    }
}
