package io.leadwire.quality;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The scoring rule table and tier thresholds. Immutable; build with {@link #builder()}, which
 * starts from the named defaults below and validates on {@link Builder#build()}.
 *
 * <p>A score is {@link #base()} plus the points of every rule that applies, clamped to 0..100.
 * The base is 50, the middle of the scale: a lead with nothing for or against it sits in the
 * review band, so a lead must earn its way to buyers (a clean Tier-1 lead with a known trading
 * experience reaches 50 + 30 + 15 = 95, hot).
 *
 * <table>
 *   <caption>Rules (stable names as in {@link ScoreLine#rule()})</caption>
 *   <tr><th>rule</th><th>default</th><th>applies when</th></tr>
 *   <tr><td>{@code invalid_email}</td><td>−25</td><td>no usable email (absent, malformed, disposable, no MX)</td></tr>
 *   <tr><td>{@code unverifiable_phone}</td><td>−15</td><td>a phone is present but not a valid number</td></tr>
 *   <tr><td>{@code geo_ip_mismatch}</td><td>−20</td><td>the IP's country differs from the stated one</td></tr>
 *   <tr><td>{@code missing_optional_field}</td><td>−5 each</td><td>an optional field of the policy is absent</td></tr>
 *   <tr><td>{@code tier1_country}</td><td>+30</td><td>the country is in the Tier-1 set</td></tr>
 *   <tr><td>{@code high_capital}</td><td>+20</td><td>capital's lower bound is above 10,000</td></tr>
 *   <tr><td>{@code trading_experience}</td><td>+15</td><td>trading experience has an allowed value</td></tr>
 *   <tr><td>{@code business_hours}</td><td>+10</td><td>arrival Mon–Fri 09:00–18:00 in the business zone (UTC)</td></tr>
 * </table>
 */
public final class ScoringPolicy {
    public static final int DEFAULT_BASE = 50;
    public static final int DEFAULT_INVALID_EMAIL_POINTS = -25;
    public static final int DEFAULT_UNVERIFIABLE_PHONE_POINTS = -15;
    public static final int DEFAULT_GEO_MISMATCH_POINTS = -20;
    public static final int DEFAULT_MISSING_OPTIONAL_POINTS = -5;
    public static final int DEFAULT_TIER1_COUNTRY_POINTS = 30;
    public static final int DEFAULT_HIGH_CAPITAL_POINTS = 20;
    public static final BigDecimal DEFAULT_HIGH_CAPITAL_THRESHOLD = BigDecimal.valueOf(10_000);
    public static final int DEFAULT_TRADING_EXPERIENCE_POINTS = 15;
    public static final int DEFAULT_BUSINESS_HOURS_POINTS = 10;
    public static final Set<String> DEFAULT_TIER1_COUNTRIES = Set.of(
            "US", "GB", "CA", "AU", "NZ", "IE", "DE", "AT", "CH", "NL", "SE", "NO", "DK", "FI");
    public static final ZoneId DEFAULT_BUSINESS_ZONE = ZoneOffset.UTC;
    public static final LocalTime DEFAULT_BUSINESS_OPENS = LocalTime.of(9, 0);
    public static final LocalTime DEFAULT_BUSINESS_CLOSES = LocalTime.of(18, 0);
    public static final Set<DayOfWeek> DEFAULT_BUSINESS_DAYS = Set.copyOf(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
    public static final int DEFAULT_HOT_THRESHOLD = 85;
    public static final int DEFAULT_STANDARD_THRESHOLD = 60;

    private static final ScoringPolicy DEFAULTS = builder().build();

    private final int base;
    private final int invalidEmailPoints;
    private final int unverifiablePhonePoints;
    private final int geoMismatchPoints;
    private final int missingOptionalPoints;
    private final int tier1CountryPoints;
    private final int highCapitalPoints;
    private final BigDecimal highCapitalThreshold;
    private final int tradingExperiencePoints;
    private final int businessHoursPoints;
    private final Set<String> tier1Countries;
    private final ZoneId businessZone;
    private final LocalTime businessOpens;
    private final LocalTime businessCloses;
    private final Set<DayOfWeek> businessDays;
    private final int hotThreshold;
    private final int standardThreshold;
    private final Set<String> disabledRules;

    private ScoringPolicy(Builder b) {
        this.base = b.base;
        this.invalidEmailPoints = b.invalidEmailPoints;
        this.unverifiablePhonePoints = b.unverifiablePhonePoints;
        this.geoMismatchPoints = b.geoMismatchPoints;
        this.missingOptionalPoints = b.missingOptionalPoints;
        this.tier1CountryPoints = b.tier1CountryPoints;
        this.highCapitalPoints = b.highCapitalPoints;
        this.highCapitalThreshold = b.highCapitalThreshold;
        this.tradingExperiencePoints = b.tradingExperiencePoints;
        this.businessHoursPoints = b.businessHoursPoints;
        this.tier1Countries = Set.copyOf(b.tier1Countries);
        this.businessZone = b.businessZone;
        this.businessOpens = b.businessOpens;
        this.businessCloses = b.businessCloses;
        this.businessDays = Set.copyOf(b.businessDays);
        this.hotThreshold = b.hotThreshold;
        this.standardThreshold = b.standardThreshold;
        this.disabledRules = Set.copyOf(b.disabledRules);
    }

    /** The policy with every named default. */
    public static ScoringPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder preset with the named defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with this policy's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.base = base;
        b.invalidEmailPoints = invalidEmailPoints;
        b.unverifiablePhonePoints = unverifiablePhonePoints;
        b.geoMismatchPoints = geoMismatchPoints;
        b.missingOptionalPoints = missingOptionalPoints;
        b.tier1CountryPoints = tier1CountryPoints;
        b.highCapitalPoints = highCapitalPoints;
        b.highCapitalThreshold = highCapitalThreshold;
        b.tradingExperiencePoints = tradingExperiencePoints;
        b.businessHoursPoints = businessHoursPoints;
        b.tier1Countries = tier1Countries;
        b.businessZone = businessZone;
        b.businessOpens = businessOpens;
        b.businessCloses = businessCloses;
        b.businessDays = businessDays;
        b.hotThreshold = hotThreshold;
        b.standardThreshold = standardThreshold;
        b.disabledRules = disabledRules;
        return b;
    }

    /** The tier a clamped score falls in. */
    public Tier tierOf(int score) {
        if (score >= hotThreshold) {
            return Tier.HOT;
        }
        return score >= standardThreshold ? Tier.STANDARD : Tier.REVIEW;
    }

    public int base() {
        return base;
    }

    public int invalidEmailPoints() {
        return invalidEmailPoints;
    }

    public int unverifiablePhonePoints() {
        return unverifiablePhonePoints;
    }

    public int geoMismatchPoints() {
        return geoMismatchPoints;
    }

    public int missingOptionalPoints() {
        return missingOptionalPoints;
    }

    public int tier1CountryPoints() {
        return tier1CountryPoints;
    }

    public int highCapitalPoints() {
        return highCapitalPoints;
    }

    public BigDecimal highCapitalThreshold() {
        return highCapitalThreshold;
    }

    public int tradingExperiencePoints() {
        return tradingExperiencePoints;
    }

    public int businessHoursPoints() {
        return businessHoursPoints;
    }

    public Set<String> tier1Countries() {
        return tier1Countries;
    }

    public ZoneId businessZone() {
        return businessZone;
    }

    public LocalTime businessOpens() {
        return businessOpens;
    }

    public LocalTime businessCloses() {
        return businessCloses;
    }

    public Set<DayOfWeek> businessDays() {
        return businessDays;
    }

    public int hotThreshold() {
        return hotThreshold;
    }

    public int standardThreshold() {
        return standardThreshold;
    }

    /** Rules switched off (names as in {@link ScoreLine#rule()}): they neither count nor show. */
    public Set<String> disabledRules() {
        return disabledRules;
    }

    /** Whether the rule named {@code rule} counts. */
    public boolean isEnabled(String rule) {
        return !disabledRules.contains(rule);
    }

    /** Builds a {@link ScoringPolicy}; starts from the named defaults. Not thread-safe. */
    public static final class Builder {
        private int base = DEFAULT_BASE;
        private int invalidEmailPoints = DEFAULT_INVALID_EMAIL_POINTS;
        private int unverifiablePhonePoints = DEFAULT_UNVERIFIABLE_PHONE_POINTS;
        private int geoMismatchPoints = DEFAULT_GEO_MISMATCH_POINTS;
        private int missingOptionalPoints = DEFAULT_MISSING_OPTIONAL_POINTS;
        private int tier1CountryPoints = DEFAULT_TIER1_COUNTRY_POINTS;
        private int highCapitalPoints = DEFAULT_HIGH_CAPITAL_POINTS;
        private BigDecimal highCapitalThreshold = DEFAULT_HIGH_CAPITAL_THRESHOLD;
        private int tradingExperiencePoints = DEFAULT_TRADING_EXPERIENCE_POINTS;
        private int businessHoursPoints = DEFAULT_BUSINESS_HOURS_POINTS;
        private Set<String> tier1Countries = DEFAULT_TIER1_COUNTRIES;
        private ZoneId businessZone = DEFAULT_BUSINESS_ZONE;
        private LocalTime businessOpens = DEFAULT_BUSINESS_OPENS;
        private LocalTime businessCloses = DEFAULT_BUSINESS_CLOSES;
        private Set<DayOfWeek> businessDays = DEFAULT_BUSINESS_DAYS;
        private int hotThreshold = DEFAULT_HOT_THRESHOLD;
        private int standardThreshold = DEFAULT_STANDARD_THRESHOLD;
        private Set<String> disabledRules = Set.of();

        private Builder() {
        }

        /** The score before any rule, 0..100. */
        public Builder base(int v) {
            this.base = v;
            return this;
        }

        /** Points for no usable email; must be ≤ 0. */
        public Builder invalidEmailPoints(int v) {
            this.invalidEmailPoints = v;
            return this;
        }

        /** Points for a present but invalid phone; must be ≤ 0. */
        public Builder unverifiablePhonePoints(int v) {
            this.unverifiablePhonePoints = v;
            return this;
        }

        /** Points for a geo-IP country differing from the stated one; must be ≤ 0. */
        public Builder geoMismatchPoints(int v) {
            this.geoMismatchPoints = v;
            return this;
        }

        /** Points per missing optional field; must be ≤ 0. */
        public Builder missingOptionalPoints(int v) {
            this.missingOptionalPoints = v;
            return this;
        }

        /** Points for a Tier-1 country; must be ≥ 0. */
        public Builder tier1CountryPoints(int v) {
            this.tier1CountryPoints = v;
            return this;
        }

        /** Points for capital above the threshold; must be ≥ 0. */
        public Builder highCapitalPoints(int v) {
            this.highCapitalPoints = v;
            return this;
        }

        /** Capital whose lower bound is strictly above this earns the high-capital points; ≥ 0. */
        public Builder highCapitalThreshold(BigDecimal v) {
            this.highCapitalThreshold = v;
            return this;
        }

        /** Points for a known trading experience; must be ≥ 0. */
        public Builder tradingExperiencePoints(int v) {
            this.tradingExperiencePoints = v;
            return this;
        }

        /** Points for arriving in business hours; must be ≥ 0. */
        public Builder businessHoursPoints(int v) {
            this.businessHoursPoints = v;
            return this;
        }

        /** ISO alpha-2 codes of the Tier-1 countries. */
        public Builder tier1Countries(Set<String> v) {
            this.tier1Countries = v;
            return this;
        }

        /** Business hours: the zone, opening (inclusive) and closing (exclusive) time, and days. */
        public Builder businessHours(ZoneId zone, LocalTime opens, LocalTime closes, Set<DayOfWeek> days) {
            this.businessZone = zone;
            this.businessOpens = opens;
            this.businessCloses = closes;
            this.businessDays = days;
            return this;
        }

        /** Scores at or above {@code hot} are {@link Tier#HOT}, at or above {@code standard} STANDARD. */
        public Builder thresholds(int hot, int standard) {
            this.hotThreshold = hot;
            this.standardThreshold = standard;
            return this;
        }

        /** Rules to switch off, by name ({@link ScoringRule#id()}); none by default. */
        public Builder disabledRules(Set<String> v) {
            this.disabledRules = v;
            return this;
        }

        /**
         * @throws IllegalArgumentException if a value is out of range: base or thresholds outside
         *         0..100, standard above hot, a penalty positive or a bonus negative, an unknown
         *         country code, business hours that close before they open
         */
        public ScoringPolicy build() {
            requireRange("base", base);
            requireRange("hot threshold", hotThreshold);
            requireRange("standard threshold", standardThreshold);
            if (standardThreshold > hotThreshold) {
                throw new IllegalArgumentException("standard threshold " + standardThreshold
                        + " must not be above the hot threshold " + hotThreshold);
            }
            requirePenalty("invalid email", invalidEmailPoints);
            requirePenalty("unverifiable phone", unverifiablePhonePoints);
            requirePenalty("geo-IP mismatch", geoMismatchPoints);
            requirePenalty("missing optional field", missingOptionalPoints);
            requireBonus("Tier-1 country", tier1CountryPoints);
            requireBonus("high capital", highCapitalPoints);
            requireBonus("trading experience", tradingExperiencePoints);
            requireBonus("business hours", businessHoursPoints);
            Objects.requireNonNull(highCapitalThreshold, "highCapitalThreshold");
            if (highCapitalThreshold.signum() < 0) {
                throw new IllegalArgumentException("high capital threshold must be ≥ 0: " + highCapitalThreshold);
            }
            Objects.requireNonNull(tier1Countries, "tier1Countries");
            for (String c : tier1Countries) {
                if (!Countries.isIsoCode(c)) {
                    throw new IllegalArgumentException("Tier-1 country '" + c + "' is not an ISO 3166-1 alpha-2 code");
                }
            }
            Objects.requireNonNull(businessZone, "businessZone");
            Objects.requireNonNull(businessOpens, "businessOpens");
            Objects.requireNonNull(businessCloses, "businessCloses");
            Objects.requireNonNull(businessDays, "businessDays");
            if (!businessOpens.isBefore(businessCloses)) {
                throw new IllegalArgumentException("business hours must open before they close: "
                        + businessOpens + "–" + businessCloses);
            }
            Objects.requireNonNull(disabledRules, "disabledRules");
            for (String rule : disabledRules) {
                if (ScoringRule.byId(rule).isEmpty()) {
                    throw new IllegalArgumentException("unknown scoring rule '" + rule + "'");
                }
            }
            return new ScoringPolicy(this);
        }

        private static void requireRange(String what, int v) {
            if (v < 0 || v > 100) {
                throw new IllegalArgumentException(what + " must be within 0..100: " + v);
            }
        }

        private static void requirePenalty(String what, int v) {
            if (v > 0) {
                throw new IllegalArgumentException(what + " points are a penalty and must be ≤ 0: " + v);
            }
        }

        private static void requireBonus(String what, int v) {
            if (v < 0) {
                throw new IllegalArgumentException(what + " points are a bonus and must be ≥ 0: " + v);
            }
        }
    }
}
