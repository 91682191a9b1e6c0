package io.leadwire.ui.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.ui.ConsoleStage;
import io.leadwire.ui.FxUiExecutor;
import io.leadwire.ui.InMemoryConsole;
import io.leadwire.ui.shell.ConsoleWindow;
import io.leadwire.ui.shell.Screen;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
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

    /** The main window dimmed, with the dialog drawn where it stands over it. */
    private void shootOver(Scene main, Scene dialog, String name) {
        Path file = outDir.resolve(name);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            BufferedImage back = image(main.snapshot(null));
            BufferedImage front = image(dialog.snapshot(null));
            java.awt.Graphics2D g = back.createGraphics();
            g.setColor(new java.awt.Color(0, 0, 0, 90));
            g.fillRect(0, 0, back.getWidth(), back.getHeight());
            int x = (back.getWidth() - front.getWidth()) / 2;
            int y = (back.getHeight() - front.getHeight()) / 3;
            g.setColor(new java.awt.Color(0, 0, 0, 60));
            g.fillRect(x + 4, y + 6, front.getWidth(), front.getHeight());
            g.drawImage(front, x, y, null);
            g.dispose();
            try {
                ImageIO.write(back, "png", file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(distinctColours(file)).as(name + " is not blank").isGreaterThan(20);
    }

    private static BufferedImage image(WritableImage image) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        return out;
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
        Path file = outDir.resolve(name);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            BufferedImage out = image(scene.snapshot(null));
            try {
                ImageIO.write(out, "png", file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(file).exists();
        assertThat(distinctColours(file)).as(name + " is not blank").isGreaterThan(20);
    }

    private static int distinctColours(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < image.getHeight(); y += 3) {
                for (int x = 0; x < image.getWidth(); x += 3) {
                    colours.add(image.getRGB(x, y));
                }
            }
            return colours.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
