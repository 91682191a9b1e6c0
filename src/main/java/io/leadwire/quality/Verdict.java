package io.leadwire.quality;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The quality stage's judgement of one lead.
 *
 * @param decision accepted, quarantined or rejected (see {@link LeadJudge} for the rules)
 * @param reasons  every finding, in check order; for a quarantined or rejected lead the ones that
 *                 decided it have severity {@link Severity#ERROR} or a code the policy rejects on
 * @param fields   the lead's fields with normalized values ({@code email} normalized, enumerated
 *                 values lower-cased, numbers canonical) and added ones: {@code phone_e164},
 *                 {@code phone_line_type}, {@code phone_region}, {@code country_code}
 * @param score    the score, its tier and breakdown
 * @param judgedAt when the judgement was made (from the injected clock)
 */
public record Verdict(Decision decision, List<Finding> reasons, Map<String, String> fields, Score score,
        Instant judgedAt) {
    public Verdict {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(judgedAt, "judgedAt");
        reasons = List.copyOf(reasons);
        fields = Map.copyOf(fields);
    }

    /** Whether any reason has this code. */
    public boolean hasReason(String code) {
        for (Finding f : reasons) {
            if (f.code().equals(code)) {
                return true;
            }
        }
        return false;
    }

    /** The reasons' codes, in order. */
    public List<String> reasonCodes() {
        return reasons.stream().map(Finding::code).toList();
    }
}
