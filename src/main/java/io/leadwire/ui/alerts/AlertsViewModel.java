package io.leadwire.ui.alerts;

import io.leadwire.delivery.retry.Durations;
import io.leadwire.metrics.AlertDesk;
import io.leadwire.metrics.AlertRule;
import io.leadwire.metrics.AlertSettings;
import io.leadwire.store.AlertRepository;
import io.leadwire.store.AlertRepository.AlertRow;
import io.leadwire.store.AlertRepository.Escalation;
import io.leadwire.store.LiveSetting;
import io.leadwire.store.SettingsProblem;
import io.leadwire.ui.ConsoleServices;
import io.leadwire.ui.UiExecutor;
import io.leadwire.ui.UserMessages;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Alerts screen: the alert log (open only or all, acknowledging one or several in the
 * operator's name, the selected alert's details and escalation tries), notifications of alerts
 * that open while the console runs, and the editor of the rules' settings with their validation.
 */
public final class AlertsViewModel {
    static final int LIMIT = 500;
    private static final DateTimeFormatter SAVED = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);

    private final ConsoleServices services;
    private final AlertDesk desk;
    private final UiExecutor executor;

    private final BooleanProperty showResolved = new SimpleBooleanProperty(this, "showResolved", false);
    private final ObservableList<AlertItem> rows = FXCollections.observableArrayList();
    private final ObservableList<AlertItem> checked = FXCollections.observableArrayList();
    private final ObjectProperty<AlertItem> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty operator = new SimpleStringProperty(this, "operator", "");
    private final ReadOnlyBooleanWrapper canAcknowledge = new ReadOnlyBooleanWrapper(this, "canAcknowledge");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyIntegerWrapper openCount = new ReadOnlyIntegerWrapper(this, "openCount");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper detailTitle = new ReadOnlyStringWrapper(this, "detailTitle", "");
    private final ReadOnlyStringWrapper detailMessage = new ReadOnlyStringWrapper(this, "detailMessage", "");
    private final ReadOnlyStringWrapper detailFacts = new ReadOnlyStringWrapper(this, "detailFacts", "");
    private final ObservableList<String> detailEscalations = FXCollections.observableArrayList();
    private final ObservableList<AlertItem> notifications = FXCollections.observableArrayList();

    private final ObservableList<RuleEditRow> rules = FXCollections.observableArrayList();
    private final StringProperty zone = new SimpleStringProperty(this, "zone", "");
    private final StringProperty hoursStart = new SimpleStringProperty(this, "hoursStart", "");
    private final StringProperty hoursEnd = new SimpleStringProperty(this, "hoursEnd", "");
    private final StringProperty days = new SimpleStringProperty(this, "days", "");
    private final BooleanProperty escalationEnabled = new SimpleBooleanProperty(this, "escalationEnabled");
    private final StringProperty escalateAfter = new SimpleStringProperty(this, "escalateAfter", "");
    private final StringProperty slackUrl = new SimpleStringProperty(this, "slackUrl", "");
    private final StringProperty smtpHost = new SimpleStringProperty(this, "smtpHost", "");
    private final StringProperty smtpPort = new SimpleStringProperty(this, "smtpPort", "");
    private final BooleanProperty startTls = new SimpleBooleanProperty(this, "startTls");
    private final StringProperty smtpUser = new SimpleStringProperty(this, "smtpUser", "");
    private final StringProperty newPassword = new SimpleStringProperty(this, "newPassword", "");
    private final ReadOnlyStringWrapper passwordState = new ReadOnlyStringWrapper(this, "passwordState", "");
    private final StringProperty emailFrom = new SimpleStringProperty(this, "emailFrom", "");
    private final StringProperty emailTo = new SimpleStringProperty(this, "emailTo", "");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
    private final ReadOnlyBooleanWrapper canSave = new ReadOnlyBooleanWrapper(this, "canSave");
    private final ReadOnlyStringWrapper savedInfo = new ReadOnlyStringWrapper(this, "savedInfo", "");
    private final ReadOnlyStringWrapper settingsMessage = new ReadOnlyStringWrapper(this, "settingsMessage", "");

    private final javafx.beans.property.ReadOnlyLongWrapper revealed = new javafx.beans.property.ReadOnlyLongWrapper(
            this, "revealed", -1);
    private long lastSeenId = -1;
    private final ReadOnlyBooleanWrapper watching = new ReadOnlyBooleanWrapper(this, "watching", false);
    private boolean refreshInFlight;
    private boolean saving;
    private boolean loading;
    private String sealedPassword = "";
    private long loadedVersion = -1;
    private List<AlertRow> shown = List.of();

    public AlertsViewModel(ConsoleServices services, UiExecutor executor, String operatorName) {
        this.services = services;
        this.desk = services.alerts();
        this.executor = executor;
        operator.set(operatorName);
        for (AlertRule r : AlertRule.values()) {
            RuleEditRow row = new RuleEditRow(r);
            rules.add(row);
            for (Observable p : List.of(row.enabledProperty(), row.thresholdProperty(), row.windowProperty(),
                    row.minVolumeProperty())) {
                p.addListener(o -> edited());
            }
        }
        for (Observable p : List.of(zone, hoursStart, hoursEnd, days, escalationEnabled, escalateAfter, slackUrl,
                smtpHost, smtpPort, startTls, smtpUser, newPassword, emailFrom, emailTo)) {
            p.addListener(o -> edited());
        }
        showResolved.addListener(o -> refresh());
        checked.addListener((Observable o) -> updateCanAcknowledge());
        operator.addListener(o -> updateCanAcknowledge());
        selected.addListener((o, a, item) -> showDetail(item));
        loadSettings(desk.settings());
    }

    /** Loads the log and remembers which alerts exist already, so only new ones notify. */
    public void start() {
        executor.submit(desk::lastId, id -> {
            if (lastSeenId < 0) {
                lastSeenId = id;
            }
            watching.set(true);
            refresh();
        }, e -> error.set(UserMessages.describe("read the alerts", e)));
    }

    /**
     * True once the screen knows which alerts existed when the console opened: from then on every
     * new alert notifies (until then a new one would count as existing).
     */
    public ReadOnlyBooleanProperty watchingProperty() {
        return watching.getReadOnlyProperty();
    }

    /** Called about once a second: re-reads the log, notifies new alerts, picks up settings saved elsewhere. */
    public void tick() {
        refresh();
        LiveSetting.Snapshot<AlertSettings> s = desk.settings();
        if (s.version() != loadedVersion && !dirty.get() && !saving) {
            loadSettings(s);
        }
    }

    private record Reading(List<AlertRow> rows, List<AlertRow> newer, int open, int acknowledged) {
    }

    public void refresh() {
        if (refreshInFlight) {
            return;
        }
        refreshInFlight = true;
        boolean all = showResolved.get();
        long since = lastSeenId;
        executor.submit(() -> {
            List<AlertRow> list = desk.list(!all, LIMIT);
            List<AlertRow> newer = since < 0 ? List.of() : desk.newerThan(since);
            List<AlertRow> unresolved = all ? desk.list(true, LIMIT) : list;
            int open = (int) unresolved.stream().filter(a -> a.state() == AlertRepository.State.OPEN).count();
            return new Reading(list, newer, open, unresolved.size() - open);
        }, r -> {
            refreshInFlight = false;
            error.set("");
            apply(r, all);
        }, e -> {
            refreshInFlight = false;
            error.set(UserMessages.describe("read the alerts", e));
        });
    }

    private void apply(Reading r, boolean all) {
        Instant now = services.clock().instant();
        ZoneId z = services.clock().getZone();
        for (AlertRow a : r.newer()) {
            lastSeenId = Math.max(lastSeenId, a.id());
            if (a.state() == AlertRepository.State.OPEN) {
                notifications.add(AlertItem.of(a, z, now));
            }
        }
        openCount.set(r.open());
        String opened = r.open() == 0 ? "No open alerts" : r.open() == 1 ? "1 open alert" : r.open() + " open alerts";
        summary.set(r.acknowledged() == 0 ? opened : opened + " · " + r.acknowledged() + " acknowledged");
        if (all != showResolved.get() || r.rows().equals(shown)) {
            return;
        }
        shown = r.rows();
        Long selectedId = selected.get() == null ? null : selected.get().id();
        Set<Long> checkedIds = checked.stream().map(AlertItem::id).collect(Collectors.toSet());
        List<AlertItem> items = r.rows().stream().map(a -> AlertItem.of(a, z, now)).toList();
        rows.setAll(items);
        checked.setAll(items.stream().filter(i -> checkedIds.contains(i.id())).toList());
        selected.set(items.stream().filter(i -> selectedId != null && i.id() == selectedId).findFirst().orElse(null));
    }

    /** The table's selection: the rows to acknowledge, and the one to show in detail. */
    public void setChecked(List<AlertItem> items, AlertItem focused) {
        checked.setAll(items);
        selected.set(focused);
    }

    /** Shows the alert with the given id in the log (a notification's "Show"). */
    public void reveal(long id) {
        revealed.set(id);
        rows.stream().filter(i -> i.id() == id).findFirst().ifPresent(i -> setChecked(List.of(i), i));
    }

    /** The alert last asked for by {@link #reveal}; the view turns to the log when it changes. */
    public javafx.beans.property.ReadOnlyLongProperty revealedProperty() {
        return revealed.getReadOnlyProperty();
    }

    private void updateCanAcknowledge() {
        canAcknowledge.set(!operator.get().isBlank() && checked.stream().anyMatch(AlertItem::isOpen));
    }

    /** Acknowledges the selected open alerts in the operator's name; they are no longer escalated. */
    public void acknowledge() {
        List<Long> ids = checked.stream().filter(AlertItem::isOpen).map(AlertItem::id).toList();
        String who = operator.get().strip();
        if (ids.isEmpty()) {
            return;
        }
        if (who.isEmpty()) {
            error.set("Type your name before acknowledging, so others know who is on it.");
            return;
        }
        executor.submit(() -> desk.acknowledge(ids, who), n -> {
            error.set("");
            message.set(n == 1 ? "Acknowledged 1 alert as " + who : "Acknowledged " + n + " alerts as " + who);
            shown = List.of();
            refresh();
        }, e -> error.set(UserMessages.describe("acknowledge the alerts", e)));
    }

    public void dismissNotification(AlertItem item) {
        notifications.remove(item);
    }

    private void showDetail(AlertItem item) {
        detailEscalations.clear();
        if (item == null) {
            detailTitle.set("");
            detailMessage.set("");
            detailFacts.set("");
            return;
        }
        AlertRow a = item.alert();
        ZoneId z = services.clock().getZone();
        Instant now = services.clock().instant();
        detailTitle.set(item.ruleTitle() + " — " + a.subjectName());
        detailMessage.set(a.message());
        StringBuilder facts = new StringBuilder();
        facts.append("Severity: ").append(a.severity()).append('\n')
                .append("State: ").append(item.stateText());
        if (a.ackedAt() != null) {
            facts.append(" at ").append(AlertItem.when(a.ackedAt(), z, now));
        }
        facts.append('\n').append("First seen: ").append(AlertItem.when(a.firstAt(), z, now)).append('\n')
                .append("Last seen: ").append(AlertItem.when(a.lastAt(), z, now)).append(" (")
                .append(a.count()).append(a.count() == 1 ? " time)" : " times)");
        if (a.resolvedAt() != null) {
            facts.append('\n').append("Resolved: ").append(AlertItem.when(a.resolvedAt(), z, now));
        }
        facts.append('\n').append("Escalation: ").append(a.escalationNote() == null ? "not escalated"
                : a.escalationNote());
        detailFacts.set(facts.toString());
        long id = a.id();
        executor.submit(() -> desk.escalations(id), list -> {
            if (selected.get() != null && selected.get().id() == id) {
                detailEscalations.setAll(list.stream().map(e -> line(e, z, now)).toList());
            }
        }, e -> error.set(UserMessages.describe("read the escalations", e)));
    }

    private static String line(Escalation e, ZoneId z, Instant now) {
        return AlertItem.when(e.at(), z, now) + "  " + e.channel() + "  " + (e.ok() ? "sent" : "failed") + " — "
                + e.detail();
    }

    // ---- rule settings editor ----

    private void loadSettings(LiveSetting.Snapshot<AlertSettings> snapshot) {
        loading = true;
        try {
            AlertSettings s = snapshot.value();
            for (RuleEditRow r : rules) {
                r.load(s.rule(r.rule()));
            }
            AlertSettings.BusinessHours h = s.businessHours();
            zone.set(h.zone().getId());
            hoursStart.set(h.start().toString());
            hoursEnd.set(h.end().toString());
            days.set(EnumSet.copyOf(h.days().isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : h.days()).stream()
                    .map(d -> d.name().substring(0, 3)).collect(Collectors.joining(", ")));
            AlertSettings.Escalation e = s.escalation();
            escalationEnabled.set(e.enabled());
            escalateAfter.set(Durations.format(e.after()));
            slackUrl.set(e.slackWebhookUrl());
            smtpHost.set(e.smtpHost());
            smtpPort.set(Integer.toString(e.smtpPort()));
            startTls.set(e.smtpStartTls());
            smtpUser.set(e.smtpUsername());
            newPassword.set("");
            sealedPassword = e.smtpPassword();
            emailFrom.set(e.emailFrom());
            emailTo.set(String.join(", ", e.emailTo()));
            loadedVersion = snapshot.version();
            savedInfo.set(snapshot.isDefault() ? "Defaults (never saved)" : "Version " + snapshot.version()
                    + ", saved by " + snapshot.updatedBy() + " on "
                    + SAVED.withZone(services.clock().getZone()).format(snapshot.updatedAt()));
        } finally {
            loading = false;
        }
        dirty.set(false);
        validate();
    }

    private void edited() {
        if (loading) {
            return;
        }
        dirty.set(true);
        settingsMessage.set("");
        validate();
    }

    private String passwordForCheck() {
        return newPassword.get().isEmpty() ? sealedPassword : "v1:new";
    }

    /** Reads the editor into settings, collecting every problem; null when there are any. */
    private AlertSettings read(List<String> out) {
        AlertSettings.Builder b = AlertSettings.builder();
        Map<AlertRule, List<String>> perRule = new LinkedHashMap<>();
        List<String> general = new ArrayList<>();
        for (RuleEditRow r : rules) {
            List<String> mine = perRule.computeIfAbsent(r.rule(), k -> new ArrayList<>());
            AlertSettings.RuleSettings d = r.rule().defaults();
            double threshold = d.threshold();
            if (r.rule().hasThreshold()) {
                try {
                    threshold = Double.parseDouble(r.thresholdProperty().get().strip());
                } catch (NumberFormatException e) {
                    mine.add("threshold: a number, not '" + r.thresholdProperty().get() + "'");
                }
            }
            Duration window = d.window();
            try {
                window = Durations.parse(r.windowProperty().get());
            } catch (IllegalArgumentException e) {
                mine.add("window: a duration such as 15m or 1h, not '" + r.windowProperty().get() + "'");
            }
            long min = d.minVolume();
            if (r.rule().hasMinVolume()) {
                try {
                    min = Long.parseLong(r.minVolumeProperty().get().strip());
                } catch (NumberFormatException e) {
                    mine.add("minimum: a whole number, not '" + r.minVolumeProperty().get() + "'");
                }
            }
            b.rule(r.rule(), new AlertSettings.RuleSettings(r.enabledProperty().get(), threshold, window, min));
        }
        ZoneId z = ZoneId.of("UTC");
        try {
            z = ZoneId.of(zone.get().strip());
        } catch (DateTimeException e) {
            general.add("Time zone: a zone such as Europe/London or America/New_York, not '" + zone.get() + "'");
        }
        LocalTime start = time(hoursStart.get(), "Business hours start", general);
        LocalTime end = time(hoursEnd.get(), "Business hours end", general);
        Set<DayOfWeek> dayset = EnumSet.noneOf(DayOfWeek.class);
        for (String d : days.get().split("[,\\s]+")) {
            if (d.isBlank()) {
                continue;
            }
            DayOfWeek dow = dayOf(d);
            if (dow == null) {
                general.add("Days: MON, TUE, WED, THU, FRI, SAT or SUN, not '" + d + "'");
            } else {
                dayset.add(dow);
            }
        }
        b.businessHours(new AlertSettings.BusinessHours(z, dayset, start == null ? LocalTime.of(9, 0) : start,
                end == null ? LocalTime.of(17, 0) : end));
        Duration after = Duration.ofMinutes(15);
        try {
            after = Durations.parse(escalateAfter.get());
        } catch (IllegalArgumentException e) {
            general.add("Escalate after: a duration such as 15m, not '" + escalateAfter.get() + "'");
        }
        int port = 587;
        if (!smtpHost.get().isBlank()) {
            try {
                port = Integer.parseInt(smtpPort.get().strip());
            } catch (NumberFormatException e) {
                general.add("SMTP port: a number such as 587, not '" + smtpPort.get() + "'");
            }
        }
        List<String> to = Arrays.stream(emailTo.get().split("[,;\\s]+")).filter(s -> !s.isBlank()).toList();
        b.escalation(new AlertSettings.Escalation(escalationEnabled.get(), after, slackUrl.get(), smtpHost.get(), port,
                startTls.get(), smtpUser.get(), passwordForCheck(), emailFrom.get(), to));
        for (SettingsProblem p : b.problems()) {
            String f = p.field();
            if (f.startsWith("rules.")) {
                String[] parts = f.split("\\.");
                AlertRule.byId(parts[1]).ifPresent(r -> perRule.get(r).add(label(parts.length > 2 ? parts[2] : "")
                        + ": " + p.message()));
            } else {
                general.add(fieldLabel(f) + ": " + p.message());
            }
        }
        for (RuleEditRow r : rules) {
            List<String> mine = perRule.get(r.rule());
            r.setProblem(String.join("; ", mine));
            for (String m : mine) {
                out.add(r.rule().title() + " — " + m);
            }
        }
        out.addAll(general);
        return out.isEmpty() ? b.build() : null;
    }

    private static String label(String key) {
        return switch (key) {
            case "min_volume" -> "minimum";
            default -> key;
        };
    }

    private static String fieldLabel(String field) {
        return switch (field) {
            case "business_hours.days" -> "Days";
            case "business_hours.end" -> "Business hours end";
            case "escalation.after" -> "Escalate after";
            case "escalation.slack_webhook_url" -> "Slack webhook URL";
            case "escalation.smtp.port" -> "SMTP port";
            case "escalation.smtp.username" -> "SMTP user";
            case "escalation.smtp.password" -> "SMTP password";
            case "escalation.email.from" -> "Email from";
            case "escalation.email.to" -> "Email to";
            case "escalation.enabled" -> "Escalation";
            default -> field;
        };
    }

    private static LocalTime time(String text, String what, List<String> problems) {
        try {
            return LocalTime.parse(text.strip());
        } catch (DateTimeParseException e) {
            problems.add(what + ": a time of day such as 09:00, not '" + text + "'");
            return null;
        }
    }

    private static DayOfWeek dayOf(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (t.length() >= 3 && d.name().startsWith(t)) {
                return d;
            }
        }
        return null;
    }

    private void validate() {
        List<String> found = new ArrayList<>();
        read(found);
        problems.setAll(found);
        passwordState.set(!newPassword.get().isEmpty() ? "a new password will be saved (encrypted)"
                : sealedPassword.isEmpty() ? "no password set" : "password set (encrypted, hidden)");
        canSave.set(dirty.get() && found.isEmpty() && !saving);
    }

    /** Forgets the stored SMTP password on the next save. */
    public void clearPassword() {
        newPassword.set("");
        sealedPassword = "";
        edited();
    }

    /** Saves the edited settings for every engine on the database. */
    public void save() {
        List<String> found = new ArrayList<>();
        AlertSettings checkedValue = read(found);
        if (checkedValue == null) {
            problems.setAll(found);
            return;
        }
        String clear = newPassword.get();
        String who = operator.get().isBlank() ? "operator" : operator.get().strip();
        long version = loadedVersion;
        String sealed = sealedPassword;
        saving = true;
        canSave.set(false);
        executor.submit(() -> {
            String password = clear.isEmpty() ? sealed : desk.sealSecret(clear);
            AlertSettings.Escalation e = checkedValue.escalation();
            AlertSettings value = checkedValue.toBuilder().escalation(new AlertSettings.Escalation(e.enabled(),
                    e.after(), e.slackWebhookUrl(), e.smtpHost(), e.smtpPort(), e.smtpStartTls(), e.smtpUsername(),
                    password, e.emailFrom(), e.emailTo())).build();
            return desk.update(value, who, version);
        }, snapshot -> {
            saving = false;
            loadSettings(snapshot);
            settingsMessage.set("Saved: version " + snapshot.version() + " is in force on every engine");
        }, ex -> {
            saving = false;
            validate();
            settingsMessage.set("");
            error.set(UserMessages.describe("save the alert settings", ex));
            problems.add(0, UserMessages.describe("save the alert settings", ex));
        });
    }

    /** Throws the edits away and shows the settings in force. */
    public void revert() {
        loadSettings(desk.settings());
        settingsMessage.set("");
    }

    // ---- properties ----

    public BooleanProperty showResolvedProperty() {
        return showResolved;
    }

    public ObservableList<AlertItem> rows() {
        return rows;
    }

    public ObservableList<AlertItem> checked() {
        return checked;
    }

    public ObjectProperty<AlertItem> selectedProperty() {
        return selected;
    }

    public AlertItem getSelected() {
        return selected.get();
    }

    public StringProperty operatorProperty() {
        return operator;
    }

    public ReadOnlyBooleanProperty canAcknowledgeProperty() {
        return canAcknowledge.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public String getMessage() {
        return message.get();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public String getError() {
        return error.get();
    }

    public ReadOnlyIntegerProperty openCountProperty() {
        return openCount.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailTitleProperty() {
        return detailTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailMessageProperty() {
        return detailMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailFactsProperty() {
        return detailFacts.getReadOnlyProperty();
    }

    public String getDetailFacts() {
        return detailFacts.get();
    }

    public ObservableList<String> detailEscalations() {
        return detailEscalations;
    }

    /** Alerts that opened while the console runs and are still to be shown as a notification. */
    public ObservableList<AlertItem> notifications() {
        return notifications;
    }

    public ObservableList<RuleEditRow> rules() {
        return rules;
    }

    public RuleEditRow rule(AlertRule rule) {
        return rules.stream().filter(r -> r.rule() == rule).findFirst().orElseThrow();
    }

    public StringProperty zoneProperty() {
        return zone;
    }

    public StringProperty hoursStartProperty() {
        return hoursStart;
    }

    public StringProperty hoursEndProperty() {
        return hoursEnd;
    }

    public StringProperty daysProperty() {
        return days;
    }

    public BooleanProperty escalationEnabledProperty() {
        return escalationEnabled;
    }

    public StringProperty escalateAfterProperty() {
        return escalateAfter;
    }

    public StringProperty slackUrlProperty() {
        return slackUrl;
    }

    public StringProperty smtpHostProperty() {
        return smtpHost;
    }

    public StringProperty smtpPortProperty() {
        return smtpPort;
    }

    public BooleanProperty startTlsProperty() {
        return startTls;
    }

    public StringProperty smtpUserProperty() {
        return smtpUser;
    }

    /** A password typed to replace the stored one (never shown, sealed before it is saved). */
    public StringProperty newPasswordProperty() {
        return newPassword;
    }

    public ReadOnlyStringProperty passwordStateProperty() {
        return passwordState.getReadOnlyProperty();
    }

    public StringProperty emailFromProperty() {
        return emailFrom;
    }

    public StringProperty emailToProperty() {
        return emailTo;
    }

    public ObservableList<String> problems() {
        return problems;
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canSaveProperty() {
        return canSave.getReadOnlyProperty();
    }

    public boolean canSave() {
        return canSave.get();
    }

    public ReadOnlyStringProperty savedInfoProperty() {
        return savedInfo.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty settingsMessageProperty() {
        return settingsMessage.getReadOnlyProperty();
    }
}
