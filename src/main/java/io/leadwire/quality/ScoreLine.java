package io.leadwire.quality;

import java.util.Objects;

/**
 * One line of a score's breakdown.
 *
 * @param rule   the rule's stable name, e.g. {@code tier1_country} (see {@link ScoringPolicy})
 * @param points what it added (positive) or took away (negative); 0 for a rule that could not run
 * @param reason why, in words, e.g. "country GB is Tier-1"
 */
public record ScoreLine(String rule, int points, String reason) {
    public ScoreLine {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
    }
}
