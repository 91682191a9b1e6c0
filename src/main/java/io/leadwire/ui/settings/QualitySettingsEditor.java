package io.leadwire.ui.settings;

import io.leadwire.quality.QualityPolicy;
import io.leadwire.quality.QualityPolicyForm;
import io.leadwire.quality.QualitySettings;
import io.leadwire.quality.Score;
import io.leadwire.quality.ScoreInputs;
import io.leadwire.quality.Scorer;
import io.leadwire.quality.ScoringPolicy;
import io.leadwire.quality.ScoringRule;
import io.leadwire.quality.Tier;
import io.leadwire.store.InvalidSettingsException;
import io.leadwire.store.LiveSetting;
import io.leadwire.store.SettingsProblem;
import io.leadwire.store.SettingsRepository.StaleSettingException;
import io.leadwire.ui.UiExecutor;
import io.leadwire.ui.UserMessages;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The quality settings document on the Settings screen: the Scoring section (rule points, on/off,
 * base score, thresholds) and the Validation section (required fields, consent, default country,
 * allowed values per enumerated field). Every change re-validates the draft; each problem lands on
 * the field it names ({@link #errorFor(String)}, keyed by the document path).
 */
public final class QualitySettingsEditor implements SettingsEditor {
    /** How java.time names the UTC offset ({@code ZoneOffset.UTC.getId()}). */
    private static final String UTC_OFFSET = "Z";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);

    private final QualitySettings settings;
    private final UiExecutor executor;
    private final Clock clock;

    private final ObjectProperty<Integer> base = new SimpleObjectProperty<>(this, "base", 0);
    private final ObjectProperty<Integer> hotThreshold = new SimpleObjectProperty<>(this, "hotThreshold", 0);
    private final ObjectProperty<Integer> standardThreshold = new SimpleObjectProperty<>(this, "standardThreshold", 0);
    private final ObservableList<RuleRow> rules = FXCollections.observableArrayList(
            r -> new Observable[] {r.pointsProperty(), r.enabledProperty()});
    private final StringProperty highCapitalThreshold = new SimpleStringProperty(this, "highCapitalThreshold", "");
    private final StringProperty tier1Countries = new SimpleStringProperty(this, "tier1Countries", "");
    private final StringProperty businessOpens = new SimpleStringProperty(this, "businessOpens", "");
    private final StringProperty businessCloses = new SimpleStringProperty(this, "businessCloses", "");
    private final StringProperty businessZone = new SimpleStringProperty(this, "businessZone", "");
    private final ObservableList<String> requiredFields = FXCollections.observableArrayList();
    private final BooleanProperty consentRequired = new SimpleBooleanProperty(this, "consentRequired", false);
    private final StringProperty defaultCountry = new SimpleStringProperty(this, "defaultCountry", "");
    private final ObservableList<EnumFieldRow> enumFields = FXCollections.observableArrayList(
            r -> new Observable[] {r.values()});
    private final ObjectProperty<EnumFieldRow> selectedEnumField = new SimpleObjectProperty<>(this, "selectedEnumField");

    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty", false);
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(this, "valid", true);
    private final ReadOnlyStringWrapper savedInfo = new ReadOnlyStringWrapper(this, "savedInfo", "");
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper(this, "preview", "");
    private final ReadOnlyStringWrapper tierBands = new ReadOnlyStringWrapper(this, "tierBands", "");
    private final ReadOnlyStringWrapper otherProblems = new ReadOnlyStringWrapper(this, "otherProblems", "");
    private final ReadOnlyStringWrapper businessDays = new ReadOnlyStringWrapper(this, "businessDays", "");
    private final ReadOnlyStringWrapper storedProblem = new ReadOnlyStringWrapper(this, "storedProblem", "");
    private final Map<String, ReadOnlyStringWrapper> errors = new HashMap<>();

    /** The settings the draft started from; the draft carries the fields this screen does not show. */
    private QualityPolicy shownPolicy;
    private QualityPolicyForm shownForm;
    private long shownVersion;
    private long noticedVersion;
    private boolean loading;

    public QualitySettingsEditor(QualitySettings settings, UiExecutor executor, Clock clock) {
        this.settings = settings;
        this.executor = executor;
        this.clock = clock;
        for (String shown : List.of(QualityPolicyForm.BASE, QualityPolicyForm.HOT, QualityPolicyForm.STANDARD,
                QualityPolicyForm.HIGH_CAPITAL_THRESHOLD, QualityPolicyForm.TIER1_COUNTRIES,
                QualityPolicyForm.BUSINESS_OPENS, QualityPolicyForm.BUSINESS_CLOSES, QualityPolicyForm.BUSINESS_ZONE,
                QualityPolicyForm.REQUIRED_FIELDS, QualityPolicyForm.CONSENT_REQUIRED, QualityPolicyForm.DEFAULT_COUNTRY,
                QualityPolicyForm.ALLOWED_VALUES)) {
            errorFor(shown);
        }
        base.addListener(o -> revalidate());
        hotThreshold.addListener(o -> revalidate());
        standardThreshold.addListener(o -> revalidate());
        rules.addListener((ListChangeListener<RuleRow>) c -> revalidate());
        for (StringProperty p : List.of(highCapitalThreshold, tier1Countries, businessOpens, businessCloses,
                businessZone)) {
            p.addListener(o -> revalidate());
        }
        requiredFields.addListener((ListChangeListener<String>) c -> revalidate());
        consentRequired.addListener(o -> revalidate());
        defaultCountry.addListener(o -> revalidate());
        enumFields.addListener((ListChangeListener<EnumFieldRow>) c -> revalidate());
        load(settings.snapshot());
    }

    @Override
    public List<SettingsSection> sections() {
        return List.of(SettingsSection.SCORING, SettingsSection.VALIDATION);
    }

    private void load(LiveSetting.Snapshot<QualityPolicy> snapshot) {
        shownVersion = snapshot.version();
        noticedVersion = snapshot.version();
        savedInfo.set(snapshot.isDefault() ? "Shipped defaults: not changed yet"
                : "Saved by " + snapshot.updatedBy() + " at " + WHEN.format(snapshot.updatedAt().atZone(clock.getZone()))
                        + " (version " + snapshot.version() + ")");
        storedProblem.set(snapshot.loadProblems().isEmpty() ? ""
                : "The stored settings cannot be used (" + snapshot.loadProblems().get(0)
                        + "); the engine keeps the ones shown here. Save to replace them.");
        shownPolicy = snapshot.value();
        shownForm = QualityPolicyForm.of(shownPolicy);
        fill(shownForm);
    }

    private void fill(QualityPolicyForm f) {
        loading = true;
        try {
            base.set(f.base());
            hotThreshold.set(f.hotThreshold());
            standardThreshold.set(f.standardThreshold());
            List<RuleRow> rows = new ArrayList<>();
            for (ScoringRule r : ScoringRule.values()) {
                rows.add(new RuleRow(r, f.points(r), f.enabled(r)));
            }
            rules.setAll(rows);
            highCapitalThreshold.set(f.highCapitalThreshold());
            tier1Countries.set(String.join(", ", f.tier1Countries()));
            businessOpens.set(f.businessOpens());
            businessCloses.set(f.businessCloses());
            businessZone.set(UTC_OFFSET.equals(f.businessZone()) ? "UTC" : f.businessZone());
            businessDays.set(days(f.businessDays()));
            requiredFields.setAll(f.requiredFields());
            consentRequired.set(f.consentRequired());
            defaultCountry.set(f.defaultCountry());
            String selected = selectedEnumField.get() == null ? null : selectedEnumField.get().field();
            List<EnumFieldRow> enums = new ArrayList<>();
            f.allowedValues().forEach((field, values) -> enums.add(new EnumFieldRow(field, values)));
            enumFields.setAll(enums);
            selectedEnumField.set(enums.stream().filter(r -> r.field().equals(selected)).findFirst()
                    .orElse(enums.isEmpty() ? null : enums.get(0)));
        } finally {
            loading = false;
        }
        revalidate();
    }

    /** The draft as a form: the shown settings with this screen's fields replaced. */
    private QualityPolicyForm draft() {
        QualityPolicyForm f = QualityPolicyForm.of(shownPolicy);
        f.base(value(base)).hotThreshold(value(hotThreshold)).standardThreshold(value(standardThreshold));
        for (RuleRow r : rules) {
            f.points(r.rule(), r.getPoints()).enabled(r.rule(), r.isEnabled());
        }
        f.highCapitalThreshold(highCapitalThreshold.get())
                .tier1Countries(countries(tier1Countries.get()))
                .businessHours(zone(businessZone.get()), businessOpens.get(), businessCloses.get(), f.businessDays());
        f.requiredFields(requiredFields).consentRequired(consentRequired.get())
                .defaultCountry(defaultCountry.get() == null ? "" : defaultCountry.get().strip().toUpperCase(Locale.ROOT));
        Map<String, List<String>> allowed = new LinkedHashMap<>();
        for (EnumFieldRow r : enumFields) {
            allowed.put(r.field(), r.values());
        }
        f.allowedValues(allowed);
        return f;
    }

    /** UTC as the operator reads it; the document keeps the shown policy's own id, so it is not a change. */
    private String zone(String text) {
        String z = text == null ? "" : text.strip();
        return "UTC".equalsIgnoreCase(z) && UTC_OFFSET.equals(shownForm.businessZone()) ? UTC_OFFSET : z;
    }

    /** "us, GB  de" → [US, GB, DE], sorted like the stored document so an unchanged list is not a change. */
    private static List<String> countries(String text) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (String c : (text == null ? "" : text).split("[,;\\s]+")) {
            if (!c.isBlank()) {
                out.add(c.strip().toUpperCase(Locale.ROOT));
            }
        }
        return new ArrayList<>(out);
    }

    /** [MONDAY … FRIDAY] → "Mon–Fri"; other sets as a list, "Mon, Sat". */
    private static String days(List<String> names) {
        List<String> weekdays = List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY");
        if (names.equals(weekdays)) {
            return "Mon–Fri";
        }
        List<String> out = new ArrayList<>();
        for (String d : names) {
            out.add(d.charAt(0) + d.substring(1, 3).toLowerCase(Locale.ROOT));
        }
        return out.isEmpty() ? "no days" : String.join(", ", out);
    }

    private static int value(ObjectProperty<Integer> p) {
        return p.get() == null ? 0 : p.get();
    }

    private void revalidate() {
        if (loading) {
            return;
        }
        QualityPolicyForm draft = draft();
        List<SettingsProblem> problems = draft.problems();
        errors.values().forEach(e -> e.set(""));
        rules.forEach(r -> r.setError(""));
        enumFields.forEach(r -> r.setError(""));
        List<String> other = new ArrayList<>();
        for (SettingsProblem p : problems) {
            if (!place(p)) {
                other.add(p.toString());
            }
        }
        otherProblems.set(String.join("\n", other));
        valid.set(problems.isEmpty());
        dirty.set(!draft.equals(shownForm));
        int hot = value(hotThreshold);
        int standard = value(standardThreshold);
        tierBands.set(standard <= hot ? "Hot " + hot + "–100 · standard " + standard + "–" + Math.max(standard, hot - 1)
                + " go on to buyers; below " + standard + " the lead waits in quarantine for review." : "");
        preview.set(problems.isEmpty() ? preview(draft.toPolicy().scoring()) : "");
    }

    /** Puts a problem on its field; false when no field shows it. */
    private boolean place(SettingsProblem p) {
        for (RuleRow r : rules) {
            if (p.field().equals(QualityPolicyForm.pointsField(r.rule()))) {
                r.setError(p.message());
                return true;
            }
        }
        for (EnumFieldRow r : enumFields) {
            if (p.field().equals(QualityPolicyForm.allowedValuesField(r.field()))) {
                r.setError(p.message());
                errorFor(QualityPolicyForm.ALLOWED_VALUES);
                append(errors.get(QualityPolicyForm.ALLOWED_VALUES), p.message());
                return true;
            }
        }
        ReadOnlyStringWrapper e = errors.get(p.field());
        if (e == null) {
            return false;
        }
        append(e, p.message());
        return true;
    }

    private static void append(ReadOnlyStringWrapper e, String message) {
        e.set(e.get().isEmpty() ? message : e.get() + " " + message);
    }

    /** "A clean Tier-1 lead … would now score 95 (hot); without a usable email 70 (standard)." */
    private String preview(ScoringPolicy scoring) {
        String country = scoring.tier1Countries().contains("GB") || scoring.tier1Countries().isEmpty() ? "GB"
                : scoring.tier1Countries().iterator().next();
        // Outside business hours, so the example does not depend on when it is looked at.
        LocalDate sunday = LocalDate.of(2026, 1, 1).with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
        Instant arrival = sunday.atTime(LocalTime.of(3, 0)).atZone(scoring.businessZone()).toInstant();
        Scorer scorer = new Scorer(scoring);
        Score clean = scorer.score(new ScoreInputs(true, true, true, ScoreInputs.GeoCheck.MATCH, List.of(), country,
                null, true, arrival));
        Score noEmail = scorer.score(new ScoreInputs(false, true, true, ScoreInputs.GeoCheck.MATCH, List.of(),
                country, null, true, arrival));
        return "Preview: a complete " + country + " lead with trading experience now scores "
                + describe(clean) + "; without a usable email, " + describe(noEmail) + ".";
    }

    private static String describe(Score s) {
        String tier = s.tier().name().toLowerCase(Locale.ROOT);
        return s.value() + " (" + (s.tier() == Tier.REVIEW ? "review: quarantined" : tier) + ")";
    }

    @Override
    public void save(String operator, Consumer<String> onDone, Consumer<String> onError) {
        QualityPolicyForm draft = draft();
        if (!draft.problems().isEmpty()) {
            onError.accept("Fix the marked fields first; nothing was saved.");
            return;
        }
        QualityPolicy policy = draft.toPolicy();
        long from = shownVersion;
        executor.submit(() -> settings.update(policy, operator, from), snapshot -> {
            load(snapshot);
            onDone.accept("Saved. Leads judged from now on use these settings.");
        }, e -> onError.accept(saveError(e)));
    }

    private String saveError(Throwable e) {
        if (e instanceof StaleSettingException) {
            StaleSettingException s = (StaleSettingException) e;
            return s.current().updatedBy() + " saved these settings at "
                    + WHEN.format(s.current().updatedAt().atZone(clock.getZone()))
                    + " while you were editing. Revert to load theirs, then make your change again.";
        }
        if (e instanceof InvalidSettingsException) {
            InvalidSettingsException i = (InvalidSettingsException) e;
            i.problems().forEach(this::place);
            return "The settings were not saved: " + i.problems().get(0) + ".";
        }
        return UserMessages.describe("save the settings", e);
    }

    @Override
    public void revert() {
        load(settings.snapshot());
    }

    @Override
    public void resetToDefaults() {
        fill(QualityPolicyForm.of(QualityPolicy.defaults()));
    }

    @Override
    public String tick() {
        LiveSetting.Snapshot<QualityPolicy> now = settings.snapshot();
        if (now.version() == shownVersion && now.loadProblems().isEmpty() == storedProblem.get().isEmpty()) {
            return "";
        }
        if (!dirty.get()) {
            load(now);
            return now.isDefault() ? "" : "Quality settings updated: saved by " + now.updatedBy() + ".";
        }
        if (now.version() != noticedVersion) {
            noticedVersion = now.version();
            return now.updatedBy() + " saved newer quality settings. Revert to see them; your changes are not saved.";
        }
        return "";
    }

    /** Adds a required field; blank or repeated names are ignored. */
    public void addRequiredField(String name) {
        String n = name == null ? "" : name.strip();
        if (!n.isEmpty() && !requiredFields.contains(n)) {
            requiredFields.add(n);
        }
    }

    /** Adds an enumerated field with no values yet (the draft is invalid until it has one). */
    public void addEnumField(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            return;
        }
        EnumFieldRow existing = enumFields.stream().filter(r -> r.field().equals(n)).findFirst().orElse(null);
        if (existing == null) {
            existing = new EnumFieldRow(n, List.of());
            enumFields.add(existing);
        }
        selectedEnumField.set(existing);
    }

    /** Removes the selected enumerated field: it then takes any value. */
    public void removeSelectedEnumField() {
        EnumFieldRow row = selectedEnumField.get();
        if (row != null) {
            enumFields.remove(row);
            selectedEnumField.set(enumFields.isEmpty() ? null : enumFields.get(0));
        }
    }

    /** Adds an allowed value to the selected enumerated field, lower case; blanks and repeats are ignored. */
    public void addAllowedValue(String value) {
        EnumFieldRow row = selectedEnumField.get();
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (row != null && !v.isEmpty() && !row.values().contains(v)) {
            row.values().add(v);
        }
    }

    /** The message for the field at a document path ({@link QualityPolicyForm} constants), empty when fine. */
    public ReadOnlyStringProperty errorFor(String path) {
        return errors.computeIfAbsent(path, p -> new ReadOnlyStringWrapper(this, "error:" + p, "")).getReadOnlyProperty();
    }

    public ObjectProperty<Integer> baseProperty() {
        return base;
    }

    public ObjectProperty<Integer> hotThresholdProperty() {
        return hotThreshold;
    }

    public ObjectProperty<Integer> standardThresholdProperty() {
        return standardThreshold;
    }

    public ObservableList<RuleRow> rules() {
        return rules;
    }

    /** The row of one rule. */
    public RuleRow rule(ScoringRule rule) {
        return rules.stream().filter(r -> r.rule() == rule).findFirst().orElseThrow();
    }

    /** Capital whose lower bound is above this earns the high-capital points. */
    public StringProperty highCapitalThresholdProperty() {
        return highCapitalThreshold;
    }

    /** The Tier-1 countries as ISO codes separated by commas. */
    public StringProperty tier1CountriesProperty() {
        return tier1Countries;
    }

    /** Business hours open, e.g. 09:00. */
    public StringProperty businessOpensProperty() {
        return businessOpens;
    }

    /** Business hours close, e.g. 18:00. */
    public StringProperty businessClosesProperty() {
        return businessCloses;
    }

    /** The time zone business hours are in, e.g. UTC or Europe/London. */
    public StringProperty businessZoneProperty() {
        return businessZone;
    }

    /** The business days (edited in the settings document, not here), e.g. "Mon–Fri". */
    public ReadOnlyStringProperty businessDaysProperty() {
        return businessDays.getReadOnlyProperty();
    }

    /** The problems of the business-hours fields (open, close, zone) in one sentence, or empty. */
    public javafx.beans.binding.StringExpression businessHoursErrorProperty() {
        ReadOnlyStringProperty opens = errorFor(QualityPolicyForm.BUSINESS_OPENS);
        ReadOnlyStringProperty closes = errorFor(QualityPolicyForm.BUSINESS_CLOSES);
        ReadOnlyStringProperty zone = errorFor(QualityPolicyForm.BUSINESS_ZONE);
        return javafx.beans.binding.Bindings.createStringBinding(() -> String.join(" ",
                java.util.stream.Stream.of(opens.get(), closes.get(), zone.get()).filter(t -> !t.isEmpty()).toList()),
                opens, closes, zone);
    }

    public ObservableList<String> requiredFields() {
        return requiredFields;
    }

    public BooleanProperty consentRequiredProperty() {
        return consentRequired;
    }

    public StringProperty defaultCountryProperty() {
        return defaultCountry;
    }

    public ObservableList<EnumFieldRow> enumFields() {
        return enumFields;
    }

    public ObjectProperty<EnumFieldRow> selectedEnumFieldProperty() {
        return selectedEnumField;
    }

    @Override
    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public boolean isDirty() {
        return dirty.get();
    }

    @Override
    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    public boolean isValid() {
        return valid.get();
    }

    @Override
    public ReadOnlyStringProperty savedInfoProperty() {
        return savedInfo.getReadOnlyProperty();
    }

    public String getSavedInfo() {
        return savedInfo.get();
    }

    /** What two example leads would score under the draft; empty while the draft has problems. */
    public ReadOnlyStringProperty previewProperty() {
        return preview.getReadOnlyProperty();
    }

    public String getPreview() {
        return preview.get();
    }

    /** The score bands of the draft's thresholds. */
    public ReadOnlyStringProperty tierBandsProperty() {
        return tierBands.getReadOnlyProperty();
    }

    /** Problems no field on this screen shows (e.g. of settings only the document holds). */
    public ReadOnlyStringProperty otherProblemsProperty() {
        return otherProblems.getReadOnlyProperty();
    }

    /** Why the stored document could not be used, or empty. */
    public ReadOnlyStringProperty storedProblemProperty() {
        return storedProblem.getReadOnlyProperty();
    }
}
