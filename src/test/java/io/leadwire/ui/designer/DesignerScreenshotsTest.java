package io.leadwire.ui.designer;

import io.leadwire.ui.ScenePng;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.LeadStatus;
import io.leadwire.ui.ConsoleStage;
import io.leadwire.ui.FxUiExecutor;
import io.leadwire.ui.InMemoryConsole;
import io.leadwire.ui.shell.ConsoleWindow;
import io.leadwire.ui.shell.Screen;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders the Mappings screen with a realistic buyer to PNG files:
 * {@code mvn -q test -Dtest=DesignerScreenshotsTest -Dleadwire.screenshots.dir=docs/screenshots}.
 */
class DesignerScreenshotsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T07:30:00Z");

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
        console = new InMemoryConsole(Clock.fixed(NOW, ZoneOffset.UTC), dir.resolve("console.properties"));
        String summit = resource("/designer/summit-insurance.json");
        String v1 = summit.replace("\"transforms\": [\"trim\", {\"op\": \"regex\", \"pattern\": \"\\\\D\", "
                + "\"replacement\": \"\"}, {\"op\": \"phone\", \"format\": \"e164\"}]",
                "\"transforms\": [{\"op\": \"phone\", \"format\": \"national\"}]");
        assertThat(v1).isNotEqualTo(summit);
        console.mappings.publish("Summit Insurance", v1, "dana.ops", "First cut from the buyer's PDF",
                NOW.minus(Duration.ofDays(6)));
        console.mappings.publish("Summit Insurance", summit.replace(", \"transforms\": [\"upper\"]", ""),
                "lee.int", "Phone in E.164 as the buyer's API now wants", NOW.minus(Duration.ofDays(2)));
        console.mappings.publish("Summit Insurance", summit, "lee.int", "State upper-cased",
                NOW.minus(Duration.ofHours(5)));
        console.mappings.saveDraft("Buyer ABC", DesignerFixtures.buyerAbc(), NOW);
        String acme = console.vendors.add("Acme Leads", List.of()).vendor().id();
        console.store(acme, "ACME-1042", LeadStatus.ACCEPTED, "Ann", "Lee", "Ireland", NOW.minusSeconds(90));
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
    void shouldRenderDesignerWhenBuyerMappingIsOpen() throws Exception {
        DesignerViewModel designer = window.designer();
        robot.interact(() -> window.shell().screenProperty().set(Screen.DESIGNER));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                designer.buyers().size() == 2 && designer.getSelectedBuyer() != null).get());
        robot.interact(() -> designer.selectedBuyerProperty().set("Summit Insurance"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                designer.getPreviewText().contains("\"phone\": \"+15125550147\"")).get());
        robot.interact(() -> designer.selectedTargetProperty().set("applicant.firstName"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                designer.steps().size() == 3).get());
        robot.interact(() -> designer.selectedTargetProperty().set("applicant.phone"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                designer.steps().size() == 3 && designer.getFinalValue().equals("\"+15125550147\"")).get());
        // The operator re-picks E.164 for the phone: an edit, so the refresh time shown is an edit's.
        robot.interact(() -> designer.setStepArg(2, "format", "e164"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(designer::isDirty).get());
        shoot(window.scene(), "designer.png");

        robot.interact(() -> window.shell().darkThemeProperty().set(true));
        shoot(window.scene(), "designer-dark.png");
        robot.interact(() -> window.shell().darkThemeProperty().set(false));

        TabPane tabs = robot.lookup("#designer-tabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(1));
        ListView<?> versions = robot.lookup("#version-list").queryAs(ListView.class);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                versions.getItems().size() == 3).get());
        robot.interact(() -> {
            versions.getSelectionModel().selectIndices(0, 2);
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                designer.history().getDiffSummary().contains("differ")).get());
        shoot(window.scene(), "designer-diff.png");
        robot.interact(() -> tabs.getSelectionModel().select(0));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DesignerScreenshotsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<String> names() {
        return List.of("designer.png", "designer-dark.png", "designer-diff.png");
    }

    private void shoot(Scene scene, String name) {
        ScenePng.shoot(robot, scene, outDir.resolve(name));
    }
}
