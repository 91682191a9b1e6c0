package io.leadwire.app;

import static io.leadwire.app.CliTest.leadwire;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.testing.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code leadwire mapping import|export|publish|history|diff|rollback|list} on a real embedded database. */
class MappingStoreCliTest {
    private static final Path ABC = Path.of("docs/examples/buyer-abc.mapping.json");
    /** Non-ASCII text, CRLF line ends, odd spacing and no final newline: all must survive a round trip. */
    private static final String QUIRKY = "{\r\n  \"name\" : \"Acheteur Édith\",\r\n\t\"format\": \"json\",  "
            + "\"fields\": [\r\n {\"target\": \"prénom\", \"source\": \"first_name\"}]}";

    @TempDir
    Path dir;

    private CliTest.Run mapping(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "mapping";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dir.resolve("data").toString();
        return leadwire(all);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private Path abcWithEmail() throws IOException {
        String v2 = Files.readString(ABC, StandardCharsets.UTF_8).replace(
                "{\"target\": \"ST\", \"source\": \"state\", \"required\": true},",
                "{\"target\": \"ST\", \"source\": \"state\", \"required\": true},\n"
                        + "    {\"target\": \"Email\", \"source\": \"email\"},");
        assertThat(v2).contains("Email");
        return file("abc-v2.mapping.json", v2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"import", "export", "publish", "history", "diff", "rollback", "list"})
    void shouldPrintUsageAndExitZeroWhenAMappingCommandIsAskedForHelp(String command) {
        CliTest.Run r = leadwire("mapping", command, "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: leadwire mapping " + command).contains("--data-dir");
    }

    @Test
    void shouldSayHowToImportWhenNoMappingExists() {
        CliTest.Run r = mapping("list");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("No buyer mappings yet. Import one with: leadwire mapping import FILE");
    }

    @Test
    void shouldExportTheExactBytesWhenAFileIsImported() throws IOException {
        Path quirky = file("quirky.mapping.json", QUIRKY);

        CliTest.Run imported = mapping("import", quirky.toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("Stored 'Acheteur Édith' as its draft",
                "leadwire mapping publish 'Acheteur Édith'");

        CliTest.Run stdout = mapping("export", "Acheteur Édith");
        assertThat(stdout.code()).as(stdout.err()).isZero();
        assertThat(stdout.out()).isEqualTo(QUIRKY);

        Path out = dir.resolve("exported.json");
        CliTest.Run toFile = mapping("export", "Acheteur Édith", "--out", out.toString());
        assertThat(toFile.code()).as(toFile.err()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(quirky));
    }

    @Test
    void shouldPreviewTheExportedFileWhenAnExampleIsRoundTripped() throws IOException {
        assertThat(mapping("import", ABC.toString(), "--buyer", "abc", "--publish", "--note", "onboarding").code())
                .isZero();
        Path out = dir.resolve("abc.json");
        assertThat(mapping("export", "abc", "--version", "1", "--out", out.toString()).code()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(ABC));

        Path lead = file("insurance-us.json", Http.resource("/leads/insurance-us.json"));
        CliTest.Run preview = leadwire("mapping", "preview", "--buyer", out.toString(), "--lead", lead.toString());
        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(preview.out()).startsWith("FName=Mar%C3%ADa-Jos%C3%A9&LName=O%27Neil");
    }

    @Test
    void shouldNumberVersionsAndShowWhoPublishedWhenPublishingAndListingHistory() throws IOException {
        CliTest.Run first = mapping("import", ABC.toString(), "--publish", "--note", "onboarding");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("Published 'Buyer ABC' v1.");

        assertThat(mapping("import", abcWithEmail().toString()).code()).isZero();
        CliTest.Run history = mapping("history", "Buyer ABC");
        assertThat(history.out()).contains("The draft has changes not yet published");

        CliTest.Run second = mapping("publish", "Buyer ABC", "--note", "send e-mail");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("Published 'Buyer ABC' v2.");

        history = mapping("history", "Buyer ABC");
        assertThat(history.code()).isZero();
        assertThat(history.outLines()).hasSize(3);
        assertThat(history.outLines().get(0)).startsWith("VERSION");
        assertThat(history.outLines().get(1)).startsWith("v2").contains(System.getProperty("user.name"),
                "send e-mail");
        assertThat(history.outLines().get(2)).startsWith("v1").contains("onboarding");

        CliTest.Run list = mapping("list");
        assertThat(list.out()).contains("Buyer ABC").contains("v2").contains("same as latest");
    }

    @Test
    void shouldRefuseWithExitOneWhenTheDraftIsPublishedUnchanged() {
        assertThat(mapping("import", ABC.toString(), "--publish").code()).isZero();

        CliTest.Run again = mapping("publish", "Buyer ABC");

        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("nothing to publish: the draft of 'Buyer ABC' is v1 unchanged");
        assertThat(mapping("history", "Buyer ABC").outLines()).hasSize(2);
    }

    @Test
    void shouldPrintTheFieldErrorsAndStoreNothingWhenTheImportedDocumentIsInvalid() throws IOException {
        Path broken = file("broken.mapping.json", "{\"name\": \"Broken\", \"format\": \"form\", \"fields\": ["
                + "{\"target\": \"ST\", \"source\": \"state\", \"transforms\": [\"uper\"]},"
                + "{\"target\": \"Zip\"}]}");

        CliTest.Run r = mapping("import", broken.toString(), "--publish");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("broken.mapping.json: fields[0] (target 'ST')", "uper",
                "broken.mapping.json: fields[1] (target 'Zip')", "nothing was stored");
        assertThat(mapping("list").out()).contains("No buyer mappings yet");
    }

    @Test
    void shouldRefuseWithExitOneWhenTheFileIsMissingOrNotJson() throws IOException {
        CliTest.Run missing = mapping("import", dir.resolve("nope.json").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file").contains("nope.json");

        CliTest.Run notJson = mapping("import", file("x.mapping.json", "name: yaml?").toString());
        assertThat(notJson.code()).isEqualTo(1);
        assertThat(notJson.err()).contains("x.mapping.json: not valid JSON");

        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, "{\"name\": \"Andr\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        CliTest.Run notUtf8 = mapping("import", latin1.toString());
        assertThat(notUtf8.code()).isEqualTo(1);
        assertThat(notUtf8.err()).contains("is not UTF-8 text");
    }

    @Test
    void shouldRefuseANoteWithoutPublishWhenImporting() {
        CliTest.Run r = mapping("import", ABC.toString(), "--note", "why");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--note goes with --publish");
    }

    @Test
    void shouldShowRuleChangesWhenDiffingTwoVersions() throws IOException {
        mapping("import", ABC.toString(), "--publish");
        mapping("import", abcWithEmail().toString(), "--publish");

        CliTest.Run diff = mapping("diff", "Buyer ABC", "1", "v2");

        assertThat(diff.code()).as(diff.err()).isZero();
        assertThat(diff.outLines()).containsExactly("'Buyer ABC' v1 -> v2:", "+ Email  {\"source\":\"email\"}");

        CliTest.Run same = mapping("diff", "Buyer ABC", "v2", "draft");
        assertThat(same.out()).contains("'Buyer ABC' v2 -> draft: no differences.");
    }

    @Test
    void shouldExitOneWhenADiffNamesAnUnknownOrMalformedVersion() {
        mapping("import", ABC.toString(), "--publish");

        CliTest.Run unknown = mapping("diff", "Buyer ABC", "1", "9");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("buyer 'Buyer ABC' has no version 9");

        CliTest.Run malformed = mapping("diff", "Buyer ABC", "first", "1");
        assertThat(malformed.code()).isEqualTo(1);
        assertThat(malformed.err()).contains("'first' is not a version; write it as 3 or v3");
    }

    @Test
    void shouldPublishACopyAsTheNextVersionWhenRolledBack() throws IOException {
        mapping("import", ABC.toString(), "--publish");
        mapping("import", abcWithEmail().toString(), "--publish");

        CliTest.Run r = mapping("rollback", "Buyer ABC", "--to", "1");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Rolled 'Buyer ABC' back to v1: published as v3.");
        assertThat(mapping("export", "Buyer ABC").out()).isEqualTo(Files.readString(ABC, StandardCharsets.UTF_8));
        assertThat(mapping("export", "Buyer ABC", "--version", "3").out())
                .isEqualTo(Files.readString(ABC, StandardCharsets.UTF_8));
        assertThat(mapping("history", "Buyer ABC").outLines().get(1)).startsWith("v3").contains("rollback to v1");
        assertThat(mapping("diff", "Buyer ABC", "1", "3").out()).contains("no differences");
    }

    @Test
    void shouldExitOneWhenRollingBackToAVersionThatDoesNotExist() {
        mapping("import", ABC.toString(), "--publish");

        CliTest.Run r = mapping("rollback", "Buyer ABC", "--to", "4");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("buyer 'Buyer ABC' has no version 4");
        assertThat(mapping("history", "Buyer ABC").outLines()).hasSize(2);
    }

    @Test
    void shouldNameTheKnownBuyersWhenAnUnknownBuyerIsAskedFor() {
        mapping("import", ABC.toString());

        for (String[] args : new String[][] {{"export", "Nobody"}, {"history", "Nobody"}, {"publish", "Nobody"}}) {
            CliTest.Run r = mapping(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err()).containsAnyOf("the buyers are: Buyer ABC", "'Nobody' has no draft");
        }
        CliTest.Run noVersion = mapping("export", "Buyer ABC", "--version", "1");
        assertThat(noVersion.code()).isEqualTo(1);
        assertThat(noVersion.err()).contains("buyer 'Buyer ABC' has no version 1");
    }

    @Test
    void shouldPublishWhileTheEngineRunsWhenTheDatabaseIsShared() throws Exception {
        Path data = dir.resolve("data");
        try (Engine engine = Engine.start(new EngineConfig(data, "127.0.0.1", 0, null, null, null, 65536),
                "test", Clock.systemUTC())) {
            CliTest.Run r = mapping("import", ABC.toString(), "--publish");

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(new io.leadwire.store.MappingRepository(engine.database().dataSource()).latest("Buyer ABC"))
                    .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
        }
    }
}
