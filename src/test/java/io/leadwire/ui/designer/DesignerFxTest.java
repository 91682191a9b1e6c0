package io.leadwire.ui.designer;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.ui.ConsoleStage;
import io.leadwire.ui.FxUiExecutor;
import io.leadwire.ui.InMemoryConsole;
import io.leadwire.ui.shell.ConsoleWindow;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import io.leadwire.ui.designer.DesignerAnalysis.TargetNode;
import javafx.scene.control.ListCell;
import javafx.scene.control.TreeCell;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Mappings screen in the real console window, driven with the mouse. */
class DesignerFxTest {
    @TempDir
    Path dir;
    private InMemoryConsole console;
    private FxUiExecutor executor;
    private ConsoleWindow window;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        console = new InMemoryConsole(Clock.systemUTC(), dir.resolve("console.properties"));
        String doc = DesignerFixtures.buyerAbc().replaceFirst(
                "\\{\\s*\"target\"\\s*:\\s*\"ST\"[^}]*\\},?", "");
        console.mappings.saveDraft("Buyer ABC", doc, Clock.systemUTC().instant());
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
    void shouldMapFieldAndChangePreviewWhenSourceIsDraggedOntoTarget() throws Exception {
        robot.clickOn("#nav-designer");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> previewText().contains("PhoneNumber=5125550147"));
        assertThat(previewText()).doesNotContain("ST=");
        List<String> dropped = new CopyOnWriteArrayList<>();
        window.scene().addEventFilter(DragEvent.DRAG_DROPPED, e -> dropped.add(e.getDragboard().getString()));

        robot.drag(sourceCell("state")).dropTo(targetCell("ST"));

        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> previewText().contains("ST=TX"));
        assertThat(dropped).as("a real drag-and-drop delivered the field on the Dragboard").containsExactly("state");
        assertThat(window.designer().getSelectedTarget()).isEqualTo("ST");
        assertThat(window.designer().problems()).noneMatch(p -> p.field().equals("ST"));
    }

    @Test
    void shouldMapWithKeyboardAndPublishWithNoteWhenOperatorAvoidsTheMouseDrag() throws Exception {
        robot.clickOn("#nav-designer");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> previewText().contains("PhoneNumber=5125550147"));

        robot.clickOn(targetCell("ST"));
        robot.clickOn(sourceCell("state"));
        robot.press(KeyCode.CONTROL, KeyCode.M).release(KeyCode.M, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> previewText().contains("ST=TX"));

        robot.clickOn("#publish-button");
        WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS,
                () -> robot.lookup("#publish-note-field").tryQuery().isPresent());
        robot.clickOn("#publish-note-field").write("ST mapped from state");
        robot.type(KeyCode.ENTER);

        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> console.mappings.latest("Buyer ABC").isPresent());
        assertThat(console.mappings.latest("Buyer ABC")).get().satisfies(v -> {
            assertThat(v.version()).isEqualTo(1);
            assertThat(v.note()).isEqualTo("ST mapped from state");
            assertThat(v.documentJson()).contains("\"target\" : \"ST\"");
        });
        robot.clickOn("#versions-tab");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("v1  · latest").tryQuery().isPresent());
    }

    private Node sourceCell(String field) {
        return robot.lookup((Node n) -> n instanceof ListCell && ((ListCell<?>) n).getItem() instanceof SourceFieldRow
                && ((SourceFieldRow) ((ListCell<?>) n).getItem()).name().equals(field)).query();
    }

    private Node targetCell(String path) {
        return robot.lookup((Node n) -> n instanceof TreeCell && ((TreeCell<?>) n).getItem() instanceof TargetNode
                && ((TargetNode) ((TreeCell<?>) n).getItem()).path().equals(path)).query();
    }

    private String previewText() throws Exception {
        TextFlow flow = robot.lookup("#preview-flow").queryAs(TextFlow.class);
        return WaitForAsyncUtils.asyncFx(() -> {
            StringBuilder out = new StringBuilder();
            flow.getChildren().forEach(n -> out.append(((javafx.scene.text.Text) n).getText()));
            return out.toString();
        }).get();
    }
}
