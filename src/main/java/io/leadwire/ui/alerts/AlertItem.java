package io.leadwire.ui.alerts;

import io.leadwire.metrics.AlertRule;
import io.leadwire.store.AlertRepository.AlertRow;
import io.leadwire.store.AlertRepository.State;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One alert as the log table shows it. */
public record AlertItem(AlertRow alert, String ruleTitle, String firstSeen, String lastSeen, String stateText,
                        String escalationText) {

    static AlertItem of(AlertRow a, ZoneId zone, Instant now) {
        String title = AlertRule.byId(a.rule()).map(AlertRule::title).orElse(a.rule());
        String state = switch (a.state()) {
            case OPEN -> "Open";
            case ACKNOWLEDGED -> "Acknowledged by " + a.ackedBy();
            case RESOLVED -> "Resolved";
        };
        String escalation = a.escalatedAt() != null ? "Escalated " + when(a.escalatedAt(), zone, now)
                : a.escalationNote() != null ? "Escalation failing" : "";
        return new AlertItem(a, title, when(a.firstAt(), zone, now), when(a.lastAt(), zone, now), state, escalation);
    }

    static String when(Instant at, ZoneId zone, Instant now) {
        if (at == null) {
            return "—";
        }
        boolean today = at.atZone(zone).toLocalDate().equals(now.atZone(zone).toLocalDate());
        return DateTimeFormatter.ofPattern(today ? "HH:mm:ss" : "yyyy-MM-dd HH:mm").withZone(zone).format(at);
    }

    public long id() {
        return alert.id();
    }

    public String severity() {
        return alert.severity();
    }

    public String subject() {
        return alert.subjectName();
    }

    public String message() {
        return alert.message();
    }

    public long count() {
        return alert.count();
    }

    public State state() {
        return alert.state();
    }

    public boolean isOpen() {
        return alert.state() == State.OPEN;
    }
}
