package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.app.Engine;
import io.leadwire.app.EngineConfig;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.LeadStatusChangedEvent;
import io.leadwire.lead.Vendor;
import io.leadwire.store.Database;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.VendorRepository;
import io.leadwire.testing.Http;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityStageTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldAcceptGoodLeadsAndQuarantineBadOnesWithReasonsWhenPostedOverHttp() throws Exception {
        try (Engine engine = Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536), "test",
                Clock.systemUTC())) {
            String key = engine.vendors().add("Acme Leads", List.of()).apiKey();
            Http http = new Http();
            String good = id(http.postJson(engine.intakeUrl(), key, Http.resource("/leads/forex-uk.json")).body());
            String badEmail = id(http.postJson(engine.intakeUrl(), key, "{\"lead_id\":\"BAD-1\",\"first_name\":\"Ann\","
                    + "\"last_name\":\"Lee\",\"email\":\"ann.lee@\",\"phone\":\"+442071234567\","
                    + "\"country\":\"United Kingdom\"}").body());

            JsonNode accepted = awaitDecided(http, engine, key, good);
            JsonNode quarantined = awaitDecided(http, engine, key, badEmail);

            assertThat(accepted.path("status").asText()).isEqualTo("accepted");
            assertThat(accepted.path("timeline").get(1).path("type").asText()).isEqualTo("accepted");
            assertThat(accepted.path("timeline").get(1).path("detail").asText()).startsWith("score ");
            assertThat(quarantined.path("status").asText()).isEqualTo("quarantined");
            assertThat(quarantined.path("timeline").get(1).path("detail").asText()).contains("email.syntax");
            Lead stored = engine.leads().findById(good).orElseThrow();
            assertThat(stored.field(LeadJudge.PHONE_E164)).isEqualTo("+442071234567");
            JsonNode verdict = Http.json(engine.leads().verdictJson(badEmail).orElseThrow());
            assertThat(verdict.path("decision").asText()).isEqualTo("quarantined");
            assertThat(verdict.path("reasons").findValuesAsText("code")).contains("email.syntax");
            assertThat(verdict.path("breakdown")).isNotEmpty();
        }
    }

    @Test
    void shouldJudgeLeadsLeftReceivedWhenItStartsAndAnnounceEachChange() {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Database db = Database.open(url, null, null, 4)) {
            ObjectMapper json = new ObjectMapper();
            LeadRepository leads = new LeadRepository(db.dataSource(), json);
            Vendor v = new VendorRepository(db.dataSource()).create("Acme", List.of(), "h", "lw_x", Instant.EPOCH);
            // As a crash leaves them: committed by the intake, never judged.
            leads.insertAll(List.of(lead(v, "R-1", "john.smith@example.com"), lead(v, "R-2", "broken@")));
            EventBus events = new EventBus();
            List<LeadStatusChangedEvent> changes = new CopyOnWriteArrayList<>();
            events.subscribe(e -> {
                if (e instanceof LeadStatusChangedEvent c) {
                    changes.add(c);
                }
            });

            try (QualityStage stage = new QualityStage(leads, new LeadJudge(QualityPolicy.defaults(),
                    Clock.systemUTC()), json, events, Clock.systemUTC()).start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> changes.size() == 2);
            }

            assertThat(leads.countByStatus()).doesNotContainKey(LeadStatus.RECEIVED);
            assertThat(leads.findByVendorLeadId(v.id(), "R-2").orElseThrow().status())
                    .isEqualTo(LeadStatus.QUARANTINED);
            assertThat(changes).extracting(LeadStatusChangedEvent::vendorId).containsOnly(v.id());
        }
    }

    private static Lead lead(Vendor v, String leadId, String email) {
        Map<String, String> fields = Map.of("lead_id", leadId, "first_name", "John", "last_name", "Smith",
                "email", email, "phone", "+442071234567", "country", "United Kingdom");
        return new Lead(0, UUID.randomUUID().toString(), v.id(), leadId, Instant.now(), LeadStatus.RECEIVED,
                "application/json", "{}", fields, "127.0.0.1");
    }

    private static String id(String answer) {
        return Http.json(answer).path("id").asText();
    }

    private static JsonNode awaitDecided(Http http, Engine engine, String key, String id) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> Http.json(http.get(engine.baseUrl() + "/api/v1/leads/" + id, key).body()),
                body -> !body.path("status").asText().equals("received"));
    }
}
