package io.leadwire.ui.buyers;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.ui.ConsoleStage;
import io.leadwire.ui.FxUiExecutor;
import io.leadwire.ui.RunningEngine;
import io.leadwire.ui.shell.ConsoleWindow;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Buyers screen of the real console on a real engine, driven through its widgets. */
class BuyersFxTest {
    @TempDir
    Path dataDir;
    private final MockWebServer sandbox = new MockWebServer();
    private RunningEngine engine;
    private FxUiExecutor executor;
    private ConsoleWindow window;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void setUp() throws Exception {
        sandbox.start(InetAddress.getLoopbackAddress(), 0);
        FxToolkit.registerPrimaryStage();
        engine = RunningEngine.start(dataDir);
        engine.engine.buyers().importFile(BuyerFixtures.buyerFile("Atlas Insurance", "https://api.atlas.example/leads",
                sandbox.url("/sandbox").toString(), "\"price\": \"24.50\""), null, "maria.ops");
        engine.engine.buyerDirectory().refreshNow();
        executor = new FxUiExecutor(2);
        window = ConsoleStage.show(engine.services(Optional.empty()), executor);
        robot.clickOn("#nav-buyers");
        TableView<BuyerListRow> table = robot.lookup("#buyer-table").queryTableView();
        waitUntil(() -> table.getItems().size() == 1);
        robot.clickOn("Atlas Insurance");
        waitUntil(() -> window.buyers().form().loadedProperty().get());
    }

    @AfterEach
    void tearDown() throws Exception {
        ConsoleStage.close(window);
        executor.close();
        engine.close();
        sandbox.shutdown();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }

    private static String text(javafx.scene.control.Labeled control) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> control.getText()).get();
    }

    private static String text(TextArea area) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> area.getText()).get();
    }

    @Test
    void shouldShowTheNewPriceInTheTableWhenThePriceIsEditedAndSaved() throws Exception {
        TextField price = robot.lookup("#buyer-price").queryAs(TextField.class);
        robot.clickOn(price);
        robot.interact(price::selectAll);
        robot.write("27.25");
        Button save = robot.lookup("#save-buyer").queryButton();
        waitUntil(() -> !save.isDisabled());

        robot.clickOn(save);

        TableView<BuyerListRow> table = robot.lookup("#buyer-table").queryTableView();
        waitUntil(() -> table.getItems().get(0).price().equals("27.25"));
        waitUntil(save::isDisabled);
        var stored = engine.engine.buyers().find("Atlas Insurance").orElseThrow();
        assertThat(engine.engine.buyers().definition(stored).price()).isEqualByComparingTo("27.25");
        assertThat(robot.lookup("27.25").tryQuery()).as("the table cell shows it").isPresent();
    }

    @Test
    void shouldShowTheProblemAndKeepSaveDisabledWhenThePriceIsNotANumber() throws Exception {
        TextField price = robot.lookup("#buyer-price").queryAs(TextField.class);
        robot.clickOn(price);
        robot.interact(price::selectAll);
        robot.write("cheap");

        Label error = robot.lookup("#buyer-price-error").queryAs(Label.class);
        waitUntil(error::isVisible);
        assertThat(text(error)).contains("'cheap' is not a number");
        assertThat(robot.lookup("#save-buyer").queryButton().isDisabled()).isTrue();
    }

    @Test
    void shouldShowTheSandboxesResponseWhenATestLeadIsSent() throws Exception {
        sandbox.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody("{\"status\":\"accepted\",\"lead_id\":\"SBX-1234\"}"));
        robot.clickOn("Send test lead");
        Button send = robot.lookup("#send-test-lead").queryButton();
        waitUntil(() -> !send.isDisabled());

        robot.clickOn(send);

        TextArea response = robot.lookup("#test-response").queryAs(TextArea.class);
        waitUntil(() -> response.getText().contains("SBX-1234"));
        assertThat(text(response)).startsWith("HTTP/1.1 200");
        TextArea request = robot.lookup("#test-request").queryAs(TextArea.class);
        assertThat(text(request)).startsWith("POST " + sandbox.url("/sandbox"));
        Label verdict = robot.lookup("#test-verdict").queryAs(Label.class);
        assertThat(text(verdict)).startsWith("Accepted");
        assertThat(sandbox.takeRequest(1, TimeUnit.SECONDS).getBody().readUtf8()).contains("first_name");
    }
}
