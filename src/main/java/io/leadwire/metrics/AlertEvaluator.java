package io.leadwire.metrics;

import io.leadwire.lead.BreakerChangedEvent;
import io.leadwire.lead.EngineEvent;
import io.leadwire.lead.EventBus;
import io.leadwire.metrics.AlertSettings.RuleSettings;
import io.leadwire.store.AlertRepository;
import io.leadwire.store.AlertRepository.AlertRow;
import io.leadwire.store.AlertRepository.Firing;
import io.leadwire.store.FiguresRepository;
import io.leadwire.store.FiguresRepository.Grain;
import io.leadwire.store.FiguresRepository.Subject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the alert rules continuously: every {@code interval} (about 30 s) it reads the
 * performance figures, raises an alert for every rule and subject whose condition holds (one
 * unresolved alert per rule and subject: firing again only counts), resolves alerts whose
 * condition has been clear for their rule's window, and hands unacknowledged ones to the
 * {@link AlertEscalator}. A failing round (database busy, a channel down) is logged and the next
 * round tries again; nothing here ever stops the engine.
 *
 * <p>Breaker openings arrive as {@link BreakerChangedEvent}s and raise their alert on the next
 * round (which they start early), even when the breaker closed again in between.
 */
public final class AlertEvaluator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);
    /** The 24 hours a rate or share is compared with. */
    static final Duration BASELINE = Duration.ofHours(24);
    /** Vendors that sent leads this far back are expected to keep sending. */
    static final Duration VENDOR_HISTORY = Duration.ofDays(7);
    /** The error share a spike is measured against when the buyer's 24 h share is lower (or nil). */
    static final double ERROR_SHARE_FLOOR = 0.01;
    private static final double EPSILON = 1e-9;
    public static final String TOTAL_KIND = "total";
    public static final String BUYER_KIND = "buyer";
    public static final String VENDOR_KIND = "vendor";

    private final AlertRepository alerts;
    private final Figures figures;
    private final AlertSubjects subjects;
    private final Supplier<AlertSettings> settings;
    private final AlertEscalator escalator;
    private final Clock clock;
    private final Duration interval;
    private final AutoCloseable subscription;
    private final Map<String, BreakerChangedEvent> breakers = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<BreakerChangedEvent> openings = new ConcurrentLinkedQueue<>();
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    /** What one round did. */
    public record Round(List<AlertRow> opened, int stillFiring, List<AlertRow> resolved) {
    }

    /**
     * @param escalator the escalation of unacknowledged alerts, or null for none
     */
    public AlertEvaluator(AlertRepository alerts, Figures figures, AlertSubjects subjects,
                          Supplier<AlertSettings> settings, EventBus events, AlertEscalator escalator, Clock clock,
                          Duration interval) {
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.figures = Objects.requireNonNull(figures, "figures");
        this.subjects = Objects.requireNonNull(subjects, "subjects");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.escalator = escalator;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.subscription = events.subscribe(this::onEvent);
    }

    private void onEvent(EngineEvent e) {
        if (e instanceof BreakerChangedEvent b) {
            breakers.put(b.buyerId(), b);
            if (isOpen(b.to())) {
                openings.add(b);
                wake.release();
            }
        }
    }

    /** Open and half-open breakers alert; one forced open was an operator's decision, not news. */
    private static boolean isOpen(String state) {
        return "open".equals(state) || "half_open".equals(state);
    }

    public synchronized AlertEvaluator start() {
        if (thread == null) {
            running = true;
            thread = new Thread(this::loop, "alerts");
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    private void loop() {
        while (running) {
            try {
                evaluate();
            } catch (RuntimeException e) {
                LOG.warn("alert rules could not be evaluated this round: {}", e.toString());
            }
            try {
                if (wake.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Runs one round now (the loop does every interval; tests call it directly). */
    public synchronized Round evaluate() {
        Instant now = clock.instant();
        AlertSettings s = settings.get();
        Instant end = Grain.MINUTE.floor(now);
        Map<String, Firing> firing = new LinkedHashMap<>();
        for (AlertRule rule : AlertRule.values()) {
            RuleSettings rs = s.rule(rule);
            if (!rs.enabled()) {
                continue;
            }
            try {
                for (Firing f : check(rule, rs, s, end, now)) {
                    firing.put(key(f.rule(), f.subjectKind(), f.subjectId()), f);
                }
            } catch (RuntimeException e) {
                LOG.warn("alert rule {} could not be evaluated: {}", rule.id(), e.toString());
            }
        }
        if (!s.rule(AlertRule.BREAKER_OPEN).enabled()) {
            openings.clear();
        }
        List<AlertRow> opened = new ArrayList<>();
        for (Firing f : firing.values()) {
            AlertRepository.Raised r = alerts.raise(f, now);
            if (r.opened()) {
                LOG.warn("alert opened: [{}] {} — {}: {}", f.severity(), AlertRule.byId(f.rule())
                        .map(AlertRule::title).orElse(f.rule()), f.subjectName(), f.message());
                opened.add(r.alert());
            }
        }
        List<AlertRow> resolved = new ArrayList<>();
        for (AlertRow a : alerts.unresolved()) {
            if (firing.containsKey(key(a.rule(), a.subjectKind(), a.subjectId()))) {
                continue;
            }
            Duration window = AlertRule.byId(a.rule()).map(r -> s.rule(r).window()).orElse(Duration.ZERO);
            if (!a.lastAt().plus(window).isAfter(now) && alerts.resolve(a.id(), now)) {
                LOG.info("alert resolved: {} — {} (clear since {})", a.rule(), a.subjectName(), a.lastAt());
                resolved.add(a);
            }
        }
        if (escalator != null) {
            try {
                escalator.escalateDue(s.escalation(), now);
            } catch (RuntimeException e) {
                LOG.warn("alerts could not be escalated this round: {}", e.toString());
            }
        }
        return new Round(opened, firing.size() - opened.size(), resolved);
    }

    private static String key(String rule, String kind, String id) {
        return rule + "|" + kind + "|" + id;
    }

    private List<Firing> check(AlertRule rule, RuleSettings rs, AlertSettings s, Instant end, Instant now) {
        return switch (rule) {
            case DELIVERY_RATE -> deliveryRate(rs, end);
            case ERROR_RATE -> errorRate(rs, end);
            case LATENCY_P95 -> latency(rs, end);
            case BREAKER_OPEN -> breakerOpen();
            case NO_SUCCESS -> noSuccess(rs, end);
            case VENDOR_SILENT -> vendorSilent(rs, s.businessHours(), end);
            case INTAKE_REFUSALS -> intakeRefusals(rs, end);
        };
    }

    private static Figures.Range window(RuleSettings rs, Instant end) {
        return new Figures.Range(end.minus(rs.window()), end);
    }

    private static Figures.Range baseline(RuleSettings rs, Instant end) {
        Instant from = end.minus(rs.window());
        return new Figures.Range(from.minus(BASELINE), from);
    }

    /**
     * Sums over a long range read mostly from hour buckets, with minute buckets only for the
     * partial hours at its ends: a day of a metric is then about 24 + 120 rows per subject
     * instead of 1,440, every half minute, and still exact to the minute.
     */
    private Totals totals(Subject subject, List<String> metrics, Figures.Range range) {
        Instant hoursFrom = Grain.HOUR.floor(range.from());
        if (hoursFrom.isBefore(range.from())) {
            hoursFrom = hoursFrom.plus(Grain.HOUR.size());
        }
        Instant hoursTo = Grain.HOUR.floor(range.to());
        List<FigureSeries> parts = new ArrayList<>();
        if (hoursFrom.isBefore(hoursTo)) {
            parts.add(figures.read(subject, List.of(), new Figures.Range(hoursFrom, hoursTo), Grain.HOUR, metrics));
            if (range.from().isBefore(hoursFrom)) {
                parts.add(figures.read(subject, List.of(), new Figures.Range(range.from(), hoursFrom), Grain.MINUTE,
                        metrics));
            }
            if (hoursTo.isBefore(range.to())) {
                parts.add(figures.read(subject, List.of(), new Figures.Range(hoursTo, range.to()), Grain.MINUTE,
                        metrics));
            }
        } else {
            parts.add(figures.read(subject, List.of(), range, Grain.MINUTE, metrics));
        }
        return new Totals(parts);
    }

    /** Sums of metrics over several series (the pieces of one range); {@code subject == null}: all. */
    private record Totals(List<FigureSeries> parts) {
        java.math.BigDecimal total(String subject, String metric) {
            java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
            for (FigureSeries p : parts) {
                sum = sum.add(p.total(subject, metric));
            }
            return sum;
        }

        long count(String subject, String metric) {
            return total(subject, metric).longValue();
        }
    }

    private List<Firing> deliveryRate(RuleSettings rs, Instant end) {
        List<String> sold = List.of("sold");
        FigureSeries now = figures.read(Subject.BUYER, List.of(), window(rs, end), Grain.MINUTE, sold);
        Totals before = totals(Subject.BUYER, sold, baseline(rs, end));
        double minutes = rs.window().toMinutes();
        double baseMinutes = BASELINE.toMinutes();
        List<Firing> out = new ArrayList<>();
        for (AlertSubjects.BuyerInfo b : enabledBuyers()) {
            drop(rs, b.name(), now.count(b.id(), "sold"), before.count(b.id(), "sold"), minutes, baseMinutes)
                    .ifPresent(m -> out.add(firing(AlertRule.DELIVERY_RATE, BUYER_KIND, b.id(), b.name(), m)));
        }
        drop(rs, "All buyers", now.count(null, "sold"), before.count(null, "sold"), minutes, baseMinutes)
                .ifPresent(m -> out.add(firing(AlertRule.DELIVERY_RATE, TOTAL_KIND, FiguresRepository.ALL,
                        "All buyers", m)));
        return out;
    }

    private static java.util.Optional<String> drop(RuleSettings rs, String who, long sold, long baseSold,
                                                   double minutes, double baseMinutes) {
        double baseRate = baseSold / baseMinutes;
        double rate = sold / minutes;
        if (baseSold == 0 || baseRate * minutes < rs.minVolume()) {
            return java.util.Optional.empty();
        }
        double dropPercent = (1 - rate / baseRate) * 100;
        if (dropPercent + EPSILON < rs.threshold()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(Locale.ROOT, "%s sold %d in the last %d min (%.2f/min), "
                + "%.0f %% below the 24 h average of %.2f/min", who, sold, (long) minutes, rate, dropPercent, baseRate));
    }

    private List<Firing> errorRate(RuleSettings rs, Instant end) {
        List<String> metrics = List.of("attempts", "att.error");
        FigureSeries now = figures.read(Subject.BUYER, List.of(), window(rs, end), Grain.MINUTE, metrics);
        Totals before = totals(Subject.BUYER, metrics, baseline(rs, end));
        List<Firing> out = new ArrayList<>();
        for (AlertSubjects.BuyerInfo b : buyersWithFigures(now)) {
            long attempts = now.count(b.id(), "attempts");
            long errors = now.count(b.id(), "att.error");
            if (attempts == 0 || attempts < rs.minVolume() || errors == 0) {
                continue;
            }
            double share = (double) errors / attempts;
            double baseShare = FigureSeries.ratio(before.total(b.id(), "att.error"), before.total(b.id(), "attempts"))
                    .orElse(0);
            double reference = Math.max(baseShare, ERROR_SHARE_FLOOR);
            if (share + EPSILON >= rs.threshold() * reference) {
                out.add(firing(AlertRule.ERROR_RATE, BUYER_KIND, b.id(), b.name(), String.format(Locale.ROOT,
                        "%d of %d attempts failed in the last %d min (%.1f %%), %.1f× the 24 h error share of "
                                + "%.1f %%", errors, attempts, rs.window().toMinutes(), share * 100,
                        share / reference, baseShare * 100)));
            }
        }
        return out;
    }

    private List<Firing> latency(RuleSettings rs, Instant end) {
        FigureSeries now = figures.read(Subject.BUYER, List.of(), window(rs, end), Grain.MINUTE, List.of("lat."));
        List<Firing> out = new ArrayList<>();
        for (AlertSubjects.BuyerInfo b : buyersWithFigures(now)) {
            long samples = 0;
            for (long n : now.latencyBins(b.id())) {
                samples += n;
            }
            OptionalDouble p95 = now.latencyPercentile(b.id(), 0.95);
            if (samples == 0 || samples < rs.minVolume() || p95.isEmpty() || b.callTimeout() == null) {
                continue;
            }
            double limit = b.callTimeout().toMillis() * rs.threshold() / 100;
            if (p95.getAsDouble() > limit + EPSILON) {
                out.add(firing(AlertRule.LATENCY_P95, BUYER_KIND, b.id(), b.name(), String.format(Locale.ROOT,
                        "p95 response time %.0f ms over %d calls in the last %d min, above %s %% of the %d ms call "
                                + "timeout (%.0f ms)", p95.getAsDouble(), samples, rs.window().toMinutes(),
                        AlertSettings.Codec.number(rs.threshold()), b.callTimeout().toMillis(), limit)));
            }
        }
        return out;
    }

    private List<Firing> breakerOpen() {
        Map<String, BreakerChangedEvent> open = new LinkedHashMap<>();
        BreakerChangedEvent e;
        while ((e = openings.poll()) != null) {
            open.put(e.buyerId(), e);
        }
        breakers.forEach((id, b) -> {
            if (isOpen(b.to())) {
                open.putIfAbsent(id, b);
            }
        });
        List<Firing> out = new ArrayList<>();
        open.forEach((id, b) -> out.add(firing(AlertRule.BREAKER_OPEN, BUYER_KIND, id, b.buyerName(),
                "the circuit breaker of " + b.buyerName() + " opened (" + b.reason().replace('_', ' ')
                        + "); leads for it wait or go to other buyers")));
        return out;
    }

    private List<Firing> noSuccess(RuleSettings rs, Instant end) {
        FigureSeries now = figures.read(Subject.BUYER, List.of(), window(rs, end), Grain.MINUTE,
                List.of("attempts", "att.accepted"));
        List<Firing> out = new ArrayList<>();
        for (AlertSubjects.BuyerInfo b : enabledBuyers()) {
            long attempts = now.count(b.id(), "attempts");
            if (attempts == 0 || attempts < rs.minVolume() || now.count(b.id(), "att.accepted") > 0) {
                continue;
            }
            out.add(firing(AlertRule.NO_SUCCESS, BUYER_KIND, b.id(), b.name(), String.format(Locale.ROOT,
                    "no lead accepted in the last %d min despite %d attempts", rs.window().toMinutes(), attempts)));
        }
        return out;
    }

    private List<Firing> vendorSilent(RuleSettings rs, AlertSettings.BusinessHours hours, Instant end) {
        if (!hours.covers(end, rs.window())) {
            return List.of();
        }
        List<String> received = List.of("received");
        FigureSeries week = figures.read(Subject.VENDOR, List.of(), new Figures.Range(end.minus(VENDOR_HISTORY), end),
                Grain.HOUR, received);
        FigureSeries now = figures.read(Subject.VENDOR, List.of(), window(rs, end), Grain.MINUTE, received);
        Map<String, String> names = new HashMap<>();
        for (AlertSubjects.VendorInfo v : subjects.vendors()) {
            names.put(v.id(), v.name());
        }
        List<Firing> out = new ArrayList<>();
        for (String id : week.subjects()) {
            long history = week.count(id, "received");
            if (history == 0 || history < rs.minVolume() || now.count(id, "received") > 0) {
                continue;
            }
            String name = names.getOrDefault(id, id);
            out.add(firing(AlertRule.VENDOR_SILENT, VENDOR_KIND, id, name, String.format(Locale.ROOT,
                    "%s sent no lead in the last %d min of business hours (%d in the past 7 days)", name,
                    rs.window().toMinutes(), history)));
        }
        return out;
    }

    private List<Firing> intakeRefusals(RuleSettings rs, Instant end) {
        FigureSeries now = figures.read(Subject.TOTAL, List.of(FiguresRepository.ALL), window(rs, end), Grain.MINUTE,
                List.of("received", "refused"));
        long refused = now.count(FiguresRepository.ALL, "refused");
        long requests = refused + now.count(FiguresRepository.ALL, "received");
        if (requests == 0 || requests < rs.minVolume()) {
            return List.of();
        }
        double percent = 100.0 * refused / requests;
        if (percent <= rs.threshold() + EPSILON) {
            return List.of();
        }
        return List.of(firing(AlertRule.INTAKE_REFUSALS, TOTAL_KIND, FiguresRepository.ALL, "Intake",
                String.format(Locale.ROOT, "%d of %d intake requests refused in the last %d min (%.1f %%, above %s %%)",
                        refused, requests, rs.window().toMinutes(), percent,
                        AlertSettings.Codec.number(rs.threshold()))));
    }

    private List<AlertSubjects.BuyerInfo> enabledBuyers() {
        return subjects.buyers().stream().filter(AlertSubjects.BuyerInfo::enabled).toList();
    }

    /** The known buyers with figures in the series (a deleted buyer's leftovers are not news). */
    private List<AlertSubjects.BuyerInfo> buyersWithFigures(FigureSeries series) {
        Set<String> ids = new TreeSet<>(series.subjects());
        Collection<AlertSubjects.BuyerInfo> all = subjects.buyers();
        return all.stream().filter(b -> ids.contains(b.id())).toList();
    }

    private static Firing firing(AlertRule rule, String kind, String id, String name, String message) {
        return new Firing(rule.id(), kind, id, name, rule.severity(), message);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /** {@link #close()} waiting at most {@code wait} for the round in hand. */
    public void close(Duration wait) {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(Math.max(1, wait.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("could not unsubscribe: {}", e.toString());
        }
    }
}
