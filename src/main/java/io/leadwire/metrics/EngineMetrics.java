package io.leadwire.metrics;

import io.leadwire.lead.BreakerChangedEvent;
import io.leadwire.lead.DeliveryAttemptEvent;
import io.leadwire.lead.EngineEvent;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.IntakeAckEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's Prometheus figures, fed by its events and scraped in text format: intake requests
 * by vendor and outcome with the acknowledgement-latency histogram ({@link IntakeAckEvent}),
 * delivery attempts by buyer and outcome with the buyers' latency histogram
 * ({@link DeliveryAttemptEvent}), and breaker transitions and state per buyer
 * ({@link BreakerChangedEvent}).
 */
public final class EngineMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Meters are looked up once per (vendor, outcome) and per status, then reused: registering
    // on every request takes the registry's lock on the hot path, and a shared Timer.Builder
    // is not safe to tag from several threads.
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Integer, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Timer> buyerTimers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> breakerOpen = new ConcurrentHashMap<>();
    private final AutoCloseable subscription;

    public EngineMetrics(EventBus events) {
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
        } else if (event instanceof DeliveryAttemptEvent a) {
            counters.computeIfAbsent("d\u0000" + a.buyerName() + '\u0000' + a.outcome() + '\u0000' + a.errorClass(),
                    k -> Counter.builder("leadwire.delivery.attempts")
                            .description("Requests to buyers, by buyer, outcome and error class")
                            .tag("buyer", a.buyerName())
                            .tag("outcome", a.outcome())
                            .tag("error_class", a.errorClass() == null ? "none" : a.errorClass())
                            .register(registry))
                    .increment();
            buyerTimers.computeIfAbsent(a.buyerName(), buyer -> Timer.builder("leadwire.delivery.latency")
                            .description("Time from sending a lead to the buyer's whole answer")
                            .tag("buyer", buyer)
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMillis(1))
                            .maximumExpectedValue(Duration.ofSeconds(60))
                            .register(registry))
                    .record(a.latencyMillis(), TimeUnit.MILLISECONDS);
        } else if (event instanceof BreakerChangedEvent b) {
            counters.computeIfAbsent("b\u0000" + b.buyerName() + '\u0000' + b.to(),
                    k -> Counter.builder("leadwire.breaker.transitions")
                            .description("Circuit breaker state changes, by buyer and new state")
                            .tag("buyer", b.buyerName())
                            .tag("to", b.to())
                            .register(registry))
                    .increment();
            breakerOpen.computeIfAbsent(b.buyerName(), buyer -> {
                AtomicInteger open = new AtomicInteger();
                Gauge.builder("leadwire.breaker.open", open, AtomicInteger::get)
                        .description("1 while the buyer's breaker refuses calls (open or forced open)")
                        .tag("buyer", buyer)
                        .register(registry);
                return open;
            }).set(b.to().equals("open") || b.to().equals("forced_open") ? 1 : 0);
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
