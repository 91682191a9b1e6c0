package io.leadwire.ui.dashboards;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;

/**
 * A node snapshot as PNG bytes: the pixels go through {@link PixelReader} into an AWT image that
 * {@code javax.imageio} encodes, so no Swing bridge module is needed.
 */
public final class ChartPng {
    private ChartPng() {
    }

    /** Reads the pixels; call on the thread that owns the image (the FX thread for a snapshot). */
    public static BufferedImage pixels(Image image) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader reader = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, reader.getArgb(x, y));
            }
        }
        return out;
    }

    public static byte[] encode(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!javax.imageio.ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the chart as PNG", e);
        }
    }
}
