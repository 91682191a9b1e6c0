package io.leadwire.app;

import static io.leadwire.app.CliTest.leadwire;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.delivery.BuyerFile;
import io.leadwire.delivery.BuyerService;
import io.leadwire.store.BuyerRepository;
import io.leadwire.store.Database;
import io.leadwire.store.MappingRepository;
import io.leadwire.store.SecretBox;
import io.leadwire.testing.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The complete buyer files in docs/examples: each imports into a real store, exports back to an
 * equivalent file and renders through {@code mapping preview --buyer} for a fixture lead.
 */
class ExampleBuyersTest {
    private static final Path EXAMPLES = Path.of("docs/examples");
    private static final String ABC_BODY = "FName=Mar%C3%ADa-Jos%C3%A9&LName=O%27Neil&PhoneNumber=5125550147&ST=TX"
            + "&Homeowner=Yes&DateOfBirth=03%2F15%2F1984";

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private Database db;
    private BuyerService buyers;

    @BeforeEach
    void setUp() throws IOException {
        db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 4);
        buyers = new BuyerService(new BuyerRepository(db.dataSource()), new MappingRepository(db.dataSource()),
                SecretBox.forKeyFile(dir.resolve("secrets.key")), json, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() throws Exception {
        try (var c = db.connection(); var s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS");
        }
        db.close();
    }

    static List<Path> exampleBuyerFiles() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".buyer.json")).sorted().toList();
        }
    }

    private Path lead() throws IOException {
        return Files.writeString(dir.resolve("insurance-us.json"), Http.resource("/leads/insurance-us.json"),
                StandardCharsets.UTF_8);
    }

    @Test
    void shouldShipTheFourDocumentedBuyerFilesWhenListingTheExamples() throws IOException {
        assertThat(exampleBuyerFiles()).extracting(p -> p.getFileName().toString()).containsExactly(
                "buyer-abc.buyer.json", "hmac-buyer.buyer.json", "nested-applicant.buyer.json",
                "soap-buyer.buyer.json");
        String readme = Files.readString(EXAMPLES.resolve("README.md"), StandardCharsets.UTF_8);
        for (Path file : exampleBuyerFiles()) {
            assertThat(readme).as("README mentions " + file.getFileName()).contains(file.getFileName().toString());
        }
    }

    @ParameterizedTest
    @MethodSource("exampleBuyerFiles")
    void shouldImportAndExportAnEquivalentFileWhenAnExampleBuyerIsRoundTripped(Path file) throws IOException {
        String original = Files.readString(file, StandardCharsets.UTF_8);

        BuyerService.ImportResult imported = buyers.importFile(original, EXAMPLES, "tester");
        String exported = buyers.exportFile(imported.buyer().name());

        assertThat(imported.published()).isNotNull();
        assertThat(imported.published().version()).isEqualTo(1);
        assertThat(imported.missingSecrets()).as("every example needs at least one secret").isNotEmpty();
        BuyerFile before = BuyerFile.parse(original, EXAMPLES, json);
        BuyerFile after = BuyerFile.parse(exported, EXAMPLES, json);
        assertThat(after.name()).isEqualTo(before.name());
        assertThat(json.readTree(after.mappingDocument())).isEqualTo(json.readTree(before.mappingDocument()));
        assertThat(after.definition()).isEqualTo(before.definition());
        assertThat(after.definition().toJson(json)).isEqualTo(before.definition().toJson(json));
        assertThat(json.readTree(exported).get("buyer")).as("the export writes the settings in their stored form")
                .isEqualTo(json.readTree(before.definition().toJson(json).toString()));

        BuyerService.ImportResult again = buyers.importFile(exported, EXAMPLES, "tester");
        assertThat(again.published()).as("re-importing the export changes no mapping").isNull();
        assertThat(again.buyer().revision()).isEqualTo(imported.buyer().revision() + 1);
    }

    @ParameterizedTest
    @MethodSource("exampleBuyerFiles")
    void shouldRenderAPayloadWhenAnExampleBuyerIsPreviewedWithTheInsuranceLead(Path file) throws IOException {
        CliTest.Run r = leadwire("mapping", "preview", "--buyer", file.toString(), "--lead", lead().toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Mar").isNotBlank();
    }

    @Test
    void shouldRenderTheFixtureBodyExactlyWhenBuyerAbcsBuyerFileIsPreviewed() throws IOException {
        CliTest.Run r = leadwire("mapping", "preview", "--buyer", EXAMPLES.resolve("buyer-abc.buyer.json").toString(),
                "--lead", lead().toString(), "--spec", EXAMPLES.resolve("buyer-abc.spec.json").toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(ABC_BODY);
    }

    @Test
    void shouldRenderTheSameBodyWhenTheExportedBuyerFileIsPreviewed() throws IOException {
        Path abc = EXAMPLES.resolve("buyer-abc.buyer.json");
        buyers.importFile(Files.readString(abc, StandardCharsets.UTF_8), EXAMPLES, "tester");
        Path exported = Files.writeString(dir.resolve("abc.buyer.json"), buyers.exportFile("Buyer ABC"));

        CliTest.Run r = leadwire("mapping", "preview", "--buyer", exported.toString(), "--lead", lead().toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(ABC_BODY);
    }

    @Test
    void shouldNameTheSecretsEachExampleWaitsForWhenImported() throws IOException {
        assertThat(missingAfterImport("buyer-abc.buyer.json"))
                .containsExactly("ABC_API_KEY", "ABC_CALLBACK", "ABC_CALLBACK_NEXT");
        assertThat(missingAfterImport("nested-applicant.buyer.json")).containsExactly("APPLICANT_CLIENT_SECRET");
        assertThat(missingAfterImport("soap-buyer.buyer.json"))
                .containsExactlyInAnyOrder("SOAP_BUYER_PASSWORD", "SOAP_BUYER_KEY");
        assertThat(missingAfterImport("hmac-buyer.buyer.json"))
                .containsExactly("SIGNED_BUYER_HMAC", "SIGNED_BUYER_CALLBACK");
    }

    private Set<String> missingAfterImport(String name) throws IOException {
        return buyers.importFile(Files.readString(EXAMPLES.resolve(name), StandardCharsets.UTF_8), EXAMPLES, "tester")
                .missingSecrets();
    }
}
