package io.leadwire.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Console preferences kept between runs in a small properties file. */
public final class ConsoleSettings {
    private static final String THEME = "theme";
    public static final String DARK = "dark";
    public static final String LIGHT = "light";

    private final Path file;

    public ConsoleSettings(Path file) {
        this.file = file;
    }

    /** True when the operator chose the dark theme last time; light when nothing was saved. */
    public boolean darkTheme() {
        return DARK.equals(load().getProperty(THEME, LIGHT));
    }

    public void setDarkTheme(boolean dark) {
        Properties p = load();
        p.setProperty(THEME, dark ? DARK : LIGHT);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                p.store(out, "Leadwire console preferences");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not save console preferences to " + file, e);
        }
    }

    private Properties load() {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                // An unreadable preferences file only costs the remembered theme.
                return new Properties();
            }
        }
        return p;
    }
}
