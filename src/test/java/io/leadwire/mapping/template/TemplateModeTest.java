package io.leadwire.mapping.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.mapping.FieldIssue;
import io.leadwire.mapping.Mapping;
import io.leadwire.mapping.MappingEngine;
import io.leadwire.mapping.MappingParseException;
import io.leadwire.mapping.MappingParser;
import io.leadwire.mapping.RenderedPayload;
import io.leadwire.mapping.TestLeads;
import io.leadwire.mapping.spec.BuyerSpec;
import io.leadwire.mapping.spec.PayloadValidator;
import io.leadwire.mapping.spec.SpecField;
import io.leadwire.mapping.transform.ValueKind;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateModeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NASTY = "O'Brien \"Jr\" <b>&amp; \\ \n\r\t ünï 😀 שלום \u2028 }, \"x\": 1";

    private final MappingEngine engine = new MappingEngine(TestLeads.CLOCK);

    private static Mapping template(String format, String template) {
        return template(format, template, "");
    }

    private static Mapping template(String format, String template, String extra) {
        try {
            return new MappingParser().parse("{\"name\":\"t\",\"format\":\"" + format + "\",\"mode\":\"template\","
                    + extra + "\"template\":" + JSON.writeValueAsString(template) + "}");
        } catch (IOException | MappingParseException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static MappingParseException parseError(String template) {
        try {
            new MappingParser().parse("{\"format\":\"json\",\"mode\":\"template\",\"template\":"
                    + JSON.writeValueAsString(template) + "}");
        } catch (MappingParseException e) {
            return e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("expected a parse error for " + template);
    }

    private RenderedPayload render(Mapping mapping, Map<String, String> fields) {
        return engine.render(fields, mapping);
    }

    @Test
    void shouldEscapeEveryLeadValueWhenBodyIsJson() throws IOException {
        RenderedPayload payload = render(template("json", "{\"name\": \"{{ name }}\", \"n\": \"{{ lead[\"odd-key\"] }}\"}"),
                Map.of("name", NASTY, "odd-key", "<&>"));

        assertThat(payload.errors()).isEmpty();
        JsonNode body = JSON.readTree(payload.body());
        assertThat(body.get("name").asText()).isEqualTo(NASTY);
        assertThat(body.get("n").asText()).isEqualTo("<&>");
        assertThat(body.size()).isEqualTo(2);
        assertThat(payload.body()).contains("ünï 😀 שלום");
        assertThat(payload.fieldValues()).containsEntry("name", NASTY);
    }

    @Property(tries = 300)
    void shouldReadBackSameTextWhenAnyValueIsRenderedIntoJson(@ForAll("anyText") String value) throws IOException {
        RenderedPayload payload = render(template("json", "{\"v\": \"{{ v }}\"}"), Map.of("v", value));
        assertThat(JSON.readTree(payload.body()).get("v").asText()).isEqualTo(value);
    }

    @Property(tries = 300)
    void shouldReadBackSameTextWhenAnyXmlSafeValueIsRenderedIntoXml(@ForAll("xmlText") String value) {
        RenderedPayload payload = render(template("xml", "<lead id=\"{{ v }}\"><v>{{ v }}</v></lead>"),
                Map.of("v", value));
        assertThat(payload.errors()).isEmpty();
        String expected = value.replace("\r\n", "\n").replace('\r', '\n');
        assertThat(payload.fieldValues().get("v")).isEqualTo(expected);
    }

    @Property(tries = 300)
    void shouldReadBackSameTextWhenAnyValueIsRenderedIntoForm(@ForAll("anyText") String value) {
        RenderedPayload payload = render(template("form", "a={{ v }}&b=1"), Map.of("v", value));
        assertThat(payload.fieldValues()).containsExactly(Map.entry("a", value), Map.entry("b", "1"));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40).filter(TemplateModeTest::wellFormed),
                pieces("\"", "'", "<", ">", "&", "\\", "\n", "\r", "\t", "{", "}", "%", "#", "=", "+", " ", "é", "😀",
                        "\u2028", "{{ a }}", "%}"));
    }

    @Provide
    Arbitrary<String> xmlText() {
        return pieces("\"", "'", "<", ">", "&", "\\", "\n", "\t", "{", "}", "%", "#", "=", "+", " ", "é", "a", "😀",
                "]]>", "<![CDATA[", "&amp;", "שלום");
    }

    private static Arbitrary<String> pieces(String... pieces) {
        return Arbitraries.of(pieces).list().ofMaxSize(12).map(list -> String.join("", list));
    }

    /** No unpaired surrogates: a lead value always is well-formed UTF-16 once intake decoded its UTF-8. */
    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void shouldEscapeMarkupWhenBodyIsXml() {
        RenderedPayload payload = render(template("xml", "<lead name=\"{{ name }}\"><n>{{ name }}</n></lead>"),
                Map.of("name", "A&B <c> \"d\" 'e'"));

        assertThat(payload.errors()).isEmpty();
        assertThat(payload.body()).isEqualTo("<lead name=\"A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;\">"
                + "<n>A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;</n></lead>");
        assertThat(payload.fieldValues()).containsExactly(Map.entry("@name", "A&B <c> \"d\" 'e'"),
                Map.entry("n", "A&B <c> \"d\" 'e'"));
        assertThat(payload.contentType()).isEqualTo("application/xml; charset=utf-8");
    }

    @Test
    void shouldWarnNamingLeadFieldAndDropCharacterWhenXmlCannotCarryIt() {
        RenderedPayload payload = render(template("xml", "<lead>{{ name }}</lead>"), Map.of("name", "bell\u0007"));

        assertThat(payload.errors()).isEmpty();
        assertThat(payload.body()).isEqualTo("<lead>bell</lead>");
        assertThat(payload.warnings()).containsExactly(new FieldIssue("name",
                "contains character U+0007, which XML cannot carry; it is left out wherever printed"));
    }

    @Test
    void shouldSendSoapHeadersAndReadBodyElementWhenFormatIsSoap11() {
        Mapping mapping = template("soap11", "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soap:Body><Submit><Phone>{{ phone | e164 }}</Phone><Item>a</Item><Item>b</Item></Submit>"
                + "</soap:Body></soap:Envelope>", "\"soapAction\": \"urn:x/Submit\",");

        RenderedPayload payload = render(mapping, Map.of("phone", "(512) 555-0147"));

        assertThat(payload.errors()).isEmpty();
        assertThat(payload.contentType()).isEqualTo("text/xml; charset=utf-8");
        assertThat(payload.headers()).containsExactly(Map.entry("SOAPAction", "\"urn:x/Submit\""));
        assertThat(payload.fieldValues()).containsExactly(Map.entry("Phone", "+15125550147"),
                Map.entry("Item[0]", "a"), Map.entry("Item[1]", "b"));
    }

    @Test
    void shouldFailWhenSoapTemplateRendersNoEnvelope() {
        RenderedPayload payload = render(template("soap12", "<Submit/>"), Map.of());
        assertThat(payload.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("body");
            assertThat(e.message()).contains("not a SOAP envelope");
        });
    }

    @Test
    void shouldQuoteCsvCellWhenValueHasCommaOrQuote() {
        RenderedPayload payload = render(template("csv", "{{ a }},{{ b }}"), Map.of("a", "x,y", "b", "say \"hi\""));
        assertThat(payload.body()).isEqualTo("\"x,y\",\"say \"\"hi\"\"\"");
    }

    @Test
    void shouldReportBrokenBodyWhenTemplateRendersInvalidJson() {
        RenderedPayload payload = render(template("json", "{\"age\": {{ dob | age }}}"), Map.of());

        assertThat(payload.ok()).isFalse();
        assertThat(payload.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("body");
            assertThat(e.message()).startsWith("the rendered body is not valid JSON").contains("body line 1, column");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '§', value = {
            "{{ phone | e165 }}                     § line 1, column 12: unknown filter 'e165'",
            "'{\n  \"a\": \"{{ b | upper }}\",\n  \"c\": {{ nope(1) }}\n}' § line 3, column 11: unknown function 'nope'",
            "'x\n{% if %}'                          § line 2, column 7: Unexpected token",
            "{{ a                                   § line 1: Unexpected token",
            "{% include 'other' %}                  § line 1, column 4: Unexpected tag name \"include\"",
            "{% extends 'other' %}                  § line 1, column 4: Unexpected tag name \"extends\"",
            "{% import 'other' %}                   § line 1, column 4: Unexpected tag name \"import\"",
            "{% autoescape false %}{{ a }}{% endautoescape %} § line 1, column 4: Unexpected tag name \"autoescape\"",
            "{{ a | raw }}                          § line 1, column 8: unknown filter 'raw'"})
    void shouldReportLineAndColumnWhenTemplateCannotCompile(String template, String message) {
        assertThat(parseError(template).problems()).singleElement().asString().startsWith("template: " + message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{ a.getClass() }}", "{{ a.bytes }}", "{{ lead.getClass().forName(\"java.lang.Runtime\") }}",
            "{{ lead.clear() }}"})
    void shouldRefuseMethodAccessWhenTemplateCallsOne(String template) {
        Map<String, String> fields = new LinkedHashMap<>(Map.of("a", "x"));
        RenderedPayload payload = render(template("csv", template), fields);

        assertThat(payload.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("template");
            assertThat(e.message()).startsWith("line 1: ");
        });
        assertThat(fields).containsExactly(Map.entry("a", "x"));
    }

    @Test
    void shouldStopAtSizeLimitWhenTemplateWritesTooMuch() {
        RenderedPayload payload = render(template("csv", "{% for i in range(0, 9999) %}{% for j in range(0, 999) %}"
                + "x{% endfor %}{% endfor %}"), Map.of());
        assertThat(payload.errors()).singleElement().asString()
                .startsWith("template: ").contains(Integer.toString(BodyTemplate.MAX_BODY_CHARS));
    }

    @Test
    void shouldRefuseHugeRangeWhenTemplateLoopsTooLong() {
        RenderedPayload payload = render(template("csv", "{% for i in range(0, 1000000000) %}{% endfor %}"), Map.of());
        assertThat(payload.errors()).containsExactly(new FieldIssue("template", "line 1: range is limited to "
                + TemplateFilters.MAX_RANGE + " items"));
        assertThat(render(template("csv", "{% for i in range(3, 1, -1) %}{{ i }}{% endfor %}"), Map.of()).body())
                .isEqualTo("321");
    }

    @Test
    void shouldApplyEveryTransformWhenUsedAsFilter() throws IOException {
        Map<String, String> lead = new LinkedHashMap<>();
        lead.put("phone", "(512) 555-0147");
        lead.put("uk", "020 7946 0000");
        lead.put("dob", "1984-03-15");
        lead.put("email", " MJ@Example.org ");
        lead.put("homeowner", "1");
        lead.put("name", "maría-josé o'NEIL");
        lead.put("full", "Mary Ann Smith");
        lead.put("address", "123 Main St, Austin, TX 78701");
        lead.put("loan", "200000");
        lead.put("value", "250000");
        lead.put("amount", "$250,000.456");
        lead.put("yes", "yes");
        lead.put("ts", "2026-11-02T09:15:00-06:00");
        lead.put("csv", "a;b;c");
        String template = String.join("\n", "{",
                "\"e164\": \"{{ phone | e164 }}\", \"national\": \"{{ phone | national }}\",",
                "\"nanp\": \"{{ phone | nanp }}\", \"intl\": \"{{ phone | international }}\",",
                "\"uk\": \"{{ uk | e164(region=\"GB\") }}\", \"ukIntl\": \"{{ uk | phone(\"international\", \"GB\") }}\",",
                "\"age\": \"{{ dob | age }}\", \"dob\": \"{{ dob | date(\"MM/dd/yyyy\") }}\",",
                "\"utc\": \"{{ ts | date(\"yyyy-MM-dd HH:mm\", toZone=\"UTC\") }}\",",
                "\"epoch\": \"{{ dob | date(\"epochSeconds\") }}\",",
                "\"hash\": \"{{ email | sha256email }}\",",
                "\"home\": \"{{ homeowner | translate({\"1\": \"Yes\", \"0\": \"No\"}) }}\",",
                "\"homeNamed\": \"{{ homeowner | translate(\"yn\") }}\",",
                "\"title\": \"{{ name | title }}\", \"upper\": \"{{ full | upper }}\", \"trim\": \"{{ email | trim | lower }}\",",
                "\"first\": \"{{ full | name_part(\"first\") }}\", \"last\": \"{{ full | name_part(\"last\") }}\",",
                "\"city\": \"{{ address | address_part(\"city\") }}\", \"zip\": \"{{ address | address_part(\"zip\") }}\",",
                "\"second\": \"{{ csv | split_at(\";\", 1) }}\",",
                "\"short\": \"{{ full | truncate(4) }}\", \"digits\": \"{{ phone | regex(\"\\D\") }}\",",
                "\"amount\": \"{{ amount | number(2) }}\", \"bool\": \"{{ yes | bool(\"yn\") }}\",",
                "\"ltv\": \"{{ loan | ratio(\"value\", 2, true) }}\", \"missing\": \"{{ nothing | default(\"n/a\") }}\"",
                "}");
        RenderedPayload payload = render(template("json", template, "\"tables\": {\"yn\": {\"1\": \"Y\", \"0\": \"N\"}},"),
                lead);

        assertThat(payload.errors()).isEmpty();
        assertThat(payload.warnings()).containsExactly(
                new FieldIssue("full", "truncated to 4 characters (template line 15)"));
        JsonNode body = JSON.readTree(payload.body());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("e164", "+15125550147");
        expected.put("national", "5125550147");
        expected.put("nanp", "(512) 555-0147");
        expected.put("intl", "+1 512-555-0147");
        expected.put("uk", "+442079460000");
        expected.put("ukIntl", "+44 20 7946 0000");
        expected.put("age", "42");
        expected.put("dob", "03/15/1984");
        expected.put("utc", "2026-11-02 15:15");
        expected.put("epoch", Long.toString(java.time.LocalDate.parse("1984-03-15").toEpochDay() * 86_400));
        expected.put("hash", io.leadwire.mapping.Transforms256.sha256Hex("mj@example.org"));
        expected.put("home", "Yes");
        expected.put("homeNamed", "Y");
        expected.put("title", "María-José O'Neil");
        expected.put("upper", "MARY ANN SMITH");
        expected.put("trim", "mj@example.org");
        expected.put("first", "Mary");
        expected.put("last", "Smith");
        expected.put("city", "Austin");
        expected.put("zip", "78701");
        expected.put("second", "b");
        expected.put("short", "Mary");
        expected.put("digits", "5125550147");
        expected.put("amount", "250000.46");
        expected.put("bool", "Y");
        expected.put("ltv", "80.00");
        expected.put("missing", "n/a");
        expected.forEach((key, value) -> assertThat(body.get(key).asText()).as(key).isEqualTo(value));
        assertThat(body.size()).isEqualTo(expected.size());
    }

    @Test
    void shouldNameLeadFieldWhenFilterCannotHandleValue() {
        RenderedPayload payload = render(template("json", "{\n\"p\": \"{{ phone | e164 }}\",\n"
                + "\"h\": \"{{ homeowner | translate({\"1\": \"Yes\"}, fallback=\"No\") }}\"}"),
                Map.of("phone", "call me", "homeowner", "maybe"));

        assertThat(payload.errors()).containsExactly(
                new FieldIssue("phone", "'call me' is not a valid phone number (template line 2)"));
        assertThat(payload.warnings()).containsExactly(new FieldIssue("homeowner",
                "value 'maybe' is not in the translation table; sent as 'No' (template line 3)"));
    }

    @Test
    void shouldReportBadFilterArgumentWhenRendering() {
        RenderedPayload payload = render(template("json", "{\"t\": \"{{ a | translate(\"nope\") }}\"}"), Map.of("a", "1"));
        assertThat(payload.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("template");
            assertThat(e.message()).startsWith("line 1: no translation table 'nope'");
        });
    }

    @Test
    void shouldValidateRenderedFieldsAgainstBuyerSpecWhenTemplateBodyIsJson() {
        Mapping mapping = template("json", "{\"applicant\": {\"first\": \"{{ first }}\", \"state\": \"{{ state }}\"},"
                + " \"phones\": [{\"n\": \"{{ phone | national }}\"}]}");
        BuyerSpec spec = new BuyerSpec("b", List.of(
                SpecField.builder("applicant.first").required(true).maxLength(5).build(),
                SpecField.builder("applicant.state").enumValues(List.of("TX", "CA")).build(),
                SpecField.builder("phones[0].n").type(ValueKind.INTEGER).required(true).build()));

        RenderedPayload payload = render(mapping, Map.of("first", "Maximilian", "state", "ZZ", "phone", "5125550147"));

        assertThat(payload.fieldValues()).containsExactly(Map.entry("applicant.first", "Maximilian"),
                Map.entry("applicant.state", "ZZ"), Map.entry("phones[0].n", "5125550147"));
        assertThat(new PayloadValidator().validate(payload.fieldValues(), spec)).containsExactly(
                new FieldIssue("applicant.first", "is longer than 5 characters"),
                new FieldIssue("applicant.state", "'ZZ' is not one of [TX, CA]"));
    }

    @Test
    void shouldReadTemplateFileWhenItLiesNextToMapping(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("body.peb"), "ST={{ state }}&Name={{ name }}");
        Path mapping = folder.resolve("buyer.mapping.json");
        Files.writeString(mapping, "{\"format\": \"form\", \"mode\": \"template\", \"templateFile\": \"body.peb\"}");

        RenderedPayload payload = render(new MappingParser().parseFile(mapping), Map.of("state", "TX", "name", "A & B"));

        assertThat(payload.body()).isEqualTo("ST=TX&Name=A+%26+B");
        assertThat(payload.fieldValues()).containsExactly(Map.entry("ST", "TX"), Map.entry("Name", "A & B"));
    }

    @Test
    void shouldRefuseTemplateFileWhenItLiesOutsideMappingFolder(@TempDir Path folder) throws Exception {
        Path mapping = folder.resolve("buyer.mapping.json");
        Files.writeString(mapping, "{\"format\": \"form\", \"mode\": \"template\", \"templateFile\": \"../secret.txt\"}");

        assertThatThrownBy(() -> new MappingParser().parseFile(mapping)).isInstanceOf(MappingParseException.class)
                .hasMessageContaining("must lie in the mapping's folder");
    }

    @Test
    void shouldListDocumentProblemsWhenTemplateModeIsMisused() {
        assertThatThrownBy(() -> new MappingParser().parse("{\"format\": \"json\", \"mode\": \"template\", "
                + "\"fields\": [], \"rootElement\": \"x\"}"))
                .isInstanceOf(MappingParseException.class)
                .satisfies(e -> assertThat(((MappingParseException) e).problems()).contains(
                        "mapping: \"fields\" is not used in template mode: the template writes the whole body",
                        "mapping: template mode needs exactly one of \"template\" (text, or a list of lines) "
                                + "and \"templateFile\""));
        assertThatThrownBy(() -> new MappingParser().parse("{\"format\": \"json\", \"mode\": \"tmpl\", \"fields\": []}"))
                .hasMessageContaining("mode 'tmpl' is not rules or template");
        assertThatThrownBy(() -> new MappingParser().parse("{\"format\": \"json\", \"template\": \"x\", "
                + "\"fields\": [{\"target\": \"a\", \"source\": \"b\"}]}"))
                .hasMessageContaining("need \"mode\": \"template\"");
    }

    @Test
    void shouldDecodeQueryValuesWhenFormatIsQuery() {
        RenderedPayload payload = render(template("query", "q={{ v }}"), Map.of("v", "a b+c"));
        assertThat(payload.body()).isEqualTo("q=a%20b%2Bc");
        assertThat(URLDecoder.decode(payload.body().substring(2), StandardCharsets.UTF_8)).isEqualTo("a b+c");
    }

    @Test
    void shouldLeaveSpecCheckToPayloadWhenMappingIsTemplate() {
        Mapping mapping = template("json", "{\"a\": \"{{ a }}\"}");
        BuyerSpec spec = new BuyerSpec("b", List.of(SpecField.builder("b").required(true).build()));

        assertThat(new io.leadwire.mapping.spec.MappingValidator().validate(mapping, spec)).isEmpty();
        assertThat(new PayloadValidator().validate(render(mapping, Map.of("a", "1")).fieldValues(), spec))
                .containsExactly(new FieldIssue("b", "is required but has no value"),
                        new FieldIssue("a", "is not a field of the buyer spec"));
    }
}
