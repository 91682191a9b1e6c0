package io.leadwire.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpRequestSpecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpRequestSpec spec(String json) throws IOException {
        return HttpRequestSpec.parse(JSON.readTree(json), "POST");
    }

    @Test
    void shouldMaskSecretsWhenPreviewingAndFillThemWhenSending() throws IOException {
        HttpRequestSpec spec = spec("{\"method\": \"put\", \"url\": \"https://b.example/l?k=${secret:KEY}\","
                + " \"headers\": {\"Authorization\": \"Basic ${secret:USER}:${secret:PASS}\", \"X-A\": \"1\"}}");

        assertThat(spec.method()).isEqualTo("PUT");
        assertThat(spec.maskedUrl()).isEqualTo("https://b.example/l?k=••••");
        assertThat(spec.maskedHeaders()).containsExactly(Map.entry("Authorization", "Basic ••••:••••"),
                Map.entry("X-A", "1"));
        assertThat(spec.secretNames()).containsExactly("KEY", "USER", "PASS");
        Map<String, String> secrets = Map.of("KEY", "k$1\\", "USER", "u", "PASS", "p");
        assertThat(spec.resolvedUrl(secrets::get)).isEqualTo("https://b.example/l?k=k$1\\");
        assertThat(spec.resolvedHeaders(secrets::get)).containsEntry("Authorization", "Basic u:p");
    }

    @Test
    void shouldNameSecretWhenItHasNoValue() throws IOException {
        HttpRequestSpec spec = spec("{\"url\": \"https://b.example/${secret:MISSING}\"}");
        assertThatThrownBy(() -> spec.resolvedUrl(name -> null)).hasMessage("secret 'MISSING' has no value");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"url\": \"ftp://b.example\"}                                  | url 'ftp://b.example' is not an absolute http(s) URL",
            "{\"method\": \"DELETE\", \"url\": \"https://b.example\"}        | method 'DELETE' is not POST, PUT, PATCH or GET",
            "{\"headers\": {}}                                               | \"url\" is required",
            "{\"url\": \"https://b.example\", \"headers\": {\"Content-Type\": \"text/plain\"}} | header 'Content-Type' is set from the format",
            "{\"url\": \"https://b.example\", \"headers\": {\"X\": \"a\\r\\nX-Evil: 1\"}} | header 'X' must be on one line",
            "{\"url\": \"https://b.example\", \"headers\": {\"X\": \"${env:HOME}\"}} | header 'X' has a placeholder that is not ${secret:NAME}",
            "{\"url\": \"https://b.example\", \"header\": {}}                 | unknown key \"header\""})
    void shouldExplainWhenRequestBlockIsWrong(String json, String message) {
        assertThatThrownBy(() -> spec(json)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void shouldReportRequestProblemWhenMappingDocumentHasBadBlock() {
        assertThatThrownBy(() -> new MappingParser().parse("{\"format\": \"json\", \"request\": {\"url\": \"x\"},"
                + " \"fields\": [{\"target\": \"a\", \"source\": \"b\"}]}"))
                .isInstanceOf(MappingParseException.class)
                .hasMessage("request: url 'x' is not an absolute http(s) URL");
    }

    @Test
    void shouldPutQueryInUrlWhenMappingIsQueryGet() {
        Mapping mapping = TestLeads.mapping("{\"format\": \"query\", \"request\": {\"url\": \"https://b.example/add?v=1\"},"
                + " \"fields\": [{\"target\": \"st\", \"source\": \"state\"}, {\"target\": \"c\", \"source\": \"city\"}]}");

        HttpRequestPreview request = PayloadPreview.request(Map.of("state", "TX", "city", "San Antonio"), mapping,
                TestLeads.CLOCK);

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.url()).isEqualTo("https://b.example/add?v=1&st=TX&c=San%20Antonio");
        assertThat(request.headers()).isEmpty();
        assertThat(request.body()).isEmpty();
    }

    @Test
    void shouldShowSoapActionAndMaskedKeyWhenPreviewingSoapBuyer() {
        Mapping mapping = TestLeads.mappingFile("docs/examples/soap-buyer.mapping.json");
        HttpRequestPreview request = PayloadPreview.request(
                TestLeads.fromResource("/leads/insurance-us.json").fields(), mapping, TestLeads.CLOCK);

        assertThat(request.toHttpText()).startsWith("POST https://soap.buyer.example/LeadService.asmx HTTP/1.1\n"
                + "Content-Type: text/xml; charset=utf-8\n"
                + "SOAPAction: \"urn:example:leads/SubmitLead\"\n"
                + "X-Api-Key: ••••\n"
                + "Content-Length: " + request.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\n\n"
                + "<?xml");
    }

    @Test
    void shouldSayNoUrlWhenMappingHasNoRequestBlock() {
        Mapping mapping = TestLeads.mappingFile("docs/examples/buyer-abc.mapping.json");
        HttpRequestPreview request = PayloadPreview.request(
                TestLeads.fromResource("/leads/insurance-us.json").fields(), mapping, TestLeads.CLOCK);

        assertThat(request.url()).isNull();
        assertThat(request.toHttpText()).startsWith("POST <no URL: the mapping has no \"request\" block> HTTP/1.1\n"
                + "Content-Type: application/x-www-form-urlencoded; charset=utf-8\nContent-Length: 111\n\nFName=");
    }

    @Test
    void shouldUseDefaultMethodWhenBlockNamesNone() throws IOException {
        JsonNode node = JSON.readTree("{\"url\": \"http://127.0.0.1:8080/x\"}");
        assertThat(HttpRequestSpec.parse(node, "GET").method()).isEqualTo("GET");
    }
}
