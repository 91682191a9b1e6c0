package io.leadwire.delivery.retry;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link RetryPolicy#decide} says about a failed delivery attempt: try this buyer again at an
 * instant, or give up on it. Sealed, so a {@code switch} over it must handle both.
 */
public sealed interface RetryDecision permits RetryDecision.Retry, RetryDecision.GiveUp {

    /**
     * Try the same buyer again at {@code at}; the caller stores it as {@code next_attempt_at}.
     *
     * @param at  the earliest instant of the next attempt
     * @param why for the lead's history, e.g. {@code "server_error on attempt 1 of 3; backoff 2.3s"}
     */
    record Retry(Instant at, String why) implements RetryDecision {
        public Retry {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * Stop trying this buyer for this lead; the caller moves down the waterfall.
     *
     * @param reason  one of the stable codes below, stored and counted in metrics
     * @param message for people: what happened, with the numbers
     */
    record GiveUp(String reason, String message) implements RetryDecision {
        /** The error class is never retried ({@code ErrorClass.Retry.NONE}): the buyer would answer the same. */
        public static final String CLIENT_ERROR = "client_error";
        /** The policy's {@code maxAttempts} were used. */
        public static final String ATTEMPTS_EXHAUSTED = "attempts_exhausted";
        /** A server error with the policy's {@code serverErrorAttempts} used. */
        public static final String SERVER_ERROR_ATTEMPTS_EXHAUSTED = "server_error_attempts_exhausted";
        /** The lead is, or would be by the next attempt, older than the policy's {@code leadAgeBudget}. */
        public static final String LEAD_AGE_BUDGET = "lead_age_budget";

        public GiveUp {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
