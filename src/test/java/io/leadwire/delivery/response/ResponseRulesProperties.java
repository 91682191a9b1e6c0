package io.leadwire.delivery.response;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.delivery.ErrorClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a buyer answers, judging gives a consistent verdict and never throws. */
class ResponseRulesProperties {

    private static final List<ResponseRules> RULES = List.of(ResponseRules.defaults(),
            rules(ResponseRulesParseTest.FULL),
            rules("{\"duplicate\": {\"status\": [409], \"match\": [{\"regex\": \"dup(\\\\w*)\"}]},"
                    + " \"rejected\": {\"status\": [\"4xx\", 200], \"match\": [{\"jsonPath\": \"$..status\", \"in\": [\"no\", 0]}]},"
                    + " \"accepted\": {\"match\": [{\"xpath\": \"count(//ok) > 0\", \"equals\": true}]},"
                    + " \"extract\": {\"price\": {\"regex\": \"([0-9.,]+)\"}, \"buyerLeadId\": {\"jsonPath\": \"$..id\"}},"
                    + " \"unmatched2xx\": \"rejected\"}"));

    private static ResponseRules rules(String json) {
        try {
            return ResponseRules.parse(new ObjectMapper().readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 1500)
    void shouldNeverThrowWhenBuyerAnswersAnything(@ForAll("statuses") int status, @ForAll("bodies") String body,
            @ForAll("contentTypes") String contentType) {
        for (ResponseRules rules : RULES) {
            ResponseVerdict verdict = rules.judge(status, Map.of("X-Result", body == null ? List.of() : List.of(body)), contentType, body);

            assertThat(verdict).isNotNull();
            if (status >= 200 && status <= 299 && verdict.errorClass() != null) {
                // the buyer took the request: a 2xx is never sent again, whatever the rules make of it
                assertThat(verdict.errorClass().retry()).isEqualTo(ErrorClass.Retry.NONE);
            }
            if (verdict.drift()) {
                // the last-resort catch in judge is never what produced the verdict
                assertThat(verdict.driftNote()).isNotBlank().hasSizeLessThanOrEqualTo(1_000)
                        .doesNotContain("could not be judged");
            }
            if (verdict.reason() != null) {
                assertThat(verdict.reason()).hasSizeLessThanOrEqualTo(ResponseRules.REASON_CHARS);
            }
        }
    }

    @Provide
    Arbitrary<Integer> statuses() {
        return Arbitraries.oneOf(Arbitraries.of(200, 201, 204, 302, 400, 401, 409, 422, 429, 500, 503),
                Arbitraries.integers().between(-1, 1000));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "text/html", "text/xml", "text/plain", "");
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", "\"status\"", ":", "\"accepted\"", "\"no\"",
                ",", "<ok>", "</ok>", "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>", "&x;", "<?xml?>",
                "\"price\": \"$1,234\"", "\"id\": 7", "dup", "null", "true", "1e999999", "\u0000", "é", " ", "\n");
        Arbitrary<String> structured = fragments.list().ofMaxSize(30).map(parts -> String.join("", parts));
        Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(200);
        return Arbitraries.oneOf(structured, random, Arbitraries.just(null));
    }
}
