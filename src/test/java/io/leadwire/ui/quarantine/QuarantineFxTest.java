package io.leadwire.ui.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.LeadStatus;
import io.leadwire.store.QuarantineRepository.TimelineEntry;
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
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The quarantine desk in the real console window, driven by mouse and keyboard. */
class QuarantineFxTest {
    @TempDir
    Path dir;
    private InMemoryConsole console;
    private FxUiExecutor executor;
    private ConsoleWindow window;
    private TableView<QueueRow> table;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        console = new InMemoryConsole(QuarantineQueue.CLOCK, dir.resolve("console.properties"));
        QuarantineQueue.seed(console);
        executor = new FxUiExecutor(2);
        window = ConsoleStage.show(console.services, executor);
        robot.clickOn("#nav-quarantine");
        table = robot.lookup("#quarantine-table").queryTableView();
        waitUntil(() -> table.getItems().size() == 13);
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

    private String idOf(String vendorLeadId) throws Exception {
        return fx(() -> table.getItems().stream().filter(r -> r.vendorLeadId().equals(vendorLeadId)).findFirst()
                .orElseThrow().id());
    }

    @Test
    void shouldRecheckAsTheOperatorTypesAndReleaseWithCtrlEnterWhenTheEmailIsFixed() throws Exception {
        String id = idOf("ACME-1043");
        robot.clickOn("ACME-1043");
        waitUntil(() -> window.quarantine().getRevalidations() > 0);
        assertThat(label("#quarantine-outcome")).startsWith("held — 1 error");

        TextField email = robot.lookup("#field-email").queryAs(TextField.class);
        robot.interact(() -> {
            email.requestFocus();
            email.selectAll();
        });
        robot.write("maria.oneil@example.com");

        waitUntil(() -> window.quarantine().getOutcomeText().equals("With your edits: passes — releasing accepts it"));
        assertThat(label("#quarantine-score")).isEqualTo("100");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);

        waitUntil(() -> table.getItems().size() == 12);
        assertThat(console.leads.findById(id).orElseThrow().status()).isEqualTo(LeadStatus.ACCEPTED);
        List<TimelineEntry> events = console.quarantine.timeline(id);
        assertThat(events.get(events.size() - 1).actor()).isEqualTo(RunningEngine.OPERATOR);
        assertThat(events.get(events.size() - 1).detail()).startsWith("by ops.tester after editing email");
        assertThat(label("#quarantine-message")).isEqualTo("Released ACME-1043: accepted.");
    }

    @Test
    void shouldShowWhyAndKeepTheLeadWhenReleasedWithItsErrorsByTheRKey() throws Exception {
        robot.clickOn("BM-2207");
        waitUntil(() -> window.quarantine().getRevalidations() > 0);

        robot.type(KeyCode.R);

        waitUntil(() -> !window.quarantine().getRefusal().isEmpty());
        assertThat(label("#release-refusal")).startsWith("Lead BM-2207 cannot be released:");
        assertThat(fx(() -> table.getItems().size())).isEqualTo(13);
    }

    @Test
    void shouldRejectTheSelectionInOneTransactionWithTheProgressBarFinishingWhenBulkRejected() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int row = i;
            ids.add(fx(() -> table.getItems().get(row).id()));
        }
        robot.clickOn(fx(() -> table.getItems().get(0).vendorLeadId()));
        robot.press(KeyCode.SHIFT).clickOn(fx(() -> table.getItems().get(3).vendorLeadId())).release(KeyCode.SHIFT);
        waitUntil(() -> window.quarantine().selectedIds().size() == 4);
        assertThat(robot.lookup("#reject-button").queryButton().getText()).isEqualTo("Reject 4…");

        robot.type(KeyCode.X);
        waitUntil(() -> robot.lookup("#reject-reason").tryQuery().isPresent());
        ComboBox<?> reason = robot.lookup("#reject-reason").queryAs(ComboBox.class);
        robot.clickOn(reason.getEditor()).write("Fake or test lead");
        robot.clickOn("#reject-confirm");

        ProgressBar bar = robot.lookup("#bulk-progress").queryAs(ProgressBar.class);
        waitUntil(() -> bar.getProgress() == 1.0 && label("#bulk-label").equals("Rejected 4 leads."));
        waitUntil(() -> table.getItems().size() == 9);
        for (String id : ids) {
            assertThat(console.leads.findById(id).orElseThrow().status()).isEqualTo(LeadStatus.REJECTED);
            List<TimelineEntry> events = console.quarantine.timeline(id);
            assertThat(events.get(events.size() - 1).detail()).isEqualTo("by ops.tester: Fake or test lead");
        }
    }

    @Test
    void shouldMoveThroughTheQueueAndFocusTheSearchWithoutTheMouseWhenKeysArePressed() throws Exception {
        robot.clickOn(fx(() -> table.getItems().get(0).vendorLeadId()));
        String first = fx(() -> table.getItems().get(0).vendorLeadId());
        String second = fx(() -> table.getItems().get(1).vendorLeadId());
        waitUntil(() -> label("#quarantine-detail-title").startsWith(first));

        robot.type(KeyCode.J);
        waitUntil(() -> label("#quarantine-detail-title").startsWith(second));
        robot.type(KeyCode.J);
        robot.type(KeyCode.K);
        waitUntil(() -> label("#quarantine-detail-title").startsWith(second));
        assertThat(fx(() -> table.getSelectionModel().getSelectedIndex())).isEqualTo(1);
        robot.type(KeyCode.DOWN);
        waitUntil(() -> table.getSelectionModel().getSelectedIndex() == 2);

        robot.type(KeyCode.SLASH);
        TextField search = robot.lookup("#quarantine-search").queryAs(TextField.class);
        waitUntil(search::isFocused);
        robot.write("siob").type(KeyCode.ENTER);
        waitUntil(() -> table.getItems().size() == 1 && table.isFocused());
        assertThat(fx(() -> table.getItems().get(0).vendorLeadId())).isEqualTo("BM-2220");
    }

    @Test
    void shouldLinkTheDuplicateFromTheDialogWhenTheOriginalIsChosen() throws Exception {
        String id = idOf("NW-3322");
        robot.clickOn("NW-3322");
        waitUntil(() -> window.quarantine().getRevalidations() > 0);

        robot.type(KeyCode.L);
        waitUntil(() -> robot.lookup("#original-search").tryQuery().isPresent());
        robot.clickOn("#original-search").write("ivan@example");
        waitUntil(() -> window.quarantine().originals().size() == 1);
        String original = "ACME-1080 · Ivan Petrov · ivan@example.com · accepted";
        waitUntil(() -> robot.lookup(original).tryQuery().isPresent());
        robot.clickOn(original);
        waitUntil(() -> !robot.lookup("#link-confirm").queryButton().isDisabled());
        robot.clickOn("#link-confirm");

        waitUntil(() -> table.getItems().size() == 12);
        assertThat(console.leads.findById(id).orElseThrow().status()).isEqualTo(LeadStatus.REJECTED);
        List<TimelineEntry> events = console.quarantine.timeline(id);
        assertThat(events.get(events.size() - 1).type()).isEqualTo("duplicate_linked");
    }

    @Test
    void shouldShowANewlyHeldLeadAndItsReasonCountWhenTheStageQuarantinesIt() throws Exception {
        String vendorId = console.vendors.list().get(0).id();

        console.storeJudged(vendorId, "NEW-1", java.util.Map.of("first_name", "Nia", "last_name", "Long",
                "email", "nia@mailinator.com", "phone", "+442079460999", "country", "United Kingdom"),
                QuarantineQueue.NOW);

        waitUntil(() -> table.getItems().size() == 14);
        waitUntil(() -> window.quarantine().reasonChips().stream()
                .anyMatch(c -> "email.disposable".equals(c.code()) && c.count() == 3));
        assertThat(label("#quarantine-total")).isEqualTo("14 leads held");
    }
}
