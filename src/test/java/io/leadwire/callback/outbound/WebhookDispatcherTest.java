package io.leadwire.callback.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.callback.StandardWebhooks;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.store.WebhookRepository.MessageRow;
import io.leadwire.store.WebhookRepository.MessageStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outbound webhooks end to end: real H2, real HTTP on 127.0.0.1, a clock the test moves. */
class WebhookDispatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private WebhookHarness h;
    private MockWebServer endpoint;
    private MockWebServer buyer;

    @BeforeEach
    void setUp() throws IOException {
        h = new WebhookHarness(dir);
        endpoint = new MockWebServer();
        endpoint.start(java.net.InetAddress.getLoopbackAddress(), 0);
        buyer = new MockWebServer();
        buyer.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void tearDown() throws IOException {
        h.close();
        endpoint.shutdown();
        buyer.shutdown();
    }

    private WebhookService.Created add(String... events) {
        return h.webhooks.add(endpoint.url("/hooks").toString(), List.of(events), null, "ops", "tester");
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = endpoint.takeRequest(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(r).as("a webhook request").isNotNull();
        return r;
    }

    private List<MessageRow> messages(String endpointId) {
        return h.webhooks.messages(endpointId, null, 100);
    }

    private MessageRow only(String endpointId) {
        List<MessageRow> rows = messages(endpointId);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static StandardWebhooks.Verdict verify(String secret, RecordedRequest r, Instant now) {
        return StandardWebhooks.of(secret).verify(r.getHeader("webhook-id"), r.getHeader("webhook-timestamp"),
                r.getHeader("webhook-signature"), r.getBody().clone().readByteArray(), now,
                StandardWebhooks.DEFAULT_TOLERANCE);
    }

    @Test
    void shouldSendSignedWebhooksThatVerifyWhenALeadIsReceivedAndDelivered() throws Exception {
        buyer.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody("{\"status\":\"accepted\",\"lead_id\":\"B-1\",\"price\":\"24.50\"}"));
        WebhookService.Created created = add("lead.received", "lead.delivered");
        assertThat(created.secret()).startsWith("whsec_");
        h.importBuyer("Buyer A", buyer.url("/leads").toString());
        endpoint.enqueue(new MockResponse().setResponseCode(204));
        endpoint.enqueue(new MockResponse().setResponseCode(200));
        h.startPipeline().startWebhooks();

        Lead lead = h.acceptedLeads(1).get(0);
        await().atMost(WAIT).until(() -> h.status(lead) == LeadStatus.DELIVERED);
        List<RecordedRequest> got = List.of(take(), take());

        List<String> types = new ArrayList<>();
        for (RecordedRequest r : got) {
            assertThat(r.getMethod()).isEqualTo("POST");
            assertThat(r.getHeader("Content-Type")).startsWith("application/json");
            assertThat(r.getHeader("webhook-id")).startsWith("msg_");
            assertThat(verify(created.secret(), r, h.clock.instant())).isEqualTo(StandardWebhooks.Verdict.VALID);
            assertThat(verify(StandardWebhooks.newSecret(new java.util.Random(1)), r, h.clock.instant()))
                    .isEqualTo(StandardWebhooks.Verdict.NO_MATCH);
            String body = r.getBody().readUtf8();
            // No person's data leaves: not the email, the phone or the name.
            assertThat(body).doesNotContain("ann1@example.com", "Ann1", "+1512555010");
            JsonNode p = json.readTree(body);
            types.add(p.get("type").asText());
            assertThat(p.get("data").get("lead_id").asText()).isEqualTo(lead.id());
            assertThat(p.get("data").get("vendor").get("name").asText()).isEqualTo("Acme Leads");
            if (p.get("type").asText().equals("lead.delivered")) {
                assertThat(p.get("data").get("status").asText()).isEqualTo("delivered");
                assertThat(p.get("data").get("buyer").get("name").asText()).isEqualTo("Buyer A");
                assertThat(p.get("data").get("amount").asText()).isEqualTo("24.5000");
                assertThat(Instant.parse(p.get("timestamp").asText())).isEqualTo(h.clock.instant());
            }
        }
        assertThat(types).containsExactly("lead.received", "lead.delivered");
        await().atMost(WAIT).untilAsserted(() -> assertThat(messages(created.endpoint().id()))
                .extracting(MessageRow::status).containsOnly(MessageStatus.DELIVERED));
        assertThat(h.webhooks.get(created.endpoint().id()).count(MessageStatus.DELIVERED)).isEqualTo(2);
    }

    @Test
    void shouldSendOnlyTheSubscribedEventTypesAndEverythingToAStar() throws Exception {
        buyer.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody("{\"status\":\"accepted\"}"));
        h.importBuyer("Buyer A", buyer.url("/leads").toString());
        WebhookService.Created deliveredOnly = add("lead.delivered");
        WebhookService.Created all = h.webhooks.add(endpoint.url("/all").toString(), List.of("*"), null, null,
                "tester");
        WebhookService.Created off = add("*");
        h.webhooks.setEnabled(off.endpoint().id(), false, "tester");
        endpoint.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(200);
            }
        });
        h.startPipeline().startWebhooks();

        Lead lead = h.acceptedLeads(1).get(0);
        await().atMost(WAIT).until(() -> h.status(lead) == LeadStatus.DELIVERED);
        await().atMost(WAIT).untilAsserted(() -> assertThat(messages(all.endpoint().id()))
                .extracting(MessageRow::eventType).contains("lead.received", "lead.routed", "lead.delivered"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(messages(deliveredOnly.endpoint().id()))
                .extracting(MessageRow::eventType).containsExactly("lead.delivered"));
        assertThat(messages(off.endpoint().id())).as("a disabled endpoint gets no messages").isEmpty();
    }

    @Test
    void shouldPassOverEventsWhileNoEndpointIsEnabledAndSendOnlyLaterOnesToANewEndpoint() throws Exception {
        List<Lead> before = h.acceptedLeads(3);
        // Not started: one step by hand passes over the three "received" events by number.
        assertThat(h.dispatcher.enqueue()).isEqualTo(3);
        assertThat(h.dispatcher.enqueue()).isZero();

        WebhookService.Created created = add("lead.received");
        endpoint.enqueue(new MockResponse().setResponseCode(200));
        Lead after = h.acceptedLeads(1).get(0);
        assertThat(h.dispatcher.enqueue()).isEqualTo(1);
        assertThat(messages(created.endpoint().id())).extracting(MessageRow::leadId).containsExactly(after.id())
                .doesNotContainAnyElementsOf(before.stream().map(Lead::id).toList());
    }

    @Test
    void shouldRetryA503WithBackoffAndDeliverOnceWithTheSameWebhookId() throws Exception {
        WebhookService.Created created = add("lead.received");
        endpoint.enqueue(new MockResponse().setResponseCode(503));
        endpoint.enqueue(new MockResponse().setResponseCode(200));
        h.startWebhooks();
        h.acceptedLeads(1);

        RecordedRequest first = take();
        String id = created.endpoint().id();
        await().atMost(WAIT).until(() -> only(id).status() == MessageStatus.RETRY);
        MessageRow waiting = only(id);
        // Backoff 2 s after the first failure (jitter off), counted from the attempt.
        assertThat(waiting.nextAttemptAt()).isEqualTo(WebhookHarness.T0.plusSeconds(2));
        assertThat(waiting.lastStatus()).isEqualTo(503);
        assertThat(endpoint.takeRequest(300, TimeUnit.MILLISECONDS)).as("nothing before the backoff").isNull();

        h.clock.advance(Duration.ofSeconds(2));
        h.dispatcher.wake();
        RecordedRequest second = take();
        assertThat(second.getHeader("webhook-id")).isEqualTo(first.getHeader("webhook-id"));
        assertThat(verify(created.secret(), second, h.clock.instant())).isEqualTo(StandardWebhooks.Verdict.VALID);
        assertThat(second.getBody().readUtf8()).isEqualTo(first.getBody().readUtf8());
        await().atMost(WAIT).until(() -> only(id).status() == MessageStatus.DELIVERED);
        assertThat(only(id).attempts()).isEqualTo(2);
        assertThat(h.webhooks.attempts(only(id).id())).extracting(a -> a.httpStatus()).containsExactly(503, 200);
        assertThat(endpoint.takeRequest(300, TimeUnit.MILLISECONDS)).as("delivered once").isNull();
    }

    @Test
    void shouldGiveUpAt400WithoutRetrying() throws Exception {
        WebhookService.Created created = add("lead.received");
        endpoint.enqueue(new MockResponse().setResponseCode(400).setBody("bad payload"));
        h.startWebhooks();
        h.acceptedLeads(1);

        take();
        String id = created.endpoint().id();
        await().atMost(WAIT).until(() -> only(id).status() == MessageStatus.FAILED);
        assertThat(only(id).attempts()).isEqualTo(1);
        assertThat(only(id).lastError()).contains("HTTP 400", "bad payload", "not retried");
        h.clock.advance(Duration.ofMinutes(5));
        h.dispatcher.wake();
        assertThat(endpoint.takeRequest(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(h.webhooks.get(id).count(MessageStatus.FAILED)).isEqualTo(1);

        // The operator can send it again, same webhook-id.
        endpoint.enqueue(new MockResponse().setResponseCode(200));
        assertThat(h.webhooks.redeliver(only(id).id())).isTrue();
        h.dispatcher.wake();
        take();
        await().atMost(WAIT).until(() -> only(id).status() == MessageStatus.DELIVERED);
    }

    @Test
    void shouldGiveUpAfterThePolicysAttempts() throws Exception {
        WebhookService.Created created = add("lead.received");
        String id = created.endpoint().id();
        endpoint.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(500);
            }
        });
        h.startWebhooks();
        h.acceptedLeads(1);
        int max = h.retry().maxAttempts();
        for (int n = 1; n <= max; n++) {
            int attempt = n;
            await().atMost(WAIT).until(() -> only(id).attempts() == attempt
                    && only(id).status() != MessageStatus.SENDING);
            h.clock.advance(Duration.ofSeconds(61));
            h.dispatcher.wake();
        }
        assertThat(only(id).status()).isEqualTo(MessageStatus.FAILED);
        assertThat(only(id).lastError()).contains("all " + max + " attempts used");
        assertThat(endpoint.getRequestCount()).isEqualTo(max);
    }

    @Test
    void shouldHonourRetryAfter() throws Exception {
        WebhookService.Created created = add("lead.received");
        endpoint.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "30"));
        endpoint.enqueue(new MockResponse().setResponseCode(200));
        h.startWebhooks();
        h.acceptedLeads(1);

        take();
        String id = created.endpoint().id();
        await().atMost(WAIT).until(() -> only(id).status() == MessageStatus.RETRY);
        assertThat(only(id).nextAttemptAt()).isEqualTo(WebhookHarness.T0.plusSeconds(30));
        h.clock.advance(Duration.ofSeconds(8));
        h.dispatcher.wake();
        assertThat(endpoint.takeRequest(300, TimeUnit.MILLISECONDS)).as("the backoff alone is not enough").isNull();
        h.clock.advance(Duration.ofSeconds(22));
        h.dispatcher.wake();
        take();
        await().atMost(WAIT).until(() -> only(id).status() == MessageStatus.DELIVERED);
    }

    @Test
    void shouldNotSlowIntakeOrDeliveryWhenTheEndpointHangs() throws Exception {
        endpoint.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
            }
        });
        buyer.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                        .setBody("{\"status\":\"accepted\"}");
            }
        });
        // The endpoint holds every call for the whole (10 s) call timeout.
        h.policy = WebhookPolicy.builder().callTimeout(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .build();
        h.useNewDispatcher();
        WebhookService.Created created = add("*");
        h.importBuyer("Buyer A", buyer.url("/leads").toString());
        h.startPipeline().startWebhooks();

        long t0 = System.nanoTime();
        List<Lead> leads = h.acceptedLeads(20);
        await().atMost(WAIT).until(() -> leads.stream().allMatch(l -> h.status(l) == LeadStatus.DELIVERED));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        // Every lead was sold while the first webhook calls were still hanging: the leads did not wait.
        assertThat(millis).isLessThan(8000);
        assertThat(h.dispatcher.inFlight()).isPositive();
        assertThat(h.dispatcher.inFlight()).isLessThanOrEqualTo(h.policy.concurrency());
        assertThat(messages(created.endpoint().id())).extracting(MessageRow::status)
                .doesNotContain(MessageStatus.DELIVERED, MessageStatus.RETRY, MessageStatus.FAILED);
    }

    @Test
    void shouldResumePendingMessagesAfterARestart() throws Exception {
        WebhookService.Created created = add("lead.received");
        String id = created.endpoint().id();
        h.acceptedLeads(3);
        // The events became durable messages, then the engine stopped before sending any.
        assertThat(h.dispatcher.enqueue()).isEqualTo(3);
        assertThat(messages(id)).extracting(MessageRow::status).containsOnly(MessageStatus.PENDING);
        assertThat(h.dispatcher.enqueue()).as("each event once").isZero();
        endpoint.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(200);
            }
        });

        h.restartWebhooks();
        await().atMost(WAIT).untilAsserted(() -> assertThat(messages(id)).hasSize(3)
                .extracting(MessageRow::status).containsOnly(MessageStatus.DELIVERED));
        assertThat(endpoint.getRequestCount()).isEqualTo(3);
    }

    @Test
    void shouldSignWithTheOldAndTheNewSecretWhileARotationOverlaps() throws Exception {
        WebhookService.Created created = add("lead.received");
        String id = created.endpoint().id();
        String fresh = h.webhooks.rotateSecret(id, null, Duration.ofHours(1));
        assertThat(fresh).isNotEqualTo(created.secret());
        assertThat(h.webhooks.get(id).secretHints()).hasSize(2);
        endpoint.enqueue(new MockResponse().setResponseCode(200));
        endpoint.enqueue(new MockResponse().setResponseCode(200));
        h.startWebhooks();

        h.acceptedLeads(1);
        RecordedRequest during = take();
        assertThat(during.getHeader("webhook-signature").split(" ")).hasSize(2);
        assertThat(verify(created.secret(), during, h.clock.instant())).isEqualTo(StandardWebhooks.Verdict.VALID);
        assertThat(verify(fresh, during, h.clock.instant())).isEqualTo(StandardWebhooks.Verdict.VALID);

        h.clock.advance(Duration.ofHours(2));
        h.acceptedLeads(1);
        RecordedRequest after = take();
        assertThat(verify(fresh, after, h.clock.instant())).isEqualTo(StandardWebhooks.Verdict.VALID);
        assertThat(verify(created.secret(), after, h.clock.instant())).isEqualTo(StandardWebhooks.Verdict.NO_MATCH);
        assertThat(new String(after.getBody().readByteArray(), StandardCharsets.UTF_8)).contains("lead.received");
    }

    @Test
    void shouldHoldAnEndpointsMessagesUnspentWhileItsBreakerIsOpen() throws Exception {
        h.settings.set(new WebhookSettings(WebhookSettings.DEFAULT_RETRY.toBuilder().jitter(0).maxAttempts(10)
                .serverErrorAttempts(10).build(), io.leadwire.delivery.retry.BreakerPolicy.builder()
                .failureThreshold(2).coolDown(Duration.ofSeconds(60)).build()));
        WebhookService.Created created = add("lead.received");
        String id = created.endpoint().id();
        endpoint.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(503);
            }
        });
        h.acceptedLeads(1);
        assertThat(h.dispatcher.enqueue()).isEqualTo(1);
        h.startWebhooks();
        await().atMost(WAIT).until(() -> only(id).status() == MessageStatus.RETRY);
        h.clock.advance(Duration.ofSeconds(2));
        h.dispatcher.wake();
        await().atMost(WAIT).until(() -> only(id).attempts() == 2 && only(id).status() == MessageStatus.RETRY);
        assertThat(h.dispatcher.breakers().find(id).orElseThrow().state())
                .isEqualTo(io.leadwire.delivery.retry.CircuitBreaker.State.OPEN);

        // More events for the open endpoint: they wait, and no attempt is spent on them.
        h.acceptedLeads(2);
        await().atMost(WAIT).until(() -> messages(id).size() == 3);
        take();
        take();
        h.clock.advance(Duration.ofSeconds(30));
        h.dispatcher.wake();
        assertThat(endpoint.takeRequest(500, TimeUnit.MILLISECONDS)).as("the open breaker holds them").isNull();
        assertThat(messages(id)).extracting(MessageRow::attempts).containsExactlyInAnyOrder(2, 0, 0);

        // After the cool-down one probe goes out; it fails, and the breaker opens again.
        h.clock.advance(Duration.ofSeconds(31));
        h.dispatcher.wake();
        assertThat(endpoint.takeRequest(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        assertThat(endpoint.takeRequest(500, TimeUnit.MILLISECONDS)).as("one probe only").isNull();
        await().atMost(WAIT).untilAsserted(() -> assertThat(messages(id)).extracting(MessageRow::status)
                .doesNotContain(MessageStatus.SENDING));
        assertThat(messages(id).stream().mapToInt(MessageRow::attempts).sum()).isEqualTo(3);
    }

    @Test
    void shouldResendAMessageWhoseEngineDiedMidSendOnceItsLeaseRunsOut() throws Exception {
        WebhookService.Created created = add("lead.received");
        String id = created.endpoint().id();
        h.acceptedLeads(1);
        assertThat(h.dispatcher.enqueue()).isEqualTo(1);
        Instant lease = h.clock.instant().plusSeconds(33);
        // An engine claimed it and died before it could record anything.
        String msg = h.webhookRepo.claimDue(id, 10, h.clock.instant(), lease).get(0).id();
        endpoint.enqueue(new MockResponse().setResponseCode(200));

        h.restartWebhooks();
        assertThat(endpoint.takeRequest(300, TimeUnit.MILLISECONDS)).as("not before the lease ends").isNull();
        h.clock.set(lease);
        h.dispatcher.wake();
        RecordedRequest again = take();
        assertThat(again.getHeader("webhook-id")).isEqualTo(msg);
        await().atMost(WAIT).until(() -> only(id).status() == MessageStatus.DELIVERED);
        assertThat(only(id).attempts()).isEqualTo(2);
    }
}
