package io.leadwire.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.mapping.MappingEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three example dialects of {@code docs/examples/vendor-dialects/}: each vendor's own lead,
 * read through its dialect, becomes the same canonical lead; enumerations translate, defaults fill
 * gaps, unknown fields are kept as {@code extra.*}.
 */
class VendorDialectTest {
    private static final Path EXAMPLES = Path.of("docs/examples/vendor-dialects");
    private static final MappingEngine ENGINE =
            new MappingEngine(Clock.fixed(Instant.parse("2026-03-06T15:00:00Z"), ZoneOffset.UTC));
    private final PayloadParser parser = new PayloadParser();

    private static String read(String file) throws IOException {
        return Files.readString(EXAMPLES.resolve(file), StandardCharsets.UTF_8);
    }

    private static VendorDialect dialect(String vendor) throws IOException {
        return VendorDialect.parse(read(vendor + ".dialect.json"), ENGINE);
    }

    private Map<String, String> canonical(String vendor) throws Exception {
        return parser.parse("application/json", read(vendor + ".lead.json").getBytes(StandardCharsets.UTF_8),
                dialect(vendor)).fields();
    }

    private Map<String, String> map(VendorDialect dialect, String json) throws ProblemException {
        return parser.parse("application/json", json.getBytes(StandardCharsets.UTF_8), dialect).fields();
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme-leads", "bolt-media", "northwind"})
    void shouldMapEachVendorsOwnFieldsToTheSameCanonicalLeadWhenReadThroughItsDialect(String vendor)
            throws Exception {
        Map<String, String> lead = canonical(vendor);

        assertThat(lead).containsEntry("lead_id", "FL-2026-001234")
                .containsEntry("timestamp", "2026-03-06T14:32:18Z")
                .containsEntry("first_name", "John")
                .containsEntry("last_name", "Smith")
                .containsEntry("email", "john.smith@example.com")
                .containsEntry("phone", "+442071234567")
                .containsEntry("country", "United Kingdom")
                .containsEntry("ip_address", "81.2.69.142")
                .containsEntry("trading_experience", "novice")
                .containsEntry("capital_available", "5000-10000")
                .doesNotContainKey(VendorDialect.ISSUES_FIELD);
    }

    @Test
    void shouldTranslateEnumerationsWhenTheVendorUsesItsOwnWords() throws Exception {
        VendorDialect acme = dialect("acme-leads");

        assertThat(map(acme, "{\"lead_ref\":\"A-1\",\"experience\":\"ADVANCED\"}"))
                .containsEntry("trading_experience", "expert");
        assertThat(map(dialect("bolt-media"), "{\"id\":\"B-1\",\"phone_primary\":\"+15125550147\",\"exp_level\":2}"))
                .containsEntry("trading_experience", "intermediate");
    }

    @Test
    void shouldFillDefaultsWhenOptionalFieldsAreMissing() throws Exception {
        Map<String, String> bolt = map(dialect("bolt-media"), "{\"id\":\"B-2\",\"phone_primary\":\"+15125550147\"}");

        assertThat(bolt).containsEntry("source", "bolt_media").containsEntry("capital_available", "0-1000")
                .doesNotContainKey("trading_experience");
        assertThat(canonical("northwind")).containsEntry("source", "northwind");
        assertThat(canonical("acme-leads")).containsEntry("source", "google_ads_campaign_uk");
    }

    @Test
    void shouldKeepUnmappedFieldsInTheExtraMapWhenNoRuleReadsThem() throws Exception {
        assertThat(canonical("acme-leads")).containsEntry("extra.affiliate_sub_id", "A7-991");
        assertThat(canonical("bolt-media")).containsEntry("extra.phone_secondary", "+447700900123")
                .doesNotContainKey("phone_secondary");
        assertThat(canonical("northwind")).containsEntry("extra.Notes", "call after 5pm")
                .doesNotContainKey("Applicant.FirstName");
    }

    @Test
    void shouldPassCanonicalNamesThroughWhenTheDialectDoesNotFillThem() throws Exception {
        Map<String, String> acme = canonical("acme-leads");
        Map<String, String> bolt = canonical("bolt-media");

        assertThat(acme).containsEntry("phone", "+442071234567").doesNotContainKey("extra.phone");
        assertThat(bolt).containsEntry("country", "United Kingdom").containsEntry("ip_address", "81.2.69.142");
    }

    @Test
    void shouldRefuseWithTheVendorsFieldNameWhenARequiredSourceFieldIsMissing() throws Exception {
        VendorDialect northwind = dialect("northwind");

        assertThatThrownBy(() -> map(northwind, "{\"LeadID\":\"N-1\",\"Applicant\":{\"FirstName\":\"Ann\"}}"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().reason()).isEqualTo("missing_field");
                    assertThat(e.problem().field()).isEqualTo("Applicant.PhoneNumber");
                    assertThat(e.problem().detail()).contains("'phone'");
                });
    }

    @Test
    void shouldKeepTheVendorsValueAndNameTheIssueWhenAValueCannotBeMapped() throws Exception {
        Map<String, String> lead = map(dialect("northwind"),
                "{\"LeadID\":\"N-2\",\"Applicant\":{\"PhoneNumber\":\"call me\"},\"TradingExperience\":\"guru\"}");

        assertThat(lead).containsEntry("phone", "call me").containsEntry("trading_experience", "guru");
        assertThat(lead.get(VendorDialect.ISSUES_FIELD)).contains("phone:").contains("'guru'");
    }

    @Test
    void shouldStillRequireALeadIdWhenTheDialectDoesNotMapOne() throws Exception {
        VendorDialect dialect = VendorDialect.parse(
                "{\"name\":\"x\",\"fields\":[{\"target\":\"email\",\"source\":\"mail\"}]}", ENGINE);

        assertThat(map(dialect, "{\"lead_id\":\"X-1\",\"mail\":\"a@b.org\"}"))
                .containsEntry("lead_id", "X-1").containsEntry("email", "a@b.org");
        assertThatThrownBy(() -> map(dialect, "{\"mail\":\"a@b.org\"}"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().field()).isEqualTo("lead_id"));
    }

    @Test
    void shouldNameEveryProblemWhenTheDialectDocumentIsBroken() {
        assertThatThrownBy(() -> VendorDialect.parse("{\"fields\":[{\"target\":\"email\"},"
                + "{\"target\":\"phone\",\"source\":\"p\",\"transforms\":[\"uper\"]}]}", ENGINE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fields[0] (target 'email')")
                .hasMessageContaining("unknown transform 'uper'");
        assertThatThrownBy(() -> VendorDialect.parse("not json", ENGINE))
                .hasMessageStartingWith("the dialect is not valid JSON");
        assertThatThrownBy(() -> VendorDialect.parse("{\"fields\":[{\"target\":\"extra.x\",\"source\":\"x\"}]}",
                ENGINE)).hasMessageContaining("Leadwire's own");
    }
}
