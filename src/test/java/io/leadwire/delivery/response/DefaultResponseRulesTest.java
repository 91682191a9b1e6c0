package io.leadwire.delivery.response;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.delivery.ErrorClass;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built-in reading of answers, for buyers without a {@code response} block. */
class DefaultResponseRulesTest {

    private static ResponseVerdict judge(int status, String body) {
        return ResponseRules.defaults().judge(status, Map.of(), "application/json", body);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "200 | {\"status\": \"accepted\"}                   | ACCEPTED",
            "200 | {\"status\": \"Success\"}                    | ACCEPTED",
            "201 | {\"status\": \"ok\"}                         | ACCEPTED",
            "200 | {\"status\": \"rejected\"}                   | REJECTED",
            "200 | {\"status\": \"DECLINED\"}                   | REJECTED",
            "200 | {\"status\": \"error\", \"message\": \"x\"}  | REJECTED",
            "200 | {\"status\": \"duplicate\"}                  | DUPLICATE",
            "200 | {\"success\": true}                          | ACCEPTED",
            "200 | {\"success\": false}                         | REJECTED",
            "200 | {\"success\": \"false\"}                     | REJECTED",
            "200 | {\"id\": 5}                                  | ACCEPTED",
            "200 | OK                                           | ACCEPTED",
            "204 | ''                                           | ACCEPTED",
            "200 | [1, 2]                                       | ACCEPTED",
            "409 | ''                                           | DUPLICATE",
            "400 | {\"status\": \"duplicate\"}                  | DUPLICATE",
            "422 | {\"status\": \"declined\", \"reason\": \"r\"} | REJECTED",
            "400 | {\"status\": \"error\"}                      | ERROR",
            "500 | {\"status\": \"rejected\"}                   | ERROR"})
    void shouldRecogniseWellKnownShapeWhenNoRulesAreGiven(int status, String body, Outcome outcome) {
        ResponseVerdict verdict = judge(status, body);

        assertThat(verdict.outcome()).isEqualTo(outcome);
        assertThat(verdict.drift()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"500, SERVER_ERROR", "502, SERVER_ERROR", "503, UNAVAILABLE", "429, RATE_LIMITED", "401, UNAUTHORIZED",
            "404, CLIENT_ERROR", "408, TIMEOUT"})
    void shouldClassifyErrorByStatusWhenNon2xxIsNotDuplicate(int status, ErrorClass errorClass) {
        assertThat(judge(status, "nope")).extracting(ResponseVerdict::outcome, ResponseVerdict::errorClass)
                .containsExactly(Outcome.ERROR, errorClass);
    }

    @Test
    void shouldExtractWellKnownFieldsWhenAnswerIsJson() {
        assertThat(judge(200, "{\"status\": \"accepted\", \"lead_id\": \"A1\", \"price\": \"$12.50\"}"))
                .isEqualTo(new ResponseVerdict(Outcome.ACCEPTED, null, "A1", new BigDecimal("12.50"), null, false, null));
        assertThat(judge(200, "{\"success\": true, \"leadId\": 991, \"payout\": 4}"))
                .extracting(ResponseVerdict::buyerLeadId, ResponseVerdict::price)
                .containsExactly("991", new BigDecimal("4"));
        assertThat(judge(200, "{\"id\": \"z\"}").buyerLeadId()).isEqualTo("z");
        assertThat(judge(200, "{\"status\": \"rejected\", \"reason\": \"bad zip\"}").reason()).isEqualTo("bad zip");
        assertThat(judge(200, "{\"status\": \"declined\", \"message\": \"cap reached\"}").reason()).isEqualTo("cap reached");
        assertThat(judge(200, "{\"success\": false, \"errors\": [{\"message\": \"phone invalid\"}]}").reason())
                .isEqualTo("phone invalid");
        assertThat(judge(200, "{\"success\": false, \"errors\": [\"email invalid\"]}").reason()).isEqualTo("email invalid");
        assertThat(judge(200, "{\"success\": false, \"error\": true}").reason()).isEqualTo("HTTP 200");
        assertThat(judge(409, "{\"lead_id\": \"orig-1\"}").buyerLeadId()).isEqualTo("orig-1");
    }

    @Test
    void shouldIgnoreUnknownFieldsWhenShapeIsWellKnown() {
        ResponseVerdict verdict = judge(200, "{\"status\": \"accepted\", \"lead_id\": \"A\", \"debug\": {\"trace\": [1]},"
                + " \"campaign\": \"x\", \"new_field_2025\": null}");

        assertThat(verdict).isEqualTo(new ResponseVerdict(Outcome.ACCEPTED, null, "A", null, null, false, null));
    }

    @Test
    void shouldAcceptWithDriftWhenStatusWordIsUnknown() {
        ResponseVerdict verdict = judge(200, "{\"status\": \"queued\"}");

        assertThat(verdict.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(verdict.driftNote()).isEqualTo("$.status is 'queued', expected one of accepted, success, ok, "
                + "rejected, declined, error, duplicate");
        assertThat(judge(200, "{\"success\": \"maybe\"}").driftNote())
                .isEqualTo("$.success is 'maybe', expected true or false");
    }

    @Test
    void shouldAcceptWithDriftWhen2xxIsWebPage() {
        ResponseVerdict verdict = ResponseRules.defaults().judge(200, Map.of(), "text/html",
                "<html><body>Please log in</body></html>");
        ResponseVerdict untyped = ResponseRules.defaults().judge(200, Map.of(), null, "\n<!doctype HTML><p>hi");

        assertThat(verdict.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(verdict.driftNote()).isEqualTo("HTTP 200 with a web page (text/html), not an API answer");
        assertThat(untyped.driftNote()).isEqualTo("HTTP 200 with a web page (HTML), not an API answer");
    }

    @Test
    void shouldAcceptWithDriftWhenBodyStartsLikeJsonButIsBroken() {
        ResponseVerdict verdict = judge(200, "{\"status\": \"rejected\"");

        assertThat(verdict.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(verdict.driftNote()).isEqualTo("body is not JSON (content type application/json), though it starts "
                + "like JSON");
    }

    @Test
    void shouldDriftAsErrorWhenStatusIsRedirect() {
        assertThat(judge(302, "")).extracting(ResponseVerdict::outcome, ResponseVerdict::errorClass,
                ResponseVerdict::driftNote).containsExactly(Outcome.ERROR, ErrorClass.CLIENT_ERROR,
                "HTTP 302 is not an answer to a lead (expected 2xx or an error status)");
    }

    @Test
    void shouldNoteDriftWhenAcceptedPriceIsAmbiguous() {
        ResponseVerdict verdict = judge(200, "{\"status\": \"ok\", \"price\": \"1,234\"}");

        assertThat(verdict.price()).isNull();
        assertThat(verdict.driftNote()).isEqualTo("price '1,234' is ambiguous (a thousands separator or a decimal comma)");
    }
}
