package io.leadwire.intake;

import static io.leadwire.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.LeadIds;
import io.leadwire.store.Database;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.RefusalRepository;
import io.leadwire.store.VendorRepository;
import io.leadwire.testing.Http;
import io.leadwire.testing.RawHttp;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The intake server wired by hand on an in-memory store, for what needs a hand on its parts: a
 * draining intake answers new requests 503 with Retry-After, still finishes and commits the
 * requests already in flight, then stops listening; a failing store is a retryable 503, not a 500.
 */
class IntakeServerTest {
    private Database db;
    private IntakeService service;
    private IntakeServer server;
    private LeadRepository leads;
    private String vendorId;
    private String key;
    /** Opens when a request handler reaches the vendor lookup, i.e. it is in flight. */
    private final CountDownLatch authenticating = new CountDownLatch(1);
    private final AtomicBoolean watchAuth = new AtomicBoolean();
    private volatile boolean databaseUp = true;

    @BeforeEach
    void start() throws IOException {
        db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 8);
        DataSource watched = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && watchAuth.get()) {
                        authenticating.countDown();
                    }
                    try {
                        return method.invoke(db.dataSource(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        EventBus events = new EventBus();
        VendorRepository vendors = new VendorRepository(watched);
        leads = new LeadRepository(db.dataSource(), new ObjectMapper());
        VendorService vendorService = new VendorService(vendors, new ApiKeys(new SecureRandom()), Clock.systemUTC(),
                events);
        VendorService.IssuedKey issued = vendorService.add("Drainer", List.of());
        vendorId = issued.vendor().id();
        key = issued.apiKey();
        service = new IntakeService(vendors, leads, new RefusalRepository(db.dataSource()),
                new LeadIds(Clock.systemUTC(), new SecureRandom()), Clock.systemUTC(), events);
        IntakeServer.HealthProbe probe = new IntakeServer.HealthProbe() {
            @Override
            public boolean databaseUp() {
                return databaseUp && db.isHealthy();
            }

            @Override
            public Map<String, Object> details() {
                return Map.of();
            }
        };
        server = new IntakeServer(IntakeConfig.plain("127.0.0.1", 0), service, new PayloadParser(), new ObjectMapper(),
                events, probe);
        server.start();
    }

    @AfterEach
    void stop() {
        server.shutdown(1);
        service.close();
        db.close();
    }

    @Test
    void shouldAnswer503ToNewRequestsButFinishTheOneInFlightWhenShuttingDown() throws Exception {
        byte[] body = "{\"lead_id\":\"INFLIGHT-1\",\"email\":\"a@example.com\"}".getBytes(StandardCharsets.UTF_8);
        Http http = new Http();
        try (RawHttp inFlight = new RawHttp(server.intakeUrl())) {
            watchAuth.set(true);
            inFlight.head("POST", "/api/v1/leads/intake", "Authorization: Bearer " + key,
                    "Content-Type: application/json", "Content-Length: " + body.length);
            inFlight.write(java.util.Arrays.copyOf(body, 10));
            assertThat(authenticating.await(5, TimeUnit.SECONDS)).as("request reached the handler").isTrue();

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> server.shutdown(10));
            await().atMost(Duration.ofSeconds(5)).until(server::isDraining);

            HttpResponse<String> refused = http.postJson(server.intakeUrl(), key, "{\"lead_id\":\"LATE-1\"}");
            assertProblem(refused, 503, "shutting_down");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            HttpResponse<String> health = http.get(server.baseUrl() + "/api/v1/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(Http.json(health.body()).path("engine").asText()).isEqualTo("draining");
            assertThat(Http.json(health.body()).path("status").asText()).isEqualTo("down");
            assertThat(shutdown).isNotDone();

            inFlight.write(java.util.Arrays.copyOfRange(body, 10, body.length));
            RawHttp.Response answer = inFlight.read();

            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            shutdown.get(15, TimeUnit.SECONDS);
        }
        assertThat(leads.findByVendorLeadId(vendorId, "INFLIGHT-1")).isPresent();
        assertThat(leads.findByVendorLeadId(vendorId, "LATE-1")).isEmpty();
        assertThatThrownBy(() -> new RawHttp(server.intakeUrl()).close()).isInstanceOf(IOException.class);
    }

    @Test
    void shouldReportDownWith503WhenTheDatabaseDoesNotAnswer() {
        databaseUp = false;
        HttpResponse<String> r = new Http().get(server.baseUrl() + "/api/v1/health", null);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(Http.json(r.body()).path("status").asText()).isEqualTo("down");
        assertThat(Http.json(r.body()).path("database").asText()).isEqualTo("down");
    }

    @Test
    void shouldAnswerARetryable503ProblemWhenTheStoreFails() {
        Http http = new Http();
        db.close();

        HttpResponse<String> r = http.postJson(server.intakeUrl(), key, "{\"lead_id\":\"DOWN-1\"}");

        assertProblem(r, 503, "store_unavailable");
        assertThat(Http.json(http.get(server.baseUrl() + "/api/v1/health", null).body()).path("database").asText())
                .isEqualTo("down");
    }
}
