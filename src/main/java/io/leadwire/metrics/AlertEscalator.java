package io.leadwire.metrics;

import io.leadwire.store.AlertRepository;
import io.leadwire.store.AlertRepository.AlertRow;
import io.leadwire.store.AlertRepository.Escalation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalates alerts that stayed open (not acknowledged, not resolved) for the configured delay:
 * each configured channel gets the alert once. A channel that fails is tried again later with a
 * growing pause (1, 2, 4 … at most 30 minutes) while the alert stays open; every try is recorded
 * on the alert, and nothing that goes wrong here escapes to the evaluator.
 */
public final class AlertEscalator {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEscalator.class);
    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final Duration MAX_RETRY = Duration.ofMinutes(30);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final AlertRepository alerts;
    private final List<AlertChannel> channels;
    private final Clock clock;

    public AlertEscalator(AlertRepository alerts, List<AlertChannel> channels, Clock clock) {
        this.alerts = alerts;
        this.channels = List.copyOf(channels);
        this.clock = clock;
    }

    /** Escalates every alert that is due at {@code now}; returns how many were sent everywhere. */
    public int escalateDue(AlertSettings.Escalation settings, Instant now) {
        if (!settings.enabled()) {
            return 0;
        }
        List<AlertChannel> configured = channels.stream().filter(c -> c.configured(settings)).toList();
        if (configured.isEmpty()) {
            return 0;
        }
        int done = 0;
        for (AlertRow alert : alerts.dueForEscalation(now.minus(settings.after()), now)) {
            try {
                if (escalate(alert, configured, settings, now)) {
                    done++;
                }
            } catch (RuntimeException e) {
                LOG.warn("alert {} could not be escalated: {}", alert.id(), e.toString());
            }
        }
        return done;
    }

    private boolean escalate(AlertRow alert, List<AlertChannel> configured, AlertSettings.Escalation settings,
                             Instant now) {
        Set<String> sent = new HashSet<>();
        for (Escalation e : alerts.escalations(alert.id())) {
            if (e.ok()) {
                sent.add(e.channel());
            }
        }
        String text = text(alert, settings);
        List<Escalation> tries = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean all = true;
        for (AlertChannel channel : configured) {
            if (sent.contains(channel.name())) {
                notes.add(channel.name() + ": sent earlier");
                continue;
            }
            Instant at = clock.instant();
            try {
                String ok = channel.send(alert, text, settings);
                tries.add(new Escalation(alert.id(), at, channel.name(), true, ok));
                notes.add(channel.name() + ": sent " + TIME.format(at) + " (" + ok + ")");
            } catch (Exception x) {
                // Channels fail in every way (refused, timeouts, 4xx/5xx, bad addresses): record, retry later.
                all = false;
                String why = reason(x);
                tries.add(new Escalation(alert.id(), at, channel.name(), false, why));
                notes.add(channel.name() + ": failed " + TIME.format(at) + " (" + why + ")");
                LOG.warn("alert {} could not be escalated by {}: {}", alert.id(), channel.name(), why);
            }
        }
        Instant retryAt = now.plus(backoff(alert.escalationTries()));
        String note = String.join("; ", notes) + (all ? "" : "; next try " + TIME.format(retryAt));
        alerts.recordEscalation(alert.id(), tries, all, note, now, retryAt);
        return all;
    }

    static Duration backoff(int triesSoFar) {
        Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(triesSoFar, 10));
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }

    private static String reason(Exception x) {
        Throwable t = x;
        String msg = x.getMessage();
        while ((msg == null || msg.isBlank()) && t.getCause() != null) {
            t = t.getCause();
            msg = t.getMessage();
        }
        String why = t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.strip());
        return why.length() > 300 ? why.substring(0, 300) : why;
    }

    /** The escalation's text: what, who, since when, how often, and that nobody acknowledged it. */
    static String text(AlertRow a, AlertSettings.Escalation settings) {
        String title = AlertRule.byId(a.rule()).map(AlertRule::title).orElse(a.rule());
        return "[" + a.severity().toUpperCase(java.util.Locale.ROOT) + "] " + title + " — " + a.subjectName() + "\n"
                + a.message() + "\n"
                + "Open since " + TIME.format(a.firstAt()) + ", last seen " + TIME.format(a.lastAt()) + " ("
                + a.count() + "×), not acknowledged after " + settings.after().toMinutes() + " min. Leadwire alert #"
                + a.id() + ".";
    }
}
