package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadwire.app.Engine;
import io.leadwire.app.EngineConfig;
import io.leadwire.testing.Http;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline over HTTP with a geo-IP database and external verification services configured. */
class GeoVerifyPipelineTest {
    @TempDir
    Path dir;

    private static String lead(String id, String email, String country, String ip) {
        return "{\"lead_id\":\"" + id + "\",\"first_name\":\"Mary\",\"last_name\":\"Jones\",\"email\":\"" + email
                + "\",\"phone\":\"+1202555014" + id.charAt(id.length() - 1) + "\",\"country\":\"" + country + "\",\"ip_address\":\"" + ip
                + "\",\"trading_experience\":\"beginner\"}";
    }

    @Test
    void shouldJudgeWithGeoIpAndVerificationBeforeTheClaimWhenLeadsArePostedOverHttp() throws Exception {
        Path mmdb = GeoIpTestDatabase.write(dir, 24);
        try (FakeVerificationServer mail = new FakeVerificationServer().answering(q -> FakeVerificationServer.Answer
                .json(q.get("email").startsWith("bounce") ? "{\"status\":\"invalid\"}" : "{\"status\":\"valid\"}"));
             FakeVerificationServer phone = new FakeVerificationServer().answering(q -> FakeVerificationServer.Answer
                     .json("{\"valid\":true,\"carrier\":\"Verizon Wireless\"}"))) {
            CheckSettings checks = new CheckSettings(GeoIpSettings.of(mmdb),
                    Optional.of(VerificationSettings.emailVerifier(mail.url("/v2/validate"), "k-email-0001").build()),
                    Optional.of(VerificationSettings.phoneLookup(phone.url("/api/validate"), "k-phone-0001").build()));
            try (Engine engine = Engine.start(new EngineConfig(dir.resolve("data"), "127.0.0.1", 0, null, null, null,
                    65536, checks), "test", Clock.systemUTC())) {
                assertThat(engine.geoIpStatus().state()).isEqualTo(GeoIpDatabase.State.READY);
                assertThat(engine.externalChecksStatus()).contains("email verification on").contains("phone lookup on");
                String key = engine.vendors().add("Acme Leads", List.of()).apiKey();
                Http http = new Http();
                String fromGermany = id(http.postJson(engine.intakeUrl(), key,
                        lead("P-1", "mary.jones@example.com", "US", GeoIpTestDatabase.DE_IP)).body());
                String bouncing = id(http.postJson(engine.intakeUrl(), key,
                        lead("P-2", "bounce@example.com", "US", GeoIpTestDatabase.US_IP)).body());

                JsonNode mismatch = verdict(engine, fromGermany);
                JsonNode undeliverable = verdict(engine, bouncing);

                assertThat(mismatch.path("decision").asText()).isEqualTo("accepted");
                assertThat(mismatch.path("reasons").findValuesAsText("code")).containsExactly(ReasonCode.GEO_MISMATCH);
                assertThat(undeliverable.path("decision").asText()).isEqualTo("quarantined");
                assertThat(undeliverable.path("reasons").findValuesAsText("code"))
                        .containsExactly(ReasonCode.EMAIL_UNDELIVERABLE);
                assertThat(engine.leads().findById(bouncing).orElseThrow().field(ExternalChecks.PHONE_CARRIER))
                        .isEqualTo("Verizon Wireless");
                assertThat(mail.hits()).isEqualTo(2);
                assertThat(mail.queries()).allSatisfy(q -> assertThat(q).containsEntry("api_key", "k-email-0001"));
            }
        }
    }

    @Test
    void shouldStartAndSayWhyGeoIpIsUncheckedWhenTheConfiguredDatabaseIsMissing() throws Exception {
        CheckSettings checks = new CheckSettings(GeoIpSettings.of(dir.resolve("GeoLite2-Country.mmdb")),
                Optional.empty(), Optional.empty());
        try (Engine engine = Engine.start(new EngineConfig(dir.resolve("data"), "127.0.0.1", 0, null, null, null,
                65536, checks), "test", Clock.systemUTC())) {
            assertThat(engine.state().name()).isEqualTo("RUNNING");
            assertThat(engine.geoIpStatus().state()).isEqualTo(GeoIpDatabase.State.FAILED);
            assertThat(engine.geoIpStatus().message()).contains("GeoLite2-Country.mmdb").contains("does not exist");
            assertThat(engine.externalChecksStatus()).isEqualTo("email verification off; phone lookup off");
            JsonNode health = Http.json(new Http().get(engine.baseUrl() + "/api/v1/health", null).body());
            assertThat(health.path("details").path("checks").path("geo_ip").asText()).isEqualTo("failed");
            String key = engine.vendors().add("Acme Leads", List.of()).apiKey();
            String id = id(new Http().postJson(engine.intakeUrl(), key,
                    lead("M-1", "mary.jones@example.com", "US", GeoIpTestDatabase.DE_IP)).body());

            JsonNode v = verdict(engine, id);

            assertThat(v.path("decision").asText()).isEqualTo("accepted");
            assertThat(v.path("reasons").get(0).path("code").asText()).isEqualTo(ReasonCode.GEO_UNCHECKED);
            assertThat(v.path("reasons").get(0).path("message").asText()).contains("could not be opened");
        }
    }

    private static String id(String answer) {
        return Http.json(answer).path("id").asText();
    }

    private static JsonNode verdict(Engine engine, String id) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> engine.leads().verdictJson(id).map(Http::json),
                Optional::isPresent).orElseThrow();
    }
}
