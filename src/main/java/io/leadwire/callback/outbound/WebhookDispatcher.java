package io.leadwire.callback.outbound;

import io.leadwire.callback.StandardWebhooks;
import io.leadwire.delivery.ErrorClass;
import io.leadwire.delivery.retry.CircuitBreaker;
import io.leadwire.delivery.retry.CircuitBreakers;
import io.leadwire.delivery.retry.RetryDecision;
import io.leadwire.store.StoreException;
import io.leadwire.store.WebhookRepository;
import io.leadwire.store.WebhookRepository.AttemptResult;
import io.leadwire.store.WebhookRepository.DueMessage;
import io.leadwire.store.WebhookRepository.EndpointRow;
import io.leadwire.store.WebhookRepository.MessageStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends outbound event webhooks on threads of its own, apart from the lead pipeline: a tail
 * thread turns new {@code lead_event} rows into durable messages (see
 * {@link WebhookRepository#enqueueNewEvents}), a dispatch thread claims each enabled endpoint's
 * due messages (never more than the endpoint's free in-flight slots, so a slow endpoint only waits
 * on itself) and sender threads POST them, signed with {@link StandardWebhooks}.
 *
 * <p>Failures are classified with the delivery engine's {@link ErrorClass}es and retried by the
 * {@link io.leadwire.delivery.retry.RetryPolicy} of the {@link WebhookSettings} (exponential backoff with jitter,
 * {@code Retry-After} honoured up to its cap); a message whose retries are used, or whose answer
 * would not change (4xx), is given up as FAILED. Each endpoint has a {@link CircuitBreaker}: while
 * it is open its messages wait, uncounted, instead of being spent on a dead endpoint. Retries are
 * rows with a due time, so a restart resumes them; a message on the wire when the engine died is
 * sent again, with the same {@code webhook-id}, when its lease runs out.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** Lead events read per tail transaction. */
    static final int TAIL_BATCH = 500;
    /** How often the tail passes over events while no endpoint is enabled. */
    static final Duration UNSUBSCRIBED_POLL = Duration.ofSeconds(2);
    /** Added to the call timeout for a claim's lease. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    /** The most of an answer read (and the rest drained) before the connection is reused. */
    private static final int MAX_ANSWER_BYTES = 4096;
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final WebhookRepository repository;
    private final WebhookService service;
    private final WebhookPayloads planner;
    private final WebhookPolicy policy;
    private final Supplier<WebhookSettings> settings;
    private final Clock clock;
    private final DoubleSupplier random;
    private final OkHttpClient client;
    private final CircuitBreakers breakers;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Semaphore wakeTail = new Semaphore(0);
    private final Semaphore wakeDispatch = new Semaphore(0);
    private final ExecutorService senders;
    private final Thread tailThread;
    private final Thread dispatchThread;
    private volatile boolean running = true;

    /**
     * @param policy   this engine's timeouts, per-endpoint concurrency and poll interval
     * @param settings the retry and breaker policies in force (the shared settings section), read
     *                 at each decision so an edit applies to the next attempt
     * @param breakers the endpoints' breakers, keyed by endpoint id (a registry of its own, apart
     *                 from the buyers')
     * @param random   jitter source for the retry backoff, values in [0, 1)
     */
    public WebhookDispatcher(WebhookRepository repository, WebhookService service, WebhookPayloads planner,
                             WebhookPolicy policy, Supplier<WebhookSettings> settings, CircuitBreakers breakers,
                             Clock clock, DoubleSupplier random) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.service = Objects.requireNonNull(service, "service");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.breakers = Objects.requireNonNull(breakers, "breakers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.client = new OkHttpClient.Builder()
                .connectTimeout(policy.connectTimeout())
                .readTimeout(policy.callTimeout())
                .writeTimeout(policy.callTimeout())
                .callTimeout(policy.callTimeout())
                // A redirect is an answer, not a delivery: the endpoint's URL should be the final one.
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-send-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.tailThread = new Thread(this::tailLoop, "webhook-tail");
        this.tailThread.setDaemon(true);
        this.dispatchThread = new Thread(this::dispatchLoop, "webhook-dispatch");
        this.dispatchThread.setDaemon(true);
    }

    public WebhookDispatcher start() {
        tailThread.start();
        dispatchThread.start();
        return this;
    }

    /** New lead events were committed, or an endpoint changed: look now rather than at the next poll. */
    public void wake() {
        wakeTail.release();
        wakeDispatch.release();
    }

    /** Messages on the wire right now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The endpoints' breakers (state for the console, force/release). */
    public CircuitBreakers breakers() {
        return breakers;
    }

    // ------------------------------------------------------------ the tail

    private void tailLoop() {
        while (running) {
            try {
                boolean subscribed = repository.anyEndpointEnabled();
                int read = enqueue();
                if (read > 0 && subscribed) {
                    wakeDispatch.release();
                }
                if (read < TAIL_BATCH) {
                    // With no endpoint enabled the tail only passes over events, and each step is a
                    // commit (H2 stores the database at each): every few seconds is enough. An
                    // endpoint enabled meanwhile misses nothing; its messages start at the next step.
                    idle(wakeTail, subscribed ? policy.pollInterval() : UNSUBSCRIBED_POLL);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (StoreException e) {
                LOG.warn("webhook tail could not reach the store: {}", e.getMessage());
                sleepQuietly(1000);
            } catch (RuntimeException e) {
                LOG.error("webhook tail failed; retrying", e);
                sleepQuietly(1000);
            }
        }
    }

    /** One tail step: turns up to {@link #TAIL_BATCH} new lead events into messages. */
    int enqueue() {
        return repository.enqueueNewEvents(TAIL_BATCH, planner);
    }

    // ------------------------------------------------------------ dispatching

    private void dispatchLoop() {
        while (running) {
            try {
                if (dispatch() == 0) {
                    idle(wakeDispatch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (StoreException e) {
                LOG.warn("webhook dispatcher could not reach the store: {}", e.getMessage());
                sleepQuietly(1000);
            } catch (RuntimeException e) {
                LOG.error("webhook dispatch failed; retrying", e);
                sleepQuietly(1000);
            }
        }
    }

    /** Claims what every enabled endpoint has room for and starts sending it; returns how many. */
    int dispatch() {
        int claimed = 0;
        for (EndpointRow endpoint : repository.endpoints()) {
            if (running && endpoint.enabled()) {
                claimed += dispatch(endpoint);
            }
        }
        return claimed;
    }

    private int dispatch(EndpointRow endpoint) {
        CircuitBreaker breaker = breakers.forBuyer(endpoint.id(), settings.get().breaker());
        // A closed breaker's retryAt() is its clock's "now": read ours after it, or with a clock that
        // moves on its own (every real one) it is always a little later and nothing is ever sent.
        Instant retryAt = breaker.retryAt();
        Instant now = clock.instant();
        if (retryAt.isAfter(now)) {
            // Open (or a probe is out): its messages wait, uncounted, rather than spend attempts.
            return 0;
        }
        Semaphore free = slots.computeIfAbsent(endpoint.id(), id -> new Semaphore(policy.concurrency()));
        // Past an open breaker's cool-down only its probe may go: claim one, not a batch to hand back.
        CircuitBreaker.State state = breaker.state();
        boolean probing = state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN;
        int room = probing ? Math.min(1, free.availablePermits()) : free.availablePermits();
        if (room == 0) {
            return 0;
        }
        Instant lease = now.plus(policy.callTimeout()).plus(LEASE_MARGIN);
        List<DueMessage> due = repository.claimDue(endpoint.id(), room, now, lease);
        for (DueMessage m : due) {
            free.acquireUninterruptibly();
            inFlight.incrementAndGet();
            try {
                senders.execute(() -> {
                    try {
                        send(endpoint, breaker, m);
                    } catch (RuntimeException e) {
                        // A defect must not lose the message: its lease brings it back, and the log says why.
                        LOG.error("webhook {} to {} failed unexpectedly", m.id(), endpoint.id(), e);
                    } finally {
                        free.release();
                        inFlight.decrementAndGet();
                        wakeDispatch.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                // Stopping: the lease brings it back on the next start.
                free.release();
                inFlight.decrementAndGet();
            }
        }
        return due.size();
    }

    /** One attempt of one message, recorded with its outcome. */
    void send(EndpointRow endpoint, CircuitBreaker breaker, DueMessage m) {
        if (!breaker.tryAcquirePermission()) {
            repository.release(m.id(), breaker.retryAt());
            return;
        }
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        byte[] body = m.payload().getBytes(StandardCharsets.UTF_8);
        long timestamp = started.getEpochSecond();
        String signature;
        try {
            signature = service.signature(endpoint.id(), m.id(), timestamp, body);
        } catch (IllegalStateException | IllegalArgumentException e) {
            breaker.onIgnored();
            finish(m, started, t0, null, ErrorClass.CONFIGURATION, e.getMessage(), null);
            return;
        }
        Request request = new Request.Builder()
                .url(endpoint.url())
                .header(StandardWebhooks.ID_HEADER, m.id())
                .header(StandardWebhooks.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(StandardWebhooks.SIGNATURE_HEADER, signature)
                .header("User-Agent", "Leadwire-Webhooks/1")
                .post(RequestBody.create(body, JSON))
                .build();
        try (Response response = client.newCall(request).execute()) {
            String answer = readBounded(response.body());
            int code = response.code();
            if (code >= 200 && code < 300) {
                breaker.onSuccess();
                finish(m, started, t0, code, null, null, null);
                return;
            }
            ErrorClass error = ErrorClass.ofStatus(code);
            if (error == null) {
                error = ErrorClass.CLIENT_ERROR;
            }
            breaker.onFailure(error);
            finish(m, started, t0, code, error, "HTTP " + code + (answer.isBlank() ? "" : ": " + oneLine(answer)),
                    response.header("Retry-After"));
        } catch (IOException e) {
            ErrorClass error = ErrorClass.ofException(e);
            breaker.onFailure(error);
            finish(m, started, t0, null, error, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), null);
        }
    }

    private void finish(DueMessage m, Instant started, long t0, Integer httpStatus, ErrorClass error, String message,
                        String retryAfter) {
        Long latency = (System.nanoTime() - t0) / 1_000_000;
        Instant now = clock.instant();
        if (error == null) {
            repository.record(new AttemptResult(m.id(), m.attempt(), MessageStatus.DELIVERED, null, started, latency,
                    httpStatus, null, null), now);
            return;
        }
        RetryDecision decision = settings.get().retry().decide(error, m.attempt(), m.createdAt(), now, retryAfter, random);
        AttemptResult result;
        if (decision instanceof RetryDecision.Retry r) {
            result = new AttemptResult(m.id(), m.attempt(), MessageStatus.RETRY, r.at(), started, latency, httpStatus,
                    error.wireName(), message + "; " + r.why());
        } else {
            RetryDecision.GiveUp g = (RetryDecision.GiveUp) decision;
            result = new AttemptResult(m.id(), m.attempt(), MessageStatus.FAILED, null, started, latency, httpStatus,
                    error.wireName(), message + "; " + g.message());
        }
        if (result.status() == MessageStatus.FAILED) {
            LOG.warn("webhook {} ({}) to endpoint {} given up: {}", m.id(), m.eventType(), m.endpointId(),
                    result.error());
        }
        repository.record(result, now);
    }

    private static String readBounded(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        try (InputStream in = body.byteStream()) {
            byte[] head = in.readNBytes(MAX_ANSWER_BYTES);
            in.skip(1 << 16);
            return new String(head, StandardCharsets.UTF_8);
        }
    }

    private static String oneLine(String s) {
        String line = s.strip().replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 199) + "…";
    }

    private void idle(Semaphore wake) throws InterruptedException {
        idle(wake, policy.pollInterval());
    }

    private static void idle(Semaphore wake, Duration poll) throws InterruptedException {
        if (wake.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS)) {
            wake.drainPermits();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the tail and the dispatcher and gives messages on the wire up to {@code grace} to
     * finish and be recorded; the rest keep their lease and are sent again on the next start.
     */
    public void close(Duration grace) {
        running = false;
        tailThread.interrupt();
        dispatchThread.interrupt();
        senders.shutdown();
        // One grace for all three waits, so the engine's stop deadline holds.
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            tailThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            dispatchThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (!senders.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
