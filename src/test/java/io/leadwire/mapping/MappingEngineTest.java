package io.leadwire.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.Lead;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappingEngineTest {

    private final MappingEngine engine = new MappingEngine(TestLeads.CLOCK);

    private static Lead lead(String... keyValues) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            fields.put(keyValues[i], keyValues[i + 1]);
        }
        return TestLeads.lead(fields);
    }

    @Test
    void shouldReportFieldErrorNamingTargetWhenValueIsBad() {
        Mapping mapping = TestLeads.mapping("{\"format\":\"form\",\"fields\":["
                + "{\"target\":\"Phone\",\"source\":\"phone\",\"transforms\":[{\"op\":\"phone\",\"format\":\"national\"}]},"
                + "{\"target\":\"ST\",\"source\":\"state\"}]}");

        RenderedPayload payload = engine.render(lead("phone", "555-01", "state", "TX"), mapping);

        assertThat(payload.ok()).isFalse();
        assertThat(payload.errors()).containsExactly(new FieldIssue("Phone", "'555-01' is not a valid phone number"));
        assertThat(payload.body()).isEqualTo("ST=TX");
    }

    @Test
    void shouldReportMissingRequiredFieldWhenSourceIsEmpty() {
        Mapping mapping = TestLeads.mapping("{\"format\":\"form\",\"fields\":["
                + "{\"target\":\"Email\",\"source\":\"email\",\"required\":true}]}");

        assertThat(engine.render(lead("email", " "), mapping).errors())
                .containsExactly(new FieldIssue("Email", "required, but email has no value"));
    }

    @Test
    void shouldUseDefaultWhenChainGivesNoValue() {
        Mapping mapping = TestLeads.mapping("{\"format\":\"form\",\"fields\":["
                + "{\"target\":\"Country\",\"source\":\"country\",\"default\":\"US\",\"required\":true}]}");

        RenderedPayload payload = engine.render(lead(), mapping);
        assertThat(payload.errors()).isEmpty();
        assertThat(payload.body()).isEqualTo("Country=US");
    }

    @Test
    void shouldSkipRuleWhenConditionFieldHasNoValue() {
        Mapping mapping = TestLeads.mapping("{\"format\":\"form\",\"fields\":["
                + "{\"target\":\"Spouse\",\"source\":\"spouse\",\"when\":\"married\",\"required\":true},"
                + "{\"target\":\"Src\",\"const\":\"lw\"}]}");

        assertThat(engine.render(lead("spouse", "Ann"), mapping).body()).isEqualTo("Src=lw");
        assertThat(engine.render(lead("spouse", "Ann"), mapping).errors()).isEmpty();
        assertThat(engine.render(lead("spouse", "Ann", "married", "1"), mapping).body()).isEqualTo("Spouse=Ann&Src=lw");
    }

    @Test
    void shouldCarryWarningsWhenTranslationMisses() {
        Mapping mapping = TestLeads.mapping("{\"format\":\"form\",\"fields\":[{\"target\":\"Own\",\"source\":\"homeowner\","
                + "\"transforms\":[{\"op\":\"translate\",\"table\":{\"1\":\"Yes\",\"0\":\"No\"},\"fallback\":\"Unknown\"}]}]}");

        RenderedPayload payload = engine.render(lead("homeowner", "rent"), mapping);
        assertThat(payload.ok()).isTrue();
        assertThat(payload.body()).isEqualTo("Own=Unknown");
        assertThat(payload.warnings()).containsExactly(
                new FieldIssue("Own", "value 'rent' is not in the translation table; sent as 'Unknown'"));
    }

    @Test
    void shouldReportTypeErrorWhenDeclaredTypeDoesNotFit() {
        Mapping mapping = TestLeads.mapping("{\"format\":\"json\",\"fields\":[{\"target\":\"age\",\"source\":\"age\",\"type\":\"integer\"}]}");

        RenderedPayload payload = engine.render(lead("age", "forty"), mapping);
        assertThat(payload.errors()).containsExactly(new FieldIssue("age", "'forty' is not a valid integer"));
        assertThat(payload.body()).isEqualTo("{}");
    }

    @Test
    void shouldJoinTemplateFieldsWhenSourceIsExpression() {
        Mapping mapping = TestLeads.mapping("{\"format\":\"csv\",\"fields\":["
                + "{\"target\":\"Name\",\"source\":\"{first_name} {last_name}\"},"
                + "{\"target\":\"Where\",\"concat\":[\"city\",\"state\"],\"separator\":\", \"},"
                + "{\"target\":\"LTV\",\"source\":\"loan_amount\",\"transforms\":[{\"op\":\"ratio\",\"denominator\":\"property_value\",\"scale\":1,\"percent\":true}]}]}");

        RenderedPayload payload = engine.render(lead("first_name", "Ann", "city", "Austin", "state", "TX",
                "loan_amount", "150000", "property_value", "200000"), mapping);
        assertThat(payload.body()).isEqualTo("Ann,\"Austin, TX\",75.0\r\n");
        assertThat(payload.contentType()).isEqualTo("text/csv; charset=utf-8");
    }

    @Test
    void shouldRenderQueryStringWhenFormatIsQuery() {
        Mapping mapping = TestLeads.mapping("{\"format\":\"query\",\"fields\":["
                + "{\"target\":\"name\",\"source\":\"{first_name} {last_name}\"},{\"target\":\"st\",\"source\":\"state\"}]}");
        assertThat(engine.render(lead("first_name", "José", "last_name", "O'Neil", "state", "TX"), mapping).body())
                .isEqualTo("name=Jos%C3%A9%20O%27Neil&st=TX");
    }

    @Test
    void shouldRenderSoap12WhenFormatIsSoap12() {
        Mapping mapping = TestLeads.mapping("{\"format\":\"soap12\",\"rootElement\":\"m:Submit\",\"namespaces\":{\"m\":\"urn:m\"},"
                + "\"fields\":[{\"target\":\"m:Name\",\"source\":\"first_name\"}]}");
        RenderedPayload payload = PayloadPreview.of(lead("first_name", "Zoë"), mapping, TestLeads.CLOCK);
        assertThat(payload.contentType()).isEqualTo("application/soap+xml; charset=utf-8");
        assertThat(payload.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"><soap:Body>"
                + "<m:Submit xmlns:m=\"urn:m\"><m:Name>Zoë</m:Name></m:Submit></soap:Body></soap:Envelope>");
    }

    @Test
    void shouldReportFieldErrorWhenXmlValueHasControlCharacter() {
        Mapping mapping = TestLeads.mapping("{\"format\":\"xml\",\"fields\":[{\"target\":\"Name\",\"source\":\"first_name\"},"
                + "{\"target\":\"City\",\"source\":\"city\"}]}");
        RenderedPayload payload = engine.render(lead("first_name", "Ann\u0007", "city", "Austin"), mapping);
        assertThat(payload.errors()).containsExactly(new FieldIssue("Name", "contains character U+0007, which XML cannot carry"));
        assertThat(payload.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><lead><City>Austin</City></lead>");
    }

    @Test
    void shouldKeepEmojiAndRefuseLoneSurrogateWhenRenderingXml() {
        Mapping mapping = TestLeads.mapping("{\"format\":\"xml\",\"fields\":[{\"target\":\"Name\",\"source\":\"first_name\"},"
                + "{\"target\":\"City\",\"source\":\"city\"}]}");
        RenderedPayload payload = engine.render(lead("first_name", "Ann \uD83D", "city", "Austin 😀"), mapping);
        assertThat(payload.errors()).containsExactly(new FieldIssue("Name", "contains character U+D83D, which XML cannot carry"));
        assertThat(payload.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><lead><City>Austin 😀</City></lead>");
    }

    @Test
    void shouldGiveSameResultWhenMappingIsReusedAcrossLeads() {
        Mapping mapping = TestLeads.mappingFile("docs/examples/buyer-abc.mapping.json");
        Lead first = TestLeads.fromResource("/leads/insurance-us.json");
        String body = engine.render(first, mapping).body();
        engine.render(lead("first_name", "X"), mapping);
        assertThat(engine.render(first, mapping).body()).isEqualTo(body);
    }
}
