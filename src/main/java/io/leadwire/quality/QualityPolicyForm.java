package io.leadwire.quality;

import io.leadwire.store.InvalidSettingsException;
import io.leadwire.store.SettingsProblem;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link QualityPolicy} as an operator edits it: plain values that may still be wrong. {@link #problems()}
 * checks every field and names it by its path in the settings document (e.g.
 * {@code scoring.thresholds.standard}, {@code scoring.rules.invalid_email.points}), so the codec can
 * report a bad document and the console can show each message next to its field.
 * {@link #toPolicy()} builds the policy once there are none. Not thread-safe.
 */
public final class QualityPolicyForm {
    public static final String BASE = "scoring.base";
    public static final String HOT = "scoring.thresholds.hot";
    public static final String STANDARD = "scoring.thresholds.standard";
    public static final String HIGH_CAPITAL_THRESHOLD = "scoring.high_capital_threshold";
    public static final String TIER1_COUNTRIES = "scoring.tier1_countries";
    public static final String BUSINESS_ZONE = "scoring.business_hours.zone";
    public static final String BUSINESS_OPENS = "scoring.business_hours.opens";
    public static final String BUSINESS_CLOSES = "scoring.business_hours.closes";
    public static final String BUSINESS_DAYS = "scoring.business_hours.days";
    public static final String REQUIRED_FIELDS = "validation.required_fields";
    public static final String OPTIONAL_FIELDS = "validation.optional_fields";
    public static final String PHONE_FIELDS = "validation.phone_fields";
    public static final String NAME_FIELDS = "validation.name_fields";
    public static final String NUMERIC_FIELDS = "validation.numeric_fields";
    public static final String ALLOWED_VALUES = "validation.allowed_values";
    public static final String CONSENT_REQUIRED = "validation.consent_required";
    public static final String TRUSTEDFORM_FIELDS = "validation.trustedform_fields";
    public static final String JORNAYA_FIELDS = "validation.jornaya_fields";
    public static final String DEFAULT_COUNTRY = "validation.default_country";
    public static final String REJECT_CODES = "validation.reject_codes";

    private int base;
    private int hotThreshold;
    private int standardThreshold;
    private final Map<ScoringRule, Integer> points = new EnumMap<>(ScoringRule.class);
    private final Set<ScoringRule> disabled = EnumSet.noneOf(ScoringRule.class);
    private String highCapitalThreshold;
    private List<String> tier1Countries;
    private String businessZone;
    private String businessOpens;
    private String businessCloses;
    private List<String> businessDays;
    private List<String> requiredFields;
    private List<String> optionalFields;
    private List<String> phoneFields;
    private List<String> nameFields;
    private List<String> numericFields;
    private Map<String, List<String>> allowedValues;
    private boolean consentRequired;
    private List<String> trustedFormFields;
    private List<String> jornayaFields;
    private String defaultCountry;
    private List<String> rejectCodes;

    private QualityPolicyForm() {
    }

    /** The document path of a rule's points. */
    public static String pointsField(ScoringRule rule) {
        return "scoring.rules." + rule.id() + ".points";
    }

    /** The document path of a rule's on/off switch. */
    public static String enabledField(ScoringRule rule) {
        return "scoring.rules." + rule.id() + ".enabled";
    }

    /** The document path of one enumerated field's allowed values. */
    public static String allowedValuesField(String field) {
        return ALLOWED_VALUES + "." + field;
    }

    /** A form holding {@code policy}'s values; lists of sets are sorted so documents compare as text. */
    public static QualityPolicyForm of(QualityPolicy policy) {
        ScoringPolicy s = policy.scoring();
        QualityPolicyForm f = new QualityPolicyForm();
        f.base = s.base();
        f.hotThreshold = s.hotThreshold();
        f.standardThreshold = s.standardThreshold();
        for (ScoringRule r : ScoringRule.values()) {
            f.points.put(r, r.points(s));
            if (!s.isEnabled(r.id())) {
                f.disabled.add(r);
            }
        }
        f.highCapitalThreshold = s.highCapitalThreshold().toPlainString();
        f.tier1Countries = sorted(s.tier1Countries());
        f.businessZone = s.businessZone().getId();
        f.businessOpens = s.businessOpens().toString();
        f.businessCloses = s.businessCloses().toString();
        f.businessDays = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            if (s.businessDays().contains(d)) {
                f.businessDays.add(d.name());
            }
        }
        f.requiredFields = new ArrayList<>(policy.requiredFields());
        f.optionalFields = new ArrayList<>(policy.optionalFields());
        f.phoneFields = new ArrayList<>(policy.phoneFields());
        f.nameFields = new ArrayList<>(policy.nameFields());
        f.numericFields = sorted(policy.numericFields());
        f.allowedValues = new TreeMap<>();
        policy.allowedValues().forEach((k, v) -> f.allowedValues.put(k, sorted(v)));
        f.consentRequired = policy.consentRequired();
        f.trustedFormFields = new ArrayList<>(policy.trustedFormFields());
        f.jornayaFields = new ArrayList<>(policy.jornayaFields());
        f.defaultCountry = policy.defaultCountry().orElse("");
        f.rejectCodes = sorted(policy.rejectCodes());
        return f;
    }

    /** Every problem of the form, in field order; empty when {@link #toPolicy()} will succeed. */
    public List<SettingsProblem> problems() {
        List<SettingsProblem> out = new ArrayList<>();
        range(out, BASE, "The base score", base, 0, 100);
        range(out, HOT, "The hot threshold", hotThreshold, 0, 100);
        range(out, STANDARD, "The standard threshold", standardThreshold, 0, 100);
        if (standardThreshold > hotThreshold) {
            out.add(new SettingsProblem(STANDARD, "The standard threshold (" + standardThreshold
                    + ") must not be above the hot threshold (" + hotThreshold + ")."));
        }
        for (ScoringRule r : ScoringRule.values()) {
            int p = points.getOrDefault(r, r.defaultPoints());
            if (p < r.minPoints() || p > r.maxPoints()) {
                out.add(new SettingsProblem(pointsField(r), "'" + r.id() + "' is a " + (r.isPenalty() ? "penalty" : "bonus")
                        + ": its points must be between " + r.minPoints() + " and " + r.maxPoints() + ", not " + p + "."));
            }
        }
        decimal(out);
        for (String c : tier1Countries) {
            if (!Countries.isIsoCode(c.strip().toUpperCase(Locale.ROOT))) {
                out.add(new SettingsProblem(TIER1_COUNTRIES, "'" + c + "' is not an ISO 3166-1 alpha-2 country code"
                        + " (such as GB or US)."));
            }
        }
        businessHours(out);
        names(out, REQUIRED_FIELDS, requiredFields);
        names(out, OPTIONAL_FIELDS, optionalFields);
        names(out, PHONE_FIELDS, phoneFields);
        if (phoneFields.stream().allMatch(String::isBlank)) {
            out.add(new SettingsProblem(PHONE_FIELDS, "Name at least one field that holds the phone."));
        }
        names(out, NAME_FIELDS, nameFields);
        names(out, NUMERIC_FIELDS, numericFields);
        names(out, TRUSTEDFORM_FIELDS, trustedFormFields);
        names(out, JORNAYA_FIELDS, jornayaFields);
        if (consentRequired && clean(trustedFormFields).isEmpty() && clean(jornayaFields).isEmpty()) {
            out.add(new SettingsProblem(CONSENT_REQUIRED, "Consent is required but no TrustedForm or Jornaya field"
                    + " is configured to find it in."));
        }
        allowed(out);
        String dc = defaultCountry.strip().toUpperCase(Locale.ROOT);
        if (!dc.isEmpty() && !Countries.isIsoCode(dc)) {
            out.add(new SettingsProblem(DEFAULT_COUNTRY, "'" + defaultCountry + "' is not an ISO 3166-1 alpha-2"
                    + " country code (such as GB or US); leave it empty for none."));
        }
        for (String code : rejectCodes) {
            if (!ReasonCode.ALL.contains(code.strip())) {
                out.add(new SettingsProblem(REJECT_CODES, "'" + code + "' is not a reason code; use one of "
                        + String.join(", ", new TreeSet<>(ReasonCode.ALL)) + "."));
            }
        }
        return out;
    }

    /**
     * The policy these values describe; names are trimmed, country codes upper-cased, blank list
     * entries dropped.
     *
     * @throws InvalidSettingsException with every problem when there are any
     */
    public QualityPolicy toPolicy() {
        List<SettingsProblem> problems = problems();
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(QualitySettings.NAME, problems);
        }
        ScoringPolicy.Builder sb = ScoringPolicy.builder().base(base).thresholds(hotThreshold, standardThreshold);
        Set<String> off = new HashSet<>();
        for (ScoringRule r : ScoringRule.values()) {
            r.setPoints(sb, points.getOrDefault(r, r.defaultPoints()));
            if (disabled.contains(r)) {
                off.add(r.id());
            }
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : clean(businessDays)) {
            days.add(DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT)));
        }
        Set<String> tier1 = new HashSet<>();
        for (String c : clean(tier1Countries)) {
            tier1.add(c.toUpperCase(Locale.ROOT));
        }
        sb.disabledRules(off)
                .highCapitalThreshold(new BigDecimal(highCapitalThreshold.strip()))
                .tier1Countries(tier1)
                .businessHours(ZoneId.of(businessZone.strip()), LocalTime.parse(businessOpens.strip()),
                        LocalTime.parse(businessCloses.strip()), days);
        Map<String, Set<String>> av = new LinkedHashMap<>();
        allowedValues.forEach((k, v) -> av.put(k.strip(), new LinkedHashSet<>(clean(v))));
        QualityPolicy.Builder qb = QualityPolicy.builder()
                .requiredFields(clean(requiredFields))
                .optionalFields(clean(optionalFields))
                .phoneFields(clean(phoneFields))
                .nameFields(clean(nameFields))
                .numericFields(new LinkedHashSet<>(clean(numericFields)))
                .allowedValues(av)
                .consentRequired(consentRequired)
                .trustedFormFields(clean(trustedFormFields))
                .jornayaFields(clean(jornayaFields))
                .rejectCodes(new LinkedHashSet<>(clean(rejectCodes)))
                .scoring(buildScoring(sb));
        String dc = defaultCountry.strip().toUpperCase(Locale.ROOT);
        if (!dc.isEmpty()) {
            qb.defaultCountry(dc);
        }
        try {
            return qb.build();
        } catch (IllegalArgumentException e) {
            // problems() checks all the builders check; this is a last net, not the normal path.
            throw new InvalidSettingsException(QualitySettings.NAME, List.of(new SettingsProblem("", e.getMessage())));
        }
    }

    private static ScoringPolicy buildScoring(ScoringPolicy.Builder sb) {
        try {
            return sb.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(QualitySettings.NAME, List.of(new SettingsProblem("", e.getMessage())));
        }
    }

    private void decimal(List<SettingsProblem> out) {
        try {
            if (new BigDecimal(highCapitalThreshold.strip()).signum() < 0) {
                out.add(new SettingsProblem(HIGH_CAPITAL_THRESHOLD, "The high-capital threshold must be 0 or more."));
            }
        } catch (NumberFormatException e) {
            out.add(new SettingsProblem(HIGH_CAPITAL_THRESHOLD, "The high-capital threshold must be a number such as"
                    + " 10000, not '" + highCapitalThreshold + "'."));
        }
    }

    private void businessHours(List<SettingsProblem> out) {
        try {
            ZoneId.of(businessZone.strip());
        } catch (DateTimeException e) {
            out.add(new SettingsProblem(BUSINESS_ZONE, "'" + businessZone + "' is not a time zone; use an id such as"
                    + " UTC or Europe/London."));
        }
        LocalTime opens = time(out, BUSINESS_OPENS, businessOpens);
        LocalTime closes = time(out, BUSINESS_CLOSES, businessCloses);
        if (opens != null && closes != null && !opens.isBefore(closes)) {
            out.add(new SettingsProblem(BUSINESS_CLOSES, "Business hours must close (" + businessCloses
                    + ") after they open (" + businessOpens + ")."));
        }
        for (String d : clean(businessDays)) {
            try {
                DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                out.add(new SettingsProblem(BUSINESS_DAYS, "'" + d + "' is not a day; use MONDAY … SUNDAY."));
            }
        }
    }

    private static LocalTime time(List<SettingsProblem> out, String field, String value) {
        try {
            return LocalTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            out.add(new SettingsProblem(field, "'" + value + "' is not a time of day such as 09:00."));
            return null;
        }
    }

    private void allowed(List<SettingsProblem> out) {
        Set<String> numeric = new HashSet<>(clean(numericFields));
        allowedValues.forEach((field, values) -> {
            String path = allowedValuesField(field);
            if (field.isBlank()) {
                out.add(new SettingsProblem(ALLOWED_VALUES, "An enumerated field needs a name."));
                return;
            }
            if (clean(values).isEmpty()) {
                out.add(new SettingsProblem(path, "Field '" + field + "' needs at least one allowed value;"
                        + " remove the field to allow any value."));
            }
            if (numeric.contains(field.strip())) {
                out.add(new SettingsProblem(path, "Field '" + field + "' is numeric and cannot also have a list of"
                        + " allowed values."));
            }
        });
    }

    private static void range(List<SettingsProblem> out, String field, String what, int v, int min, int max) {
        if (v < min || v > max) {
            out.add(new SettingsProblem(field, what + " must be between " + min + " and " + max + ", not " + v + "."));
        }
    }

    private static void names(List<SettingsProblem> out, String field, List<String> names) {
        for (String n : names) {
            if (n == null) {
                out.add(new SettingsProblem(field, "Field names must not be empty."));
                return;
            }
        }
    }

    /** Trimmed, without blanks and repeats, in order. */
    static List<String> clean(Collection<String> values) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                out.add(v.strip());
            }
        }
        return new ArrayList<>(out);
    }

    private static List<String> sorted(Collection<String> values) {
        return new ArrayList<>(new TreeSet<>(values));
    }

    public int base() {
        return base;
    }

    public QualityPolicyForm base(int v) {
        base = v;
        return this;
    }

    public int hotThreshold() {
        return hotThreshold;
    }

    public QualityPolicyForm hotThreshold(int v) {
        hotThreshold = v;
        return this;
    }

    public int standardThreshold() {
        return standardThreshold;
    }

    public QualityPolicyForm standardThreshold(int v) {
        standardThreshold = v;
        return this;
    }

    public int points(ScoringRule rule) {
        return points.getOrDefault(rule, rule.defaultPoints());
    }

    public QualityPolicyForm points(ScoringRule rule, int v) {
        points.put(rule, v);
        return this;
    }

    public boolean enabled(ScoringRule rule) {
        return !disabled.contains(rule);
    }

    public QualityPolicyForm enabled(ScoringRule rule, boolean on) {
        if (on) {
            disabled.remove(rule);
        } else {
            disabled.add(rule);
        }
        return this;
    }

    public String highCapitalThreshold() {
        return highCapitalThreshold;
    }

    public QualityPolicyForm highCapitalThreshold(String v) {
        highCapitalThreshold = v == null ? "" : v;
        return this;
    }

    public List<String> tier1Countries() {
        return List.copyOf(tier1Countries);
    }

    public QualityPolicyForm tier1Countries(List<String> v) {
        tier1Countries = new ArrayList<>(v);
        return this;
    }

    public String businessZone() {
        return businessZone;
    }

    public String businessOpens() {
        return businessOpens;
    }

    public String businessCloses() {
        return businessCloses;
    }

    public List<String> businessDays() {
        return List.copyOf(businessDays);
    }

    public QualityPolicyForm businessHours(String zone, String opens, String closes, List<String> days) {
        businessZone = zone == null ? "" : zone;
        businessOpens = opens == null ? "" : opens;
        businessCloses = closes == null ? "" : closes;
        businessDays = new ArrayList<>(days);
        return this;
    }

    public List<String> requiredFields() {
        return List.copyOf(requiredFields);
    }

    public QualityPolicyForm requiredFields(List<String> v) {
        requiredFields = new ArrayList<>(v);
        return this;
    }

    public List<String> optionalFields() {
        return List.copyOf(optionalFields);
    }

    public QualityPolicyForm optionalFields(List<String> v) {
        optionalFields = new ArrayList<>(v);
        return this;
    }

    public List<String> phoneFields() {
        return List.copyOf(phoneFields);
    }

    public QualityPolicyForm phoneFields(List<String> v) {
        phoneFields = new ArrayList<>(v);
        return this;
    }

    public List<String> nameFields() {
        return List.copyOf(nameFields);
    }

    public QualityPolicyForm nameFields(List<String> v) {
        nameFields = new ArrayList<>(v);
        return this;
    }

    public List<String> numericFields() {
        return List.copyOf(numericFields);
    }

    public QualityPolicyForm numericFields(List<String> v) {
        numericFields = new ArrayList<>(v);
        return this;
    }

    /** Enumerated fields and their allowed values, by field name. */
    public Map<String, List<String>> allowedValues() {
        Map<String, List<String>> out = new TreeMap<>();
        allowedValues.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    public QualityPolicyForm allowedValues(Map<String, List<String>> v) {
        allowedValues = new TreeMap<>();
        v.forEach((k, list) -> allowedValues.put(k, new ArrayList<>(list)));
        return this;
    }

    public boolean consentRequired() {
        return consentRequired;
    }

    public QualityPolicyForm consentRequired(boolean v) {
        consentRequired = v;
        return this;
    }

    public List<String> trustedFormFields() {
        return List.copyOf(trustedFormFields);
    }

    public QualityPolicyForm trustedFormFields(List<String> v) {
        trustedFormFields = new ArrayList<>(v);
        return this;
    }

    public List<String> jornayaFields() {
        return List.copyOf(jornayaFields);
    }

    public QualityPolicyForm jornayaFields(List<String> v) {
        jornayaFields = new ArrayList<>(v);
        return this;
    }

    /** The default country's ISO code, or empty for none. */
    public String defaultCountry() {
        return defaultCountry;
    }

    public QualityPolicyForm defaultCountry(String v) {
        defaultCountry = v == null ? "" : v;
        return this;
    }

    public List<String> rejectCodes() {
        return List.copyOf(rejectCodes);
    }

    public QualityPolicyForm rejectCodes(List<String> v) {
        rejectCodes = new ArrayList<>(v);
        return this;
    }

    /** Same values field by field (lists in order), so an editor can tell whether anything changed. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof QualityPolicyForm)) {
            return false;
        }
        QualityPolicyForm o = (QualityPolicyForm) other;
        return Objects.equals(base, o.base) &&
                Objects.equals(hotThreshold, o.hotThreshold) &&
                Objects.equals(standardThreshold, o.standardThreshold) &&
                Objects.equals(points, o.points) &&
                Objects.equals(disabled, o.disabled) &&
                Objects.equals(highCapitalThreshold, o.highCapitalThreshold) &&
                Objects.equals(tier1Countries, o.tier1Countries) &&
                Objects.equals(businessZone, o.businessZone) &&
                Objects.equals(businessOpens, o.businessOpens) &&
                Objects.equals(businessCloses, o.businessCloses) &&
                Objects.equals(businessDays, o.businessDays) &&
                Objects.equals(requiredFields, o.requiredFields) &&
                Objects.equals(optionalFields, o.optionalFields) &&
                Objects.equals(phoneFields, o.phoneFields) &&
                Objects.equals(nameFields, o.nameFields) &&
                Objects.equals(numericFields, o.numericFields) &&
                Objects.equals(allowedValues, o.allowedValues) &&
                Objects.equals(consentRequired, o.consentRequired) &&
                Objects.equals(trustedFormFields, o.trustedFormFields) &&
                Objects.equals(jornayaFields, o.jornayaFields) &&
                Objects.equals(defaultCountry, o.defaultCountry) &&
                Objects.equals(rejectCodes, o.rejectCodes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, hotThreshold, standardThreshold, points, disabled, highCapitalThreshold, tier1Countries, businessZone, businessOpens, businessCloses, businessDays, requiredFields, optionalFields, phoneFields, nameFields, numericFields, allowedValues, consentRequired, trustedFormFields, jornayaFields, defaultCountry, rejectCodes);
    }
}
