package io.leadwire.quality;

import io.leadwire.lead.CanonicalField;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a campaign or vendor demands of its leads: required and optional fields, the allowed
 * values of enumerated fields, which fields are numeric, whether consent proof is required, the
 * market's default country, which reason codes reject a lead outright, and the scoring rules.
 *
 * <p>Immutable; build with {@link #builder()}, which starts from the named defaults below and
 * validates on {@link Builder#build()}.
 */
public final class QualityPolicy {
    /** The field scored for trading experience; its allowed values are in the enum table. */
    public static final String TRADING_EXPERIENCE = "trading_experience";
    /** The numeric field scored for high capital. */
    public static final String CAPITAL_AVAILABLE = "capital_available";

    /** No field is required by default: identity is judged on email and phone instead. */
    public static final List<String> DEFAULT_REQUIRED_FIELDS = List.of();
    /** Fields whose absence costs points (see {@link ScoringPolicy#missingOptionalPoints()}). */
    public static final List<String> DEFAULT_OPTIONAL_FIELDS = List.of(CanonicalField.FIRST_NAME,
            CanonicalField.LAST_NAME, CanonicalField.PHONE, CanonicalField.COUNTRY, CanonicalField.IP_ADDRESS);
    /** Where a phone may be found, first present wins; all count as {@code phone} for optional fields. */
    public static final List<String> DEFAULT_PHONE_FIELDS = List.of(CanonicalField.PHONE, "phone_primary",
            "phone_number", "mobile_phone", "phone_mobile", "phone_home");
    /** Fields checked as person names. */
    public static final List<String> DEFAULT_NAME_FIELDS = List.of(CanonicalField.FIRST_NAME, CanonicalField.LAST_NAME);
    public static final Map<String, Set<String>> DEFAULT_ALLOWED_VALUES = Map.of(
            TRADING_EXPERIENCE, Set.of("beginner", "intermediate", "advanced", "novice", "expert"));
    public static final Set<String> DEFAULT_NUMERIC_FIELDS = Set.of(CAPITAL_AVAILABLE);
    public static final boolean DEFAULT_CONSENT_REQUIRED = false;
    public static final List<String> DEFAULT_TRUSTEDFORM_FIELDS = List.of("trustedform_cert_url", "xxTrustedFormCertUrl");
    public static final List<String> DEFAULT_JORNAYA_FIELDS = List.of("jornaya_leadid", "leadid_token", "universal_leadid");
    /** Nothing is rejected outright by default: every problem goes to the quarantine desk. */
    public static final Set<String> DEFAULT_REJECT_CODES = Set.of();

    private static final QualityPolicy DEFAULTS = builder().build();

    private final List<String> requiredFields;
    private final List<String> optionalFields;
    private final List<String> phoneFields;
    private final List<String> nameFields;
    private final Map<String, Set<String>> allowedValues;
    private final Set<String> numericFields;
    private final boolean consentRequired;
    private final List<String> trustedFormFields;
    private final List<String> jornayaFields;
    private final Optional<String> defaultCountry;
    private final Set<String> rejectCodes;
    private final ScoringPolicy scoring;

    private QualityPolicy(Builder b) {
        this.requiredFields = List.copyOf(b.requiredFields);
        this.optionalFields = List.copyOf(b.optionalFields);
        this.phoneFields = List.copyOf(b.phoneFields);
        this.nameFields = List.copyOf(b.nameFields);
        Map<String, Set<String>> av = new LinkedHashMap<>();
        b.allowedValues.forEach((k, v) -> av.put(k, lower(v)));
        this.allowedValues = Map.copyOf(av);
        this.numericFields = Set.copyOf(b.numericFields);
        this.consentRequired = b.consentRequired;
        this.trustedFormFields = List.copyOf(b.trustedFormFields);
        this.jornayaFields = List.copyOf(b.jornayaFields);
        this.defaultCountry = b.defaultCountry;
        this.rejectCodes = Set.copyOf(b.rejectCodes);
        this.scoring = b.scoring;
    }

    /** The policy with every named default. */
    public static QualityPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder preset with the named defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with this policy's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.requiredFields = requiredFields;
        b.optionalFields = optionalFields;
        b.phoneFields = phoneFields;
        b.nameFields = nameFields;
        b.allowedValues = allowedValues;
        b.numericFields = numericFields;
        b.consentRequired = consentRequired;
        b.trustedFormFields = trustedFormFields;
        b.jornayaFields = jornayaFields;
        b.defaultCountry = defaultCountry;
        b.rejectCodes = rejectCodes;
        b.scoring = scoring;
        return b;
    }

    public List<String> requiredFields() {
        return requiredFields;
    }

    public List<String> optionalFields() {
        return optionalFields;
    }

    public List<String> phoneFields() {
        return phoneFields;
    }

    public List<String> nameFields() {
        return nameFields;
    }

    /** Enumerated fields and their allowed values, lower case. */
    public Map<String, Set<String>> allowedValues() {
        return allowedValues;
    }

    public Set<String> numericFields() {
        return numericFields;
    }

    public boolean consentRequired() {
        return consentRequired;
    }

    public List<String> trustedFormFields() {
        return trustedFormFields;
    }

    public List<String> jornayaFields() {
        return jornayaFields;
    }

    /** The market's country (ISO alpha-2) assumed when a lead states none; empty by default. */
    public Optional<String> defaultCountry() {
        return defaultCountry;
    }

    /** Reason codes that reject a lead instead of quarantining it. */
    public Set<String> rejectCodes() {
        return rejectCodes;
    }

    public ScoringPolicy scoring() {
        return scoring;
    }

    private static Set<String> lower(Set<String> values) {
        HashSet<String> out = new HashSet<>();
        for (String v : values) {
            out.add(v.strip().toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(out);
    }

    /** Builds a {@link QualityPolicy}; starts from the named defaults. Not thread-safe. */
    public static final class Builder {
        private List<String> requiredFields = DEFAULT_REQUIRED_FIELDS;
        private List<String> optionalFields = DEFAULT_OPTIONAL_FIELDS;
        private List<String> phoneFields = DEFAULT_PHONE_FIELDS;
        private List<String> nameFields = DEFAULT_NAME_FIELDS;
        private Map<String, Set<String>> allowedValues = DEFAULT_ALLOWED_VALUES;
        private Set<String> numericFields = DEFAULT_NUMERIC_FIELDS;
        private boolean consentRequired = DEFAULT_CONSENT_REQUIRED;
        private List<String> trustedFormFields = DEFAULT_TRUSTEDFORM_FIELDS;
        private List<String> jornayaFields = DEFAULT_JORNAYA_FIELDS;
        private Optional<String> defaultCountry = Optional.empty();
        private Set<String> rejectCodes = DEFAULT_REJECT_CODES;
        private ScoringPolicy scoring = ScoringPolicy.defaults();

        private Builder() {
        }

        /** Fields the lead must have (non-blank), else {@link ReasonCode#FIELD_REQUIRED}. */
        public Builder requiredFields(List<String> v) {
            this.requiredFields = v;
            return this;
        }

        /** Fields whose absence costs points. */
        public Builder optionalFields(List<String> v) {
            this.optionalFields = v;
            return this;
        }

        /** Where to find the phone, in order of preference; at least one. */
        public Builder phoneFields(List<String> v) {
            this.phoneFields = v;
            return this;
        }

        /** Fields checked as person names. */
        public Builder nameFields(List<String> v) {
            this.nameFields = v;
            return this;
        }

        /** The enumerated fields and their allowed values (compared case-insensitively). */
        public Builder allowedValues(Map<String, Set<String>> v) {
            this.allowedValues = v;
            return this;
        }

        /** Fields that must be a number, a range {@code a-b} or an open range {@code a+}. */
        public Builder numericFields(Set<String> v) {
            this.numericFields = v;
            return this;
        }

        /** Whether a TrustedForm certificate or Jornaya LeadiD is required. */
        public Builder consentRequired(boolean v) {
            this.consentRequired = v;
            return this;
        }

        /** Fields that may carry a TrustedForm certificate URL. */
        public Builder trustedFormFields(List<String> v) {
            this.trustedFormFields = v;
            return this;
        }

        /** Fields that may carry a Jornaya LeadiD token. */
        public Builder jornayaFields(List<String> v) {
            this.jornayaFields = v;
            return this;
        }

        /** The country (ISO alpha-2) assumed when a lead states none, e.g. "US" for a US campaign. */
        public Builder defaultCountry(String isoCode) {
            this.defaultCountry = Optional.of(isoCode);
            return this;
        }

        /** Reason codes that reject the lead instead of quarantining it. */
        public Builder rejectCodes(Set<String> v) {
            this.rejectCodes = v;
            return this;
        }

        public Builder scoring(ScoringPolicy v) {
            this.scoring = v;
            return this;
        }

        /**
         * @throws IllegalArgumentException for blank field names, no phone field, an empty set of
         *         allowed values, a field both enumerated and numeric, an unknown default country
         *         or an unknown reason code
         */
        public QualityPolicy build() {
            Objects.requireNonNull(scoring, "scoring");
            requireNames("required field", requiredFields);
            requireNames("optional field", optionalFields);
            requireNames("phone field", phoneFields);
            requireNames("name field", nameFields);
            requireNames("TrustedForm field", trustedFormFields);
            requireNames("Jornaya field", jornayaFields);
            requireNames("numeric field", numericFields);
            if (phoneFields.isEmpty()) {
                throw new IllegalArgumentException("at least one phone field is needed");
            }
            if (consentRequired && trustedFormFields.isEmpty() && jornayaFields.isEmpty()) {
                throw new IllegalArgumentException("consent is required but no consent field is configured");
            }
            Objects.requireNonNull(allowedValues, "allowedValues");
            allowedValues.forEach((field, values) -> {
                requireNames("enumerated field", List.of(field));
                if (values == null || values.isEmpty()) {
                    throw new IllegalArgumentException("enumerated field '" + field + "' needs allowed values");
                }
                requireNames("allowed value of '" + field + "'", values);
                if (numericFields.contains(field)) {
                    throw new IllegalArgumentException("field '" + field + "' cannot be both enumerated and numeric");
                }
            });
            defaultCountry.ifPresent(c -> {
                if (!Countries.isIsoCode(c)) {
                    throw new IllegalArgumentException("default country '" + c + "' is not an ISO 3166-1 alpha-2 code");
                }
            });
            Objects.requireNonNull(rejectCodes, "rejectCodes");
            for (String code : rejectCodes) {
                if (!ReasonCode.ALL.contains(code)) {
                    throw new IllegalArgumentException("unknown reason code '" + code + "'");
                }
            }
            return new QualityPolicy(this);
        }

        private static void requireNames(String what, Collection<String> names) {
            Objects.requireNonNull(names, what);
            for (String n : names) {
                if (n == null || n.isBlank()) {
                    throw new IllegalArgumentException(what + " names must not be blank");
                }
            }
        }
    }
}
