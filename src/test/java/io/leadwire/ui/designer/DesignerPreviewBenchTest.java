package io.leadwire.ui.designer;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.ui.ConsoleStage;
import io.leadwire.ui.FxUiExecutor;
import io.leadwire.ui.InMemoryConsole;
import io.leadwire.ui.shell.ConsoleWindow;
import io.leadwire.ui.shell.Screen;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Measures the designer's preview refresh on a 20-field JSON mapping in the real window: from an
 * edit on the FX thread to the preview's text nodes holding the new value. Prints the numbers;
 * asserts only that every edit showed up (timings depend on the machine).
 */
class DesignerPreviewBenchTest {
    private static final Logger LOG = LoggerFactory.getLogger(DesignerPreviewBenchTest.class);
    private static final int WARM_UP = 30;
    private static final int EDITS = 100;

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
        console.mappings.saveDraft("Twenty fields", DesignerFixtures.twentyFields(), Clock.systemUTC().instant());
        executor = new FxUiExecutor(2);
        window = ConsoleStage.show(console.services, executor);
    }

    @AfterEach
    void tearDown() throws Exception {
        ConsoleStage.close(window);
        if (executor != null) {
            executor.close();
        }
        console.close();
    }

    @Test
    void shouldShowEveryEditInPreviewWhenTwentyFieldMappingIsEditedRepeatedly() throws Exception {
        DesignerViewModel designer = window.designer();
        robot.interact(() -> window.shell().screenProperty().set(Screen.DESIGNER));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                designer.getPreviewText().contains("\"zip\": \"78701\"")).get());
        robot.interact(() -> designer.selectedTargetProperty().set("address.zip"));
        TextFlow flow = robot.lookup("#preview-flow").queryAs(TextFlow.class);

        // Timestamps taken on the FX thread itself: when the preview's text nodes first hold the
        // new value, and the layout pulse after that (the frame that shows it).
        AtomicReference<String> expected = new AtomicReference<>("");
        AtomicLong updated = new AtomicLong();
        AtomicLong laidOut = new AtomicLong();
        Scene scene = window.scene();
        robot.interact(() -> {
            flow.getChildren().addListener((ListChangeListener<Node>) c -> {
                if (updated.get() == 0 && text(flow).contains(expected.get())) {
                    updated.set(System.nanoTime());
                }
            });
            scene.addPostLayoutPulseListener(() -> {
                if (updated.get() != 0 && laidOut.get() == 0) {
                    laidOut.set(System.nanoTime());
                }
            });
        });

        List<Double> shown = new ArrayList<>();
        List<Double> drawn = new ArrayList<>();
        List<Double> viewModel = new ArrayList<>();
        for (int i = 0; i < WARM_UP + EDITS; i++) {
            int max = 1 + i % 5;
            long[] started = new long[1];
            robot.interact(() -> {
                expected.set("\"zip\": \"" + "78701".substring(0, max) + "\"");
                updated.set(0);
                laidOut.set(0);
                started[0] = System.nanoTime();
                designer.setStepArg(0, "max", String.valueOf(max));
            });
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> laidOut.get() != 0);
            if (i >= WARM_UP) {
                shown.add((updated.get() - started[0]) / 1e6);
                drawn.add((laidOut.get() - started[0]) / 1e6);
                viewModel.add(WaitForAsyncUtils.asyncFx(designer::getLastRefreshMillis).get());
            }
        }

        assertThat(shown).hasSize(EDITS);
        LOG.info("designer preview refresh, 20-field JSON mapping, {} edits: edit->ViewModel applied {}; "
                + "edit->preview text nodes {}; edit->next layout pulse {}", EDITS, summary(viewModel),
                summary(shown), summary(drawn));
    }

    private static String text(TextFlow flow) {
        StringBuilder out = new StringBuilder();
        flow.getChildren().forEach(n -> out.append(((Text) n).getText()));
        return out.toString();
    }

    private static String summary(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "median %.1f ms, p95 %.1f ms, max %.1f ms",
                sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1),
                sorted.get(sorted.size() - 1));
    }
}
