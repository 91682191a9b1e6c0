package io.leadwire.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.mapping.EdgeCaseLeads.EdgeCaseLead;
import io.leadwire.mapping.spec.BuyerSpec;
import io.leadwire.mapping.spec.BuyerSpecParser;
import io.leadwire.mapping.spec.PayloadValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EdgeCaseLeadsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    private final MappingEngine engine = new MappingEngine(TestLeads.CLOCK);
    private final Map<String, String> insurance = TestLeads.fromResource("/leads/insurance-us.json").fields();
    private final Map<String, String> forex = TestLeads.fromResource("/leads/forex-uk.json").fields();

    static Stream<String> exampleMappings() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("docs/examples"))) {
            return files.map(Path::toString).filter(f -> f.endsWith(".mapping.json")).sorted()
                    .collect(Collectors.toList()).stream();
        }
    }

    private static BuyerSpec abcSpec() throws IOException {
        return new BuyerSpecParser().importJsonSchema(Files.readString(Path.of("docs/examples/buyer-abc.spec.json")));
    }

    private static EdgeCaseLead variant(List<EdgeCaseLead> variants, String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("exampleMappings")
    void shouldRenderEveryVariantWithIssuesNamingFieldsWhenMappingEachExampleBuyer(String file) {
        Mapping mapping = TestLeads.mappingFile(file);
        Set<String> known = new HashSet<>(Set.of("template", "body"));
        mapping.rules().forEach(r -> known.add(r.target().text()));
        List<String> rendered = new ArrayList<>();
        for (Map<String, String> base : List.of(insurance, forex)) {
            for (EdgeCaseLead lead : EdgeCaseLeads.of(base, mapping, null, TODAY)) {
                RenderedPayload payload = engine.render(lead.fields(), mapping);
                Set<String> fieldsHere = new HashSet<>(known);
                fieldsHere.addAll(lead.fields().keySet());
                Stream.concat(payload.errors().stream(), payload.warnings().stream()).forEach(issue ->
                        assertThat(fieldsHere).as(lead.name() + ": " + issue).contains(issue.field()));
                HttpRequestPreview request = HttpRequestPreview.of(mapping, payload);
                assertThat(request.toHttpText()).as(lead.name()).endsWith(payload.body());
                rendered.add(lead.name());
            }
        }
        assertThat(rendered).hasSize(2 * 17);
    }

    @Test
    void shouldGiveSameVariantsWhenCalledTwice() throws IOException {
        Mapping mapping = TestLeads.mappingFile("docs/examples/buyer-abc.mapping.json");
        assertThat(EdgeCaseLeads.of(insurance, mapping, abcSpec(), TODAY))
                .isEqualTo(EdgeCaseLeads.of(insurance, mapping, abcSpec(), TODAY));
        assertThat(EdgeCaseLeads.of(insurance, TODAY)).extracting(EdgeCaseLead::name).containsExactly(
                "optionals-missing", "optionals-blank", "max-length", "over-max-length", "quotes-and-markup",
                "emoji-rtl-accents", "line-breaks", "age-18", "age-17-turning-18-tomorrow", "age-100", "leap-day",
                "dst-gap", "dst-overlap", "amounts-zero", "amounts-huge", "formats-loose", "formats-invalid");
    }

    @Test
    void shouldKeepOnlyRequiredSourcesWhenOptionalsAreMissing() {
        Mapping mapping = TestLeads.mappingFile("docs/examples/buyer-abc.mapping.json");
        EdgeCaseLead lead = variant(EdgeCaseLeads.of(insurance, mapping, null, TODAY), "optionals-missing");

        assertThat(lead.fields().keySet()).containsExactlyInAnyOrder("first_name", "last_name", "phone_primary", "state");
        RenderedPayload payload = engine.render(lead.fields(), mapping);
        assertThat(payload.errors()).isEmpty();
        assertThat(payload.body()).isEqualTo("FName=Mar%C3%ADa-Jos%C3%A9&LName=O%27Neil&PhoneNumber=5125550147&ST=TX");
        assertThat(payload.fieldValues()).doesNotContainKeys("Homeowner", "DateOfBirth");
    }

    @Test
    void shouldFillToSpecMaxLengthAndOneOverWhenSpecSaysIt() throws IOException {
        Mapping mapping = TestLeads.mappingFile("docs/examples/buyer-abc.mapping.json");
        BuyerSpec spec = abcSpec();
        List<EdgeCaseLead> variants = EdgeCaseLeads.of(insurance, mapping, spec, TODAY);

        Map<String, String> atMax = variant(variants, "max-length").fields();
        assertThat(atMax.get("first_name").codePointCount(0, atMax.get("first_name").length())).isEqualTo(50);
        assertThat(atMax.get("first_name")).startsWith("María-José María-José");
        assertThat(atMax.get("city")).hasSize(EdgeCaseLeads.LONG_TEXT);
        assertThat(new PayloadValidator().validate(engine.render(atMax, mapping).fieldValues(), spec)).isEmpty();

        Map<String, String> over = variant(variants, "over-max-length").fields();
        assertThat(new PayloadValidator().validate(engine.render(over, mapping).fieldValues(), spec))
                .containsExactly(new FieldIssue("FName", "is longer than 50 characters"),
                        new FieldIssue("LName", "is longer than 50 characters"));
    }

    @Test
    void shouldNameBuyerFieldsWhenFormatsAreInvalid() throws IOException {
        Mapping mapping = TestLeads.mappingFile("docs/examples/buyer-abc.mapping.json");
        Map<String, String> lead = variant(EdgeCaseLeads.of(insurance, mapping, abcSpec(), TODAY), "formats-invalid")
                .fields();

        RenderedPayload payload = engine.render(lead, mapping);

        assertThat(lead).containsEntry("phone_primary", "555-0147").containsEntry("dob", "1984-02-30")
                .containsEntry("state", "Texas").containsEntry("homeowner", "maybe").containsEntry("zip", "ABCDE");
        assertThat(payload.errors()).extracting(FieldIssue::field).containsExactly("PhoneNumber", "DateOfBirth");
        assertThat(payload.warnings()).extracting(FieldIssue::field).containsExactly("Homeowner");
        assertThat(new PayloadValidator().validate(payload.fieldValues(), abcSpec())).extracting(FieldIssue::field)
                .contains("PhoneNumber", "ST", "Homeowner");
    }

    @Test
    void shouldMapLooseSpellingsAndFlagOnlyUsDateWhenFormatsAreLoose() {
        Mapping mapping = TestLeads.mappingFile("docs/examples/buyer-abc.mapping.json");
        Map<String, String> lead = variant(EdgeCaseLeads.of(insurance, mapping, null, TODAY), "formats-loose").fields();

        RenderedPayload payload = engine.render(lead, mapping);

        assertThat(lead).containsEntry("phone_primary", "+1.512.555.0147").containsEntry("state", "tx")
                .containsEntry("email", "MJ.ONEIL@EXAMPLE.ORG").containsEntry("zip", "78701-0001");
        assertThat(payload.errors()).containsExactly(
                new FieldIssue("DateOfBirth", "'03/15/1984' is not a date in the form 'iso'"));
        assertThat(payload.fieldValues()).containsEntry("PhoneNumber", "5125550147").containsEntry("FName", "MARÍA-JOSÉ")
                .containsEntry("ST", "tx").containsEntry("Homeowner", "Yes");
    }

    @Test
    void shouldHitAgeAndLeapDayBoundariesWhenDateOfBirthIsVaried() {
        Mapping soap = TestLeads.mappingFile("docs/examples/soap-buyer.mapping.json");
        Mapping abc = TestLeads.mappingFile("docs/examples/buyer-abc.mapping.json");
        List<EdgeCaseLead> variants = EdgeCaseLeads.of(insurance, soap, null, TODAY);

        assertThat(engine.render(variant(variants, "age-18").fields(), soap).fieldValues())
                .containsEntry("Applicant.Age", "18");
        assertThat(engine.render(variant(variants, "age-17-turning-18-tomorrow").fields(), soap).fieldValues())
                .containsEntry("Applicant.Age", "17");
        assertThat(engine.render(variant(variants, "age-100").fields(), soap).fieldValues())
                .containsEntry("Applicant.Age", "100");
        assertThat(engine.render(variant(variants, "leap-day").fields(), abc).fieldValues())
                .containsEntry("DateOfBirth", "02/29/2000");
        assertThat(variant(variants, "dst-gap").fields()).containsEntry("timestamp", "2026-03-08T02:30:00");
        assertThat(variant(variants, "dst-overlap").fields()).containsEntry("timestamp", "2026-11-01T01:30:00");
    }

    @Test
    void shouldKeepSpecialCharactersIntactWhenRenderedThroughTemplateAndSoapBuyers() throws IOException {
        Mapping template = TestLeads.mappingFile("docs/examples/template-buyer.mapping.json");
        Mapping soap = TestLeads.mappingFile("docs/examples/soap-buyer.mapping.json");
        for (String name : List.of("quotes-and-markup", "emoji-rtl-accents", "line-breaks")) {
            Map<String, String> lead = variant(EdgeCaseLeads.of(insurance, template, null, TODAY), name).fields();

            RenderedPayload json = engine.render(lead, template);
            assertThat(json.errors()).as(name).isEmpty();
            assertThat(new ObjectMapper().readTree(json.body()).at("/applicant/name").asText()).as(name)
                    .endsWith(lead.get("last_name"));

            RenderedPayload xml = engine.render(lead, soap);
            assertThat(xml.errors()).as(name).isEmpty();
            assertThat(xml.fieldValues()).as(name).containsEntry("Applicant.LastName", lead.get("last_name"));
        }
    }

    @Test
    void shouldVaryAmountsWhenLeadHasThem() {
        Map<String, String> zero = variant(EdgeCaseLeads.of(forex, TODAY), "amounts-zero").fields();
        Map<String, String> huge = variant(EdgeCaseLeads.of(forex, TODAY), "amounts-huge").fields();
        assertThat(zero).containsEntry("capital_available", "0");
        assertThat(huge).containsEntry("capital_available", "999999999999.99");
        assertThat(zero).containsEntry("phone", forex.get("phone")).containsEntry("lead_id", forex.get("lead_id"));
    }
}
