package io.leadwire.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.delivery.auth.AuthException;
import io.leadwire.delivery.auth.BuyerAuth;
import io.leadwire.delivery.retry.CircuitBreaker;
import io.leadwire.delivery.retry.CircuitBreakers;
import io.leadwire.mapping.Mapping;
import io.leadwire.mapping.MappingParseException;
import io.leadwire.mapping.MappingParser;
import io.leadwire.store.BuyerRepository;
import io.leadwire.store.BuyerRow;
import io.leadwire.store.MappingRepository;
import io.leadwire.store.MappingVersionRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buyers this engine delivers to, built from the store and rebuilt when any buyer, secret or
 * published mapping changes (checked with one small query at most once per {@code refreshEvery},
 * so edits made by another process arrive within that time).
 *
 * <p>A buyer that cannot be built (no published mapping, a missing secret, an unreadable
 * keystore) is not routable; {@link #problems()} says why, for the console and the health check.
 */
public final class BuyerDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BuyerDirectory.class);

    private final BuyerRepository buyers;
    private final MappingRepository mappings;
    private final BuyerService service;
    private final CircuitBreakers breakers;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration refreshEvery;
    private final OkHttpClient base;
    private volatile Snapshot snapshot = new Snapshot(Long.MIN_VALUE, Map.of(), List.of(), Map.of());
    private volatile Instant checkedAt = Instant.MIN;
    private final Map<String, Mapping> versionCache = new java.util.concurrent.ConcurrentHashMap<>();

    private record Snapshot(long stamp, Map<String, LiveBuyer> byId, List<String> problems,
            Map<String, String> problemById) {
    }

    public BuyerDirectory(BuyerRepository buyers, MappingRepository mappings, BuyerService service,
                          CircuitBreakers breakers, ObjectMapper json, Clock clock, Duration refreshEvery) {
        this.buyers = buyers;
        this.mappings = mappings;
        this.service = service;
        this.breakers = breakers;
        this.json = json;
        this.clock = clock;
        this.refreshEvery = refreshEvery;
        // One shared thread pool for all clients' sockets; each buyer still gets its own
        // connection pool, timeouts and in-flight limit (its own Dispatcher).
        this.base = new OkHttpClient.Builder().retryOnConnectionFailure(false).followRedirects(false)
                .eventListenerFactory(Transmission.CONNECTION_USE).build();
    }

    /** The routable buyers, refreshed if the store changed. */
    public List<LiveBuyer> live() {
        return List.copyOf(current().byId().values());
    }

    public Optional<LiveBuyer> byId(String buyerId) {
        return Optional.ofNullable(current().byId().get(buyerId));
    }

    /** The buyer as of the last snapshot, never a store read (for sender threads). */
    public Optional<LiveBuyer> cached(String buyerId) {
        return Optional.ofNullable(snapshot.byId().get(buyerId));
    }

    /**
     * The buyer's name for logs and metrics, from the last snapshot (never a store read: this is
     * called from breaker listeners on sender threads), or the id when the buyer is unknown.
     */
    public String nameOf(String buyerId) {
        LiveBuyer b = snapshot.byId().get(buyerId);
        return b == null ? buyerId : b.name();
    }

    /** Why the buyer cannot receive leads ("name: why"), if it cannot. */
    public Optional<String> problemOf(String buyerId) {
        return Optional.ofNullable(current().problemById().get(buyerId));
    }

    /** Buyers that are not routable, and why. */
    public List<String> problems() {
        return current().problems();
    }

    /** Re-reads the store now (after an import or a secret change in this process). */
    public void refreshNow() {
        checkedAt = Instant.MIN;
        current();
    }

    private Snapshot current() {
        Instant now = clock.instant();
        if (Duration.between(checkedAt, now).compareTo(refreshEvery) < 0 && checkedAt != Instant.MIN) {
            return snapshot;
        }
        synchronized (this) {
            if (Duration.between(checkedAt, now).compareTo(refreshEvery) < 0 && checkedAt != Instant.MIN) {
                return snapshot;
            }
            long stamp = buyers.changeStamp();
            checkedAt = now;
            if (stamp != snapshot.stamp()) {
                snapshot = rebuild(stamp, snapshot);
            }
            applyOverrides(snapshot);
            return snapshot;
        }
    }

    /** Operators' manual breaker states, shared by every engine on the database through the store. */
    private void applyOverrides(Snapshot s) {
        Map<String, String> overrides = buyers.breakerOverrides();
        for (LiveBuyer b : s.byId().values()) {
            String wanted = overrides.get(b.id());
            CircuitBreaker.State state = b.breaker().state();
            if ("forced_open".equals(wanted) && state != CircuitBreaker.State.FORCED_OPEN) {
                b.breaker().forceOpen();
            } else if ("forced_closed".equals(wanted) && state != CircuitBreaker.State.FORCED_CLOSED) {
                b.breaker().forceClosed();
            } else if (wanted == null && (state == CircuitBreaker.State.FORCED_OPEN
                    || state == CircuitBreaker.State.FORCED_CLOSED)) {
                b.breaker().release();
            }
        }
    }

    private Snapshot rebuild(long stamp, Snapshot old) {
        Map<String, LiveBuyer> byId = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> problemById = new HashMap<>();
        for (BuyerRow row : buyers.all()) {
            LiveBuyer previous = old.byId().get(row.id());
            try {
                LiveBuyer live = build(row, previous);
                byId.put(row.id(), live);
            } catch (MappingParseException | AuthException | RuntimeException e) {
                String why = e instanceof MappingParseException mpe ? String.join("; ", mpe.problems()) : e.getMessage();
                problems.add(row.name() + ": " + why);
                problemById.put(row.id(), row.name() + ": " + why);
                LOG.warn("buyer {} cannot receive leads: {}", row.name(), why);
            }
        }
        for (LiveBuyer gone : old.byId().values()) {
            LiveBuyer now = byId.get(gone.id());
            if (now == null || now.client() != gone.client()) {
                retire(gone);
            }
        }
        return new Snapshot(stamp, Map.copyOf(byId), List.copyOf(problems), Map.copyOf(problemById));
    }

    private LiveBuyer build(BuyerRow row, LiveBuyer previous) throws MappingParseException, AuthException {
        BuyerDefinition def = service.definition(row);
        Optional<MappingVersionRow> version = def.mappingVersion() == null ? mappings.latest(row.name())
                : mappings.version(row.name(), def.mappingVersion());
        if (version.isEmpty()) {
            throw new InvalidBuyerException(List.of(def.mappingVersion() == null ? "no published mapping"
                    : "mapping version " + def.mappingVersion() + " is not published"));
        }
        Mapping mapping = mapping(row.name(), version.get().version(), version.get().documentJson());
        if (previous != null && previous.row().revision() == row.revision()
                && previous.mappingVersion() == version.get().version()) {
            return previous;
        }
        Map<String, String> secrets = service.openSecrets(row.id());
        BuyerAuth auth = def.auth().create(secrets::get, base, clock);
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(def.concurrency());
        dispatcher.setMaxRequestsPerHost(def.concurrency());
        OkHttpClient.Builder builder = base.newBuilder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(Math.min(def.concurrency(), 64), 5, TimeUnit.MINUTES))
                .connectTimeout(def.connectTimeout())
                .readTimeout(def.readTimeout())
                .writeTimeout(def.readTimeout())
                .callTimeout(def.callTimeout());
        OkHttpClient client = auth.configure(builder).build();
        CircuitBreaker breaker = breakers.forBuyer(row.id(), def.breaker());
        LiveBuyer.Counters counters = previous == null ? new LiveBuyer.Counters() : previous.counters();
        return new LiveBuyer(row, def, mapping, version.get().version(), client, senderThreads(row.name()), auth,
                breaker, new Semaphore(def.concurrency()), Map.copyOf(secrets), counters);
    }

    /** The compiled mapping of one published version, cached (published versions never change). */
    Mapping mapping(String buyer, int version, String document) throws MappingParseException {
        String key = buyer + '\u0000' + version;
        Mapping cached = versionCache.get(key);
        if (cached != null) {
            return cached;
        }
        Mapping compiled = new MappingParser(json).parse(document);
        versionCache.put(key, compiled);
        return compiled;
    }

    /** The mapping a delivery was routed with, even if the buyer has moved on to a newer version since. */
    public Optional<Mapping> mappingFor(LiveBuyer buyer, Integer version) {
        if (version == null || version == buyer.mappingVersion()) {
            return Optional.of(buyer.mapping());
        }
        return mappings.version(buyer.name(), version).map(row -> {
            try {
                return mapping(buyer.name(), version, row.documentJson());
            } catch (MappingParseException e) {
                return null;
            }
        });
    }

    /** Breaker snapshots keyed by buyer name, for the console and health. */
    public Map<String, CircuitBreaker.Snapshot> breakerStates() {
        Map<String, CircuitBreaker.Snapshot> out = new HashMap<>();
        for (LiveBuyer b : current().byId().values()) {
            out.put(b.name(), b.breaker().snapshot());
        }
        return out;
    }

    /** Threads made on demand and dropped after a minute idle; the buyer's permits bound how many run. */
    private static ExecutorService senderThreads(String buyer) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "buyer-" + buyer + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        return pool;
    }

    private static void retire(LiveBuyer gone) {
        // Attempts in flight finish on their own threads; idle connections are closed now.
        gone.sender().shutdown();
        gone.client().connectionPool().evictAll();
    }

    @Override
    public void close() {
        for (LiveBuyer b : snapshot.byId().values()) {
            retire(b);
            b.client().dispatcher().executorService().shutdown();
        }
        base.dispatcher().executorService().shutdown();
        base.connectionPool().evictAll();
    }
}
