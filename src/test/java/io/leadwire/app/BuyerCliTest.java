package io.leadwire.app;

import static io.leadwire.app.CliTest.leadwire;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.store.BuyerRepository;
import io.leadwire.store.BuyerRow;
import io.leadwire.store.Database;
import io.leadwire.store.MappingRepository;
import io.leadwire.store.SecretBox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code leadwire buyer import|export|list|secret|enable|disable|breaker} on a real embedded database. */
class BuyerCliTest {
    private static final Path ABC = Path.of("docs/examples/buyer-abc.buyer.json");
    private static final Path SOAP = Path.of("docs/examples/soap-buyer.buyer.json");
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    private Path dataDir() {
        return dir.resolve("data");
    }

    private CliTest.Run buyer(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "buyer";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dataDir().toString();
        return leadwire(all);
    }

    private CliTest.Run ok(String... args) {
        CliTest.Run r = buyer(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** Looks at the data dir the way an engine would, after the command has closed it. */
    private void inStore(Consumer<BuyerRepository> check) throws IOException {
        try (Database db = new EngineConfig(dataDir(), null, 0, null, null, null, 0).openDatabase(2)) {
            check.accept(new BuyerRepository(db.dataSource()));
        }
    }

    private int publishedVersions(String name) throws IOException {
        try (Database db = new EngineConfig(dataDir(), null, 0, null, null, null, 0).openDatabase(2)) {
            return new MappingRepository(db.dataSource()).latest(name).map(v -> v.version()).orElse(0);
        }
    }

    /** An environment variable of this process with a value, to read a secret from as an operator would. */
    private static Map.Entry<String, String> someEnvironmentVariable() {
        return System.getenv().entrySet().stream()
                .filter(e -> e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*") && !e.getValue().isBlank()
                        && e.getValue().strip().length() >= 6 && !USER.equals(e.getValue().strip()))
                .findFirst().orElseThrow(() -> new IllegalStateException("the test process has no environment"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "import", "export", "list", "secret", "enable", "disable", "breaker"})
    void shouldPrintUsageAndExitZeroWhenABuyerCommandIsAskedForHelp(String command) {
        CliTest.Run r = command.isEmpty() ? leadwire("buyer", "--help") : leadwire("buyer", command, "--help");

        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Usage: leadwire buyer" + (command.isEmpty() ? "" : " " + command));
        if (command.isEmpty()) {
            assertThat(r.out()).contains("import", "export", "list", "secret", "enable", "disable", "breaker");
        } else {
            assertThat(r.out()).contains("--data-dir");
        }
    }

    @Test
    void shouldPrintTheSavedBuyerThePublishedVersionAndTheMissingSecretsWhenImporting() throws IOException {
        CliTest.Run r = ok("import", SOAP.toString());

        assertThat(r.outLines()).containsExactly(
                "Buyer 'SOAP insurance buyer' saved (revision 1, on).",
                "Mapping published as version 1.",
                "Waiting for secrets: SOAP_BUYER_PASSWORD, SOAP_BUYER_KEY (leadwire buyer secret "
                        + "'SOAP insurance buyer' NAME); no lead is sent until they are stored.");
        assertThat(publishedVersions("SOAP insurance buyer")).isEqualTo(1);

        CliTest.Run again = ok("import", SOAP.toString());
        assertThat(again.outLines()).startsWith("Buyer 'SOAP insurance buyer' saved (revision 2, on).",
                "Mapping unchanged.");
        assertThat(publishedVersions("SOAP insurance buyer")).isEqualTo(1);
    }

    @Test
    void shouldRefuseABadFileNamingEveryProblemAndStoreNothing() throws IOException {
        Path bad = file("broken.buyer.json", """
                {"name": "Broken buyer", "format": "json",
                 "fields": [{"target": "first", "source": "first_name", "transforms": [{"op": "uper"}]}],
                 "buyer": {"endpoints": {"production": "ftp://buyer.example/leads"}, "price": "cheap",
                           "colour": "blue", "auth": {"type": "basic", "username": "me", "password": "hunter2"},
                           "caps": {"fortnight": 10}, "timeouts": {"connect": "10s", "call": "2s"}}}
                """);

        CliTest.Run r = buyer("import", bad.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("broken.buyer.json: mapping:", "uper",
                "broken.buyer.json: buyer.endpoints.production:", "ftp://buyer.example/leads",
                "buyer.price: 'cheap' is not a number",
                "buyer: unknown key \"colour\"",
                "buyer.auth:", "password",
                "buyer.caps:", "fortnight",
                "buyer.timeouts.call:",
                "leadwire: the buyer was refused; nothing was stored");
        assertThat(r.err()).as("a refused secret is never repeated").doesNotContain("hunter2");
        assertThat(r.err().lines().filter(l -> l.startsWith("broken.buyer.json: "))).hasSizeGreaterThanOrEqualTo(7);
        assertThat(ok("list").out()).contains("No buyers yet: leadwire buyer import FILE");
        assertThat(publishedVersions("Broken buyer")).isZero();
    }

    @Test
    void shouldSayWhatIsWrongWhenTheFileIsNotJson() throws IOException {
        CliTest.Run r = buyer("import", file("half.buyer.json", "{\"name\": \"Half\",").toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("half.buyer.json: not valid JSON", "nothing was stored");
    }

    @Test
    void shouldExportAFileThatImportsBackUnchangedWhenRoundTripped() throws IOException {
        ok("import", ABC.toString());

        CliTest.Run stdout = ok("export", "Buyer ABC");
        Path out = dir.resolve("abc-export.buyer.json");
        CliTest.Run toFile = ok("export", "Buyer ABC", "--out", out.toString());

        assertThat(toFile.err()).contains("Wrote " + out);
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(stdout.out());
        JsonNode exported = json.readTree(stdout.out());
        JsonNode original = json.readTree(Files.readString(ABC, StandardCharsets.UTF_8));
        assertThat(exported.get("fields")).isEqualTo(original.get("fields"));
        assertThat(exported.get("name").asText()).isEqualTo("Buyer ABC");
        assertThat(exported.at("/buyer/auth/value").asText()).isEqualTo("${secret:ABC_API_KEY}");
        assertThat(exported.at("/buyer/endpoints/sandbox").asText())
                .isEqualTo("https://sandbox.buyer-abc.example/v2/leads");
        assertThat(exported.at("/buyer/price").asText()).isEqualTo("18.50");

        CliTest.Run reimported = ok("import", out.toString());
        assertThat(reimported.outLines()).startsWith("Buyer 'Buyer ABC' saved (revision 2, on).", "Mapping unchanged.");
        assertThat(ok("export", "Buyer ABC").out()).isEqualTo(stdout.out());
    }

    @Test
    void shouldRefuseToExportABuyerThatDoesNotExist() {
        CliTest.Run r = buyer("export", "Nobody");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no buyer named 'Nobody' (leadwire buyer list shows them)");
    }

    @Test
    void shouldListColumnsAndTheBuyersProblemsWhenBuyersAreImported() {
        ok("import", ABC.toString());
        ok("import", "docs/examples/nested-applicant.buyer.json");

        CliTest.Run r = ok("list");

        assertThat(r.outLines().get(0)).containsSubsequence("NAME", "ON", "PRICE", "PRIO", "KIND", "MODE", "ENDPOINT");
        assertThat(r.out()).containsPattern("Buyer ABC\\s+on\\s+18\\.50\\s+1\\s+exclusive\\s+sync\\s+"
                + "https://api\\.buyer-abc\\.example/v2/leads");
        assertThat(r.out()).containsPattern("Nested applicant\\s+on\\s+12\\.00\\s+20\\s+shared\\s+async\\s+"
                + "https://api\\.applicant-buyer\\.example/v1/applications");
        assertThat(r.out()).contains("    callbacks: POST /api/v1/callbacks/Buyer%20ABC — Standard Webhooks "
                + "(2 secrets ••••), ±300s, from 203.0.113.0/24, 2001:db8:abc::/48, returns within P7D (rerouted)");
        assertThat(r.out()).contains("! Buyer ABC: secrets not stored: ABC_API_KEY",
                "! Nested applicant: secrets not stored: APPLICANT_CLIENT_SECRET");
    }

    @Test
    void shouldStoreASecretFromAnEnvironmentVariableSealedAndNeverPrintIt() throws IOException {
        ok("import", SOAP.toString());
        Map.Entry<String, String> env = someEnvironmentVariable();

        CliTest.Run r = ok("secret", "SOAP insurance buyer", "SOAP_BUYER_PASSWORD", "--secret-env", env.getKey());

        assertThat(r.out()).contains("Stored SOAP_BUYER_PASSWORD for 'SOAP insurance buyer' (encrypted).",
                "Still missing: SOAP_BUYER_KEY.");
        assertThat(r.out() + r.err()).doesNotContain(env.getValue().strip());
        SecretBox box = SecretBox.forKeyFile(dataDir().resolve(Engine.SECRETS_KEY_FILE));
        inStore(repo -> {
            BuyerRow row = repo.findByName("SOAP insurance buyer").orElseThrow();
            String sealed = repo.sealedSecrets(row.id()).get("SOAP_BUYER_PASSWORD");
            assertThat(sealed).doesNotContain(env.getValue().strip());
            assertThat(box.open(sealed)).isEqualTo(env.getValue().strip());
        });
        assertThat(ok("list").out()).contains("! SOAP insurance buyer: secrets not stored: SOAP_BUYER_KEY")
                .doesNotContain(env.getValue().strip());
    }

    @Test
    void shouldShrinkTheMissingListUntilEmptyWhenSecretsAreStoredFromFiles() throws IOException {
        ok("import", SOAP.toString());
        Path password = file("password.txt", "s3cret-password-value\n");
        Path key = file("key.txt", "  soap-api-key-4711  ");

        CliTest.Run first = ok("secret", "SOAP insurance buyer", "SOAP_BUYER_PASSWORD", "--secret-file",
                password.toString());
        CliTest.Run second = ok("secret", "SOAP insurance buyer", "SOAP_BUYER_KEY", "--secret-file", key.toString());

        assertThat(first.out()).contains("Still missing: SOAP_BUYER_KEY.");
        assertThat(second.out()).contains("Stored SOAP_BUYER_KEY for 'SOAP insurance buyer' (encrypted).")
                .doesNotContain("Still missing");
        String all = first.out() + first.err() + second.out() + second.err() + ok("list").out();
        assertThat(all).doesNotContain("s3cret-password-value", "soap-api-key-4711");
        assertThat(ok("list").out()).doesNotContain("! SOAP insurance buyer");
        SecretBox box = SecretBox.forKeyFile(dataDir().resolve(Engine.SECRETS_KEY_FILE));
        inStore(repo -> {
            Map<String, String> sealed = repo.sealedSecrets(repo.findByName("SOAP insurance buyer").orElseThrow().id());
            assertThat(box.open(sealed.get("SOAP_BUYER_KEY"))).as("surrounding blanks are trimmed")
                    .isEqualTo("soap-api-key-4711");
            assertThat(box.open(sealed.get("SOAP_BUYER_PASSWORD"))).isEqualTo("s3cret-password-value");
        });

        CliTest.Run removed = ok("secret", "SOAP insurance buyer", "SOAP_BUYER_KEY", "--remove");
        assertThat(removed.out()).contains("Removed SOAP_BUYER_KEY.");
        assertThat(ok("list").out()).contains("! SOAP insurance buyer: secrets not stored: SOAP_BUYER_KEY");
    }

    @Test
    void shouldRefuseASecretWithoutAValueAndNeverTakeItFromTheCommandLine() {
        ok("import", ABC.toString());

        CliTest.Run r = buyer("secret", "Buyer ABC", "ABC_API_KEY", "--secret-env", "LEADWIRE_TEST_UNSET_VARIABLE_42");
        CliTest.Run positional = buyer("secret", "Buyer ABC", "ABC_API_KEY", "the-key-itself");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no value: put it in $LEADWIRE_TEST_UNSET_VARIABLE_42 or a file given with "
                + "--secret-file");
        assertThat(positional.code()).as("a third positional is a usage error").isEqualTo(ExitCodes.USAGE);
        assertThat(ok("list").out()).contains("! Buyer ABC: secrets not stored: ABC_API_KEY");
    }

    @Test
    void shouldSwitchABuyerOffAndOnAgainWhenDisabledAndEnabled() throws IOException {
        ok("import", ABC.toString());

        assertThat(ok("disable", "Buyer ABC").out()).contains("'Buyer ABC' is off.");
        assertThat(ok("list").out()).containsPattern("Buyer ABC\\s+off\\s+18\\.50");
        assertThat(json.readTree(ok("export", "Buyer ABC").out()).at("/buyer/enabled").asBoolean()).isFalse();
        inStore(repo -> assertThat(repo.findByName("Buyer ABC").orElseThrow().enabled()).isFalse());

        assertThat(ok("enable", "Buyer ABC").out()).contains("'Buyer ABC' is on.");
        assertThat(ok("list").out()).containsPattern("Buyer ABC\\s+on\\s+18\\.50");
        inStore(repo -> assertThat(repo.findByName("Buyer ABC").orElseThrow().enabled()).isTrue());

        CliTest.Run unknown = buyer("disable", "Buyer XYZ");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("no buyer named 'Buyer XYZ'");
    }

    @Test
    void shouldForceTheBreakerOpenClosedAndBackToAutomatic() throws IOException {
        ok("import", ABC.toString());

        assertThat(ok("breaker", "Buyer ABC", "open").out()).contains("'Buyer ABC': breaker forced open by " + USER);
        inStore(repo -> assertThat(repo.breakerOverrides())
                .containsEntry(repo.findByName("Buyer ABC").orElseThrow().id(), "forced_open"));

        assertThat(ok("breaker", "Buyer ABC", "closed").out())
                .contains("'Buyer ABC': breaker forced closed by " + USER);
        inStore(repo -> assertThat(repo.breakerOverrides())
                .containsEntry(repo.findByName("Buyer ABC").orElseThrow().id(), "forced_closed"));

        assertThat(ok("breaker", "Buyer ABC", "auto").out()).contains("'Buyer ABC': breaker automatic.");
        inStore(repo -> assertThat(repo.breakerOverrides()).isEmpty());

        CliTest.Run wrong = buyer("breaker", "Buyer ABC", "half-open");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).contains("STATE is open, closed or auto, not 'half-open'");
    }
}
