package io.leadwire.app;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stdout of a {@code leadwire serve} a process test started in its own JVM: every line,
 * collected by a daemon thread, and the intake URL the process announced.
 */
record ServeOutput(List<String> lines, String intakeUrl) {
    private static final Pattern SERVING = Pattern.compile("leadwire serving at (http://\\S+)");

    /** The URL of a text-mode "leadwire serving at …" line, or null for any other line. */
    static String servingUrl(String line) {
        Matcher m = SERVING.matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /** Follows {@code p}'s stdout and waits (up to 60 s, failing if it exits) for its text-mode URL line. */
    static ServeOutput follow(Process p, String name) {
        return follow(p, name, ServeOutput::servingUrl);
    }

    /** Follows {@code p}'s stdout and waits for the first line in which {@code intakeUrl} finds a URL. */
    static ServeOutput follow(Process p, String name, Function<String, String> intakeUrl) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(stdout closed: " + e + ")");
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
        String url = await().atMost(Duration.ofSeconds(60))
                .failFast("serve exited early", () -> !p.isAlive())
                .until(() -> lines.stream().map(intakeUrl).filter(Objects::nonNull).findFirst().orElse(null),
                        u -> u != null);
        return new ServeOutput(lines, url);
    }
}
