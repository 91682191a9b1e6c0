package io.leadwire.delivery.response;

import io.leadwire.delivery.ErrorClass;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What {@link ResponseRules#judge} made of one buyer answer.
 *
 * <p>Drift means the answer did not have the shape the rules (or the built-in defaults) expect:
 * the outcome is still decided, so delivery carries on, but the note should be recorded and
 * counted so that an integration engineer sees a buyer changing its API before money is lost.
 *
 * @param outcome     what the answer means for the lead
 * @param errorClass  how the error is retried; non-null exactly when the outcome is {@link Outcome#ERROR}
 * @param buyerLeadId the buyer's id for the lead, or {@code null} when the answer carried none
 * @param price       what the buyer says it pays, or {@code null}
 * @param reason      why the buyer declined (always set for {@link Outcome#REJECTED}) or its error
 *                    message; at most {@value ResponseRules#REASON_CHARS} characters; else {@code null}
 * @param drift       whether the answer had an unfamiliar shape
 * @param driftNote   what was expected and what was seen; non-null exactly when {@code drift}
 */
public record ResponseVerdict(Outcome outcome, ErrorClass errorClass, String buyerLeadId, BigDecimal price,
        String reason, boolean drift, String driftNote) {

    public ResponseVerdict {
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.ERROR) != (errorClass != null)) {
            throw new IllegalArgumentException("an error class goes with an ERROR outcome and only with it");
        }
        if (drift != (driftNote != null)) {
            throw new IllegalArgumentException("a drift note goes with drift and only with it");
        }
        if (outcome == Outcome.REJECTED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a rejection needs a reason");
        }
    }
}
