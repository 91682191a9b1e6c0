package io.leadwire.callback.outbound;

import java.time.Duration;
import java.util.Objects;

/**
 * How one engine sends outbound webhooks: the HTTP timeouts, how much each endpoint may have in
 * flight, and how often it looks for work. The retry and breaker policies are a settings section
 * shared by every engine on the database instead ({@link WebhookSettings}). Immutable; build with
 * {@link #builder()}, which starts from the named defaults.
 */
public final class WebhookPolicy {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

    private static final WebhookPolicy DEFAULTS = builder().build();

    private final Duration connectTimeout;
    private final Duration callTimeout;
    private final int concurrency;
    private final Duration pollInterval;

    private WebhookPolicy(Builder b) {
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
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private int concurrency = DEFAULT_CONCURRENCY;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;

        private Builder() {
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
