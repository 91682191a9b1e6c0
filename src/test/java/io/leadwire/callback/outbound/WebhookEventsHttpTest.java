package io.leadwire.callback.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadwire.app.Engine;
import io.leadwire.app.EngineConfig;
import io.leadwire.callback.CallbackEndpoint;
import io.leadwire.callback.StandardWebhooks;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.LeadStatus;
import io.leadwire.store.CallbackRepository;
import io.leadwire.store.DeliveryRepository.DeliveryRow;
import io.leadwire.testing.Http;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbound webhooks made by a whole engine (intake, quality, routing, delivery, callbacks) over
 * real HTTP on 127.0.0.1: the events beyond a plain sale — a lead held by quality, a delivery
 * given up on a buyer's 400, a buyer's return by signed callback — reach an endpoint subscribed
 * to {@code *}, signed with its secret and without the person's data.
 */
class WebhookEventsHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ACME_CALLBACK = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Http HTTP = new Http();

    /** One webhook request as the endpoint got it. */
    private record Hook(String id, String timestamp, String signature, byte[] body, JsonNode json) {
        String type() {
            return json.path("type").asText();
        }

        String leadId() {
            return json.path("data").path("lead_id").asText();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @TempDir
    Path dataDir;

    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private MockWebServer endpoint;
    private MockWebServer acme;
    private MockWebServer refuser;
    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        endpoint = server(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                byte[] body = r.getBody().readByteArray();
                hooks.add(new Hook(r.getHeader("webhook-id"), r.getHeader("webhook-timestamp"),
                        r.getHeader("webhook-signature"), body, Http.json(new String(body, StandardCharsets.UTF_8))));
                return new MockResponse().setResponseCode(204);
            }
        });
        acme = server(answer(200, "{\"status\":\"accepted\",\"lead_id\":\"AC-1\"}"));
        // A buyer whose error answer echoes the lead's email and phone: neither may reach a webhook.
        refuser = server(answer(400, "{\"error\":\"zip is required for zelda.quimby2@example.com, "
                + "+442079460092\"}"));
        // The system clock: the webhook tail's wait for a missing seq must be able to run out.
        engine = Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536), "test",
                Clock.systemUTC());
        importBuyer("Acme", acme, "auto", "\"callbacks\": {\"signature\": {\"scheme\": \"standard_webhooks\", "
                + "\"secrets\": [\"${secret:ACB}\"]}, \"return_window\": \"P7D\"}");
        engine.buyers().setSecret("Acme", "ACB", ACME_CALLBACK);
        importBuyer("Refuser", refuser, "solar", "\"priority\": 1");
        engine.buyerDirectory().refreshNow();
        engine.callbackBuyers().refreshNow();
        assertThat(engine.buyerDirectory().problems()).isEmpty();
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
        endpoint.shutdown();
        acme.shutdown();
        refuser.shutdown();
    }

    private static MockWebServer server(Dispatcher dispatcher) throws Exception {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(dispatcher);
        server.start(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    private static Dispatcher answer(int code, String body) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                        .setBody(body);
            }
        };
    }

    private void importBuyer(String name, MockWebServer server, String product, String extra) {
        engine.buyers().importFile("{\"name\": \"" + name + "\", \"format\": \"json\", \"fields\": ["
                + "{\"target\": \"first\", \"source\": \"first_name\", \"required\": true},"
                + "{\"target\": \"email\", \"source\": \"email\"}],"
                + "\"buyer\": {\"endpoints\": {\"production\": \"" + server.url("/leads") + "\"}, \"price\": \"12.50\", "
                + "\"exclusive\": true, \"filters\": [{\"field\": \"product\", \"in\": [\"" + product + "\"]}], "
                + extra + "}}", null, "tester");
    }

    /** Posts a lead of Zelda Quimby's through the intake; returns its id. */
    private String post(String key, int n, String email, String product) {
        HttpResponse<String> ack = HTTP.postJson(engine.intakeUrl(), key, "{\"lead_id\":\"WH-" + n
                + "\",\"first_name\":\"Zelda\",\"last_name\":\"Quimby\",\"email\":\"" + email + "\","
                + "\"phone\":\"+44207946009" + n + "\",\"country\":\"United Kingdom\",\"product\":\"" + product + "\"}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
        return Http.json(ack.body()).path("id").asText();
    }

    private DeliveryRow awaitDelivery(String lead, DeliveryStatus status) {
        return await().atMost(WAIT).until(() -> engine.deliveries().deliveriesOf(lead).stream()
                .filter(d -> d.status() == status).findFirst(), Optional::isPresent).orElseThrow();
    }

    /** Waits for the webhook of {@code type} about {@code lead}; a timeout lists what did come. */
    private Hook hook(String lead, String type) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(hooks).as(() -> type + " of " + lead + "; got "
                + hooks.stream().map(h -> h.type() + " of " + h.leadId()).toList())
                .anyMatch(h -> h.leadId().equals(lead) && h.type().equals(type)));
        return hooks.stream().filter(h -> h.leadId().equals(lead) && h.type().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void shouldSendQuarantinedFailedAndReturnedEventsSignedAndWithoutThePersonsData() {
        WebhookService.Created subscribed = engine.webhooks().add(endpoint.url("/hooks").toString(), List.of("*"),
                null, "ops", "tester");
        String key = engine.vendors().add("Vendor One", List.of()).apiKey();

        String held = post(key, 1, "zq-not-an-email@", "auto");
        String failed = post(key, 2, "zelda.quimby2@example.com", "solar");
        String sold = post(key, 3, "zelda.quimby3@example.com", "auto");
        await().atMost(WAIT).until(() -> engine.leads().findById(held).orElseThrow().status()
                == LeadStatus.QUARANTINED);
        DeliveryRow refused = awaitDelivery(failed, DeliveryStatus.FAILED);
        assertThat(refused.attempts()).as("a 400 is not retried").isEqualTo(1);
        DeliveryRow sale = awaitDelivery(sold, DeliveryStatus.ACCEPTED);
        String eventId = "msg_" + java.util.UUID.randomUUID();
        String body = "{\"type\":\"return_request\",\"lead_id\":\"" + sold + "\",\"reason\":\"wrong number\"}";
        HttpResponse<String> r = HTTP.postStandardWebhook(engine.baseUrl() + CallbackEndpoint.PREFIX + "Acme",
                ACME_CALLBACK, eventId, Instant.now().getEpochSecond(), body, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);

        Hook quarantined = hook(held, "lead.quarantined");
        Hook deliveryFailed = hook(failed, "delivery.failed");
        Hook deadLettered = hook(failed, "lead.dead_lettered");
        Hook returned = hook(sold, "lead.returned");

        assertThat(quarantined.json().path("data").path("status").asText()).isEqualTo("quarantined");
        assertThat(quarantined.json().path("data").path("reasons")).extracting(JsonNode::asText)
                .contains("email.syntax");
        JsonNode failure = deliveryFailed.json().path("data");
        assertThat(failure.path("buyer").path("name").asText()).isEqualTo("Refuser");
        assertThat(failure.path("delivery_status").asText()).isEqualTo("failed");
        assertThat(failure.path("attempts").asInt()).isEqualTo(1);
        assertThat(failure.path("reason").asText()).contains("zip is required for [email], [phone]");
        assertThat(deadLettered.json().path("data").path("status").asText()).isEqualTo("unsold");
        JsonNode ret = returned.json().path("data");
        assertThat(ret.path("buyer").path("id").asText()).isEqualTo(sale.buyerId());
        assertThat(ret.path("buyer").path("name").asText()).isEqualTo("Acme");
        assertThat(ret.path("reason").asText()).isEqualTo("wrong_number");
        assertThat(ret.path("amount").asText()).isEqualTo("12.5000");
        assertThat(engine.callbacks().event(sale.buyerId(), eventId).orElseThrow().state())
                .isEqualTo(CallbackRepository.APPLIED);

        String other = StandardWebhooks.newSecret(new Random(3));
        for (Hook h : List.of(quarantined, deliveryFailed, deadLettered, returned)) {
            assertThat(h.id()).startsWith("msg_");
            assertThat(StandardWebhooks.of(subscribed.secret()).verify(h.id(), h.timestamp(), h.signature(), h.body(),
                    Instant.now(), StandardWebhooks.DEFAULT_TOLERANCE)).as(h.type())
                    .isEqualTo(StandardWebhooks.Verdict.VALID);
            assertThat(StandardWebhooks.of(other).verify(h.id(), h.timestamp(), h.signature(), h.body(), Instant.now(),
                    StandardWebhooks.DEFAULT_TOLERANCE)).isEqualTo(StandardWebhooks.Verdict.NO_MATCH);
            assertThat(h.json().path("data").path("vendor").path("name").asText()).isEqualTo("Vendor One");
        }
        // No person's data in any message: not the name, the email (the bad one the timeline quotes
        // included), nor the phone.
        for (Hook h : hooks) {
            assertThat(h.text()).as(h.type()).doesNotContain("Zelda", "Quimby", "zq-not-an-email", "example.com",
                    "7946009");
        }
    }
}
