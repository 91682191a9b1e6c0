package io.leadwire.metrics;

import io.leadwire.lead.EngineEvent;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.IntakeAckEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Intake counters by vendor and outcome and the acknowledgement-latency histogram, fed by
 * {@link IntakeAckEvent}s and scraped in Prometheus text format.
 */
public final class IntakeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer.Builder ackTimer = Timer.builder("leadwire.intake.ack")
            .description("Time from request start to the intake's answer")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(10));
    private final AutoCloseable subscription;

    public IntakeMetrics(EventBus events) {
        this.subscription = events.subscribe(this::onEvent);
    }

    private void onEvent(EngineEvent event) {
        if (event instanceof IntakeAckEvent ack) {
            Counter.builder("leadwire.intake.requests")
                    .description("Intake requests answered, by vendor and outcome")
                    .tag("vendor", ack.vendorName())
                    .tag("outcome", ack.outcome())
                    .register(registry)
                    .increment();
            ackTimer.tag("status", Integer.toString(ack.httpStatus()))
                    .register(registry)
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
