package io.leadwire.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Released migrations are frozen. {@link UpgradeFromPreviousReleaseTest} builds its old store from
 * today's migration files, so an edit to a migration that already ran at customers would pass
 * there, and fail only at the customer (Flyway refuses a changed checksum) or, worse, leave their
 * schema different from a fresh one. {@code released-migrations.sha256} pins every released file;
 * migrations not listed yet are free to change until their release adds them.
 */
class ReleasedMigrationsTest {
    private static final Path LIST = Path.of("src/test/resources/released-migrations.sha256");
    /** SQL migrations, and the Java ones that differ between H2 and PostgreSQL (V14, V15). */
    private static final List<Path> MIGRATIONS = List.of(Path.of("src/main/resources/db"),
            Path.of("src/main/java/io/leadwire/store/migration"));
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) [ *](\\S+)");
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.(sql|java)");

    @Test
    void shouldFindEveryReleasedMigrationUnchanged() throws IOException {
        Map<String, String> pinned = pinned();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : pinned.entrySet()) {
            Path file = Path.of(e.getKey());
            if (!Files.isRegularFile(file)) {
                problems.add(e.getKey() + " was released but is gone (renamed or deleted)");
            } else if (!sha256(file).equals(e.getValue())) {
                problems.add(e.getKey() + " was released but its content changed");
            }
        }
        assertThat(problems)
                .as("A released migration must never change: stores that ran it keep the old version. Restore the "
                        + "file (git checkout) and put the change in a new migration instead.")
                .isEmpty();
    }

    @Test
    void shouldPinEveryMigrationUpToThePreviousRelease() throws IOException {
        // The list and the upgrade test's notion of "the previous release" must agree.
        int previous = Integer.parseInt(PreviousReleaseFixture.PREVIOUS_SCHEMA);
        Map<String, String> pinned = pinned();
        List<String> unpinned = new ArrayList<>();
        for (Path dir : MIGRATIONS) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile)
                        .filter(f -> {
                            Matcher m = VERSIONED.matcher(f.getFileName().toString());
                            return m.matches() && Integer.parseInt(m.group(1)) <= previous;
                        })
                        .map(ReleasedMigrationsTest::slashed)
                        .filter(f -> !pinned.containsKey(f))
                        .forEach(unpinned::add);
            }
        }
        assertThat(unpinned).as("released (up to V" + previous + ") but missing from " + LIST
                + "; at a release add the new migrations with: sha256sum FILE >> " + LIST).isEmpty();
    }

    private static Map<String, String> pinned() throws IOException {
        Map<String, String> pinned = new LinkedHashMap<>();
        for (String line : Files.readAllLines(LIST, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            assertThat(m.matches()).as("not a sha256sum line in " + LIST + ": " + line).isTrue();
            pinned.put(m.group(2), m.group(1));
        }
        assertThat(pinned).as(LIST + " lists no migration").isNotEmpty();
        return pinned;
    }

    /**
     * The file's SHA-256 with CRLF read as LF, so that a Windows checkout (git's autocrlf) does not
     * count as a change; on Linux and macOS it is exactly what {@code sha256sum} prints.
     */
    private static String sha256(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace("\r\n", "\n");
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String slashed(Path file) {
        return file.toString().replace('\\', '/');
    }
}
