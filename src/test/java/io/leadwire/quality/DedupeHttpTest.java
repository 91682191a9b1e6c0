package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadwire.app.Engine;
import io.leadwire.app.EngineConfig;
import io.leadwire.lead.LeadEvent;
import io.leadwire.store.LeadRepository.DedupeState;
import io.leadwire.store.QualityFigures;
import io.leadwire.testing.Http;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** De-duplication and the quality figures end to end: two vendors post over HTTP to a real engine. */
class DedupeHttpTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldQuarantineTheSecondVendorsLeadAsADuplicateWhenBothSendTheSameEmail() throws Exception {
        try (Engine engine = Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536), "test",
                Clock.systemUTC())) {
            String acmeKey = engine.vendors().add("Acme Leads", List.of()).apiKey();
            String betaKey = engine.vendors().add("Beta Media", List.of()).apiKey();
            Http http = new Http();

            String first = post(http, engine, acmeKey, "{\"lead_id\":\"A-100\",\"first_name\":\"Ann\","
                    + "\"last_name\":\"Lee\",\"email\":\"ann.lee@example.com\",\"phone\":\"+442071234567\","
                    + "\"country\":\"United Kingdom\"}");
            JsonNode original = awaitDecided(http, engine, acmeKey, first);
            String second = post(http, engine, betaKey, "{\"lead_id\":\"B-9\",\"first_name\":\"Ann\","
                    + "\"last_name\":\"Lee\",\"email\":\" Ann.Lee@EXAMPLE.com\",\"phone\":\"+447911123456\","
                    + "\"country\":\"United Kingdom\"}");
            JsonNode repeat = awaitDecided(http, engine, betaKey, second);

            assertThat(original.path("status").asText()).isEqualTo("accepted");
            assertThat(repeat.path("status").asText()).isEqualTo("quarantined");
            assertThat(repeat.path("timeline").get(1).path("detail").asText())
                    .contains("duplicate.email: Duplicate of lead " + first + " (vendor 'Acme Leads', their lead A-100");
            DedupeState state = engine.leads().dedupeState(second).orElseThrow();
            assertThat(state.duplicateOf()).isEqualTo(first);
            assertThat(state.emailKey()).isEqualTo("ann.lee@example.com");
            assertThat(engine.leads().dedupeState(first).orElseThrow().repeatCount()).isEqualTo(1);
            assertThat(engine.leads().timeline(first)).extracting(LeadEvent::type).contains("repeat_source");
            // The original's timeline is the acme vendor's to read; beta's lead stays beta's.
            assertThat(http.get(engine.baseUrl() + "/api/v1/leads/" + first, betaKey).statusCode()).isEqualTo(404);

            Instant now = Instant.now();
            List<QualityFigures> totals = engine.qualityFigures().totals(now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofHours(1)));
            assertThat(totals).extracting(QualityFigures::vendorName).containsExactly("Acme Leads", "Beta Media");
            assertThat(totals.get(0).passRate()).isEqualTo(1.0);
            assertThat(totals.get(1).duplicateShare()).isEqualTo(1.0);
            assertThat(totals.get(1).quarantined()).isEqualTo(1);
        }
    }

    private static String post(Http http, Engine engine, String key, String body) {
        var answer = http.postJson(engine.intakeUrl(), key, body);
        assertThat(answer.statusCode()).isEqualTo(202);
        return Http.json(answer.body()).path("id").asText();
    }

    private static JsonNode awaitDecided(Http http, Engine engine, String key, String id) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> Http.json(http.get(engine.baseUrl() + "/api/v1/leads/" + id, key).body()),
                body -> !body.path("status").asText().equals("received"));
    }
}
