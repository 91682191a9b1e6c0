package io.leadwire.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Writes scenes to PNG for the screenshots tests: under headless Monocle with software rendering
 * {@code scene.snapshot} draws real pixels, text included, which go through {@code PixelReader}
 * into an AWT image. Every picture is checked not to be blank.
 */
public final class ScenePng {
    private ScenePng() {
    }

    /** Snapshots the scene on the FX thread and writes it to {@code file}. */
    public static void shoot(FxRobot robot, Scene scene, Path file) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> write(image(scene.snapshot(null)), file));
        assertNotBlank(file);
    }

    /** The main window dimmed, with the dialog drawn where it stands over it (centred, a third down). */
    public static void shootOver(FxRobot robot, Scene main, Scene dialog, Path file) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            BufferedImage back = image(main.snapshot(null));
            BufferedImage front = image(dialog.snapshot(null));
            Graphics2D g = back.createGraphics();
            g.setColor(new Color(0, 0, 0, 90));
            g.fillRect(0, 0, back.getWidth(), back.getHeight());
            int x = (back.getWidth() - front.getWidth()) / 2;
            int y = (back.getHeight() - front.getHeight()) / 3;
            g.setColor(new Color(0, 0, 0, 60));
            g.fillRect(x + 4, y + 6, front.getWidth(), front.getHeight());
            g.drawImage(front, x, y, null);
            g.dispose();
            write(back, file);
        });
        assertNotBlank(file);
    }

    /** The snapshot's pixels as an AWT image. */
    public static BufferedImage image(WritableImage image) {
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

    private static void write(BufferedImage image, Path file) {
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertNotBlank(Path file) {
        assertThat(file).exists();
        assertThat(distinctColours(file)).as(file.getFileName() + " is not blank").isGreaterThan(20);
    }

    /** How many different colours a sample of every third pixel has. */
    public static int distinctColours(Path file) {
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
