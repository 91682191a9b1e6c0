package io.leadwire.ui.deadletter;

import io.leadwire.ui.ScenePng;

import io.leadwire.ui.ConsoleStage;
import io.leadwire.ui.FxUiExecutor;
import io.leadwire.ui.InMemoryConsole;
import io.leadwire.ui.shell.ConsoleWindow;
import io.leadwire.ui.shell.Screen;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders the dead-letter desk with a realistic queue to PNG files, headless:
 * {@code mvn -q test -Dtest=DeadLetterScreenshotsTest -Dleadwire.screenshots.dir=docs/screenshots}.
 */
class DeadLetterScreenshotsTest {
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
        console = new InMemoryConsole(DeadLetterQueue.CLOCK, dir.resolve("console.properties"));
        DeadLetterQueue.seed(console);
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
    void shouldRenderTheDeskWithAWaterfallExhaustedLeadWhenRunWithDemoData() throws Exception {
        robot.interact(() -> window.shell().screenProperty().set(Screen.DEAD_LETTERS));
        TableView<DeadLetterRow> table = robot.lookup("#deadletter-table").queryTableView();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                table.getItems().size() == 9).get());
        select(table, "ACME-2041");
        robot.interact(() -> table.requestFocus());

        shoot(window.scene(), "deadletter.png");

        // The deliveries: each buyer's last request and response as they went over the wire.
        ScrollPane context = robot.lookup("#deadletter-detail-scroll").queryAs(ScrollPane.class);
        Node deliveries = robot.lookup("#deadletter-deliveries").query();
        robot.interact(() -> {
            context.layout();
            double content = context.getContent().getBoundsInLocal().getHeight();
            double viewport = context.getViewportBounds().getHeight();
            context.setVvalue(Math.min(1, deliveries.getBoundsInParent().getMinY() / (content - viewport)));
        });
        shoot(window.scene(), "deadletter-deliveries.png");
        robot.interact(() -> context.setVvalue(0));

        // Dark: a lead whose buyer never answered, scrolled to its routing rounds and timeline.
        select(table, "BM-3307");
        ScrollPane detail = robot.lookup("#deadletter-detail-scroll").queryAs(ScrollPane.class);
        robot.interact(() -> {
            window.shell().darkThemeProperty().set(true);
            detail.layout();
            detail.setVvalue(1);
        });
        shoot(window.scene(), "deadletter-dark.png");
        robot.interact(() -> {
            window.shell().darkThemeProperty().set(false);
            detail.setVvalue(0);
        });

        select(table, "NW-4410");
        robot.clickOn("#replay-to-button");
        WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS, () -> robot.lookup("#replay-buyer-list").tryQuery()
                .isPresent());
        ListView<?> buyers = robot.lookup("#replay-buyer-list").queryAs(ListView.class);
        WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                buyers.getItems().size() == 4).get());
        robot.interact(() -> buyers.getSelectionModel().select(3));
        shootOver(window.scene(), buyers.getScene(), "deadletter-replay-to.png");
        robot.clickOn("Cancel");
    }

    private void select(TableView<DeadLetterRow> table, String vendorLeadId) throws Exception {
        int row = WaitForAsyncUtils.asyncFx(() -> indexOf(table, vendorLeadId)).get();
        robot.interact(() -> table.getSelectionModel().clearAndSelect(row));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                window.deadLetters().isDetailShown()
                        && window.deadLetters().getDetailTitle().startsWith(vendorLeadId)).get());
    }

    private static int indexOf(TableView<DeadLetterRow> table, String vendorLeadId) {
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
