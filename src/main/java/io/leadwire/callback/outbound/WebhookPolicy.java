package io.leadwire.callback.outbound;

import io.leadwire.delivery.retry.BreakerPolicy;
import io.leadwire.delivery.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How outbound webhooks are sent: the delivery engine's {@link RetryPolicy} and
 * {@link BreakerPolicy} (the same backoff, Retry-After handling and breaker, not a second
 * implementation), the HTTP timeouts, and how much each endpoint may have in flight.
 *
 * <p>The retry defaults differ from a buyer's in two ways, both because a webhook goes to the
 * operator's own system rather than to a buyer paying for a fresh lead: a server error gets the
 * full attempts (a 500 during the operator's deploy heals), and the age budget is a day, not five
 * minutes (a late notice is still worth having). Immutable; build with {@link #builder()}.
 */
public final class WebhookPolicy {
    /** 2-4-8-16 s (capped at 60 s, plus up to 25 % jitter) between five attempts, 5xx included. */
    public static final RetryPolicy DEFAULT_RETRY = RetryPolicy.defaults().toBuilder()
            .serverErrorAttempts(RetryPolicy.DEFAULT_MAX_ATTEMPTS)
            .leadAgeBudget(Duration.ofDays(1))
            .build();
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

    private static final WebhookPolicy DEFAULTS = builder().build();

    private final RetryPolicy retry;
    private final BreakerPolicy breaker;
    private final Duration connectTimeout;
    private final Duration callTimeout;
    private final int concurrency;
    private final Duration pollInterval;

    private WebhookPolicy(Builder b) {
        this.retry = b.retry;
        this.breaker = b.breaker;
        this.connectTimeout = b.connectTimeout;
        this.callTimeout = b.callTimeout;
        this.concurrency = b.concurrency;
        this.pollInterval = b.pollInterval;
    }

    public static WebhookPolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** When a failed message is sent again, and when it is given up (status failed). */
    public RetryPolicy retry() {
        return retry;
    }

    /** When an endpoint's breaker stops calls to it, and how it probes. */
    public BreakerPolicy breaker() {
        return breaker;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The whole call, connect to last byte; the lease of a claimed message is this plus a margin. */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** Messages one endpoint may have on the wire at once. */
    public int concurrency() {
        return concurrency;
    }

    /** How often the tail and the dispatcher look for work when there was none. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** Builds a {@link WebhookPolicy}; starts from the named defaults. Not thread-safe. */
    public static final class Builder {
        private RetryPolicy retry = DEFAULT_RETRY;
        private BreakerPolicy breaker = BreakerPolicy.defaults();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private int concurrency = DEFAULT_CONCURRENCY;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;

        private Builder() {
        }

        public Builder retry(RetryPolicy v) {
            this.retry = v;
            return this;
        }

        public Builder breaker(BreakerPolicy v) {
            this.breaker = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            this.connectTimeout = v;
            return this;
        }

        public Builder callTimeout(Duration v) {
            this.callTimeout = v;
            return this;
        }

        public Builder concurrency(int v) {
            this.concurrency = v;
            return this;
        }

        public Builder pollInterval(Duration v) {
            this.pollInterval = v;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the member: timeouts from 1 ms to 5 minutes, the
         *         connect timeout at most the call timeout, concurrency 1 to 64, the poll interval
         *         from 1 ms to 1 minute
         */
        public WebhookPolicy build() {
            Objects.requireNonNull(retry, "retry");
            Objects.requireNonNull(breaker, "breaker");
            within("callTimeout", callTimeout, Duration.ofMillis(1), Duration.ofMinutes(5));
            within("connectTimeout", connectTimeout, Duration.ofMillis(1), callTimeout);
            within("pollInterval", pollInterval, Duration.ofMillis(1), Duration.ofMinutes(1));
            if (concurrency < 1 || concurrency > 64) {
                throw new IllegalArgumentException("concurrency must be between 1 and 64, not " + concurrency);
            }
            return new WebhookPolicy(this);
        }

        private static void within(String name, Duration d, Duration min, Duration max) {
            Objects.requireNonNull(d, name);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + d);
            }
        }
    }
}
