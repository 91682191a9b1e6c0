package io.leadwire.delivery;

import io.leadwire.delivery.auth.BuyerAuth;
import io.leadwire.delivery.retry.CircuitBreaker;
import io.leadwire.mapping.Mapping;
import io.leadwire.routing.RoutingCandidate;
import io.leadwire.store.BuyerRow;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;

/**
 * One buyer ready to receive leads: its settings, the compiled mapping version its deliveries use,
 * its own HTTP client (connection pool, timeouts, concurrency), auth, breaker and in-flight limit.
 * Built by {@link BuyerDirectory}; replaced as a whole when the buyer changes.
 *
 * @param mappingVersion the published version {@link #mapping} is
 * @param sender         the buyer's own threads for blocking calls (at most {@code concurrency} busy)
 * @param permits        free in-flight slots: a slow buyer fills its own and never anyone else's
 */
public record LiveBuyer(BuyerRow row, BuyerDefinition definition, Mapping mapping, int mappingVersion,
        OkHttpClient client, ExecutorService sender, BuyerAuth auth, CircuitBreaker breaker, Semaphore permits,
        Map<String, String> secrets, Counters counters) {

    public String id() {
        return row.id();
    }

    public String name() {
        return row.name();
    }

    /** Secret name → clear value, for resolving {@code ${secret:NAME}} at send time only. */
    public UnaryOperator<String> secretLookup() {
        return secrets::get;
    }

    /** What routing needs to know of the buyer. */
    public RoutingCandidate candidate() {
        BuyerDefinition d = definition;
        return new RoutingCandidate(row.id(), row.name(), d.price(), d.priority(), d.weight(), d.exclusive(),
                d.filters(), d.schedule(), d.consentRequired(), row.enabled() && d.enabled());
    }

    /** Running counts of this engine process for the buyer (the console's live state). */
    public static final class Counters {
        final LongAdder sent = new LongAdder();
        final LongAdder accepted = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder drift = new LongAdder();

        public long sent() {
            return sent.sum();
        }

        public long accepted() {
            return accepted.sum();
        }

        public long rejected() {
            return rejected.sum();
        }

        public long errors() {
            return errors.sum();
        }

        /** Answers of an unfamiliar shape. */
        public long drift() {
            return drift.sum();
        }
    }
}
