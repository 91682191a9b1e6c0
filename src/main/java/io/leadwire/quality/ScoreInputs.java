package io.leadwire.quality;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The facts the {@link Scorer} scores, gathered by {@link LeadJudge} from the validators.
 *
 * @param emailUsable               a usable email (well-formed, not disposable)
 * @param phonePresent              the lead has a phone field
 * @param phoneValid                the phone is a valid number
 * @param geo                       the geo-IP check's outcome
 * @param missingOptionalFields     the policy's optional fields the lead lacks
 * @param region                    the lead's country as an ISO region, or null if unknown
 * @param capitalLow                the lower bound of the capital available, or null if absent/invalid
 * @param tradingExperienceKnown    trading experience present with an allowed value
 * @param arrival                   when the lead arrived
 */
public record ScoreInputs(
        boolean emailUsable,
        boolean phonePresent,
        boolean phoneValid,
        GeoCheck geo,
        List<String> missingOptionalFields,
        String region,
        BigDecimal capitalLow,
        boolean tradingExperienceKnown,
        Instant arrival) {

    /** Outcome of comparing the IP's country with the stated country. */
    public enum GeoCheck {
        MATCH,
        MISMATCH,
        /** No IP, no stated country, no locator, or the locator did not know the IP. */
        UNCHECKED
    }

    public ScoreInputs {
        Objects.requireNonNull(geo, "geo");
        Objects.requireNonNull(arrival, "arrival");
        missingOptionalFields = List.copyOf(missingOptionalFields);
    }
}
