package io.leadwire.store;

import io.leadwire.store.LeadRepository.LeadDecision;
import java.util.Objects;
import java.util.function.Function;

/**
 * A lead as the quality stage judged it, before de-duplication: what to write if it is an
 * original, the keys to store and look up, what the figures count, and what to write instead if
 * the batch finds an original it repeats.
 *
 * @param decision    the decision if the lead repeats nothing
 * @param emailKey    the normalized email key, or null (absent or unusable)
 * @param phoneKey    the phone in E.164, or null (absent or invalid)
 * @param marks       what the quality figures count for it
 * @param asDuplicate the decision for the lead as a repeat of the given original
 */
public record JudgedLead(LeadDecision decision, String emailKey, String phoneKey, QualityMarks marks,
                         Function<DuplicateMatch, LeadDecision> asDuplicate) {
    public JudgedLead {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(marks, "marks");
        Objects.requireNonNull(asDuplicate, "asDuplicate");
    }

    /** A judgement that takes part in neither de-duplication nor the score histogram. */
    public static JudgedLead plain(LeadDecision decision) {
        return new JudgedLead(decision, null, null, QualityMarks.NONE, m -> decision);
    }
}
