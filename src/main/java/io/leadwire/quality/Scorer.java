package io.leadwire.quality;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scores a lead's {@link ScoreInputs} with a {@link ScoringPolicy}'s rule table and returns the
 * score with its breakdown. Pure: the same inputs and policy always give the same score.
 */
public final class Scorer {
    private final ScoringPolicy policy;

    public Scorer(ScoringPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Scores one lead; rules are applied in the order of the table in {@link ScoringPolicy}. */
    public Score score(ScoreInputs in) {
        List<ScoreLine> lines = new ArrayList<>(8);
        if (!in.emailUsable()) {
            lines.add(new ScoreLine("invalid_email", policy.invalidEmailPoints(), "no usable email"));
        }
        if (in.phonePresent() && !in.phoneValid()) {
            lines.add(new ScoreLine("unverifiable_phone", policy.unverifiablePhonePoints(),
                    "phone is not a valid number"));
        }
        switch (in.geo()) {
            case MISMATCH:
                lines.add(new ScoreLine("geo_ip_mismatch", policy.geoMismatchPoints(),
                        "IP address is located outside the stated country"));
                break;
            case UNCHECKED:
                lines.add(new ScoreLine("geo_ip_mismatch", 0, "unchecked: no geo-IP answer for this lead"));
                break;
            default:
                break;
        }
        for (String f : in.missingOptionalFields()) {
            lines.add(new ScoreLine("missing_optional_field", policy.missingOptionalPoints(), "no '" + f + "'"));
        }
        if (in.region() != null && policy.tier1Countries().contains(in.region())) {
            lines.add(new ScoreLine("tier1_country", policy.tier1CountryPoints(),
                    "country " + in.region() + " is Tier-1"));
        }
        if (in.capitalLow() != null && in.capitalLow().compareTo(policy.highCapitalThreshold()) > 0) {
            lines.add(new ScoreLine("high_capital", policy.highCapitalPoints(),
                    "capital from " + in.capitalLow().toPlainString() + " is above "
                            + policy.highCapitalThreshold().toPlainString()));
        }
        if (in.tradingExperienceKnown()) {
            lines.add(new ScoreLine("trading_experience", policy.tradingExperiencePoints(),
                    "trading experience stated"));
        }
        ZonedDateTime local = in.arrival().atZone(policy.businessZone());
        if (policy.businessDays().contains(local.getDayOfWeek())
                && !local.toLocalTime().isBefore(policy.businessOpens())
                && local.toLocalTime().isBefore(policy.businessCloses())) {
            lines.add(new ScoreLine("business_hours", policy.businessHoursPoints(),
                    "arrived " + local.getDayOfWeek() + " " + local.toLocalTime() + " " + policy.businessZone()));
        }
        lines.removeIf(l -> !policy.isEnabled(l.rule()));
        int raw = policy.base();
        for (ScoreLine l : lines) {
            raw += l.points();
        }
        int value = Math.max(0, Math.min(100, raw));
        return new Score(value, policy.base(), policy.tierOf(value), lines);
    }
}
