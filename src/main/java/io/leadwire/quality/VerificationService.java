package io.leadwire.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One external verification service: a GET per value with the API key, a bounded TTL cache of
 * answers, and a circuit breaker so a dead or slow service is not asked again until it may have
 * recovered. Thread-safe.
 *
 * <p>Failures (time-outs, refused connections, non-2xx answers, JSON without the expected fields
 * or with an {@code error}) count against the breaker and are never cached; answers are cached
 * for the settings' TTL. Logs name the service's host and what failed, never the key, the URL's
 * query or the looked-up value (an email or phone number).
 *
 * @param <R> the parsed answer
 */
public final class VerificationService<R> {
    private static final Logger LOG = LoggerFactory.getLogger(VerificationService.class);

    /** Thrown by an answer parser for JSON that is not an answer (an error object, a missing field). */
    public static final class UnreadableAnswerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnreadableAnswerException(String message) {
            super(message);
        }
    }

    /**
     * The outcome of one lookup: the answer, or why there is none.
     *
     * @param answer      the service's answer, if it gave one (now or from the cache)
     * @param unavailable why there is no answer (breaker open, timed out, HTTP 500, ...); empty with an answer
     */
    public record Lookup<R>(Optional<R> answer, String unavailable) {
        public Lookup {
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(unavailable, "unavailable");
        }
    }

    private final String name;
    private final VerificationSettings settings;
    private final OkHttpClient http;
    private final ObjectMapper json;
    private final Function<JsonNode, R> parser;
    private final HttpUrl base;
    private final Cache<String, R> cache;
    private final CircuitBreaker breaker;
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    /**
     * @param name     for logs and the breaker, e.g. {@code email-verification}
     * @param settings URL, key, timeout, cache and breaker settings
     * @param http     a shared client; this service derives one with its own timeouts
     * @param json     reads the answers
     * @param parser   turns an answer's JSON into {@code R}; throws {@link UnreadableAnswerException}
     *                 for an error object
     * @param clock    drives the breaker's open interval and the cache's expiry (a fake one in tests)
     */
    public VerificationService(String name, VerificationSettings settings, OkHttpClient http, ObjectMapper json,
                               Function<JsonNode, R> parser, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.json = Objects.requireNonNull(json, "json");
        this.parser = Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(clock, "clock");
        this.base = Objects.requireNonNull(HttpUrl.get(settings.url()), "url");
        Duration t = settings.timeout();
        this.http = http.newBuilder().callTimeout(t).connectTimeout(t).readTimeout(t).writeTimeout(t)
                .retryOnConnectionFailure(false).build();
        this.cache = Caffeine.newBuilder().maximumSize(settings.cacheSize()).expireAfterWrite(settings.cacheTtl())
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindow(settings.slidingWindow(), settings.minimumCalls(),
                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .waitDurationInOpenState(settings.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build());
        this.breaker.getEventPublisher().onStateTransition(e -> LOG.warn("{} service at {}: breaker {}", name,
                base.host(), e.getStateTransition()));
    }

    /** The answer already known for {@code value}, without any call. */
    public Optional<R> cached(String value) {
        return Optional.ofNullable(cache.getIfPresent(value));
    }

    /**
     * Looks {@code value} up: from the cache, else with one call unless the breaker is open.
     * Blocks for at most the settings' timeout; never throws for the service's failures.
     */
    public Lookup<R> lookup(String value) {
        R known = cache.getIfPresent(value);
        if (known != null) {
            return new Lookup<>(Optional.of(known), "");
        }
        if (!breaker.tryAcquirePermission()) {
            rejected.increment();
            return new Lookup<>(Optional.empty(), "the " + name + " service is failing; its circuit breaker is open");
        }
        calls.increment();
        long start = System.nanoTime();
        try {
            R answer = call(value);
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            cache.put(value, answer);
            return new Lookup<>(Optional.of(answer), "");
        } catch (IOException | RuntimeException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            failures.increment();
            String why = why(e);
            LOG.warn("{} service at {} failed: {}", name, base.host(), why);
            return new Lookup<>(Optional.empty(), "the " + name + " service " + why);
        }
    }

    private R call(String value) throws IOException {
        HttpUrl url = base.newBuilder().addQueryParameter(settings.keyParameter(), settings.apiKey())
                .addQueryParameter(settings.valueParameter(), value).build();
        Request request = new Request.Builder().url(url).get().header("Accept", "application/json").build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new UnreadableAnswerException("answered HTTP " + response.code());
            }
            ResponseBody body = response.body();
            if (body == null) {
                throw new UnreadableAnswerException("answered without a body");
            }
            JsonNode node;
            try {
                node = json.readTree(body.byteStream());
            } catch (IOException e) {
                throw new UnreadableAnswerException("answered something that is not JSON");
            }
            if (node == null || !node.isObject()) {
                throw new UnreadableAnswerException("answered something that is not a JSON object");
            }
            return parser.apply(node);
        }
    }

    private String why(Exception e) {
        if (e instanceof UnreadableAnswerException) {
            return e.getMessage();
        }
        if (e instanceof InterruptedIOException) {
            return "did not answer within " + settings.timeout().toMillis() + " ms";
        }
        if (e instanceof IOException) {
            return "could not be reached (" + e.getClass().getSimpleName() + ")";
        }
        return "failed (" + e.getClass().getSimpleName() + ")";
    }

    /** The breaker's state: CLOSED, OPEN or HALF_OPEN. */
    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** Calls made to the service (not counting cache hits and calls the breaker refused). */
    public long calls() {
        return calls.sum();
    }

    /** Calls that failed. */
    public long failures() {
        return failures.sum();
    }

    /** Lookups the open breaker refused. */
    public long rejected() {
        return rejected.sum();
    }

    /** The service's name. */
    public String name() {
        return name;
    }

    /** The settings, key masked in {@link VerificationSettings#toString()}. */
    public VerificationSettings settings() {
        return settings;
    }

    @Override
    public String toString() {
        return name + " " + settings + " breaker " + breaker.getState();
    }
}
