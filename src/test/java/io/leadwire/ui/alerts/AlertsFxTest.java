package io.leadwire.ui.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.metrics.AlertRule;
import io.leadwire.store.AlertRepository;
import io.leadwire.store.AlertRepository.AlertRow;
import io.leadwire.store.AlertRepository.State;
import io.leadwire.ui.ConsoleStage;
import io.leadwire.ui.FxUiExecutor;
import io.leadwire.ui.RunningEngine;
import io.leadwire.ui.shell.ConsoleWindow;
import io.leadwire.ui.shell.Screen;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Alerts screen of the real console on a real engine, driven through its widgets. */
class AlertsFxTest {
    @TempDir
    Path dataDir;
    private RunningEngine engine;
    private FxUiExecutor executor;
    private ConsoleWindow window;
    private AlertRepository alerts;
    private AlertSeed seed;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        seed = new AlertSeed(Instant.now());
        engine = RunningEngine.startAfter(dataDir, ds -> seed.seed(new AlertRepository(ds)));
        alerts = new AlertRepository(engine.engine.database().dataSource());
        executor = new FxUiExecutor(2);
        window = ConsoleStage.show(engine.services(Optional.empty()), executor);
        robot.clickOn("#nav-alerts");
        waitUntil(() -> window.shell().getScreen() == Screen.ALERTS && window.alerts().rows().size() == 5);
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

    private TableView<AlertItem> table() {
        return robot.lookup("#alert-table").queryTableView();
    }

    @Test
    void shouldAcknowledgeTwoSelectedAlertsInTheTypedOperatorsName() throws Exception {
        Button ack = robot.lookup("#acknowledge-button").queryButton();
        assertThat(ack.isDisabled()).isTrue();
        robot.clickOn("Birch Loans");
        robot.press(KeyCode.CONTROL).clickOn("Atlas Insurance").release(KeyCode.CONTROL);
        TextField operator = robot.lookup("#alert-operator").queryAs(TextField.class);
        robot.interact(operator::clear);
        robot.clickOn(operator).write("night.shift");
        waitUntil(() -> !ack.isDisabled());
        robot.clickOn(ack);

        waitUntil(() -> alerts.unresolved().stream().filter(a -> a.state() == State.ACKNOWLEDGED).count() == 3);
        assertThat(alerts.unresolved()).filteredOn(a -> a.subjectName().equals("Atlas Insurance")
                || a.subjectName().equals("Birch Loans")).extracting(AlertRow::ackedBy).containsOnly("night.shift");
        waitUntil(() -> robot.lookup("#alerts-message").queryAs(Label.class).getText()
                .equals("Acknowledged 2 alerts as night.shift"));
        waitUntil(() -> table().getItems().stream().filter(i -> i.stateText().equals("Acknowledged by night.shift"))
                .count() == 2);
        assertThat(robot.lookup("#alert-detail-title").queryAs(Label.class).getText()).contains("Atlas Insurance");
    }

    @Test
    void shouldNotifyANewAlertAndShowItWhenTheNotificationIsClicked() throws Exception {
        robot.interact(() -> window.shell().screenProperty().set(Screen.BUYERS));
        // Only alerts raised after the console knows its starting point notify.
        waitUntil(() -> window.alerts().watchingProperty().get());
        long fresh = seed.fresh(alerts);

        waitUntil(() -> robot.lookup(".alert-toast").tryQuery().isPresent());
        assertThat(robot.lookup(".alert-toast .toast-title").queryAs(Label.class).getText())
                .isEqualTo("Error rate up — Dune Energy");
        robot.clickOn(robot.lookup(".alert-toast .toast-show").queryButton());

        waitUntil(() -> window.shell().getScreen() == Screen.ALERTS);
        waitUntil(() -> table().getSelectionModel().getSelectedItem() != null
                && table().getSelectionModel().getSelectedItem().id() == fresh);
        assertThat(robot.lookup(".alert-toast").tryQuery()).isEmpty();
        assertThat(robot.lookup("#alert-detail-message").queryAs(Label.class).getText()).contains("18 of 64");
    }

    @Test
    void shouldShowValidationMessagesAndSaveTheRulesWhenTheyAreRight() throws Exception {
        robot.clickOn("Rules & escalation");
        Button save = robot.lookup("#alert-settings-save").queryButton();
        TextField threshold = robot.lookup("#rule-delivery-rate-threshold").queryAs(TextField.class);
        robot.interact(threshold::clear);
        robot.clickOn(threshold).write("150");

        VBox problems = robot.lookup("#alert-settings-problems").queryAs(VBox.class);
        waitUntil(problems::isVisible);
        assertThat(((Label) problems.getChildren().get(0)).getText())
                .isEqualTo("Delivery rate drop — threshold: a percentage above 0 and below 100, not 150");
        assertThat(save.isDisabled()).isTrue();

        robot.interact(threshold::clear);
        robot.clickOn(threshold).write("20");
        waitUntil(() -> !save.isDisabled());
        robot.clickOn(save);

        waitUntil(() -> engine.engine.alerts().settings().version() == 1);
        assertThat(engine.engine.alerts().settings().value().rule(AlertRule.DELIVERY_RATE).threshold()).isEqualTo(20);
        waitUntil(() -> robot.lookup("#alert-settings-saved").queryAs(Label.class).getText().startsWith("Version 1"));
    }
}
