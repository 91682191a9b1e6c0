package io.leadwire.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.leadwire.testing.Http;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadParserTest {
    private final PayloadParser parser = new PayloadParser();

    private PayloadParser.Parsed parse(String contentType, String body) throws ProblemException {
        return parser.parse(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private Problem problem(String contentType, byte[] body) {
        return catchThrowableOfType(ProblemException.class, () -> parser.parse(contentType, body)).problem();
    }

    private Problem problem(String contentType, String body) {
        return problem(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "application/json | application/json",
        "APPLICATION/JSON; charset=UTF-8 | application/json",
        "application/json;charset=\"utf-8\" | application/json",
        "application/json; charset=utf8; q=1 | application/json",
        "application/vnd.acme.lead+json | application/json",
        "application/x-www-form-urlencoded | application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=UTF-8 | application/x-www-form-urlencoded",
        "application/xml | application/xml",
        "text/xml; charset=utf-8 | application/xml",
    })
    void shouldNormaliseTheMediaTypeWhenItIsSupported(String header, String mediaType) throws Exception {
        assertThat(PayloadParser.mediaType(header)).isEqualTo(mediaType);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "text/plain | unsupported_media_type",
        "application/jsonx | unsupported_media_type",
        "text/json | unsupported_media_type",
        "multipart/form-data; boundary=x | unsupported_media_type",
        "application/json; charset=iso-8859-1 | unsupported_charset",
        "application/json; charset=UTF-16 | unsupported_charset",
        "application/xml; charset=\"windows-1252\" | unsupported_charset",
        "application/json; charset= | unsupported_charset",
        "'   ' | missing_content_type",
    })
    void shouldRefuseWith415WhenTheMediaTypeOrCharsetIsNotSupported(String header, String reason) {
        Problem p = catchThrowableOfType(ProblemException.class, () -> PayloadParser.mediaType(header)).problem();
        assertThat(p.status()).isEqualTo(415);
        assertThat(p.reason()).isEqualTo(reason);
        assertThat(p.detail()).isNotBlank();
    }

    @Test
    void shouldRefuseWith415WhenThereIsNoContentType() {
        assertThat(problem(null, "{}").reason()).isEqualTo("missing_content_type");
    }

    @Test
    void shouldReadTheSampleLeadWhenItIsJson() throws Exception {
        String body = Http.resource("/leads/forex-uk.json");
        PayloadParser.Parsed p = parse("application/json", body);

        assertThat(p.vendorLeadId()).isEqualTo("FL-2026-001234");
        assertThat(p.raw()).isEqualTo(body);
        assertThat(p.mediaType()).isEqualTo("application/json");
        assertThat(p.fields()).containsEntry("first_name", "John").containsEntry("capital_available", "5000-10000")
                .hasSize(11);
    }

    @Test
    void shouldTrimValuesSkipNullsAndKeepNestedUnknownFieldsAsJsonWhenParsing() throws Exception {
        PayloadParser.Parsed p = parse("application/json",
                "{\"lead_id\":\" A-1 \",\" email \":\" a@example.com \",\"middle\":null,\"\":\"x\","
                        + "\"consent\":{\"tcpa\":true},\"tags\":[1,2],\"score\":7.5,\"ok\":false}");

        assertThat(p.vendorLeadId()).isEqualTo("A-1");
        assertThat(p.fields()).containsEntry("email", "a@example.com").doesNotContainKey("middle")
                .doesNotContainKey("").containsEntry("consent", "{\"tcpa\":true}").containsEntry("tags", "[1,2]")
                .containsEntry("score", "7.5").containsEntry("ok", "false");
    }

    @Test
    void shouldDecodeFormFieldsAsUtf8WhenTheBodyIsFormEncoded() throws Exception {
        String body = "lead_id=F-1&first_name=Mar%C3%ADa-Jos%C3%A9&last_name=O%27Neil+Jr&flag&&empty=";
        PayloadParser.Parsed p = parse("application/x-www-form-urlencoded", body);

        assertThat(p.vendorLeadId()).isEqualTo("F-1");
        assertThat(p.raw()).isEqualTo(body);
        assertThat(p.fields()).containsEntry("first_name", "María-José").containsEntry("last_name", "O'Neil Jr")
                .containsEntry("flag", "").containsEntry("empty", "");
    }

    @Test
    void shouldReadElementsAndAttributesWhenTheBodyIsXml() throws Exception {
        PayloadParser.Parsed p = parse("application/xml",
                "<lead source=\"web\"><lead_id>X-1</lead_id><first_name>Zoë</first_name></lead>");

        assertThat(p.vendorLeadId()).isEqualTo("X-1");
        assertThat(p.fields()).containsEntry("first_name", "Zoë").containsEntry("source", "web");
    }

    @Test
    void shouldNameTheLineAndColumnWhenTheJsonIsBroken() {
        Problem p = problem("application/json", "{\n\"lead_id\": \"A\",\n\"email\": }");
        assertThat(p.reason()).isEqualTo("malformed_json");
        assertThat(p.detail()).contains("line 3");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"lead_id\":true} | wrong_type | lead_id",
        "{\"lead_id\":[\"A\"]} | wrong_type | lead_id",
        "{\"lead_id\":\"A\",\"email\":{\"x\":1}} | wrong_type | email",
        "{\"lead_id\":\"A\",\"phone\":[1]} | wrong_type | phone",
        "{\"email\":\"a@b.c\"} | missing_field | lead_id",
        "{\"lead_id\":\"\"} | missing_field | lead_id",
    })
    void shouldNameTheFieldWhenAFieldIsAtFault(String body, String reason, String field) {
        Problem p = problem("application/json", body);
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.reason()).isEqualTo(reason);
        assertThat(p.field()).isEqualTo(field);
    }

    @Test
    void shouldRefuseEveryBadFixtureLeadWithAPreciseAnswerOrAcceptItForLaterStages() throws Exception {
        List<String> lines = Http.resource("/leads/bad-inputs.jsonl").lines().toList();
        assertThat(lines).hasSize(7);
        for (String line : lines) {
            if (line.contains("\"lead_id\":\"\"")) {
                assertThat(problem("application/json", line).field()).isEqualTo("lead_id");
            } else {
                // Content problems (email, phone, script, geo, enums) are for the quality stage.
                assertThat(parse("application/json", line).vendorLeadId()).startsWith("BAD-");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 100, 5_000})
    void shouldRefuseTooDeepWhenNestingExceedsSixteenLevels(int depth) {
        String body = "{\"lead_id\":\"A\",\"x\":" + "{\"y\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
        assertThat(problem("application/json", body).reason()).isEqualTo("too_deep");
        String arrays = "{\"lead_id\":\"A\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        assertThat(problem("application/json", arrays).reason()).isEqualTo("too_deep");
    }

    @Test
    void shouldAcceptNestingWithinTheLimitWhenAVendorSendsSmallObjects() throws Exception {
        String body = "{\"lead_id\":\"A\",\"x\":" + "[".repeat(10) + "]".repeat(10) + "}";
        assertThat(parse("application/json", body).fields()).containsKey("x");
    }

    @Test
    void shouldRefuseDeepXmlWithA400WhenNestingIsAbusive() {
        String body = "<lead><lead_id>A</lead_id>" + "<a>".repeat(5_000) + "</a>".repeat(5_000) + "</lead>";
        Problem p = problem("application/xml", body);
        assertThat(p.status()).isEqualTo(400);
    }

    @Test
    void shouldRefuseInvalidUtf8WhenTheBytesAreNotUtf8() {
        byte[] body = {'{', '"', 'l', 'e', 'a', 'd', '_', 'i', 'd', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};
        assertThat(problem("application/json", body).reason()).isEqualTo("invalid_encoding");
        assertThat(problem("application/x-www-form-urlencoded", new byte[] {'a', '=', (byte) 0xFF}).reason())
                .isEqualTo("invalid_encoding");
        assertThat(problem("application/xml", new byte[] {'<', 'a', '>', (byte) 0xFE, '<', '/', 'a', '>'}).reason())
                .isEqualTo("invalid_encoding");
    }

    @Test
    void shouldKeepEscapedOddUnicodeWhenJsonEscapesIt() throws Exception {
        PayloadParser.Parsed p = parse("application/json",
                "{\"lead_id\":\"U-1\",\"name\":\"\\u202Eevil\\u0000\\uD800x\\uD83D\\uDE00\"}");
        assertThat(p.fields().get("name")).isEqualTo("\u202Eevil\u0000\uD800x\uD83D\uDE00");
    }

    @Test
    void shouldRefuseDtdsAndNeverResolveEntitiesWhenXmlDeclaresThem() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE lead [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<lead><lead_id>X</lead_id><name>&xxe;</name></lead>";
        Problem p = problem("application/xml", xxe);
        assertThat(p.reason()).isEqualTo("malformed_xml");
        assertThat(p.detail()).doesNotContain("root:");
        String internal = "<!DOCTYPE lead [<!ENTITY who \"Mallory\">]><lead><lead_id>X</lead_id><n>&who;</n></lead>";
        assertThat(problem("application/xml", internal).reason()).isEqualTo("malformed_xml");
    }

    @Test
    void shouldRefuseANonObjectRootWhenTheBodyIsAListOrScalar() {
        for (String body : new String[] {"[]", "\"lead\"", "42", "null", "", "   "}) {
            assertThat(problem("application/json", body).reason()).as(body).isEqualTo("malformed_body");
        }
    }

    @Test
    void shouldRefuseBadPercentEscapesWhenTheFormIsMalformed() {
        assertThatThrownBy(() -> parse("application/x-www-form-urlencoded", "lead_id=A&x=%G1"))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("malformed_form");
    }
}
