package io.leadwire.delivery.retry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.delivery.ErrorClass;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery of a lead to one buyer is tried again, and when it is given up so the
 * lead can move down the waterfall while it is still fresh.
 *
 * <p>A lead loses value by the minute, so retries are bounded three ways: by attempts (all
 * attempts on this buyer, counting the first), by a smaller number of attempts when the buyer
 * answers 5xx (a broken endpoint rarely heals within seconds), and by the lead's age. Waits grow
 * exponentially ({@code initialBackoff × backoffMultiplier^(n-1)}, capped at {@code maxBackoff})
 * with up to {@code jitter} added on top, so leads that failed together do not all come back in the
 * same second. A buyer's {@code Retry-After} is honoured, but only up to {@code maxRetryAfter}, so
 * a hostile or broken header cannot park a lead forever.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}, which starts from the named defaults
 * and validates on {@link Builder#build()}. The JSON form ({@link #toJson}, {@link #parse}) is
 * <pre>{"initialBackoff":"2s","backoffMultiplier":2.0,"maxBackoff":"1m","jitter":0.25,"maxAttempts":5,
 * "serverErrorAttempts":3,"maxRetryAfter":"10m","leadAgeBudget":"5m"}</pre>
 * with durations as in {@link Durations}.
 */
public final class RetryPolicy {
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(2);
    public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);
    /** Up to 25 % added to each wait. */
    public static final double DEFAULT_JITTER = 0.25;
    /** Five attempts in all: waits of 2, 4, 8 and 16 s (plus jitter) between them. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final int DEFAULT_SERVER_ERROR_ATTEMPTS = 3;
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofMinutes(10);
    public static final Duration DEFAULT_LEAD_AGE_BUDGET = Duration.ofMinutes(5);

    /** The longest duration any member may have: retries are about minutes, not weeks. */
    public static final Duration MAX_DURATION = Duration.ofDays(7);
    /** The most attempts a policy may allow; more would only hammer a buyer. */
    public static final int MAX_ATTEMPTS_LIMIT = 100;
    public static final double MAX_BACKOFF_MULTIPLIER = 10.0;

    static final List<String> KEYS = List.of("initialBackoff", "backoffMultiplier", "maxBackoff", "jitter",
            "maxAttempts", "serverErrorAttempts", "maxRetryAfter", "leadAgeBudget");

    private static final RetryPolicy DEFAULTS = builder().build();

    private final Duration initialBackoff;
    private final double backoffMultiplier;
    private final Duration maxBackoff;
    private final double jitter;
    private final int maxAttempts;
    private final int serverErrorAttempts;
    private final Duration maxRetryAfter;
    private final Duration leadAgeBudget;

    private RetryPolicy(Builder b) {
        this.initialBackoff = b.initialBackoff;
        this.backoffMultiplier = b.backoffMultiplier;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
        this.maxAttempts = b.maxAttempts;
        this.serverErrorAttempts = b.serverErrorAttempts;
        this.maxRetryAfter = b.maxRetryAfter;
        this.leadAgeBudget = b.leadAgeBudget;
    }

    /** The policy of the delivery spec: 2-4-8-16-32 s capped at 60 s, 5 attempts, 3 on 5xx, 5 min budget. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().initialBackoff(initialBackoff).backoffMultiplier(backoffMultiplier)
                .maxBackoff(maxBackoff).jitter(jitter).maxAttempts(maxAttempts)
                .serverErrorAttempts(serverErrorAttempts).maxRetryAfter(maxRetryAfter).leadAgeBudget(leadAgeBudget);
    }

    /** The wait after the first failed attempt. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** How much each further failure multiplies the wait (≥ 1). */
    public double backoffMultiplier() {
        return backoffMultiplier;
    }

    /** The longest wait before jitter. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** The largest fraction of a wait added on top at random (0 turns jitter off). */
    public double jitter() {
        return jitter;
    }

    /** Attempts on one buyer in all, the first included; 1 means never retry. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Attempts in all when the latest one ended in a server error (5xx); at most {@link #maxAttempts()}. */
    public int serverErrorAttempts() {
        return serverErrorAttempts;
    }

    /** The longest {@code Retry-After} honoured; a longer one is cut to this. Zero ignores the header. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** How old (since it was received) a lead may get while we still retry it on the same buyer. */
    public Duration leadAgeBudget() {
        return leadAgeBudget;
    }

    /**
     * The wait before the next attempt after {@code failedAttempts} failures on a buyer:
     * {@code min(initialBackoff × backoffMultiplier^(failedAttempts-1), maxBackoff) × (1 + jitter × r)}
     * with {@code r} drawn from {@code random}. Exposed on its own so the console can show the schedule.
     *
     * @param failedAttempts 1 after the first failure
     * @param random         values in [0, 1), like {@link java.util.concurrent.ThreadLocalRandom#nextDouble()};
     *                       values outside are clamped into [0, 1]; {@code () -> 0} gives the schedule
     *                       without jitter
     * @return never more than {@code maxBackoff × (1 + jitter)}
     * @throws IllegalArgumentException when {@code failedAttempts} is less than 1
     */
    public Duration backoff(int failedAttempts, DoubleSupplier random) {
        Objects.requireNonNull(random, "random");
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1, not " + failedAttempts);
        }
        // Math.pow is semi-monotonic, so the schedule never shrinks as failures grow.
        double nanos = initialBackoff.toNanos() * Math.pow(backoffMultiplier, failedAttempts - 1.0);
        double capped = Math.min(nanos, (double) maxBackoff.toNanos());
        double r = Math.min(1.0, Math.max(0.0, random.getAsDouble()));
        if (Double.isNaN(r)) {
            r = 0.0;
        }
        return Duration.ofNanos(Math.round(capped * (1.0 + jitter * r))).truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Decides what happens after a failed attempt to deliver a lead to one buyer. A pure function:
     * the caller stores a {@link RetryDecision.Retry#at()} as {@code next_attempt_at}; nothing here
     * waits or schedules.
     *
     * <p>In order: an error class that is never retried gives up with {@code client_error};
     * {@code maxAttempts} used gives up with {@code attempts_exhausted}; a server error with
     * {@code serverErrorAttempts} used gives up with {@code server_error_attempts_exhausted}; a lead
     * at or past its age budget gives up with {@code lead_age_budget}. Otherwise the wait is the
     * {@link #backoff} or the buyer's {@code Retry-After} (capped at {@code maxRetryAfter}),
     * whichever is longer: the buyer asked for at least that long, and our own pacing still holds.
     * If the attempt would then fall after the lead's age budget, it gives up with
     * {@code lead_age_budget} now instead of scheduling an attempt that could not be made.
     *
     * @param error            what the failed attempt ended in
     * @param attemptsSoFar    attempts made on this buyer for this lead, the failed one included (≥ 1)
     * @param leadReceivedAt   when the lead was received, the start of its age budget
     * @param now              the decision instant (from the injected clock)
     * @param retryAfterHeader the buyer's {@code Retry-After} header, or {@code null}; seconds or
     *                         HTTP-date; a malformed one is ignored
     * @param random           the jitter source, see {@link #backoff}
     * @throws IllegalArgumentException when {@code attemptsSoFar} is less than 1
     */
    public RetryDecision decide(ErrorClass error, int attemptsSoFar, Instant leadReceivedAt, Instant now,
                                String retryAfterHeader, DoubleSupplier random) {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(leadReceivedAt, "leadReceivedAt");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(random, "random");
        if (attemptsSoFar < 1) {
            throw new IllegalArgumentException("attemptsSoFar must be at least 1, not " + attemptsSoFar);
        }
        String what = error.wireName();
        if (error.retry() == ErrorClass.Retry.NONE) {
            return new RetryDecision.GiveUp(RetryDecision.GiveUp.CLIENT_ERROR,
                    what + " is not retried: the buyer would answer the same way again");
        }
        if (attemptsSoFar >= maxAttempts) {
            return new RetryDecision.GiveUp(RetryDecision.GiveUp.ATTEMPTS_EXHAUSTED,
                    what + " on attempt " + attemptsSoFar + "; all " + maxAttempts + " attempts used");
        }
        boolean limited = error.retry() == ErrorClass.Retry.LIMITED;
        if (limited && attemptsSoFar >= serverErrorAttempts) {
            return new RetryDecision.GiveUp(RetryDecision.GiveUp.SERVER_ERROR_ATTEMPTS_EXHAUSTED,
                    what + " on attempt " + attemptsSoFar + "; server errors get " + serverErrorAttempts
                            + " attempts");
        }
        Instant deadline = leadReceivedAt.plus(leadAgeBudget);
        if (!now.isBefore(deadline)) {
            return new RetryDecision.GiveUp(RetryDecision.GiveUp.LEAD_AGE_BUDGET,
                    what + " on attempt " + attemptsSoFar + "; the lead is " + Durations.format(
                            Duration.between(leadReceivedAt, now).truncatedTo(ChronoUnit.SECONDS))
                            + " old, its budget is " + Durations.format(leadAgeBudget));
        }
        Duration backoff = backoff(attemptsSoFar, random);
        Duration wait = backoff;
        String why = "backoff " + Durations.format(backoff);
        Optional<Duration> asked = RetryAfter.parse(retryAfterHeader, now);
        if (asked.isPresent() && !maxRetryAfter.isZero()) {
            Duration honoured = asked.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked.get();
            if (honoured.compareTo(backoff) > 0) {
                wait = honoured;
                why = "Retry-After " + Durations.format(honoured.truncatedTo(ChronoUnit.MILLIS))
                        + (honoured.equals(asked.get()) ? "" : " (capped; the buyer asked for more)");
            }
        }
        Instant at = now.plus(wait);
        int allowed = limited ? serverErrorAttempts : maxAttempts;
        if (at.isAfter(deadline)) {
            return new RetryDecision.GiveUp(RetryDecision.GiveUp.LEAD_AGE_BUDGET,
                    what + " on attempt " + attemptsSoFar + "; the next attempt after " + why
                            + " would be past the lead's " + Durations.format(leadAgeBudget) + " budget");
        }
        return new RetryDecision.Retry(at, what + " on attempt " + attemptsSoFar + " of " + allowed + "; " + why);
    }

    /** The JSON form, every member written (see the class comment). */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("initialBackoff", Durations.format(initialBackoff));
        o.put("backoffMultiplier", backoffMultiplier);
        o.put("maxBackoff", Durations.format(maxBackoff));
        o.put("jitter", jitter);
        o.put("maxAttempts", maxAttempts);
        o.put("serverErrorAttempts", serverErrorAttempts);
        o.put("maxRetryAfter", Durations.format(maxRetryAfter));
        o.put("leadAgeBudget", Durations.format(leadAgeBudget));
        return o;
    }

    /**
     * Reads the JSON form. {@code null} or JSON null is {@link #defaults()}; a missing member takes
     * its default.
     *
     * @throws IllegalArgumentException naming the member, for an unknown member, a value of the wrong
     *         type or form, or one the builder refuses
     */
    public static RetryPolicy parse(JsonNode node) {
        PolicyJson j = PolicyJson.of("retry policy", node, KEYS);
        if (j == null) {
            return DEFAULTS;
        }
        Builder b = builder();
        if (j.has("initialBackoff")) {
            b.initialBackoff(j.duration("initialBackoff"));
        }
        if (j.has("backoffMultiplier")) {
            b.backoffMultiplier(j.number("backoffMultiplier"));
        }
        if (j.has("maxBackoff")) {
            b.maxBackoff(j.duration("maxBackoff"));
        }
        if (j.has("jitter")) {
            b.jitter(j.number("jitter"));
        }
        if (j.has("maxAttempts")) {
            b.maxAttempts(j.integer("maxAttempts"));
        }
        if (j.has("serverErrorAttempts")) {
            b.serverErrorAttempts(j.integer("serverErrorAttempts"));
        } else if (j.has("maxAttempts")) {
            // A buyer that allows fewer attempts in all than the server-error default means fewer for
            // server errors too, rather than a refusal for a key the file never mentioned.
            b.serverErrorAttempts(Math.min(DEFAULT_SERVER_ERROR_ATTEMPTS, j.integer("maxAttempts")));
        }
        if (j.has("maxRetryAfter")) {
            b.maxRetryAfter(j.duration("maxRetryAfter"));
        }
        if (j.has("leadAgeBudget")) {
            b.leadAgeBudget(j.duration("leadAgeBudget"));
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryPolicy p && initialBackoff.equals(p.initialBackoff)
                && Double.compare(backoffMultiplier, p.backoffMultiplier) == 0 && maxBackoff.equals(p.maxBackoff)
                && Double.compare(jitter, p.jitter) == 0 && maxAttempts == p.maxAttempts
                && serverErrorAttempts == p.serverErrorAttempts && maxRetryAfter.equals(p.maxRetryAfter)
                && leadAgeBudget.equals(p.leadAgeBudget);
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialBackoff, backoffMultiplier, maxBackoff, jitter, maxAttempts, serverErrorAttempts,
                maxRetryAfter, leadAgeBudget);
    }

    @Override
    public String toString() {
        return "RetryPolicy[initialBackoff=" + Durations.format(initialBackoff) + ", backoffMultiplier="
                + backoffMultiplier + ", maxBackoff=" + Durations.format(maxBackoff) + ", jitter=" + jitter
                + ", maxAttempts=" + maxAttempts + ", serverErrorAttempts=" + serverErrorAttempts
                + ", maxRetryAfter=" + Durations.format(maxRetryAfter) + ", leadAgeBudget="
                + Durations.format(leadAgeBudget) + "]";
    }

    /** Builds a {@link RetryPolicy}; starts from the named defaults. Not thread-safe. */
    public static final class Builder {
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private double backoffMultiplier = DEFAULT_BACKOFF_MULTIPLIER;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private double jitter = DEFAULT_JITTER;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private int serverErrorAttempts = DEFAULT_SERVER_ERROR_ATTEMPTS;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
        private Duration leadAgeBudget = DEFAULT_LEAD_AGE_BUDGET;

        private Builder() {
        }

        public Builder initialBackoff(Duration v) {
            this.initialBackoff = v;
            return this;
        }

        public Builder backoffMultiplier(double v) {
            this.backoffMultiplier = v;
            return this;
        }

        public Builder maxBackoff(Duration v) {
            this.maxBackoff = v;
            return this;
        }

        public Builder jitter(double v) {
            this.jitter = v;
            return this;
        }

        public Builder maxAttempts(int v) {
            this.maxAttempts = v;
            return this;
        }

        public Builder serverErrorAttempts(int v) {
            this.serverErrorAttempts = v;
            return this;
        }

        public Builder maxRetryAfter(Duration v) {
            this.maxRetryAfter = v;
            return this;
        }

        public Builder leadAgeBudget(Duration v) {
            this.leadAgeBudget = v;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the member: durations must be at least 1 ms
         *         ({@code maxRetryAfter} may be 0) and at most {@link #MAX_DURATION}; {@code maxBackoff}
         *         at least {@code initialBackoff}; {@code backoffMultiplier} in [1, 10]; {@code jitter}
         *         in [0, 1]; {@code maxAttempts} in [1, 100]; {@code serverErrorAttempts} in
         *         [1, {@code maxAttempts}]
         * @throws NullPointerException for a null duration
         */
        public RetryPolicy build() {
            Checks.duration("initialBackoff", initialBackoff, Duration.ofMillis(1), MAX_DURATION);
            Checks.duration("maxBackoff", maxBackoff, initialBackoff, MAX_DURATION);
            Checks.duration("maxRetryAfter", maxRetryAfter, Duration.ZERO, MAX_DURATION);
            Checks.duration("leadAgeBudget", leadAgeBudget, Duration.ofMillis(1), MAX_DURATION);
            Checks.range("backoffMultiplier", backoffMultiplier, 1.0, MAX_BACKOFF_MULTIPLIER);
            Checks.range("jitter", jitter, 0.0, 1.0);
            Checks.range("maxAttempts", maxAttempts, 1, MAX_ATTEMPTS_LIMIT);
            if (serverErrorAttempts < 1 || serverErrorAttempts > maxAttempts) {
                throw new IllegalArgumentException("serverErrorAttempts must be between 1 and maxAttempts ("
                        + maxAttempts + "), not " + serverErrorAttempts);
            }
            return new RetryPolicy(this);
        }
    }
}
