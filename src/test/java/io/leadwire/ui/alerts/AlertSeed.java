package io.leadwire.ui.alerts;

import io.leadwire.store.AlertRepository;
import io.leadwire.store.AlertRepository.Escalation;
import io.leadwire.store.AlertRepository.Firing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A plausible alert log for the screen tests and screenshots, written through the repository.
 * {@link #seed} raises alerts at past times, so it must run before the engine starts
 * ({@code RunningEngine.startAfter}): the engine's evaluator would resolve an alert caught between
 * two of those raises (last seen longer ago than its window) and the next raise would open a second.
 */
final class AlertSeed {
    private AlertRepository alerts;
    private final Instant now;

    AlertSeed(Instant now) {
        this.now = now;
    }

    /**
     * Raises the alert {@code times} times from {@code firstAgo} to {@code lastAgo}. Unresolved ones
     * must have been seen within their rule's window, or the engine's own evaluator resolves them.
     */
    private long raise(Firing f, Duration firstAgo, Duration lastAgo, int times) {
        long id = alerts.raise(f, now.minus(firstAgo)).alert().id();
        Duration span = firstAgo.minus(lastAgo);
        for (int i = 1; i < times; i++) {
            alerts.raise(f, now.minus(firstAgo).plus(span.multipliedBy(i).dividedBy(times - 1)));
        }
        return id;
    }

    /** Four open or acknowledged alerts and two resolved ones; returns the breaker alert's id. */
    long seed(AlertRepository repository) {
        this.alerts = repository;
        raise(new Firing("vendor_silent", "vendor", "v-1", "Northwind Leads", "warning",
                "Northwind Leads sent no lead in the last 30 min of business hours (1,284 in the past 7 days)"),
                Duration.ofMinutes(95), Duration.ofSeconds(200), 3);
        long latency = raise(new Firing("latency_p95", "buyer", "b-2", "Cedar Auto", "warning",
                "p95 response time 12840 ms over 212 calls in the last 10 min, above 80 % of the 15000 ms call "
                        + "timeout (12000 ms)"), Duration.ofMinutes(70), Duration.ofMinutes(31), 4);
        alerts.resolve(latency, now.minus(Duration.ofMinutes(20)));
        long refusals = raise(new Firing("intake_refusals", "total", "all", "Intake", "warning",
                "58 of 731 intake requests refused in the last 15 min (7.9 %, above 5 %)"), Duration.ofMinutes(50), Duration.ofSeconds(70), 6);
        alerts.acknowledge(List.of(refusals), "sam.ops", now.minus(Duration.ofMinutes(41)));
        long breaker = raise(new Firing("breaker_open", "buyer", "b-1", "Atlas Insurance", "critical",
                "the circuit breaker of Atlas Insurance opened (failure threshold); leads for it wait or go to "
                        + "other buyers"), Duration.ofMinutes(34), Duration.ofSeconds(20), 12);
        alerts.recordEscalation(breaker, List.of(
                new Escalation(breaker, now.minus(Duration.ofMinutes(19)), "slack", true, "HTTP 200"),
                new Escalation(breaker, now.minus(Duration.ofMinutes(19)), "email", false,
                        "MailConnectException: Couldn't connect to host, port: smtp.example.com, 587")),
                false, "slack: sent (HTTP 200); email: failed (MailConnectException) — next try in 1 min",
                now.minus(Duration.ofMinutes(19)), now.plus(Duration.ofMinutes(1)));
        alerts.recordEscalation(breaker, List.of(new Escalation(breaker, now.minus(Duration.ofMinutes(18)), "email",
                true, "sent to oncall@example.com")), true,
                "slack: sent earlier; email: sent (sent to oncall@example.com)", now.minus(Duration.ofMinutes(18)), null);
        raise(new Firing("no_success", "buyer", "b-3", "Birch Loans", "critical",
                "no lead accepted in the last 30 min despite 46 attempts"), Duration.ofMinutes(12), Duration.ofSeconds(50), 5);
        raise(new Firing("delivery_rate", "total", "all", "All buyers", "warning",
                "All buyers sold 41 in the last 15 min (2.73/min), 38 % below the 24 h average of 4.41/min"),
                Duration.ofMinutes(9), Duration.ofSeconds(110), 3);
        long old = raise(new Firing("error_rate", "buyer", "b-2", "Cedar Auto", "warning",
                "31 of 140 attempts failed in the last 15 min (22.1 %), 4.4× the 24 h error share of 5.0 %"),
                Duration.ofHours(3), Duration.ofMinutes(135), 8);
        alerts.resolve(old, now.minus(Duration.ofHours(2)));
        return breaker;
    }

    /** An alert that opens now (for a notification), written through the running engine's store. */
    long fresh(AlertRepository repository) {
        return repository.raise(new Firing("error_rate", "buyer", "b-4", "Dune Energy", "warning",
                "18 of 64 attempts failed in the last 15 min (28.1 %), 5.6× the 24 h error share of 5.0 %"), now)
                .alert().id();
    }
}
