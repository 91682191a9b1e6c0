package io.leadwire.quality;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one external verification service (an email verifier in the ZeroBounce/NeverBounce
 * style, or a phone lookup in the Numverify/Twilio Lookup style): {@code GET url?<keyParameter>=KEY&
 * <valueParameter>=VALUE}, answered with JSON. Immutable; build with {@link #builder(URI, String)},
 * which starts from the named defaults and validates on {@link Builder#build()}.
 *
 * <p>The API key never leaves this object except in the request: {@link #toString()} masks it.
 */
public final class VerificationSettings {
    /** A slow service must not stall judging: two seconds per call at most. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Answers kept, most recently used first. */
    public static final int DEFAULT_CACHE_SIZE = 50_000;
    /** How long an answer is reused: a mailbox or a line rarely changes within a day. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofHours(24);
    /** Breaker: the share of failed calls (in percent) in the window that opens it. */
    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;
    /** Breaker: the last calls it judges the failure rate on. */
    public static final int DEFAULT_SLIDING_WINDOW = 10;
    /**
     * Breaker: calls needed before it may open. Small on purpose: resilience4j's default of 100
     * would let a dead service cost 100 timeouts first.
     */
    public static final int DEFAULT_MINIMUM_CALLS = 5;
    /** Breaker: how long it stays open before one trial call is let through. */
    public static final Duration DEFAULT_WAIT_IN_OPEN = Duration.ofSeconds(30);
    /** Concurrent calls per service while looking up a batch. */
    public static final int DEFAULT_MAX_CONCURRENT = 8;

    private final URI url;
    private final String apiKey;
    private final String keyParameter;
    private final String valueParameter;
    private final Duration timeout;
    private final int cacheSize;
    private final Duration cacheTtl;
    private final float failureRateThreshold;
    private final int slidingWindow;
    private final int minimumCalls;
    private final Duration waitInOpen;
    private final int maxConcurrent;

    private VerificationSettings(Builder b) {
        this.url = b.url;
        this.apiKey = b.apiKey;
        this.keyParameter = b.keyParameter;
        this.valueParameter = b.valueParameter;
        this.timeout = b.timeout;
        this.cacheSize = b.cacheSize;
        this.cacheTtl = b.cacheTtl;
        this.failureRateThreshold = b.failureRateThreshold;
        this.slidingWindow = b.slidingWindow;
        this.minimumCalls = b.minimumCalls;
        this.waitInOpen = b.waitInOpen;
        this.maxConcurrent = b.maxConcurrent;
    }

    /**
     * A builder for the service at {@code url} with {@code apiKey}. The query parameters default to
     * {@code api_key} and {@code email}: set them with {@link Builder#parameters} for other services.
     */
    public static Builder builder(URI url, String apiKey) {
        return new Builder(url, apiKey);
    }

    /** An email verifier's defaults: {@code ?api_key=KEY&email=ADDRESS} (ZeroBounce's names). */
    public static Builder emailVerifier(URI url, String apiKey) {
        return builder(url, apiKey).parameters("api_key", "email");
    }

    /** A phone lookup's defaults: {@code ?access_key=KEY&number=E164} (Numverify's names). */
    public static Builder phoneLookup(URI url, String apiKey) {
        return builder(url, apiKey).parameters("access_key", "number");
    }

    /** A builder preset with this object's values. */
    public Builder toBuilder() {
        Builder b = new Builder(url, apiKey);
        b.keyParameter = keyParameter;
        b.valueParameter = valueParameter;
        b.timeout = timeout;
        b.cacheSize = cacheSize;
        b.cacheTtl = cacheTtl;
        b.failureRateThreshold = failureRateThreshold;
        b.slidingWindow = slidingWindow;
        b.minimumCalls = minimumCalls;
        b.waitInOpen = waitInOpen;
        b.maxConcurrent = maxConcurrent;
        return b;
    }

    public URI url() {
        return url;
    }

    /** The secret: only for the request itself, never for logs or screens. */
    public String apiKey() {
        return apiKey;
    }

    public String keyParameter() {
        return keyParameter;
    }

    public String valueParameter() {
        return valueParameter;
    }

    public Duration timeout() {
        return timeout;
    }

    public int cacheSize() {
        return cacheSize;
    }

    public Duration cacheTtl() {
        return cacheTtl;
    }

    public float failureRateThreshold() {
        return failureRateThreshold;
    }

    public int slidingWindow() {
        return slidingWindow;
    }

    public int minimumCalls() {
        return minimumCalls;
    }

    public Duration waitInOpen() {
        return waitInOpen;
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** The key shown as its last two characters at most, e.g. {@code ****9f}. */
    public static String mask(String key) {
        if (key == null || key.isEmpty()) {
            return "(none)";
        }
        return key.length() <= 8 ? "****" : "****" + key.substring(key.length() - 2);
    }

    @Override
    public String toString() {
        return "VerificationSettings[url=" + url + ", apiKey=" + mask(apiKey) + ", parameters=" + keyParameter + "/"
                + valueParameter + ", timeout=" + timeout + ", cache=" + cacheSize + "/" + cacheTtl + ", breaker="
                + failureRateThreshold + "% of " + slidingWindow + " (min " + minimumCalls + "), open " + waitInOpen
                + ", concurrent=" + maxConcurrent + "]";
    }

    /** Builds {@link VerificationSettings}; starts from the named defaults. Not thread-safe. */
    public static final class Builder {
        private final URI url;
        private final String apiKey;
        private String keyParameter = "api_key";
        private String valueParameter = "email";
        private Duration timeout = DEFAULT_TIMEOUT;
        private int cacheSize = DEFAULT_CACHE_SIZE;
        private Duration cacheTtl = DEFAULT_CACHE_TTL;
        private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private int slidingWindow = DEFAULT_SLIDING_WINDOW;
        private int minimumCalls = DEFAULT_MINIMUM_CALLS;
        private Duration waitInOpen = DEFAULT_WAIT_IN_OPEN;
        private int maxConcurrent = DEFAULT_MAX_CONCURRENT;

        private Builder(URI url, String apiKey) {
            this.url = url;
            this.apiKey = apiKey;
        }

        /** The query parameter names for the key and for the looked-up value. */
        public Builder parameters(String key, String value) {
            this.keyParameter = key;
            this.valueParameter = value;
            return this;
        }

        /** The longest one call may take, connecting included; a slower answer counts as a failure. */
        public Builder timeout(Duration v) {
            this.timeout = v;
            return this;
        }

        /** How many answers are kept, and for how long. */
        public Builder cache(int size, Duration ttl) {
            this.cacheSize = size;
            this.cacheTtl = ttl;
            return this;
        }

        /**
         * The breaker opens when at least {@code minimumCalls} of the last {@code window} calls were
         * made and {@code failureRatePercent} of them failed; it lets one trial call through after
         * {@code waitInOpen}.
         */
        public Builder breaker(float failureRatePercent, int window, int minimumCalls, Duration waitInOpen) {
            this.failureRateThreshold = failureRatePercent;
            this.slidingWindow = window;
            this.minimumCalls = minimumCalls;
            this.waitInOpen = waitInOpen;
            return this;
        }

        /** Calls in flight at once while a batch is looked up. */
        public Builder maxConcurrent(int v) {
            this.maxConcurrent = v;
            return this;
        }

        /**
         * @throws IllegalArgumentException for a URL that is not absolute http(s), a blank key or
         *         parameter name, a non-positive timeout, cache size or TTL, a failure rate outside
         *         (0, 100], a window or minimum below 1, or a negative wait
         */
        public VerificationSettings build() {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme();
            if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || url.getHost() == null) {
                throw new IllegalArgumentException("verification URL must be an absolute http(s) URL: " + url);
            }
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("verification service " + url.getHost() + " needs an API key");
            }
            if (keyParameter == null || keyParameter.isBlank() || valueParameter == null || valueParameter.isBlank()) {
                throw new IllegalArgumentException("query parameter names must not be blank");
            }
            requirePositive("timeout", timeout);
            requirePositive("cache TTL", cacheTtl);
            if (cacheSize < 1) {
                throw new IllegalArgumentException("cache size must be ≥ 1: " + cacheSize);
            }
            if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
                throw new IllegalArgumentException("failure rate threshold must be within (0, 100]: "
                        + failureRateThreshold);
            }
            if (slidingWindow < 1 || minimumCalls < 1) {
                throw new IllegalArgumentException("breaker window and minimum calls must be ≥ 1");
            }
            Objects.requireNonNull(waitInOpen, "waitInOpen");
            if (waitInOpen.isNegative()) {
                throw new IllegalArgumentException("wait in open state must not be negative: " + waitInOpen);
            }
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("max concurrent calls must be ≥ 1: " + maxConcurrent);
            }
            return new VerificationSettings(this);
        }

        private static void requirePositive(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
        }
    }
}
