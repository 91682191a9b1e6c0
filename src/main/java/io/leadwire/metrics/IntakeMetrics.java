package io.leadwire.metrics;

import io.leadwire.lead.EngineEvent;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.IntakeAckEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Intake counters by vendor and outcome and the acknowledgement-latency histogram, fed by
 * {@link IntakeAckEvent}s and scraped in Prometheus text format.
 */
public final class IntakeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Meters are looked up once per (vendor, outcome) and per status, then reused: registering
    // on every request takes the registry's lock on the hot path, and a shared Timer.Builder
    // is not safe to tag from several threads.
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Integer, Timer> timers = new ConcurrentHashMap<>();
    private final AutoCloseable subscription;

    public IntakeMetrics(EventBus events) {
        this.subscription = events.subscribe(this::onEvent);
    }

    private void onEvent(EngineEvent event) {
        if (event instanceof IntakeAckEvent ack) {
            counters.computeIfAbsent(ack.vendorName() + '\u0000' + ack.outcome(), k -> Counter
                            .builder("leadwire.intake.requests")
                            .description("Intake requests answered, by vendor and outcome")
                            .tag("vendor", ack.vendorName())
                            .tag("outcome", ack.outcome())
                            .register(registry))
                    .increment();
            timers.computeIfAbsent(ack.httpStatus(), status -> Timer.builder("leadwire.intake.ack")
                            .description("Time from request start to the intake's answer")
                            .tag("status", Integer.toString(status))
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofNanos(100_000))
                            .maximumExpectedValue(Duration.ofSeconds(10))
                            .register(registry))
                    .record(ack.latencyNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Prometheus text exposition format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    public static String contentType() {
        return "text/plain; version=0.0.4";
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        registry.close();
    }
}
