package io.leadwire.app;

import io.leadwire.intake.VendorService;
import io.leadwire.ui.DemoControl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's simulated vendor: posts realistic leads to the engine's own intake over real HTTP
 * at an adjustable rate; about one in five is bad in one of the usual ways (most of those land on
 * the quarantine desk, a few are refused by the intake).
 */
final class DemoVendor implements DemoControl, AutoCloseable {
    static final String NAME = "Demo Vendor";
    private static final Logger LOG = LoggerFactory.getLogger(DemoVendor.class);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-vendor");
        t.setDaemon(true);
        return t;
    });
    private final DemoLeads leads = new DemoLeads(new Random());
    private final Random random = new Random();
    private final AtomicLong sequence = new AtomicLong();
    private final String intakeUrl;
    private final String apiKey;
    private volatile double rate;
    private double credit;

    private DemoVendor(String intakeUrl, String apiKey, double rate) {
        this.intakeUrl = intakeUrl;
        this.apiKey = apiKey;
        this.rate = rate;
    }

    /** Makes sure the demo vendor exists with a fresh key and starts posting. */
    static DemoVendor start(Engine engine, double rate) {
        VendorService vendors = engine.vendors();
        String key = vendors.find(NAME).isPresent()
                ? vendors.rotateKey(NAME).apiKey()
                : vendors.add(NAME, java.util.List.of()).apiKey();
        DemoVendor v = new DemoVendor(engine.intakeUrl(), key, Math.max(0, rate));
        v.sequence.set(engine.leads().count(io.leadwire.store.LeadRepository.LeadQuery.ALL));
        v.ticker.scheduleAtFixedRate(v::tick, 100, 100, TimeUnit.MILLISECONDS);
        return v;
    }

    private void tick() {
        credit += rate / 10.0;
        while (credit >= 1) {
            credit -= 1;
            post();
        }
    }

    private void post() {
        String id = "DEMO-" + sequence.incrementAndGet();
        String body = random.nextInt(5) == 0 ? leads.bad(id) : leads.good(id);
        HttpRequest request = HttpRequest.newBuilder(URI.create(intakeUrl))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((r, e) -> {
                    if (e != null) {
                        LOG.debug("demo post failed: {}", e.toString());
                    }
                });
    }

    @Override
    public double rate() {
        return rate;
    }

    @Override
    public void setRate(double leadsPerSecond) {
        rate = Math.max(0, Math.min(1000, leadsPerSecond));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
