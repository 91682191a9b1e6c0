package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.store.DeliveryRepository.AttemptRow;
import io.leadwire.store.DeliveryRepository.DeliveryRow;
import io.leadwire.testing.Http;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline over HTTP on loopback: a vendor posts a lead to the intake, the quality
 * stage accepts it, routing offers it to a buyer imported from a buyer file, and the delivery
 * engine sends it with OAuth 2.0 client credentials from a local token endpoint, refreshing the
 * token once when the buyer says 401.
 */
class DeliveryEndToEndTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldDeliverAnIntakeLeadToAnOAuthBuyerAndRefreshTheTokenOnceWhenItIsRejected() throws Exception {
        try (MockWebServer buyer = new MockWebServer(); MockWebServer tokens = new MockWebServer()) {
            buyer.start(InetAddress.getLoopbackAddress(), 0);
            tokens.start(InetAddress.getLoopbackAddress(), 0);
            tokens.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
                    .setBody("{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
            tokens.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
                    .setBody("{\"access_token\":\"tok-2\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
            // The buyer revoked the first token early: 401, then the request with the new token is taken.
            buyer.enqueue(new MockResponse().setResponseCode(401).setBody("{\"error\":\"invalid_token\"}"));
            buyer.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
                    .setBody("{\"status\":\"accepted\",\"lead_id\":\"NB-77\",\"price\":\"42.00\"}"));

            try (Engine engine = Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536),
                    "test", Clock.systemUTC())) {
                String file = "{\"name\": \"Northbridge\", \"format\": \"json\", \"fields\": ["
                        + "{\"target\": \"applicant.first\", \"source\": \"first_name\", \"required\": true},"
                        + "{\"target\": \"applicant.last\", \"source\": \"last_name\"},"
                        + "{\"target\": \"applicant.email\", \"source\": \"email\"},"
                        + "{\"target\": \"applicant.phone\", \"source\": \"phone\","
                        + " \"transforms\": [{\"op\": \"phone\", \"format\": \"e164\"}]}],"
                        + "\"buyer\": {\"endpoints\": {\"production\": \"" + buyer.url("/v2/leads") + "\"},"
                        + " \"price\": \"40\", \"auth\": {\"type\": \"oauth2\", \"tokenUrl\": \"" + tokens.url("/token")
                        + "\", \"clientId\": \"leadwire\", \"clientSecret\": \"${secret:NB_CLIENT_SECRET}\"}}}";
                var imported = engine.buyers().importFile(file, null, "tester");
                assertThat(imported.missingSecrets()).containsExactly("NB_CLIENT_SECRET");
                engine.buyers().setSecret("Northbridge", "NB_CLIENT_SECRET", "s3cret-value");
                engine.buyerDirectory().refreshNow();
                assertThat(engine.buyerDirectory().problems()).isEmpty();

                String key = engine.vendors().add("Acme Leads", List.of()).apiKey();
                Http http = new Http();
                var ack = http.postJson(engine.intakeUrl(), key, "{\"lead_id\":\"A-1\",\"first_name\":\"Ann\","
                        + "\"last_name\":\"Lee\",\"email\":\"ann.lee@example.com\",\"phone\":\"+442071234567\","
                        + "\"country\":\"United Kingdom\"}");
                assertThat(ack.statusCode()).isEqualTo(202);
                String id = Http.json(ack.body()).path("id").asText();

                JsonNode lead = await().atMost(Duration.ofSeconds(15)).until(
                        () -> Http.json(http.get(engine.baseUrl() + "/api/v1/leads/" + id, key).body()),
                        body -> body.path("status").asText().equals("delivered"));
                assertThat(lead.path("timeline").toString()).contains("routed", "delivered", "Northbridge");

                RecordedRequest rejected = buyer.takeRequest(5, TimeUnit.SECONDS);
                RecordedRequest taken = buyer.takeRequest(5, TimeUnit.SECONDS);
                assertThat(rejected.getHeader("Authorization")).isEqualTo("Bearer tok-1");
                assertThat(taken.getHeader("Authorization")).isEqualTo("Bearer tok-2");
                assertThat(taken.getHeader("Idempotency-Key")).isEqualTo(rejected.getHeader("Idempotency-Key"));
                assertThat(taken.getBody().readUtf8()).isEqualTo("{\"applicant\":{\"first\":\"Ann\",\"last\":\"Lee\","
                        + "\"email\":\"ann.lee@example.com\",\"phone\":\"+442071234567\"}}");
                assertThat(tokens.getRequestCount()).isEqualTo(2);
                RecordedRequest tokenRequest = tokens.takeRequest();
                assertThat(tokenRequest.getBody().readUtf8()).contains("grant_type=client_credentials");

                DeliveryRow delivery = engine.deliveries().deliveriesOf(id).get(0);
                assertThat(delivery.status()).isEqualTo(DeliveryStatus.ACCEPTED);
                assertThat(delivery.buyerLeadId()).isEqualTo("NB-77");
                List<AttemptRow> attempts = engine.deliveries().attempts(delivery.id());
                assertThat(attempts).extracting(a -> a.record().responseStatus()).containsExactly(401, 200);
                // The transaction log keeps the request as sent, but never the token or the client secret.
                assertThat(attempts).allSatisfy(a -> {
                    assertThat(a.record().requestHeaders()).contains("Authorization: ••••")
                            .doesNotContain("tok-1", "tok-2");
                    assertThat(a.record().requestBody()).contains("ann.lee@example.com");
                });
                JsonNode health = Http.json(http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(engine.baseUrl() + "/api/v1/health")).build()).body());
                assertThat(health.at("/details/deliveries_by_status/accepted").asLong()).isEqualTo(1);
                assertThat(health.at("/details/buyers/breakers/Northbridge").asText()).isEqualTo("closed");
                assertThat(health.at("/details/buyers/problems").isArray()).isTrue();
                // The figures stage counts what was stored: one sale at the buyer's price, two attempts, one 401.
                engine.figuresStage().catchUp();
                var range = io.leadwire.metrics.Figures.Range.last(java.time.Duration.ofHours(1), engine.clock());
                var buyerFigures = engine.figures().buyers(List.of(), range);
                assertThat(buyerFigures.count(null, "sold")).isEqualTo(1);
                assertThat(buyerFigures.count(null, "attempts")).isEqualTo(2);
                assertThat(buyerFigures.countsByPrefix(null, "err.")).containsExactly(java.util.Map.entry("unauthorized", 1L));
                assertThat(engine.figures().vendors(List.of(), range).count(null, "received")).isEqualTo(1);
                String metrics = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(engine.baseUrl() + "/metrics")).build()).body();
                assertThat(metrics).contains("leadwire_delivery_attempts_total{buyer=\"Northbridge\","
                        + "error_class=\"unauthorized\",outcome=\"error\"} 1.0")
                        .contains("leadwire_delivery_latency_seconds_count{buyer=\"Northbridge\"} 2");
                try (var c = engine.database().connection(); var st = c.createStatement();
                     var rs = st.executeQuery("SELECT sealed FROM buyer_secret")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).startsWith("v1:").doesNotContain("s3cret");
                }
            }
        }
    }
}
