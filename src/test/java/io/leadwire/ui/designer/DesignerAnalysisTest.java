package io.leadwire.ui.designer;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.ui.designer.DesignerAnalysis.Problem;
import io.leadwire.ui.designer.DesignerAnalysis.Result;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesignerAnalysisTest {
    private final DesignerAnalysis analysis =
            new DesignerAnalysis(Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void shouldRenderTheGoodRulesAndNameTheBadOneWhenOneRuleDoesNotCompile() {
        String doc = "{\"name\":\"B\",\"format\":\"json\",\"fields\":["
                + "{\"target\":\"a\",\"source\":\"first_name\"},"
                + "{\"target\":\"b\",\"source\":\"last_name\",\"transforms\":[\"uper\"]}]}";

        Result result = analysis.analyze(doc, Map.of("first_name", "Ann", "last_name", "Lee"), "b");

        assertThat(result.body()).isEqualTo("{\"a\":\"Ann\"}");
        assertThat(result.problems()).contains(new Problem("b", "transforms[0]: unknown transform 'uper'",
                DesignerAnalysis.Severity.ERROR));
        assertThat(result.trace().steps()).singleElement()
                .satisfies(s -> assertThat(s.error()).isEqualTo("unknown transform 'uper'"));
    }

    @Test
    void shouldCompileDocumentWithAttachedSpecWhenParserReadsIt() throws Exception {
        String doc = DesignerFixtures.buyerAbc();

        assertThat(new io.leadwire.mapping.MappingParser().parse(doc).rules()).hasSize(6);
        assertThat(analysis.publishProblems(doc)).isEmpty();
    }

    @Test
    void shouldMaskSecretsWhenHeadersAndUrlCarryThem() {
        assertThat(DesignerAnalysis.mask("Authorization", "Basic dXNlcjpwYXNz")).isEqualTo("Basic ••••");
        assertThat(DesignerAnalysis.mask("X-Api-Key", "k-123")).isEqualTo("••••");
        assertThat(DesignerAnalysis.mask("X-Partner-Id", "LW-1")).isEqualTo("LW-1");
        assertThat(DesignerAnalysis.maskUrl("https://b.example/p?campaign=7&token=abc&x=1"))
                .isEqualTo("https://b.example/p?campaign=7&token=••••&x=1");
    }

    @Test
    void shouldTellWhyPublishingIsRefusedWhenSpecIsNotMet() {
        String doc = "{\"name\":\"B\",\"format\":\"form\",\"spec\":{\"fields\":[{\"name\":\"ST\",\"required\":true}]},"
                + "\"fields\":[{\"target\":\"Zip\",\"source\":\"zip\"}]}";

        assertThat(analysis.publishProblems(doc)).contains("ST: is required by the buyer but not mapped",
                "Zip: is not a field of the buyer spec");
    }
}
