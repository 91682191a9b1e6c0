package io.leadwire.delivery.retry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * When a buyer's {@link CircuitBreaker} opens, and how it finds out the buyer is back.
 *
 * <p>Opens after {@code failureThreshold} failures within the sliding {@code window}, or when more
 * than {@code failureRate} of the calls in the window failed once at least {@code minimumCalls}
 * were made: the count catches a quiet buyer that is down, the rate a busy one that is mostly
 * down. Open, it refuses calls for {@code coolDown}, then lets {@code probeCalls} trial calls
 * through (half-open). A failed probe opens it again with the cool-down multiplied by
 * {@code coolDownMultiplier}, up to {@code maxCoolDown}, so a buyer down for an hour is not probed
 * every minute; a successful probe closes it and the cool-down starts over.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}, which starts from the named defaults
 * and validates on {@link Builder#build()}. The JSON form ({@link #toJson}, {@link #parse}) is
 * <pre>{"failureThreshold":10,"window":"5m","failureRate":0.5,"minimumCalls":20,"coolDown":"1m",
 * "coolDownMultiplier":2.0,"maxCoolDown":"10m","probeCalls":1}</pre>
 * with durations as in {@link Durations}.
 */
public final class BreakerPolicy {
    public static final int DEFAULT_FAILURE_THRESHOLD = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    public static final double DEFAULT_FAILURE_RATE = 0.5;
    public static final int DEFAULT_MINIMUM_CALLS = 20;
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(60);
    public static final double DEFAULT_COOL_DOWN_MULTIPLIER = 2.0;
    public static final Duration DEFAULT_MAX_COOL_DOWN = Duration.ofMinutes(10);
    public static final int DEFAULT_PROBE_CALLS = 1;

    /** The longest window: the breaker is about a buyer's health now, not last week's. */
    public static final Duration MAX_WINDOW = Duration.ofDays(1);
    /** The longest cool-down. */
    public static final Duration MAX_COOL_DOWN_LIMIT = Duration.ofDays(1);

    static final List<String> KEYS = List.of("failureThreshold", "window", "failureRate", "minimumCalls",
            "coolDown", "coolDownMultiplier", "maxCoolDown", "probeCalls");

    private static final BreakerPolicy DEFAULTS = builder().build();

    private final int failureThreshold;
    private final Duration window;
    private final double failureRate;
    private final int minimumCalls;
    private final Duration coolDown;
    private final double coolDownMultiplier;
    private final Duration maxCoolDown;
    private final int probeCalls;

    private BreakerPolicy(Builder b) {
        this.failureThreshold = b.failureThreshold;
        this.window = b.window;
        this.failureRate = b.failureRate;
        this.minimumCalls = b.minimumCalls;
        this.coolDown = b.coolDown;
        this.coolDownMultiplier = b.coolDownMultiplier;
        this.maxCoolDown = b.maxCoolDown;
        this.probeCalls = b.probeCalls;
    }

    /** 10 failures in 5 min or over half failed of at least 20; 60 s cool-down doubling up to 10 min; 1 probe. */
    public static BreakerPolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().failureThreshold(failureThreshold).window(window).failureRate(failureRate)
                .minimumCalls(minimumCalls).coolDown(coolDown).coolDownMultiplier(coolDownMultiplier)
                .maxCoolDown(maxCoolDown).probeCalls(probeCalls);
    }

    /** Failures within the window that open the breaker. */
    public int failureThreshold() {
        return failureThreshold;
    }

    /** The sliding window failures and calls are counted in. */
    public Duration window() {
        return window;
    }

    /** The failed share of the window's calls that, when exceeded, opens the breaker; 1 turns this off. */
    public double failureRate() {
        return failureRate;
    }

    /** Calls the window must hold before the failure rate counts, so two calls and one failure do not open it. */
    public int minimumCalls() {
        return minimumCalls;
    }

    /** How long the breaker stays open the first time. */
    public Duration coolDown() {
        return coolDown;
    }

    /** How much each failed probe multiplies the cool-down (≥ 1). */
    public double coolDownMultiplier() {
        return coolDownMultiplier;
    }

    /** The longest cool-down. */
    public Duration maxCoolDown() {
        return maxCoolDown;
    }

    /** Trial calls let through while half-open. */
    public int probeCalls() {
        return probeCalls;
    }

    /** The cool-down after a failed probe that followed one of {@code current}: multiplied, capped. */
    Duration nextCoolDown(Duration current) {
        double nanos = current.toNanos() * coolDownMultiplier;
        return nanos >= maxCoolDown.toNanos() ? maxCoolDown : Duration.ofNanos((long) nanos);
    }

    /** A cool-down carried over from another policy, brought into this one's range. */
    Duration clampCoolDown(Duration d) {
        return d.compareTo(coolDown) < 0 ? coolDown : d.compareTo(maxCoolDown) > 0 ? maxCoolDown : d;
    }

    /** The JSON form, every member written (see the class comment). */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("failureThreshold", failureThreshold);
        o.put("window", Durations.format(window));
        o.put("failureRate", failureRate);
        o.put("minimumCalls", minimumCalls);
        o.put("coolDown", Durations.format(coolDown));
        o.put("coolDownMultiplier", coolDownMultiplier);
        o.put("maxCoolDown", Durations.format(maxCoolDown));
        o.put("probeCalls", probeCalls);
        return o;
    }

    /**
     * Reads the JSON form. {@code null} or JSON null is {@link #defaults()}; a missing member takes
     * its default.
     *
     * @throws IllegalArgumentException naming the member, for an unknown member, a value of the wrong
     *         type or form, or one the builder refuses
     */
    public static BreakerPolicy parse(JsonNode node) {
        PolicyJson j = PolicyJson.of("breaker policy", node, KEYS);
        if (j == null) {
            return DEFAULTS;
        }
        Builder b = builder();
        if (j.has("failureThreshold")) {
            b.failureThreshold(j.integer("failureThreshold"));
        }
        if (j.has("window")) {
            b.window(j.duration("window"));
        }
        if (j.has("failureRate")) {
            b.failureRate(j.number("failureRate"));
        }
        if (j.has("minimumCalls")) {
            b.minimumCalls(j.integer("minimumCalls"));
        }
        if (j.has("coolDown")) {
            b.coolDown(j.duration("coolDown"));
        }
        if (j.has("coolDownMultiplier")) {
            b.coolDownMultiplier(j.number("coolDownMultiplier"));
        }
        if (j.has("maxCoolDown")) {
            b.maxCoolDown(j.duration("maxCoolDown"));
        }
        if (j.has("probeCalls")) {
            b.probeCalls(j.integer("probeCalls"));
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BreakerPolicy p && failureThreshold == p.failureThreshold && window.equals(p.window)
                && Double.compare(failureRate, p.failureRate) == 0 && minimumCalls == p.minimumCalls
                && coolDown.equals(p.coolDown) && Double.compare(coolDownMultiplier, p.coolDownMultiplier) == 0
                && maxCoolDown.equals(p.maxCoolDown) && probeCalls == p.probeCalls;
    }

    @Override
    public int hashCode() {
        return Objects.hash(failureThreshold, window, failureRate, minimumCalls, coolDown, coolDownMultiplier,
                maxCoolDown, probeCalls);
    }

    @Override
    public String toString() {
        return "BreakerPolicy[failureThreshold=" + failureThreshold + ", window=" + Durations.format(window)
                + ", failureRate=" + failureRate + ", minimumCalls=" + minimumCalls + ", coolDown="
                + Durations.format(coolDown) + ", coolDownMultiplier=" + coolDownMultiplier + ", maxCoolDown="
                + Durations.format(maxCoolDown) + ", probeCalls=" + probeCalls + "]";
    }

    /** Builds a {@link BreakerPolicy}; starts from the named defaults. Not thread-safe. */
    public static final class Builder {
        private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
        private Duration window = DEFAULT_WINDOW;
        private double failureRate = DEFAULT_FAILURE_RATE;
        private int minimumCalls = DEFAULT_MINIMUM_CALLS;
        private Duration coolDown = DEFAULT_COOL_DOWN;
        private double coolDownMultiplier = DEFAULT_COOL_DOWN_MULTIPLIER;
        private Duration maxCoolDown = DEFAULT_MAX_COOL_DOWN;
        private int probeCalls = DEFAULT_PROBE_CALLS;

        private Builder() {
        }

        public Builder failureThreshold(int v) {
            this.failureThreshold = v;
            return this;
        }

        public Builder window(Duration v) {
            this.window = v;
            return this;
        }

        public Builder failureRate(double v) {
            this.failureRate = v;
            return this;
        }

        public Builder minimumCalls(int v) {
            this.minimumCalls = v;
            return this;
        }

        public Builder coolDown(Duration v) {
            this.coolDown = v;
            return this;
        }

        public Builder coolDownMultiplier(double v) {
            this.coolDownMultiplier = v;
            return this;
        }

        public Builder maxCoolDown(Duration v) {
            this.maxCoolDown = v;
            return this;
        }

        public Builder probeCalls(int v) {
            this.probeCalls = v;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the member: {@code failureThreshold},
         *         {@code minimumCalls} and {@code probeCalls} at least 1 (at most 1,000,000, 1,000,000
         *         and 100); {@code window} between 1 s and 1 day; {@code failureRate} in [0, 1];
         *         {@code coolDown} between 1 ms and 1 day; {@code maxCoolDown} between {@code coolDown}
         *         and 1 day; {@code coolDownMultiplier} in [1, 10]
         * @throws NullPointerException for a null duration
         */
        public BreakerPolicy build() {
            Checks.range("failureThreshold", failureThreshold, 1, 1_000_000);
            Checks.duration("window", window, Duration.ofSeconds(1), MAX_WINDOW);
            Checks.range("failureRate", failureRate, 0.0, 1.0);
            Checks.range("minimumCalls", minimumCalls, 1, 1_000_000);
            Checks.duration("coolDown", coolDown, Duration.ofMillis(1), MAX_COOL_DOWN_LIMIT);
            Checks.range("coolDownMultiplier", coolDownMultiplier, 1.0, 10.0);
            Checks.duration("maxCoolDown", maxCoolDown, coolDown, MAX_COOL_DOWN_LIMIT);
            Checks.range("probeCalls", probeCalls, 1, 100);
            return new BreakerPolicy(this);
        }
    }
}
