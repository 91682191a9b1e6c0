package io.leadwire.ui.quarantine;

import io.leadwire.ui.ScenePng;

import io.leadwire.ui.ConsoleStage;
import io.leadwire.ui.FxUiExecutor;
import io.leadwire.ui.InMemoryConsole;
import io.leadwire.ui.shell.ConsoleWindow;
import io.leadwire.ui.shell.Screen;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders the quarantine desk with a realistic queue to PNG files, headless:
 * {@code mvn -q test -Dtest=QuarantineScreenshotsTest -Dleadwire.screenshots.dir=docs/screenshots}.
 */
class QuarantineScreenshotsTest {
    @TempDir
    Path dir;
    private Path outDir;
    private InMemoryConsole console;
    private FxUiExecutor executor;
    private ConsoleWindow window;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void setUp() throws Exception {
        outDir = Path.of(System.getProperty("leadwire.screenshots.dir", "target/screenshots")).toAbsolutePath();
        Files.createDirectories(outDir);
        FxToolkit.registerPrimaryStage();
        console = new InMemoryConsole(QuarantineQueue.CLOCK, dir.resolve("console.properties"));
        QuarantineQueue.seed(console);
        executor = new FxUiExecutor(2);
        window = ConsoleStage.show(console.services, executor);
    }

    @AfterEach
    void tearDown() throws Exception {
        ConsoleStage.close(window);
        executor.close();
        console.close();
    }

    @Test
    void shouldRenderTheDeskWithAnEditedLeadWhenRunWithDemoData() throws Exception {
        robot.interact(() -> window.shell().screenProperty().set(Screen.QUARANTINE));
        TableView<QueueRow> table = robot.lookup("#quarantine-table").queryTableView();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                table.getItems().size() >= 12).get());
        int row = WaitForAsyncUtils.asyncFx(() -> indexOf(table, "ACME-1043")).get();
        robot.interact(() -> table.getSelectionModel().clearAndSelect(row));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                window.quarantine().getRevalidations() > 0).get());
        TextField email = robot.lookup("#field-email").queryAs(TextField.class);
        robot.interact(() -> {
            email.requestFocus();
            email.selectAll();
        });
        robot.write("maria.oneil@example.com");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                window.quarantine().isReleasable()).get());
        robot.interact(() -> table.requestFocus());

        shoot(window.scene(), "quarantine.png");

        // Dark: a lead held for its score, scrolled to its score breakdown and timeline.
        int low = WaitForAsyncUtils.asyncFx(() -> indexOf(table, "NW-3310")).get();
        int before = WaitForAsyncUtils.asyncFx(() -> window.quarantine().getRevalidations()).get();
        robot.interact(() -> table.getSelectionModel().clearAndSelect(low));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                window.quarantine().getRevalidations() > before).get());
        ScrollPane detail = robot.lookup(".detail-scroll").queryAs(ScrollPane.class);
        robot.interact(() -> {
            window.shell().darkThemeProperty().set(true);
            detail.layout();
            detail.setVvalue(1);
        });
        shoot(window.scene(), "quarantine-dark.png");
        robot.interact(() -> {
            window.shell().darkThemeProperty().set(false);
            detail.setVvalue(0);
        });

        robot.interact(() -> table.getSelectionModel().selectRange(0, 4));
        robot.clickOn("#reject-button");
        WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS, () -> robot.lookup("#reject-reason").tryQuery().isPresent());
        ComboBox<?> reason = robot.lookup("#reject-reason").queryAs(ComboBox.class);
        robot.clickOn(reason.getEditor()).write("Fake or test lead");
        shootOver(window.scene(), reason.getScene(), "quarantine-reject.png");
        robot.clickOn("Cancel");
    }

    private static int indexOf(TableView<QueueRow> table, String vendorLeadId) {
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i).vendorLeadId().equals(vendorLeadId)) {
                return i;
            }
        }
        return 0;
    }

    private void shoot(Scene scene, String name) {
        ScenePng.shoot(robot, scene, outDir.resolve(name));
    }

    private void shootOver(Scene main, Scene dialog, String name) {
        ScenePng.shootOver(robot, main, dialog, outDir.resolve(name));
    }
}
