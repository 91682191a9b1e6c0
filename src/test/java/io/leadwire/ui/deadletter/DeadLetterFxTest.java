package io.leadwire.ui.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.LeadStatus;
import io.leadwire.store.DeadLetterRepository;
import io.leadwire.store.DeadLetterRepository.TimelineEntry;
import io.leadwire.ui.ConsoleStage;
import io.leadwire.ui.FxUiExecutor;
import io.leadwire.ui.InMemoryConsole;
import io.leadwire.ui.RunningEngine;
import io.leadwire.ui.shell.ConsoleWindow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The dead-letter desk in the real console window, driven by mouse and keyboard. */
class DeadLetterFxTest {
    @TempDir
    Path dir;
    private InMemoryConsole console;
    private FxUiExecutor executor;
    private ConsoleWindow window;
    private TableView<DeadLetterRow> table;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        console = new InMemoryConsole(DeadLetterQueue.CLOCK, dir.resolve("console.properties"));
        DeadLetterQueue.seed(console);
        executor = new FxUiExecutor(2);
        window = ConsoleStage.show(console.services, executor);
        robot.clickOn("#nav-dead-letters");
        table = robot.lookup("#deadletter-table").queryTableView();
        waitUntil(() -> table.getItems().size() == 9);
    }

    @AfterEach
    void tearDown() throws Exception {
        ConsoleStage.close(window);
        executor.close();
        console.close();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }

    private String label(String id) throws Exception {
        Label l = robot.lookup(id).queryAs(Label.class);
        return fx(l::getText);
    }

    private DeadLetterRow rowOf(String vendorLeadId) throws Exception {
        return fx(() -> table.getItems().stream().filter(r -> r.vendorLeadId().equals(vendorLeadId)).findFirst()
                .orElseThrow());
    }

    @Test
    void shouldListTheEntriesWithTheirLastBuyerAndCountsWhenOpened() throws Exception {
        assertThat(label("#deadletter-total")).isEqualTo("9 leads unsold");
        assertThat(rowOf("ACME-2041").lastBuyer()).isEqualTo("BlueLine Direct");
        assertThat(fx(() -> robot.lookup("#dl-chip-waterfall-exhausted").queryAs(ToggleButton.class).getText()))
                .isEqualTo("Waterfall exhausted");

        robot.clickOn("#dl-chip-no-eligible-buyer");

        waitUntil(() -> table.getItems().size() == 2);
    }

    @Test
    void shouldShowTheContextAndReplayToTheLastBuyerWhenRIsPressed() throws Exception {
        DeadLetterRow row = rowOf("BM-3320");
        robot.clickOn("BM-3320");
        waitUntil(() -> window.deadLetters().isDetailShown());
        assertThat(label("#deadletter-detail-title")).isEqualTo("BM-3320 · Sofia Rossi");
        assertThat(label("#deadletter-last-buyer")).isEqualTo("Tried last: Apex Insurance");
        assertThat(robot.lookup("#deadletter-deliveries .exchange-text").queryAll()).hasSize(2);

        robot.type(KeyCode.R);

        waitUntil(() -> table.getItems().size() == 8);
        assertThat(console.leads.findById(row.leadId()).orElseThrow().status()).isEqualTo(LeadStatus.ROUTED);
        assertThat(console.deliveries.deliveriesOf(row.leadId())).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING));
        List<TimelineEntry> events = console.deadLetterQueue.timeline(row.leadId());
        assertThat(events.get(events.size() - 1).type()).isEqualTo(DeadLetterRepository.REPLAYED);
        assertThat(events.get(events.size() - 1).actor()).isEqualTo(RunningEngine.OPERATOR);
        assertThat(label("#deadletter-message")).isEqualTo("Replayed BM-3320 to Apex Insurance: it goes out now.");
    }

    @Test
    void shouldMoveWithJAndKAndSearchWithSlash() throws Exception {
        robot.clickOn(fx(() -> table.getItems().get(0).vendorLeadId()));
        String second = fx(() -> table.getItems().get(1).vendorLeadId());
        robot.type(KeyCode.J);
        waitUntil(() -> label("#deadletter-detail-title").startsWith(second));
        robot.type(KeyCode.J).type(KeyCode.K);
        waitUntil(() -> table.getSelectionModel().getSelectedIndex() == 1);

        robot.type(KeyCode.SLASH);
        TextField search = robot.lookup("#deadletter-search").queryAs(TextField.class);
        waitUntil(search::isFocused);
        robot.write("rossi").type(KeyCode.ENTER);
        waitUntil(() -> table.getItems().size() == 1 && table.isFocused());
        assertThat(fx(() -> table.getItems().get(0).vendorLeadId())).isEqualTo("BM-3320");
    }

    @Test
    void shouldDiscardTheSelectionWithTheReasonAndFillTheProgressBarWhenBulkDiscarded() throws Exception {
        List<String> leads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int row = i;
            leads.add(fx(() -> table.getItems().get(row).leadId()));
        }
        robot.clickOn(fx(() -> table.getItems().get(0).vendorLeadId()));
        robot.press(KeyCode.SHIFT).clickOn(fx(() -> table.getItems().get(2).vendorLeadId())).release(KeyCode.SHIFT);
        waitUntil(() -> window.deadLetters().selectedIds().size() == 3);
        assertThat(robot.lookup("#discard-button").queryButton().getText()).isEqualTo("Discard 3…");

        robot.type(KeyCode.D);
        waitUntil(() -> robot.lookup("#discard-reason").tryQuery().isPresent());
        ComboBox<?> reason = robot.lookup("#discard-reason").queryAs(ComboBox.class);
        robot.clickOn(reason.getEditor()).write("Too old to sell");
        robot.clickOn("#discard-confirm");

        ProgressBar bar = robot.lookup("#deadletter-bulk-progress").queryAs(ProgressBar.class);
        waitUntil(() -> bar.getProgress() == 1.0 && label("#deadletter-bulk-label").equals("Discarded 3 leads."));
        waitUntil(() -> table.getItems().size() == 6);
        for (String id : leads) {
            assertThat(console.leads.findById(id).orElseThrow().status()).isEqualTo(LeadStatus.UNSOLD);
            List<TimelineEntry> events = console.deadLetterQueue.timeline(id);
            assertThat(events.get(events.size() - 1).detail()).isEqualTo("by ops.tester: Too old to sell");
        }
    }
}
