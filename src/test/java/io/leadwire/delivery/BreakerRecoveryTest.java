package io.leadwire.delivery;

import static io.leadwire.delivery.DeliveryHarness.buyerFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadwire.delivery.retry.CircuitBreaker;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.store.DeliveryRepository.DeliveryRow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A buyer whose breaker opened gets leads again once its cool-down is over: routing offers it the
 * next lead as the probe instead of passing it by for good.
 */
class BreakerRecoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private DeliveryHarness h;
    private final MockWebServer broken = new MockWebServer();
    private final MockWebServer backup = new MockWebServer();

    @BeforeEach
    void setUp() throws IOException {
        broken.start(java.net.InetAddress.getLoopbackAddress(), 0);
        backup.start(java.net.InetAddress.getLoopbackAddress(), 0);
        h = new DeliveryHarness(dir);
    }

    @AfterEach
    void tearDown() throws IOException {
        h.close();
        broken.shutdown();
        backup.shutdown();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    private CircuitBreaker.State breaker() {
        return h.directory.breakerStates().get("Broken").state();
    }

    @Test
    void shouldOfferTheNextLeadToABuyerAsItsProbeWhenTheCoolDownIsOver() {
        for (int i = 0; i < 3; i++) {
            broken.enqueue(json(503, "down"));
        }
        broken.enqueue(json(200, "{\"status\":\"accepted\",\"lead_id\":\"BACK-1\"}"));
        for (int i = 0; i < 10; i++) {
            backup.enqueue(json(200, "{\"status\":\"accepted\"}"));
        }
        h.importBuyer(buyerFile("Broken", broken.url("/").toString(), "\"price\": \"40\", "
                + "\"retry\": {\"maxAttempts\": 1, \"serverErrorAttempts\": 1}, "
                + "\"breaker\": {\"failureThreshold\": 3, \"coolDown\": \"30s\"}"));
        h.importBuyer(buyerFile("Backup", backup.url("/").toString(), "\"price\": \"10\""));
        h.start();
        List<Lead> failing = h.acceptedLeads(3, Map.of());
        await().atMost(WAIT).untilAsserted(() -> assertThat(failing).extracting(h::status)
                .containsOnly(LeadStatus.DELIVERED));
        assertThat(breaker()).isEqualTo(CircuitBreaker.State.OPEN);

        Lead cooling = h.acceptedLeads(1, Map.of()).get(0);
        await().atMost(WAIT).untilAsserted(() -> assertThat(h.status(cooling)).isEqualTo(LeadStatus.DELIVERED));
        assertThat(h.deliveries.routingDecisions(cooling.id()).get(1)).contains("breaker_open");
        assertThat(broken.getRequestCount()).isEqualTo(3);

        h.clock.advance(Duration.ofSeconds(30));
        Lead probe = h.acceptedLeads(1, Map.of()).get(0);

        await().atMost(WAIT).untilAsserted(() -> assertThat(h.status(probe)).isEqualTo(LeadStatus.DELIVERED));
        assertThat(h.deliveries.deliveriesOf(probe.id())).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.ACCEPTED);
            assertThat(d.buyerLeadId()).isEqualTo("BACK-1");
        });
        assertThat(breaker()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(h.deliveries.deliveriesOf(cooling.id())).extracting(DeliveryRow::buyerId)
                .doesNotContain(h.buyers.find("Broken").orElseThrow().id());
    }
}
