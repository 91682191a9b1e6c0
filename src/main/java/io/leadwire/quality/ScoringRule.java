package io.leadwire.quality;

import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The rules of the scoring table, by their stable names (as in {@link ScoreLine#rule()}): what
 * each means, whether it is a penalty or a bonus, and how its points are read from and written to
 * a {@link ScoringPolicy}. The settings document and the console's rule table list these.
 */
public enum ScoringRule {
    INVALID_EMAIL("invalid_email", "Email is missing, malformed or disposable",
            true, ScoringPolicy::invalidEmailPoints),
    UNVERIFIABLE_PHONE("unverifiable_phone", "A phone is given but is not a valid number",
            true, ScoringPolicy::unverifiablePhonePoints),
    GEO_IP_MISMATCH("geo_ip_mismatch", "The IP address is outside the stated country",
            true, ScoringPolicy::geoMismatchPoints),
    MISSING_OPTIONAL_FIELD("missing_optional_field", "Each optional field the lead lacks",
            true, ScoringPolicy::missingOptionalPoints),
    TIER1_COUNTRY("tier1_country", "The lead's country is Tier-1",
            false, ScoringPolicy::tier1CountryPoints),
    HIGH_CAPITAL("high_capital", "Capital available is above the high-capital line",
            false, ScoringPolicy::highCapitalPoints),
    TRADING_EXPERIENCE("trading_experience", "Trading experience is given (an allowed value)",
            false, ScoringPolicy::tradingExperiencePoints),
    BUSINESS_HOURS("business_hours", "The lead arrived in business hours",
            false, ScoringPolicy::businessHoursPoints);

    /** The largest number of points one rule may give or take. */
    public static final int MAX_POINTS = 100;

    private final String id;
    private final String description;
    private final boolean penalty;
    private final ToIntFunction<ScoringPolicy> points;

    ScoringRule(String id, String description, boolean penalty, ToIntFunction<ScoringPolicy> points) {
        this.id = id;
        this.description = description;
        this.penalty = penalty;
        this.points = points;
    }

    /** The stable name, as in the settings document and the score breakdown. */
    public String id() {
        return id;
    }

    /** When the rule applies, in a sentence for the operator. */
    public String description() {
        return description;
    }

    /** A penalty takes points (−100..0), a bonus gives them (0..100). */
    public boolean isPenalty() {
        return penalty;
    }

    /** The lowest points allowed. */
    public int minPoints() {
        return penalty ? -MAX_POINTS : 0;
    }

    /** The highest points allowed. */
    public int maxPoints() {
        return penalty ? 0 : MAX_POINTS;
    }

    /** This rule's points in {@code policy}. */
    public int points(ScoringPolicy policy) {
        return points.applyAsInt(policy);
    }

    /** The shipped default points. */
    public int defaultPoints() {
        return points(ScoringPolicy.defaults());
    }

    /** Sets this rule's points on {@code builder}. */
    public ScoringPolicy.Builder setPoints(ScoringPolicy.Builder builder, int value) {
        switch (this) {
            case INVALID_EMAIL:
                return builder.invalidEmailPoints(value);
            case UNVERIFIABLE_PHONE:
                return builder.unverifiablePhonePoints(value);
            case GEO_IP_MISMATCH:
                return builder.geoMismatchPoints(value);
            case MISSING_OPTIONAL_FIELD:
                return builder.missingOptionalPoints(value);
            case TIER1_COUNTRY:
                return builder.tier1CountryPoints(value);
            case HIGH_CAPITAL:
                return builder.highCapitalPoints(value);
            case TRADING_EXPERIENCE:
                return builder.tradingExperiencePoints(value);
            case BUSINESS_HOURS:
                return builder.businessHoursPoints(value);
            default:
                throw new IllegalStateException("no setter for " + this);
        }
    }

    /** The rule with this stable name. */
    public static Optional<ScoringRule> byId(String id) {
        for (ScoringRule r : values()) {
            if (r.id.equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
