package io.leadwire.delivery.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseRulesParseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String FULL = "{"
            + "\"duplicate\": {\"status\": [409], \"match\": [{\"jsonPath\": \"$.status\", \"equals\": \"duplicate\"}]},"
            + "\"rejected\": {\"status\": [200, \"4xx\"], \"match\": [{\"jsonPath\": \"$.status\", \"in\": [\"rejected\", \"declined\"]}],"
            + "  \"any\": [{\"header\": \"X-Result\", \"matches\": \"(?i)no.*\"}, {\"contains\": \"declined\"}]},"
            + "\"accepted\": {\"status\": [200, 201, 202], \"match\": [{\"xpath\": \"/s:Envelope/s:Body//*[local-name()='Status']\","
            + "  \"equals\": \"OK\"}, {\"regex\": \"id=(\\\\d+)\"}, {\"jsonPath\": \"$.error\", \"exists\": false}]},"
            + "\"extract\": {\"buyerLeadId\": {\"jsonPath\": \"$.lead_id\"}, \"price\": {\"xpath\": \"//s:Price\"},"
            + "  \"reason\": {\"regex\": \"reason=(\\\\w+)\"}},"
            + "\"unmatched2xx\": \"error\","
            + "\"namespaces\": {\"s\": \"http://schemas.xmlsoap.org/soap/envelope/\"}}";

    private static ResponseRules rules(String json) throws IOException {
        return ResponseRules.parse(JSON.readTree(json));
    }

    @Test
    void shouldBeEqualWhenParsedFromItsOwnJson() throws IOException {
        ResponseRules rules = rules(FULL);

        JsonNode written = rules.toJson(JSON);
        ResponseRules again = ResponseRules.parse(written);

        assertThat(again).isEqualTo(rules).hasSameHashCodeAs(rules);
        assertThat(again.toJson(JSON)).isEqualTo(written);
        assertThat(written.get("unmatched2xx").asText()).isEqualTo("error");
        assertThat(written.at("/accepted/match/2")).isEqualTo(JSON.readTree("{\"jsonPath\": \"$.error\", \"exists\": false}"));
    }

    @Test
    void shouldWriteShortestFormWhenParsingLooseForm() throws IOException {
        ResponseRules loose = rules("{\"accepted\": {\"match\": {\"jsonPath\": \"$.ok\", \"exists\": true}},"
                + " \"rejected\": {\"status\": \"422\"}, \"unmatched2xx\": \"Accepted\"}");

        assertThat(loose.toJson(JSON)).isEqualTo(JSON.readTree("{\"rejected\": {\"status\": [422]},"
                + " \"accepted\": {\"status\": [\"2xx\"], \"match\": [{\"jsonPath\": \"$.ok\"}]}}"));
        assertThat(rules(loose.toJson(JSON).toString())).isEqualTo(loose);
    }

    @Test
    void shouldUseDefaultsWhenBlockIsAbsent() throws IOException {
        assertThat(ResponseRules.parse(null)).isEqualTo(ResponseRules.defaults());
        assertThat(ResponseRules.parse(MissingNode.getInstance())).isEqualTo(ResponseRules.defaults());
        assertThat(ResponseRules.parse(NullNode.getInstance())).isEqualTo(ResponseRules.defaults());
        assertThat(rules("{}")).isEqualTo(ResponseRules.defaults());
        assertThat(ResponseRules.defaults().toJson(JSON)).isEqualTo(JSON.readTree("{}"));
    }

    @Test
    void shouldNotEqualWhenRulesDiffer() throws IOException {
        assertThat(rules("{\"unmatched2xx\": \"rejected\"}")).isNotEqualTo(ResponseRules.defaults());
        assertThat(rules("{\"accepted\": {\"status\": [200]}}")).isNotEqualTo(rules("{\"accepted\": {\"status\": [201]}}"));
    }

    @Test
    void shouldSummariseOnOneLineWhenDescribed() throws IOException {
        assertThat(rules(FULL).describe())
                .startsWith("duplicate if 409 and $.status = 'duplicate'; rejected if 200|4xx and $.status in "
                        + "('rejected', 'declined') and (header X-Result ~ /(?i)no.*/ or body contains 'declined')")
                .contains("accepted if 200|201|202 and ")
                .contains("body ~ /id=(\\d+)/", "$.error is absent", "unmatched 2xx: error")
                .endsWith("extract buyerLeadId from $.lead_id, price from //s:Price, reason from /reason=(\\w+)/")
                .doesNotContain("\n");
        assertThat(ResponseRules.defaults().describe()).startsWith("built-in: 2xx accepted");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"acepted\": {}}                                                 | unknown key \"acepted\" (expected duplicate, rejected",
            "{\"accepted\": {\"match\": [{\"jsonPath\": \"$.[bad\", \"equals\": 1}]}} | accepted.match[0].jsonPath: '$.[bad' is not a valid JSONPath",
            "{\"rejected\": {\"match\": [{\"regex\": \"(unclosed\"}]}}         | rejected.match[0].regex: '(unclosed' is not a valid regular expression",
            "{\"rejected\": {\"match\": [{\"jsonPath\": \"$.s\", \"matches\": \"[a-\"}]}} | rejected.match[0].matches: '[a-' is not a valid regular expression",
            "{\"accepted\": {\"match\": [{\"xpath\": \"//[\"}]}}               | accepted.match[0].xpath: '//[' is not a valid XPath",
            "{\"accepted\": {\"match\": [{\"xpath\": \"/b:Result\"}]}}         | accepted.match[0].xpath: '/b:Result' is not a valid XPath",
            "{\"accepted\": {\"match\": [{\"jsonpath\": \"$.status\"}]}}       | accepted.match[0]: unknown key \"jsonpath\" (expected jsonPath, xpath",
            "{\"accepted\": {\"match\": [{\"jsonPath\": \"$.a\", \"regex\": \"b\"}]}} | accepted.match[0] has both \"jsonPath\" and \"regex\"",
            "{\"accepted\": {\"match\": [{\"jsonPath\": \"$.a\", \"equals\": 1, \"in\": [1]}]}} | accepted.match[0] has both \"equals\" and \"in\"",
            "{\"accepted\": {\"match\": [{\"jsonPath\": \"$.a\", \"in\": []}]}} | accepted.match[0].in must be a non-empty list",
            "{\"accepted\": {\"match\": [{\"jsonPath\": \"$.a\", \"equals\": null}]}} | accepted.match[0].equals must be a non-empty string, a number or a boolean",
            "{\"accepted\": {\"match\": [{\"exists\": true}]}}                 | accepted.match[0].exists needs a source",
            "{\"accepted\": {\"match\": [{}]}}                                 | accepted.match[0] needs a source",
            "{\"accepted\": {\"match\": [\"$.status\"]}}                        | accepted.match[0] must be an object",
            "{\"accepted\": {\"status\": [200, 700]}}                          | accepted.status[1]: '700' is not an HTTP status",
            "{\"accepted\": {\"status\": \"2xxx\"}}                            | accepted.status: '2xxx' is not an HTTP status",
            "{\"accepted\": {\"status\": []}}                                  | accepted.status must list at least one status",
            "{\"accepted\": {\"when\": []}}                                    | accepted: unknown key \"when\" (expected status, match, any)",
            "{\"duplicate\": []}                                               | duplicate must be an object",
            "{\"unmatched2xx\": \"queued\"}                                    | unmatched2xx: 'queued' is not accepted, rejected or error",
            "{\"unmatched2xx\": \"duplicate\"}                                 | unmatched2xx: 'duplicate' is not accepted, rejected or error",
            "{\"extract\": {\"leadId\": {\"jsonPath\": \"$.id\"}}}             | extract: unknown key \"leadId\" (expected buyerLeadId, price, reason)",
            "{\"extract\": {\"price\": {\"path\": \"$.price\"}}}               | extract.price: unknown key \"path\" (expected jsonPath, xpath, header, regex)",
            "{\"extract\": {\"price\": {\"jsonPath\": \"$.p\", \"regex\": \"x\"}}} | extract.price must be an object with one of",
            "{\"extract\": {\"reason\": {\"regex\": \"*oops\"}}}               | extract.reason.regex: '*oops' is not a valid regular expression",
            "{\"extract\": {\"buyerLeadId\": {\"jsonPath\": \"\"}}}            | extract.buyerLeadId.jsonPath must not be empty",
            "{\"namespaces\": {\"xmlns\": \"urn:x\"}}                          | namespaces: 'xmlns' is not a usable prefix",
            "{\"namespaces\": {\"b\": 1}}                                      | namespaces.b must be a namespace URI",
            "[]                                                                | \"response\" must be an object"})
    void shouldNameKeyAtFaultWhenBlockIsWrong(String json, String message) {
        assertThatThrownBy(() -> rules(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"accepted", "REJECTED", " Duplicate ", "error"})
    void shouldReadOutcomeWhenWireNameHasAnyCase(String word) {
        assertThat(Outcome.ofWireName(word).wireName()).isEqualTo(word.strip().toLowerCase(Locale.ROOT));
    }

    @Test
    void shouldRefuseOutcomeWhenWordIsUnknown() {
        assertThatThrownBy(() -> Outcome.ofWireName("queued")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'queued' is not an outcome (accepted, rejected, duplicate, error)");
    }
}
