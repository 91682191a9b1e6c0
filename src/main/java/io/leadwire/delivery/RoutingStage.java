package io.leadwire.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.delivery.retry.CircuitBreaker;
import io.leadwire.lead.EngineEvent;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.LeadStatusChangedEvent;
import io.leadwire.routing.CapWindow;
import io.leadwire.routing.Router;
import io.leadwire.routing.RoutingCandidate;
import io.leadwire.routing.RoutingPlan;
import io.leadwire.routing.Skip;
import io.leadwire.store.DeliveryRepository;
import io.leadwire.store.DeliveryRepository.CapSlot;
import io.leadwire.store.DeliveryRepository.PastDelivery;
import io.leadwire.store.DeliveryRepository.RoutingRound;
import io.leadwire.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing stage: claims ACCEPTED leads, works out which buyers may have each one (filters,
 * schedule, breaker, consent, the buyers the waterfall already tried), reserves cap units for
 * the best ones atomically and writes their deliveries, all in one transaction per batch. A lead
 * no buyer can take goes UNSOLD onto the dead-letter queue.
 *
 * <p>Exclusive buyers get a lead alone; otherwise up to {@code maxShared} shared buyers get it.
 * Every round is stored with why each buyer was or was not chosen.
 */
public final class RoutingStage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingStage.class);
    static final int BATCH = 128;
    /** Fewest leads a batch takes when the sender has room for fewer (see {@link Sender#room}). */
    static final int MIN_BATCH = 16;
    /** Shared (non-exclusive) buyers one lead is sold to at most, unless the engine is told otherwise. */
    public static final int DEFAULT_MAX_SHARED = 3;
    private static final long IDLE_POLL_MILLIS = 500;

    private final DeliveryRepository deliveries;
    private final BuyerDirectory directory;
    private final Router router;
    private final EventBus events;
    private final Clock clock;
    private final ObjectMapper json;
    private final IntSupplier maxShared;
    private final Runnable wakeDelivery;
    private volatile Sender sender;
    private final Semaphore wake = new Semaphore(0);
    private final AutoCloseable subscription;
    private final Thread worker;
    private volatile boolean running = true;
    /** The last batch took as many leads as it asked for: more may be waiting. Routing thread only. */
    private boolean lastBatchFull;

    /**
     * @param maxShared    how many shared buyers one lead may be sold to (1 sells every lead once),
     *                     read once per batch so a changed setting applies to the next batch
     * @param wakeDelivery told after deliveries were committed, so they go out at once
     */
    public RoutingStage(DeliveryRepository deliveries, BuyerDirectory directory, Router router, EventBus events,
                        Clock clock, ObjectMapper json, IntSupplier maxShared, Runnable wakeDelivery) {
        this.deliveries = deliveries;
        this.directory = directory;
        this.router = router;
        this.events = events;
        this.clock = clock;
        this.json = json;
        this.maxShared = maxShared;
        this.wakeDelivery = wakeDelivery;
        this.subscription = events.subscribe(this::onEvent);
        this.worker = new Thread(this::run, "routing-stage");
        this.worker.setDaemon(true);
    }

    public RoutingStage start() {
        worker.start();
        return this;
    }

    /**
     * Where routing may hand a delivery straight to the wire: a buyer with room in its line (the
     * sender's claimed deliveries waiting for a slot) and no deliveries queued for it in the store
     * gets its delivery written already claimed, and sent as soon as the round commits and a slot
     * is free, without a claim transaction of its own. The delivery engine is one.
     */
    public interface Sender {
        /**
         * Takes a place for one delivery to the buyer if it has room and nothing queued; returns
         * the lease for the delivery, or null (then the delivery is queued as usual).
         */
        Instant takePlace(LiveBuyer buyer, Instant now);

        /** Gives back a place taken for a delivery that was not committed. */
        void giveBack(LiveBuyer buyer);

        /** Sends a committed, already claimed delivery on the place taken for it. */
        void send(LiveBuyer buyer, DeliveryRepository.DueDelivery delivery);

        /**
         * How many leads routing should take now (0: wait until woken; every buyer is saturated, and
         * routing more would only queue them behind it).
         */
        int room(List<LiveBuyer> buyers);
    }

    /** Hands deliveries for idle buyers straight to {@code sender} (see {@link Sender}). */
    public void sendThrough(Sender sender) {
        this.sender = sender;
    }

    private void onEvent(EngineEvent event) {
        if (event instanceof LeadStatusChangedEvent e && e.status() == LeadStatus.ACCEPTED) {
            wake();
        }
    }

    /** Leads became ACCEPTED (judged, released, or sent back by the waterfall): route them now. */
    public void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void run() {
        while (running) {
            try {
                if (routeWaiting() > 0 && lastBatchFull) {
                    continue;
                }
                wake.tryAcquire(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (StoreException e) {
                LOG.warn("routing could not reach the store: {}", e.getMessage());
                sleepQuietly();
            } catch (RuntimeException e) {
                LOG.error("routing failed; the leads stay ACCEPTED and are routed again", e);
                sleepQuietly();
            }
        }
    }

    /** Routes one batch of waiting leads; returns how many were handled. */
    int routeWaiting() {
        List<LiveBuyer> buyers = directory.live();
        if (buyers.isEmpty()) {
            // Nothing to sell to yet (a new installation): accepted leads wait rather than all
            // landing on the dead-letter desk; they are routed as soon as a buyer is set up.
            return 0;
        }
        Map<String, LiveBuyer> byId = new HashMap<>();
        List<RoutingCandidate> candidates = new ArrayList<>(buyers.size());
        for (LiveBuyer b : buyers) {
            byId.put(b.id(), b);
            candidates.add(b.candidate());
        }
        Instant now = clock.instant();
        int shared = Math.max(1, maxShared.getAsInt());
        Sender direct = sender;
        int limit = BATCH;
        if (direct != null) {
            int room = direct.room(buyers);
            // Not fewer than MIN_BATCH: a buyer with room for a few must not make routing crawl in
            // tiny transactions while the others' deliveries queue.
            limit = room <= 0 ? 0 : Math.min(BATCH, Math.max(MIN_BATCH, room));
            if (limit <= 0) {
                lastBatchFull = false;
                return 0; // every buyer is saturated: the leads wait ACCEPTED until one has room
            }
        }
        List<LiveBuyer> taken = new ArrayList<>();
        List<DeliveryRepository.Routed> routed;
        try {
            routed = deliveries.routeAccepted(limit, now,
                    (lead, score, round) -> route(lead, score, round, candidates, byId, now, shared, direct, taken));
        } catch (RuntimeException e) {
            // Nothing was committed: the places taken for this batch's claimed deliveries go back.
            taken.forEach(direct::giveBack);
            throw e;
        }
        boolean anyDelivery = false;
        for (DeliveryRepository.Routed r : routed) {
            for (DeliveryRepository.DueDelivery d : r.claimed()) {
                direct.send(byId.get(d.buyerId()), d);
            }
            events.publish(new LeadStatusChangedEvent(r.lead().id(), r.lead().vendorId(), r.status()));
            anyDelivery |= r.deliveryIds().size() > r.claimed().size();
        }
        if (anyDelivery) {
            wakeDelivery.run();
        }
        lastBatchFull = routed.size() == limit;
        return routed.size();
    }

    private LeadStatus route(Lead lead, Integer score, RoutingRound round, List<RoutingCandidate> candidates,
                             Map<String, LiveBuyer> byId, Instant now, int shared, Sender direct,
                             List<LiveBuyer> taken) {
        Set<String> tried = new HashSet<>();
        for (PastDelivery p : round.pastDeliveries()) {
            tried.add(p.buyerId());
            if (p.holdsTheLead()) {
                // An ACCEPTED lead should never still be with a buyer; if one is (found once after a
                // kill -9, cause not yet known), routing it again would mark it UNSOLD while it sells.
                // Leave it where the delivery says, and say so in its timeline.
                LeadStatus where = p.status() == DeliveryStatus.ACCEPTED ? LeadStatus.DELIVERED : LeadStatus.ROUTED;
                String name = byId.containsKey(p.buyerId()) ? byId.get(p.buyerId()).name() : p.buyerId();
                LOG.warn("lead {} was waiting for routing while its delivery to {} is {}; left {}", lead.id(), name,
                        p.status().wireName(), where.wireName());
                round.moveLead(where, "routing_skipped", "not routed again: its delivery to " + name + " is "
                        + p.status().wireName());
                return where;
            }
        }
        RoutingPlan plan = router.plan(lead.fields(), score, candidates, now, id -> breakerOpen(byId.get(id), now),
                tried);
        List<LiveBuyer> chosen = new ArrayList<>();
        RoutingPlan decided = plan;
        for (RoutingCandidate c : plan.ordered()) {
            LiveBuyer buyer = byId.get(c.buyerId());
            boolean exclusive = buyer.definition().exclusive();
            if (!chosen.isEmpty() && (exclusive || chosen.get(0).definition().exclusive())) {
                continue; // an exclusive buyer is sold a lead alone
            }
            List<CapWindow> windows = buyer.definition().caps().windows(now, buyer.definition().zone());
            List<CapSlot> slots = new ArrayList<>();
            for (CapWindow w : windows) {
                slots.add(new CapSlot(w.period(), w.bucketStart(), w.limit()));
            }
            if (!round.reserveCaps(buyer.id(), slots)) {
                decided = decided.withSkip(capSkip(c, windows));
                continue;
            }
            Instant lease = direct == null ? null : direct.takePlace(buyer, now);
            if (lease != null) {
                taken.add(buyer);
                round.createClaimedDelivery(buyer.id(), buyer.mappingVersion(), slots, lease);
            } else {
                round.createDelivery(buyer.id(), buyer.mappingVersion(), now, slots);
            }
            chosen.add(buyer);
            if (exclusive || chosen.size() >= shared) {
                break;
            }
        }
        ObjectNode detail = decided.toJson(json);
        ArrayNode names = detail.putArray("chosen");
        chosen.forEach(b -> names.add(b.name()));
        detail.put("round", round.round());
        String chosenText = String.join(", ", chosen.stream().map(LiveBuyer::name).toList());
        round.recordDecision(chosenText, detail.toString());
        if (chosen.isEmpty()) {
            String why = whyUnsold(decided, tried.size());
            round.deadLetter(tried.isEmpty() ? "no_eligible_buyer" : "waterfall_exhausted", why);
            round.moveLead(LeadStatus.UNSOLD, "unsold", why);
            return LeadStatus.UNSOLD;
        }
        round.moveLead(LeadStatus.ROUTED, "routed", "round " + round.round() + ": offered to " + chosenText
                + (decided.skipped().isEmpty() ? "" : "; skipped " + skippedText(decided)));
        return LeadStatus.ROUTED;
    }

    /**
     * Whether routing must pass the buyer by. An open breaker whose cool-down is over is not: it
     * only turns half-open when a delivery asks it for permission, so the next lead routed to the
     * buyer is its probe. Skipping it here as well would leave it open for good once no delivery
     * to the buyer is waiting.
     */
    private static boolean breakerOpen(LiveBuyer buyer, Instant now) {
        if (buyer == null) {
            return false;
        }
        CircuitBreaker.State s = buyer.breaker().state();
        if (s == CircuitBreaker.State.OPEN) {
            Instant probe = buyer.breaker().snapshot().nextProbeAt();
            return probe == null || probe.isAfter(now);
        }
        return s == CircuitBreaker.State.FORCED_OPEN;
    }

    /** The skip for a buyer whose caps refused the lead, naming the first full window and its use. */
    private Skip capSkip(RoutingCandidate c, List<CapWindow> windows) {
        Map<String, Integer> used = deliveries.capUse(c.buyerId(), windows.stream()
                .map(w -> new CapSlot(w.period(), w.bucketStart(), w.limit())).toList());
        for (CapWindow w : windows) {
            int u = used.getOrDefault(w.period(), 0);
            if (u >= w.limit()) {
                return Skip.capReached(c, w, u);
            }
        }
        // Another worker took the last unit between the reservation and this read.
        CapWindow first = windows.get(0);
        return Skip.capReached(c, first, first.limit());
    }

    private static String whyUnsold(RoutingPlan plan, int tried) {
        if (plan.skipped().isEmpty()) {
            return tried == 0 ? "no buyer is set up" : "every buyer was tried (" + tried + ")";
        }
        return (tried == 0 ? "no buyer could take it: " : "no further buyer after " + tried + " tried: ")
                + skippedText(plan);
    }

    private static String skippedText(RoutingPlan plan) {
        List<String> parts = new ArrayList<>();
        for (Skip s : plan.skipped()) {
            if (s.reason() != io.leadwire.routing.SkipReason.ALREADY_TRIED) {
                parts.add(s.name() + " (" + s.message() + ")");
            }
        }
        return parts.isEmpty() ? "only buyers already tried remain" : String.join("; ", parts);
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /** {@link #close()} waiting at most {@code wait} for the batch in hand. */
    public void close(Duration wait) {
        running = false;
        wake.release();
        try {
            subscription.close();
            worker.join(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("unsubscribe failed: {}", e.toString());
        }
    }
}
