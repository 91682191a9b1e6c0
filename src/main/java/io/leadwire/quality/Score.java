package io.leadwire.quality;

import java.util.List;
import java.util.Objects;

/**
 * A lead's score.
 *
 * @param value     base plus the breakdown's points, clamped to 0..100
 * @param base      the base the points were added to
 * @param tier      the band {@code value} falls in
 * @param breakdown every rule that applied, in rule order
 */
public record Score(int value, int base, Tier tier, List<ScoreLine> breakdown) {
    public Score {
        Objects.requireNonNull(tier, "tier");
        breakdown = List.copyOf(breakdown);
    }

    /** The sum of points before clamping; differs from {@code value - base} when clamped. */
    public int rawPoints() {
        int sum = 0;
        for (ScoreLine l : breakdown) {
            sum += l.points();
        }
        return sum;
    }
}
