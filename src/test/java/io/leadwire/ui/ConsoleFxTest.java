package io.leadwire.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.ui.live.LeadRow;
import io.leadwire.ui.shell.ConsoleWindow;
import io.leadwire.ui.vendors.VendorRow;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The console against a real engine and real HTTP posts, driven through its widgets. */
class ConsoleFxTest {
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
    }

    @AfterEach
    void tearDown() throws Exception {
        ConsoleStage.close(window);
        executor.close();
        engine.close();
    }

    @Test
    void shouldShowLeadInLiveFeedWhenVendorPostsIt() throws Exception {
        String key = engine.engine.vendors().add("Acme Leads", List.of()).apiKey();
        TableView<LeadRow> table = robot.lookup("#lead-table").queryTableView();

        long posted = System.nanoTime();
        int status = engine.post(key, RunningEngine.lead("ACME-42", "Ann", "Lee", "ann@example.com", "Ireland"));

        assertThat(status).isEqualTo(202);
        WaitForAsyncUtils.waitFor(2, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                table.getItems().stream().anyMatch(r -> r.vendorLeadId().equals("ACME-42"))).get());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - posted);
        LeadRow row = WaitForAsyncUtils.asyncFx(() -> table.getItems().get(0)).get();
        assertThat(row.vendor()).isEqualTo("Acme Leads");
        assertThat(row.name()).isEqualTo("Ann Lee");
        assertThat(row.country()).isEqualTo("Ireland");
        assertThat(millis).as("visible within about a second of the POST").isLessThan(2000);
    }

    @Test
    void shouldAcceptPostsWithKeyShownWhenVendorIsAddedOnVendorsScreen() throws Exception {
        robot.clickOn("#nav-vendors");
        robot.clickOn("#add-vendor-button");
        WaitForAsyncUtils.waitFor(2, TimeUnit.SECONDS,
                () -> robot.lookup("#vendor-name-field").tryQuery().isPresent());
        robot.clickOn("#vendor-name-field").write("Zeta Leads");
        robot.clickOn("#add-vendor-confirm");

        WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS,
                () -> robot.lookup("#issued-key-field").tryQuery().isPresent());
        TextField keyField = robot.lookup("#issued-key-field").queryAs(TextField.class);
        String key = WaitForAsyncUtils.asyncFx(() -> keyField.getText()).get();
        assertThat(keyField.isEditable()).isFalse();
        assertThat(key).isNotBlank();
        robot.clickOn("#copy-key-button");
        assertThat(WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get())
                .isEqualTo(key);

        int status = engine.post(key, RunningEngine.lead("Z-1", "Zoë", "Dubois", "zoe@example.com", "Spain"));

        assertThat(status).isEqualTo(202);
        TableView<VendorRow> vendors = robot.lookup("#vendor-table").queryTableView();
        WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                vendors.getItems().stream().anyMatch(r -> r.name().equals("Zeta Leads") && r.leadsToday() == 1))
                .get());
    }

    @Test
    void shouldKeepAddDialogOpenWithReasonWhenNameIsTaken() throws Exception {
        engine.engine.vendors().add("Acme Leads", List.of());
        robot.clickOn("#nav-vendors");
        robot.clickOn("#add-vendor-button");
        WaitForAsyncUtils.waitFor(2, TimeUnit.SECONDS,
                () -> robot.lookup("#vendor-name-field").tryQuery().isPresent());
        robot.clickOn("#vendor-name-field").write("Acme Leads");
        robot.clickOn("#add-vendor-confirm");

        WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS, () ->
                robot.lookup("A vendor named 'Acme Leads' exists already. Choose another name.").tryQuery()
                        .isPresent());
        assertThat(robot.lookup("#vendor-name-field").tryQuery()).as("dialog still open to fix the name").isPresent();
        assertThat(robot.lookup("#issued-key-field").tryQuery()).isEmpty();
    }

    @Test
    void shouldRefuseOldKeyWhenOperatorConfirmsRevokeOnVendorsScreen() throws Exception {
        String key = engine.engine.vendors().add("Acme Leads", List.of()).apiKey();
        robot.clickOn("#nav-vendors");
        TableView<VendorRow> vendors = robot.lookup("#vendor-table").queryTableView();
        WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                vendors.getItems().size() == 1).get());
        robot.clickOn("Acme Leads");
        robot.clickOn("#revoke-key-button");
        robot.clickOn("Revoke key");

        WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                vendors.getItems().get(0).key().equals("revoked")).get());
        assertThat(engine.post(key, RunningEngine.lead("A-1", "Ann", "Lee", "ann@example.com", "Ireland")))
                .isEqualTo(401);
    }
}
