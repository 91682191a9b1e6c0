package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.testing.Http;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DemoLeadsTest {
    private final DemoLeads leads = new DemoLeads(new Random(42));

    @Test
    void shouldMakeWellFormedLeadsWithTheGivenIdWhenAskedForGoodOnes() {
        for (int i = 0; i < 500; i++) {
            var lead = Http.json(leads.good("DEMO-" + i));
            assertThat(lead.path("lead_id").asText()).isEqualTo("DEMO-" + i);
            assertThat(lead.path("email").asText()).matches("[a-z]+\\.[a-z]+\\d+@example\\.com");
            assertThat(lead.path("phone").asText()).matches("\\+\\d{10,}");
            assertThat(lead.path("first_name").asText()).isNotBlank();
        }
    }

    @Test
    void shouldUseTheGivenIdOrLeaveItEmptyWhenAskedForBadOnes() {
        for (int i = 0; i < 200; i++) {
            String bad = leads.bad("BAD-" + i);
            assertThat(bad.contains("\"lead_id\":\"BAD-" + i + "\"") || bad.contains("\"lead_id\":\"\"")).isTrue();
        }
    }

    @Test
    void shouldPassTheQualityStageWhenGoodSoTheDemoShowsAcceptedLeads() throws Exception {
        var judge = new io.leadwire.quality.LeadJudge(io.leadwire.quality.QualityPolicy.defaults(),
                java.time.Clock.systemUTC());
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int i = 0; i < 200; i++) {
            java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
            json.readTree(leads.good("G-" + i)).fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
            var lead = new io.leadwire.lead.Lead(0, "id-" + i, "v", "G-" + i, java.time.Instant.now(),
                    io.leadwire.lead.LeadStatus.RECEIVED, "application/json", "{}", fields, "127.0.0.1");

            var verdict = judge.judge(lead);

            assertThat(verdict.reasonCodes()).as(fields.toString()).doesNotContain("phone.invalid", "email.syntax",
                    "name.invalid_chars", "enum.unknown_value", "number.not_numeric");
        }
    }

    @Test
    void shouldLandInQuarantineWithVariedReasonsWhenFlawed() throws Exception {
        var judge = new io.leadwire.quality.LeadJudge(io.leadwire.quality.QualityPolicy.defaults(),
                java.time.Clock.systemUTC());
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Set<String> codes = new java.util.TreeSet<>();
        for (DemoLeads.Flaw flaw : DemoLeads.Flaw.values()) {
            for (int i = 0; i < 30; i++) {
                String body = leads.flawed("F-" + i, flaw);
                java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
                json.readTree(body).fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
                // A Sunday night: no business-hours points, so the low-score leads are judged as at their worst.
                var lead = new io.leadwire.lead.Lead(0, "id-" + i, "v", "F-" + i,
                        java.time.Instant.parse("2026-11-22T23:00:00Z"), io.leadwire.lead.LeadStatus.RECEIVED,
                        "application/json", body, fields, "127.0.0.1");

                var verdict = judge.judge(lead);

                assertThat(verdict.decision()).as(flaw + " " + body).isEqualTo(io.leadwire.quality.Decision.QUARANTINED);
                codes.addAll(verdict.reasonCodes());
            }
        }
        assertThat(codes).contains("email.syntax", "email.disposable", "phone.invalid", "name.invalid_chars",
                "number.not_numeric", "enum.unknown_value", "score.review", "identity.unreachable",
                "phone.country_mismatch", "consent.malformed");
    }

    @Test
    void shouldMostlyMakeFlawedLeadsRatherThanRefusedOnesWhenAskedForBadOnes() {
        int wellFormed = 0;
        for (int i = 0; i < 400; i++) {
            String bad = leads.bad("B-" + i);
            if (bad.contains("\"lead_id\":\"B-" + i + "\"") && bad.contains("\"email\":\"")
                    && !bad.contains("[")) {
                wellFormed++;
            }
        }
        assertThat(wellFormed).as("most bad demo leads reach the quarantine desk").isGreaterThan(240);
    }
}
