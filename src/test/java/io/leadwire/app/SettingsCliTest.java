package io.leadwire.app;

import static io.leadwire.app.CliTest.leadwire;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leadwire settings show | set | history} on a data dir's embedded database. */
class SettingsCliTest {
    @TempDir
    Path dataDir;

    private CliTest.Run settings(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "settings";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dataDir.toString();
        return leadwire(all);
    }

    @Test
    void shouldPrintTheDefaultsWhenNothingWasSaved() {
        CliTest.Run r = settings("show", "quality");

        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("shipped defaults, never saved");
        assertThat(r.out()).contains("\"standard\" : 60").contains("\"invalid_email\"");
    }

    @Test
    void shouldSaveCheckedDocumentAndListItsHistoryWhenSet() throws IOException {
        Path file = dataDir.resolve("quality.json");
        Files.writeString(file, "{\"scoring\":{\"thresholds\":{\"standard\":70}}}", StandardCharsets.UTF_8);

        CliTest.Run set = settings("set", "quality", file.toString(), "--by", "it-admin");
        CliTest.Run show = settings("show", "quality");
        CliTest.Run history = settings("history", "quality");

        assertThat(set.code()).isZero();
        assertThat(set.out()).contains("Saved quality settings version 1 by it-admin");
        assertThat(show.out()).contains("\"standard\" : 70").contains("\"hot\" : 85");
        assertThat(show.err()).contains("version 1, saved by it-admin");
        assertThat(history.outLines()).singleElement().asString().startsWith("version 1").endsWith("it-admin");
    }

    @Test
    void shouldNameEveryBadFieldAndSaveNothingWhenTheDocumentIsInvalid() throws IOException {
        Path file = dataDir.resolve("bad.json");
        Files.writeString(file, "{\"scoring\":{\"thresholds\":{\"hot\":50,\"standard\":70}},"
                + "\"validation\":{\"default_country\":\"XX\"}}", StandardCharsets.UTF_8);

        CliTest.Run r = settings("set", "quality", file.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("nothing was saved").contains("scoring.thresholds.standard: ")
                .contains("validation.default_country: ");
        assertThat(settings("history", "quality").out()).contains("never changed");
    }

    @Test
    void shouldSayWhichSectionsExistWhenAnUnknownOneIsNamed() {
        CliTest.Run r = settings("show", "colours");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no settings section 'colours'; use one of quality");
    }

    @Test
    void shouldPrintUsageWhenAskedForHelp() {
        assertThat(leadwire("settings", "--help").out()).contains("show").contains("set").contains("history");
        assertThat(leadwire("settings", "set", "--help").code()).isZero();
    }
}
