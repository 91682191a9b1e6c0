package io.leadwire.ui.buyers;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.app.DemoLeads;
import io.leadwire.delivery.retry.CircuitBreaker;
import io.leadwire.ui.RunningEngine;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.awaitility.Awaitility;

/**
 * Four buyers on a real engine, three of them local HTTP servers: Atlas accepts (and has a
 * sandbox), Beacon accepts some and declines others, Cedar fails until its breaker opens, Delta
 * waits for a secret. Leads are posted through the intake, so every figure on the Buyers screen
 * comes from real deliveries.
 */
final class BuyerWorld implements AutoCloseable {
    final MockWebServer atlas = new MockWebServer();
    final MockWebServer beacon = new MockWebServer();
    final MockWebServer cedar = new MockWebServer();
    private final AtomicInteger atlasIds = new AtomicInteger(7100);

    BuyerWorld() throws IOException {
        atlas.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int id = atlasIds.incrementAndGet();
                if (request.getPath() != null && request.getPath().startsWith("/sandbox")) {
                    return json(200, "{\"status\":\"accepted\",\"lead_id\":\"SBX-" + id
                            + "\",\"price\":\"24.50\",\"message\":\"sandbox: not billed\"}");
                }
                return json(200, "{\"status\":\"accepted\",\"lead_id\":\"ATL-" + id + "\",\"price\":\"24.50\"}")
                        .setHeadersDelay(60 + (id * 37L) % 180, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        });
        beacon.setDispatcher(new Dispatcher() {
            private final AtomicInteger n = new AtomicInteger();

            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int k = n.incrementAndGet();
                MockResponse r = k % 4 == 0 ? json(200, "{\"status\":\"rejected\",\"reason\":\"outside service area\"}")
                        : json(200, "{\"status\":\"accepted\",\"lead_id\":\"BH-" + (500 + k) + "\"}");
                return r.setHeadersDelay(120 + (k * 53L) % 260, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        });
        cedar.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return json(503, "{\"error\":\"maintenance\"}");
            }
        });
        atlas.start(InetAddress.getLoopbackAddress(), 0);
        beacon.start(InetAddress.getLoopbackAddress(), 0);
        cedar.start(InetAddress.getLoopbackAddress(), 0);
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    /** Imports the four buyers and posts {@code leads} good leads through the intake. */
    void seed(RunningEngine engine, int leads) throws Exception {
        var buyers = engine.engine.buyers();
        buyers.importFile(BuyerFixtures.buyerFile("Atlas Insurance", atlas.url("/v2/leads").toString(),
                atlas.url("/sandbox/v2/leads").toString(), "\"price\": \"24.50\", \"priority\": 1, "
                        + "\"caps\": {\"hour\": 20, \"day\": 500}, \"zone\": \"America/New_York\", "
                        + "\"schedule\": {\"zone\": \"America/New_York\", \"opens\": \"00:00\", \"closes\": \"24:00\"}, "
                        + "\"auth\": {\"type\": \"api_key\", \"name\": \"X-API-Key\", \"value\": \"${secret:ATLAS_KEY}\"}"),
                null, "maria.ops");
        buyers.setSecret("Atlas Insurance", "ATLAS_KEY", "atl-live-5f2c9a81");
        buyers.importFile(BuyerFixtures.buyerFile("Beacon Health", beacon.url("/intake").toString(), null,
                "\"price\": \"18.00\", \"priority\": 2, \"caps\": {\"hour\": 40, \"day\": 300}"),
                null, "maria.ops");
        buyers.importFile(BuyerFixtures.buyerFile("Cedar Auto", cedar.url("/leads").toString(),
                cedar.url("/test/leads").toString(), "\"price\": \"31.00\", \"priority\": 1, "
                        + "\"retry\": {\"maxAttempts\": 1, \"serverErrorAttempts\": 1}, "
                        + "\"breaker\": {\"failureThreshold\": 3, \"window\": \"5m\", \"coolDown\": \"10m\"}"),
                null, "maria.ops");
        buyers.importFile(BuyerFixtures.buyerFile("Delta Loans", "https://api.delta-loans.example/v1/leads", null,
                "\"price\": \"12.00\", \"priority\": 3, \"exclusive\": false, "
                        + "\"auth\": {\"type\": \"bearer\", \"token\": \"${secret:DELTA_TOKEN}\"}"), null, "maria.ops");
        engine.engine.buyerDirectory().refreshNow();

        String key = engine.engine.vendors().add("Acme Leads", List.of()).apiKey();
        DemoLeads demo = new DemoLeads(new Random(11));
        for (int i = 1; i <= leads; i++) {
            assertThat(engine.post(key, demo.good("ACME-" + (3000 + i)))).isEqualTo(202);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                engine.engine.buyerDirectory().breakerStates().get("Cedar Auto").state() == CircuitBreaker.State.OPEN
                        && atlas.getRequestCount() >= 20 && beacon.getRequestCount() >= 8);
    }

    @Override
    public void close() throws IOException {
        atlas.shutdown();
        beacon.shutdown();
        cedar.shutdown();
    }
}
