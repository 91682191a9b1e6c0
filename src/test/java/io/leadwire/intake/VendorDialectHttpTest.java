package io.leadwire.intake;

import static io.leadwire.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadwire.app.Engine;
import io.leadwire.app.EngineConfig;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.testing.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vendor dialects over real HTTP against a real engine: each vendor posts in its own dialect, the
 * stored lead holds the canonical fields (and the raw body verbatim), and quality judges those.
 */
class VendorDialectHttpTest {
    private static final Path EXAMPLES = Path.of("docs/examples/vendor-dialects");

    @TempDir
    static Path dataDir;

    static Engine engine;
    static String url;
    static final Http http = new Http();

    @BeforeAll
    static void startEngine() throws Exception {
        engine = Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536), "test",
                Clock.systemUTC());
        url = engine.intakeUrl();
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    private static String read(String file) throws Exception {
        return Files.readString(EXAMPLES.resolve(file), StandardCharsets.UTF_8);
    }

    /** Adds a vendor with the example dialect; returns its key. */
    private static String vendorWithDialect(String name, String example) throws Exception {
        String key = engine.vendors().add(name, List.of()).apiKey();
        engine.vendors().setDialect(name, read(example + ".dialect.json"));
        return key;
    }

    private static Lead judged(String id) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> engine.leads().findById(id).orElseThrow(),
                l -> l.status() != LeadStatus.RECEIVED);
    }

    @Test
    void shouldStoreTheSameCanonicalLeadWhenThreeVendorsPostInTheirOwnDialects() throws Exception {
        String[][] vendors = {{"Acme Dialect", "acme-leads"}, {"Bolt Dialect", "bolt-media"},
            {"Northwind Dialect", "northwind"}};
        String first = null;
        for (String[] v : vendors) {
            String key = vendorWithDialect(v[0], v[1]);
            String body = read(v[1] + ".lead.json");

            HttpResponse<String> r = http.postJson(url, key, body);

            assertThat(r.statusCode()).as(v[0] + ": " + r.body()).isEqualTo(202);
            assertThat(Http.json(r.body()).path("lead_id").asText()).isEqualTo("FL-2026-001234");
            Lead lead = judged(Http.json(r.body()).path("id").asText());
            assertThat(lead.rawPayload()).isEqualTo(body);
            assertThat(lead.vendorLeadId()).isEqualTo("FL-2026-001234");
            assertThat(lead.firstName()).isEqualTo("John");
            assertThat(lead.lastName()).isEqualTo("Smith");
            assertThat(lead.email()).isEqualTo("john.smith@example.com");
            assertThat(lead.phone()).isEqualTo("+442071234567");
            assertThat(lead.country()).isEqualTo("United Kingdom");
            assertThat(lead.field("trading_experience")).isEqualTo("novice");
            if (first == null) {
                assertThat(lead.status()).as(v[0]).isEqualTo(LeadStatus.ACCEPTED);
                first = lead.id();
            } else {
                // The same person from another vendor: the canonical fields match, so de-duplication
                // (all vendors, quarantine by default) holds it as a repeat of the first.
                assertThat(lead.status()).as(v[0]).isEqualTo(LeadStatus.QUARANTINED);
                assertThat(engine.leads().dedupeState(lead.id()).orElseThrow().duplicateOf()).isEqualTo(first);
            }
        }
    }

    @Test
    void shouldAnswer400NamingTheVendorsFieldWhenTheDialectRequiresAMissingOne() throws Exception {
        String key = vendorWithDialect("Strict Bolt", "bolt-media");

        HttpResponse<String> r = http.postJson(url, key, "{\"id\":\"SB-1\",\"name\":\"Ann Lee\"}");

        assertProblem(r, 400, "missing_field");
        assertThat(Http.json(r.body()).path("field").asText()).isEqualTo("phone_primary");
    }

    @Test
    void shouldStoreAndFlagTheLeadWhenTheDialectCannotMapAValue() throws Exception {
        String key = vendorWithDialect("Sloppy North", "northwind");

        HttpResponse<String> r = http.postJson(url, key, "{\"LeadID\":\"SN-1\",\"Applicant\":{\"FirstName\":\"Ann\","
                + "\"LastName\":\"Lee\",\"EmailAddress\":\"ann.lee@example.com\",\"PhoneNumber\":\"not a phone\"},"
                + "\"Country\":\"GB\",\"TradingExperience\":\"guru\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        Lead lead = judged(Http.json(r.body()).path("id").asText());
        assertThat(lead.phone()).isEqualTo("not a phone");
        assertThat(lead.field(VendorDialect.ISSUES_FIELD)).contains("phone:");
        String verdict = engine.leads().verdictJson(lead.id()).orElseThrow();
        assertThat(verdict).contains("dialect.mapping").contains("enum.unknown_value");
        assertThat(lead.status()).isEqualTo(LeadStatus.QUARANTINED);
    }

    @Test
    void shouldReadCanonicalFieldsAgainWhenTheDialectIsCleared() throws Exception {
        String key = vendorWithDialect("Fickle Acme", "acme-leads");
        engine.vendors().clearDialect("Fickle Acme");

        HttpResponse<String> r = http.postJson(url, key, "{\"lead_id\":\"FA-1\",\"first_name\":\"Ann\","
                + "\"email\":\"ann@example.com\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        Lead lead = engine.leads().findById(Http.json(r.body()).path("id").asText()).orElseThrow();
        assertThat(lead.firstName()).isEqualTo("Ann");
        assertThat(lead.fields()).doesNotContainKey("extra.first_name");
    }
}
