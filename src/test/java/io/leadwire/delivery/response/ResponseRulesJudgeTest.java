package io.leadwire.delivery.response;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.delivery.ErrorClass;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configured rules: matchers, outcomes, extraction and drift. */
class ResponseRulesJudgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";

    /** The buyer of the brief: a JSON API answering 200 for most things and 409/422 for some. */
    private static final String BUYER = "{"
            + "\"duplicate\": {\"status\": [409, 200], \"match\": [{\"jsonPath\": \"$.status\", \"equals\": \"duplicate\"}]},"
            + "\"rejected\": {\"status\": [200, 422], \"match\": [{\"jsonPath\": \"$.status\", \"in\": [\"rejected\", \"declined\"]}]},"
            + "\"accepted\": {\"status\": [200, 201, 202], \"match\": [{\"jsonPath\": \"$.status\", \"equals\": \"accepted\"}]},"
            + "\"extract\": {\"buyerLeadId\": {\"jsonPath\": \"$.lead_id\"}, \"price\": {\"jsonPath\": \"$.price\"},"
            + "  \"reason\": {\"jsonPath\": \"$.errors[0].message\"}}}";

    private static ResponseRules rules(String json) throws IOException {
        return ResponseRules.parse(JSON.readTree(json));
    }

    private static ResponseVerdict judge(ResponseRules rules, int status, String body) {
        return rules.judge(status, Map.of(), JSON_TYPE, body);
    }

    @Test
    void shouldAcceptAndExtractWhenJsonAnswerMatches() throws IOException {
        ResponseVerdict verdict = judge(rules(BUYER), 201,
                "{\"status\": \"accepted\", \"lead_id\": \"B-778\", \"price\": 12.10, \"extra\": {\"ignored\": [1, 2]}}");

        assertThat(verdict).isEqualTo(new ResponseVerdict(Outcome.ACCEPTED, null, "B-778", new BigDecimal("12.10"),
                null, false, null));
    }

    @Test
    void shouldRejectWithExtractedReasonWhenStatusIsDeclined() throws IOException {
        ResponseVerdict verdict = judge(rules(BUYER), 422,
                "{\"status\": \"Declined\", \"errors\": [{\"message\": \"zip not covered\"}]}");

        assertThat(verdict.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(verdict.errorClass()).isNull();
        assertThat(verdict.reason()).isEqualTo("zip not covered");
        assertThat(verdict.drift()).isFalse();
    }

    @Test
    void shouldGiveHttpStatusAsReasonWhenRejectionCarriesNone() throws IOException {
        ResponseVerdict verdict = judge(rules(BUYER), 422, "{\"status\": \"rejected\"}");

        assertThat(verdict.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(verdict.reason()).isEqualTo("HTTP 422");
    }

    @Test
    void shouldFindDuplicateBeforeRejectionWhenBothRulesCouldHold() throws IOException {
        ResponseRules rules = rules("{\"duplicate\": {\"match\": [{\"contains\": \"already\"}]},"
                + " \"rejected\": {\"match\": [{\"contains\": \"not\"}]}}");

        assertThat(judge(rules, 200, "lead not taken: already bought").outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(judge(rules, 200, "lead not taken: bad zip").outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(judge(rules(BUYER), 409, "{\"status\": \"duplicate\", \"lead_id\": \"B-1\"}"))
                .extracting(ResponseVerdict::outcome, ResponseVerdict::buyerLeadId)
                .containsExactly(Outcome.DUPLICATE, "B-1");
    }

    @Test
    void shouldBeErrorOfItsStatusClassWhenNon2xxMatchesNoRule() throws IOException {
        ResponseRules rules = rules(BUYER);

        assertThat(judge(rules, 503, "busy")).extracting(ResponseVerdict::outcome, ResponseVerdict::errorClass,
                ResponseVerdict::drift).containsExactly(Outcome.ERROR, ErrorClass.UNAVAILABLE, false);
        assertThat(judge(rules, 401, "").errorClass()).isEqualTo(ErrorClass.UNAUTHORIZED);
        assertThat(judge(rules, 500, "{\"errors\": [{\"message\": \"db down\"}]}"))
                .extracting(ResponseVerdict::errorClass, ResponseVerdict::reason)
                .containsExactly(ErrorClass.SERVER_ERROR, "db down");
    }

    @Test
    void shouldBeDriftingErrorWhenRuleCoversStatusButBodyDiffers() throws IOException {
        ResponseVerdict verdict = judge(rules(BUYER), 422, "{\"status\": \"invalid\"}");

        assertThat(verdict.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(verdict.errorClass()).isEqualTo(ErrorClass.CLIENT_ERROR);
        assertThat(verdict.driftNote()).isEqualTo("HTTP 422 matched no rule (rejected: $.status is 'invalid', "
                + "expected one of 'rejected', 'declined')");
    }

    @Test
    void shouldAcceptWithDriftWhen2xxStatusValueIsUnknown() throws IOException {
        ResponseVerdict verdict = judge(rules(BUYER), 200, "{\"status\": \"queued\", \"lead_id\": \"B-9\"}");

        assertThat(verdict.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(verdict.buyerLeadId()).isEqualTo("B-9");
        assertThat(verdict.drift()).isTrue();
        assertThat(verdict.driftNote()).startsWith("HTTP 200 matched no rule (duplicate: $.status is 'queued', "
                + "expected 'duplicate'; rejected: $.status is 'queued', expected one of 'rejected', 'declined'; "
                + "accepted: $.status is 'queued', expected 'accepted')");
    }

    @Test
    void shouldTakeUnmatchedOutcomeWhen2xxMatchesNoRule() throws IOException {
        ResponseRules rejecting = rules("{\"accepted\": {\"match\": [{\"jsonPath\": \"$.ok\", \"equals\": true}]},"
                + " \"unmatched2xx\": \"rejected\"}");
        ResponseRules holding = rules("{\"accepted\": {\"match\": [{\"jsonPath\": \"$.ok\", \"equals\": true}]},"
                + " \"unmatched2xx\": \"error\"}");

        assertThat(judge(rejecting, 200, "{\"ok\": true}").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(judge(rejecting, 200, "{\"ok\": false}"))
                .extracting(ResponseVerdict::outcome, ResponseVerdict::reason, ResponseVerdict::drift)
                .containsExactly(Outcome.REJECTED, "HTTP 200", true);
        assertThat(judge(holding, 200, "{\"ok\": \"maybe\"}"))
                .extracting(ResponseVerdict::outcome, ResponseVerdict::errorClass, ResponseVerdict::driftNote)
                .containsExactly(Outcome.ERROR, ErrorClass.CLIENT_ERROR,
                        "HTTP 200 matched no rule (accepted: $.ok is 'maybe', expected 'true')");
    }

    @Test
    void shouldDriftWithoutThrowingWhenHtmlComesWithStatus200() throws IOException {
        ResponseVerdict verdict = rules(BUYER).judge(200, Map.of(), "text/html; charset=utf-8",
                "<!DOCTYPE html><html><body>Gateway login</body></html>");

        assertThat(verdict.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(verdict.drift()).isTrue();
        assertThat(verdict.driftNote()).contains("accepted: body is not JSON (content type text/html; charset=utf-8)")
                .doesNotContain("buyerLeadId");
    }

    @Test
    void shouldDriftWhenBodyIsEmpty() throws IOException {
        ResponseVerdict verdict = judge(rules(BUYER), 200, "");

        assertThat(verdict.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(verdict.driftNote()).contains("accepted: body is empty");
        assertThat(judge(rules(BUYER), 200, null).driftNote()).contains("body is empty");
    }

    @Test
    void shouldNoteMissingExtractWhenAcceptedAnswerLacksIt() throws IOException {
        ResponseVerdict verdict = judge(rules(BUYER), 200, "{\"status\": \"accepted\", \"price\": \"free\"}");

        assertThat(verdict.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(verdict.buyerLeadId()).isNull();
        assertThat(verdict.price()).isNull();
        assertThat(verdict.driftNote()).isEqualTo("buyerLeadId: $.lead_id is missing; price 'free' is not an amount");
    }

    @Test
    void shouldNotNoteMissingExtractWhenAnswerIsRejection() throws IOException {
        ResponseVerdict verdict = judge(rules(BUYER), 200, "{\"status\": \"rejected\"}");

        assertThat(verdict.drift()).isFalse();
    }

    @Test
    void shouldClassifyAsDefaultsWhenBlockOnlyExtracts() throws IOException {
        ResponseRules rules = rules("{\"extract\": {\"buyerLeadId\": {\"jsonPath\": \"$.data.ref\"}}}");

        assertThat(judge(rules, 200, "{\"status\": \"declined\", \"data\": {\"ref\": \"R-3\"}, \"reason\": \"cap\"}"))
                .isEqualTo(new ResponseVerdict(Outcome.REJECTED, null, "R-3", null, "cap", false, null));
        assertThat(judge(rules, 409, "{}").outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void shouldMatchEachTestWhenReadingJsonPath() throws IOException {
        String body = "{\"status\": \"OK \", \"code\": 1.0, \"flag\": true, \"items\": [{\"s\": \"a\"}, {\"s\": \"b\"}],"
                + " \"nothing\": null, \"text\": \"Lead accepted, thank you\"}";

        assertThat(holds("{\"jsonPath\": \"$.status\", \"equals\": \"ok\"}", body)).isTrue();
        assertThat(holds("{\"jsonPath\": \"$.code\", \"equals\": 1}", body)).isTrue();
        assertThat(holds("{\"jsonPath\": \"$.code\", \"in\": [2, 3]}", body)).isFalse();
        assertThat(holds("{\"jsonPath\": \"$.flag\", \"equals\": true}", body)).isTrue();
        assertThat(holds("{\"jsonPath\": \"$.items[*].s\", \"equals\": \"b\"}", body)).isTrue();
        assertThat(holds("{\"jsonPath\": \"$.items[*].s\", \"in\": [\"c\", \"a\"]}", body)).isTrue();
        assertThat(holds("{\"jsonPath\": \"$.text\", \"matches\": \"Lead accepted.*\"}", body)).isTrue();
        assertThat(holds("{\"jsonPath\": \"$.text\", \"matches\": \"accepted\"}", body)).isFalse();
        assertThat(holds("{\"jsonPath\": \"$.text\", \"contains\": \"ACCEPTED\"}", body)).isTrue();
        assertThat(holds("{\"jsonPath\": \"$.status\"}", body)).isTrue();
        assertThat(holds("{\"jsonPath\": \"$.nothing\", \"exists\": true}", body)).isFalse();
        assertThat(holds("{\"jsonPath\": \"$.nothing\", \"exists\": false}", body)).isTrue();
        assertThat(holds("{\"jsonPath\": \"$.nowhere.deeper\", \"exists\": false}", body)).isTrue();
        assertThat(holds("{\"jsonPath\": \"$.status\", \"exists\": false}", body)).isFalse();
    }

    @Test
    void shouldMatchWhenReadingBodyRegexContainsAndHeaders() throws IOException {
        Map<String, List<String>> headers = Map.of("x-result", List.of("Accepted"), "X-Lead-Id", List.of(" L-5 "));
        ResponseRules rules = rules("{\"accepted\": {\"match\": [{\"header\": \"X-Result\", \"equals\": \"accepted\"},"
                + " {\"regex\": \"^RESULT=OK\"}, {\"contains\": \"thanks\"}],"
                + " \"any\": [{\"header\": \"X-Missing\"}, {\"header\": \"x-lead-id\", \"matches\": \"L-\\\\d+\"}]},"
                + " \"extract\": {\"buyerLeadId\": {\"header\": \"X-Lead-Id\"}, \"price\": {\"regex\": \"PRICE=(\\\\S+)\"},"
                + "  \"reason\": {\"regex\": \"REASON=(.*)\"}}}");

        ResponseVerdict verdict = rules.judge(200, headers, "text/plain", "RESULT=OK PRICE=$7.25 Thanks!");

        assertThat(verdict).isEqualTo(new ResponseVerdict(Outcome.ACCEPTED, null, "L-5", new BigDecimal("7.25"), null,
                false, null));
        ResponseVerdict other = rules.judge(200, Map.of("X-Result", List.of("accepted")), null, "RESULT=OK thanks");
        assertThat(other.driftNote()).startsWith("HTTP 200 matched no rule (accepted: none of header X-Missing is "
                + "missing | header x-lead-id is missing)");
    }

    @Test
    void shouldMatchWholeBodyWhenNoSourceIsNamed() throws IOException {
        ResponseRules rules = rules("{\"accepted\": {\"match\": [{\"equals\": \"ok\"}]},"
                + " \"rejected\": {\"match\": [{\"matches\": \"(?s)NO:.*\"}]},"
                + " \"extract\": {\"reason\": {\"regex\": \"NO:\\\\s*(.+)\"}}}");

        assertThat(judge(rules, 200, " OK\n").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(judge(rules, 200, "NO: out of area")).extracting(ResponseVerdict::outcome, ResponseVerdict::reason)
                .containsExactly(Outcome.REJECTED, "out of area");
    }

    @Test
    void shouldGiveUpOnRegexWhenBuyerTextMakesItBacktrack() throws IOException {
        ResponseRules rules = rules("{\"rejected\": {\"match\": [{\"regex\": \"(a+)+b\"}]}}");

        ResponseVerdict verdict = judge(rules, 200, "a".repeat(5_000) + "c");

        assertThat(verdict.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(verdict.driftNote()).contains("rejected: /(a+)+b/ gave up (too much backtracking)");
    }

    @Test
    void shouldReadXmlAnswerWhenPathsUsePlainNames() throws IOException {
        ResponseRules rules = rules("{\"rejected\": {\"match\": [{\"xpath\": \"/response/status\", \"equals\": \"rejected\"}]},"
                + " \"accepted\": {\"match\": [{\"xpath\": \"/response/status\", \"in\": [\"accepted\"]}]},"
                + " \"extract\": {\"buyerLeadId\": {\"xpath\": \"/response/@id\"}, \"price\": {\"xpath\": \"number(/response/price)\"},"
                + "  \"reason\": {\"xpath\": \"/response/reason\"}}}");

        ResponseVerdict accepted = rules.judge(200, Map.of(), "application/xml",
                "<?xml version=\"1.0\"?><response id=\"X-12\"><status> accepted </status><price>12.5</price><new/></response>");
        ResponseVerdict rejected = rules.judge(200, Map.of(), "text/xml",
                "<response><status>rejected</status><reason>Outside hours</reason></response>");

        assertThat(accepted).isEqualTo(new ResponseVerdict(Outcome.ACCEPTED, null, "X-12", new BigDecimal("12.5"), null,
                false, null));
        assertThat(rejected).extracting(ResponseVerdict::outcome, ResponseVerdict::reason)
                .containsExactly(Outcome.REJECTED, "Outside hours");
    }

    private static final String SOAP = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<soap:Body><b:SubmitLeadResponse xmlns:b=\"urn:buyer:leads\"><b:Result>"
            + "<b:Status>Accepted</b:Status><b:LeadId>77-A</b:LeadId><b:Payout>USD 31.00</b:Payout>"
            + "</b:Result></b:SubmitLeadResponse></soap:Body></soap:Envelope>";

    @Test
    void shouldReadSoapAnswerWhenNamespacesAreDeclared() throws IOException {
        ResponseRules rules = rules("{\"namespaces\": {\"s\": \"http://schemas.xmlsoap.org/soap/envelope/\","
                + " \"b\": \"urn:buyer:leads\"},"
                + " \"accepted\": {\"match\": [{\"xpath\": \"/s:Envelope/s:Body/b:SubmitLeadResponse/b:Result/b:Status\","
                + "  \"equals\": \"accepted\"}]},"
                + " \"extract\": {\"buyerLeadId\": {\"xpath\": \"//b:LeadId\"}, \"price\": {\"xpath\": \"//b:Payout\"}}}");

        assertThat(rules.judge(200, Map.of(), "text/xml", SOAP)).isEqualTo(new ResponseVerdict(Outcome.ACCEPTED, null,
                "77-A", new BigDecimal("31.00"), null, false, null));
    }

    @Test
    void shouldReadSoapAnswerWhenPathsUseLocalNames() throws IOException {
        ResponseRules rules = rules("{\"accepted\": {\"match\": [{\"xpath\": \"//*[local-name()='Status']\","
                + "  \"equals\": \"accepted\"}]},"
                + " \"extract\": {\"buyerLeadId\": {\"xpath\": \"//*[local-name()='LeadId']\"}}}");
        ResponseRules plain = rules("{\"accepted\": {\"match\": [{\"xpath\": \"/Envelope/Body//Status\"}]}}");

        assertThat(rules.judge(200, Map.of(), "text/xml", SOAP))
                .extracting(ResponseVerdict::outcome, ResponseVerdict::buyerLeadId, ResponseVerdict::drift)
                .containsExactly(Outcome.ACCEPTED, "77-A", false);
        assertThat(plain.judge(200, Map.of(), "text/xml", SOAP).driftNote())
                .isEqualTo("HTTP 200 matched no rule (accepted: /Envelope/Body//Status is missing)");
    }

    @Test
    void shouldDriftWhenXmlIsBroken() throws IOException {
        ResponseRules rules = rules("{\"accepted\": {\"match\": [{\"xpath\": \"/r/status\", \"equals\": \"ok\"}]}}");

        ResponseVerdict verdict = rules.judge(200, Map.of(), "text/xml", "<r><status>ok</status>");

        assertThat(verdict.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(verdict.driftNote()).startsWith("HTTP 200 matched no rule (accepted: body is not well-formed XML "
                + "(content type text/xml): ");
    }

    @Test
    void shouldNeverResolveEntitiesWhenXmlDeclaresThem(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-42");
        ResponseRules rules = rules("{\"rejected\": {\"match\": [{\"xpath\": \"/r/status\", \"equals\": \"rejected\"}]},"
                + " \"accepted\": {\"match\": [{\"xpath\": \"/r/status\", \"equals\": \"ok\"}]},"
                + " \"extract\": {\"reason\": {\"xpath\": \"/r/reason\"}, \"buyerLeadId\": {\"xpath\": \"/r/id\"}}}");
        String external = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<r><status>rejected</status><reason>&x;</reason><id>&x;</id></r>";
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><r><status>ok</status><id>&c;</id></r>";

        for (String body : List.of(external, bomb)) {
            ResponseVerdict verdict = rules.judge(200, Map.of(), "application/xml", body);

            assertThat(verdict.outcome()).isEqualTo(Outcome.ACCEPTED);
            assertThat(verdict.buyerLeadId()).isNull();
            assertThat(verdict.reason()).isNull();
            assertThat(verdict.driftNote()).contains("body is not well-formed XML", "DOCTYPE")
                    .doesNotContain("TOP-SECRET-42", "aaaaaaaaaa");
        }
    }

    @Test
    void shouldDriftWhenBodyIsLongerThanJudged() throws IOException {
        String big = "{\"status\": \"accepted\", \"pad\": \"" + "x".repeat(ResponseRules.JUDGED_BODY_CHARS) + "\"}";

        ResponseVerdict verdict = judge(rules(BUYER), 200, big);

        assertThat(verdict.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(verdict.driftNote()).contains("body is not JSON that can be judged (longer than 65536 characters)")
                .endsWith("[body of " + big.length() + " characters judged on its first 65536]");
    }

    @Test
    void shouldGiveSameVerdictsWhenJudgedByManyThreads() throws Exception {
        ResponseRules rules = rules("{\"rejected\": {\"match\": [{\"xpath\": \"/r/s\", \"equals\": \"no\"}]},"
                + " \"accepted\": {\"match\": [{\"xpath\": \"/r/s\", \"equals\": \"yes\"}]},"
                + " \"extract\": {\"buyerLeadId\": {\"xpath\": \"/r/id\"}}}");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ResponseVerdict>> futures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String s = i % 2 == 0 ? "yes" : "no";
                int n = i;
                futures.add(pool.submit(() -> rules.judge(200, Map.of(), "text/xml",
                        "<r><s>" + s + "</s><id>" + n + "</id></r>")));
            }
            for (int i = 0; i < futures.size(); i++) {
                ResponseVerdict verdict = futures.get(i).get();
                assertThat(verdict.outcome()).isEqualTo(i % 2 == 0 ? Outcome.ACCEPTED : Outcome.REJECTED);
                assertThat(verdict.buyerLeadId()).isEqualTo(Integer.toString(i));
                assertThat(verdict.drift()).isFalse();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean holds(String matcher, String body) throws IOException {
        ResponseRules rules = rules("{\"accepted\": {\"match\": [" + matcher + "]}, \"unmatched2xx\": \"rejected\"}");
        return judge(rules, 200, body).outcome() == Outcome.ACCEPTED;
    }
}
