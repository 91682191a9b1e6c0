package io.leadwire.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Reads the version Maven wrote into the jar. */
final class VersionProvider implements CommandLine.IVersionProvider {
    static String version() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/leadwire-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("leadwire.version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"leadwire " + version(), "Java " + System.getProperty("java.version")};
    }
}
