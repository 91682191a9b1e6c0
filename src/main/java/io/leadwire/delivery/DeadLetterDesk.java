package io.leadwire.delivery;

import io.leadwire.delivery.retry.CircuitBreaker;
import io.leadwire.lead.DeliveryChangedEvent;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatusChangedEvent;
import io.leadwire.quality.Finding;
import io.leadwire.quality.LeadJudge;
import io.leadwire.quality.QualityPolicy;
import io.leadwire.quality.QuarantineDesk;
import io.leadwire.quality.Verdict;
import io.leadwire.store.DeadLetterRepository;
import io.leadwire.store.DeadLetterRepository.Discard;
import io.leadwire.store.DeadLetterRepository.Entry;
import io.leadwire.store.DeadLetterRepository.Open;
import io.leadwire.store.DeadLetterRepository.Progress;
import io.leadwire.store.DeadLetterRepository.Replay;
import io.leadwire.store.DeadLetterRepository.Resolved;
import io.leadwire.store.DeadLetterRepository.RouteAgain;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What sales ops do with leads no buyer took: replay one to the buyer tried last or to another
 * live buyer, fix its fields and replay it, route it again, or discard it with a reason; one at a
 * time or in bulk (all or nothing). Every action is one transaction written as timeline events
 * with the operator as actor, announced afterwards as {@link LeadStatusChangedEvent}s (which wake
 * routing for "route again") and {@link DeliveryChangedEvent}s, and a replay wakes the delivery
 * engine so it goes out at once.
 *
 * <p>A replay never reserves cap units: it is the operator's explicit choice to send this lead to
 * this buyer, and the timeline says so. Its delivery is due now and uses the buyer's current
 * published mapping; the buyer's retry policy applies to it as to any delivery, with the attempts
 * made before still counted.
 */
public final class DeadLetterDesk {
    private final DeadLetterRepository queue;
    private final BuyerDirectory directory;
    private final DeliveryEngine engine;
    private final LeadJudge judge;
    private final Supplier<QualityPolicy> policy;
    private final EventBus events;
    private final String operator;

    /**
     * @param policy   the quality policy in force for judging edits, or null for the judge's default
     * @param operator who acts, recorded on every event (the console passes the OS user name)
     */
    public DeadLetterDesk(DeadLetterRepository queue, BuyerDirectory directory, DeliveryEngine engine,
                          LeadJudge judge, Supplier<QualityPolicy> policy, EventBus events, String operator) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.judge = Objects.requireNonNull(judge, "judge");
        this.policy = policy;
        this.events = Objects.requireNonNull(events, "events");
        if (operator == null || operator.isBlank()) {
            throw new IllegalArgumentException("an operator name is required");
        }
        this.operator = operator.strip();
    }

    /** Edited fields the quality judge finds errors in; nothing was changed. */
    public static final class EditRefusedException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        EditRefusedException(String message) {
            super(message);
        }
    }

    /**
     * A buyer an operator may replay to.
     *
     * @param routable    switched on (a switched-off buyer is refused)
     * @param breakerOpen its breaker refuses calls now: a replay waits for the breaker's probe
     */
    public record BuyerChoice(String id, String name, boolean routable, boolean breakerOpen) {
    }

    public String operator() {
        return operator;
    }

    /** The queue itself, for reading. */
    public DeadLetterRepository queue() {
        return queue;
    }

    /** The buyers that can receive leads now, by name. */
    public List<BuyerChoice> buyers() {
        List<BuyerChoice> out = new ArrayList<>();
        for (LiveBuyer b : directory.live()) {
            CircuitBreaker.State s = b.breaker().state();
            out.add(new BuyerChoice(b.id(), b.name(), b.candidate().enabled(),
                    s == CircuitBreaker.State.OPEN || s == CircuitBreaker.State.FORCED_OPEN));
        }
        out.sort(Comparator.comparing(BuyerChoice::name, String.CASE_INSENSITIVE_ORDER));
        return out;
    }

    /** Buyers that are set up but cannot receive leads, and why. */
    public List<String> buyerProblems() {
        return directory.problems();
    }

    /** The fields an operator edits: the stored ones without those the quality judge derives. */
    public static Map<String, String> editableFields(Lead lead) {
        return QuarantineDesk.editableFields(lead);
    }

    /** Replays the dead letter to the buyer its lead was offered to last. */
    public Resolved replay(long seq) {
        return replayAll(List.of(seq), null, null).get(0);
    }

    /** Replays the dead letter to {@code buyerId}. */
    public Resolved replayTo(long seq, String buyerId) {
        Objects.requireNonNull(buyerId, "buyerId");
        return replayAll(List.of(seq), buyerId, null).get(0);
    }

    /**
     * Stores the operator's edits to the lead's fields and replays it, in one transaction. The
     * edited lead is judged first, as the quality stage would judge it now; an error about a field
     * the operator changed refuses the edit (the lead passed quality before, so errors in fields
     * left alone, e.g. under a stricter policy since, do not).
     *
     * @param fields  the edited fields (blank values remove a field)
     * @param buyerId the buyer to replay to, or null for the one tried last
     * @throws EditRefusedException when an edited field has errors
     */
    public Resolved editAndReplay(long seq, Map<String, String> fields, String buyerId) {
        Entry entry = queue.entry(seq).orElseThrow(() -> new DeadLetterRepository.NotOpenException(
                "dead letter " + seq + " is not in the database any more; refresh the list"));
        Lead stored = entry.lead();
        Map<String, String> before = editableFields(stored);
        Map<String, String> cleaned = clean(fields);
        List<String> changed = new ArrayList<>();
        for (String k : unionKeys(before, cleaned)) {
            if (!Objects.equals(before.get(k), cleaned.get(k))) {
                changed.add(k);
            }
        }
        Verdict v = judge(stored, cleaned);
        // The lead passed quality once: only errors about what the operator changed refuse the edit.
        List<Finding> blocking = QuarantineDesk.blocking(v).stream().filter(f -> changed.contains(f.field()))
                .toList();
        if (!blocking.isEmpty()) {
            StringBuilder sb = new StringBuilder("lead ").append(stored.vendorLeadId())
                    .append(" was not replayed and nothing was changed: ");
            for (int i = 0; i < blocking.size(); i++) {
                sb.append(i == 0 ? "" : " ").append(blocking.get(i).message());
            }
            throw new EditRefusedException(sb.toString());
        }
        Map<String, String> toStore = new LinkedHashMap<>(v.fields());
        List<Resolved> done = queue.resolveAll(List.of(seq), operator, open -> {
            if (!open.lead().fields().equals(stored.fields())) {
                throw new DeadLetterRepository.NotOpenException("lead " + stored.vendorLeadId()
                        + " was changed by someone else meanwhile; refresh it and edit again");
            }
            Replay target = target(open, buyerId);
            return new Replay(target.buyerId(), target.buyerName(), target.mappingVersion(), toStore, changed);
        }, null);
        announce(done);
        return done.get(0);
    }

    /** Puts the lead back to routing for a fresh round (buyers already tried stay skipped). */
    public Resolved routeAgain(long seq) {
        List<Resolved> done = queue.resolveAll(List.of(seq), operator, open -> new RouteAgain(), null);
        announce(done);
        return done.get(0);
    }

    /** Discards the dead letter with the operator's reason; the lead stays UNSOLD. */
    public Resolved discard(long seq, String reason) {
        return discardAll(List.of(seq), reason, null).get(0);
    }

    /**
     * Replays every dead letter in one transaction, all or none: each to {@code buyerId}, or to
     * the buyer its lead was offered to last when {@code buyerId} is null.
     */
    public List<Resolved> replayAll(List<Long> seqs, String buyerId, Progress progress) {
        List<Resolved> done = queue.resolveAll(seqs, operator, open -> target(open, buyerId), progress);
        announce(done);
        return done;
    }

    /** Discards every dead letter with the same reason, all or none. */
    public List<Resolved> discardAll(List<Long> seqs, String reason, Progress progress) {
        String why = requireReason(reason);
        List<Resolved> done = queue.resolveAll(seqs, operator, open -> new Discard(why), progress);
        announce(done);
        return done;
    }

    /** The replay of one open dead letter to a live buyer, or why it cannot be. */
    private Replay target(Open open, String buyerId) {
        String id = buyerId;
        if (id == null) {
            id = open.lastBuyerId();
            if (id == null) {
                throw new IllegalArgumentException("lead " + open.lead().vendorLeadId() + " was never offered to a "
                        + "buyer (none was eligible): use Replay to… to choose one, or Route again");
            }
        }
        LiveBuyer buyer = directory.byId(id).orElse(null);
        if (buyer == null) {
            String name = queue.buyerNames().getOrDefault(id, id);
            throw new IllegalArgumentException("buyer " + name + " cannot receive leads right now ("
                    + problemOf(name) + "): fix it on the Buyers screen, or replay to another buyer");
        }
        if (!buyer.candidate().enabled()) {
            throw new IllegalArgumentException("buyer " + buyer.name() + " is switched off: switch it on first, "
                    + "or replay to another buyer");
        }
        return new Replay(buyer.id(), buyer.name(), buyer.mappingVersion(), null, List.of());
    }

    private String problemOf(String name) {
        for (String p : directory.problems()) {
            if (p.startsWith(name + ": ")) {
                return p.substring(name.length() + 2);
            }
        }
        return "it is not set up";
    }

    private Verdict judge(Lead stored, Map<String, String> fields) {
        Lead edited = new Lead(stored.seq(), stored.id(), stored.vendorId(), stored.vendorLeadId(),
                stored.receivedAt(), stored.status(), stored.contentType(), stored.rawPayload(), fields,
                stored.remoteIp());
        QualityPolicy now = policy == null ? null : policy.get();
        return now == null ? judge.judge(edited) : judge.judge(edited, now);
    }

    private static Map<String, String> clean(Map<String, String> fields) {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (k != null && !QuarantineDesk.DERIVED_FIELDS.contains(k) && v != null && !v.isBlank()) {
                out.put(k, v.strip());
            }
        });
        return out;
    }

    private static List<String> unionKeys(Map<String, String> a, Map<String, String> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        for (String k : b.keySet()) {
            if (!a.containsKey(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("say why the lead is discarded: the reason is kept in its timeline");
        }
        String r = reason.strip();
        return r.length() > 500 ? r.substring(0, 500) : r;
    }

    private void announce(List<Resolved> done) {
        boolean replayed = false;
        for (Resolved r : done) {
            if (r.deliveryId() != null) {
                events.publish(new DeliveryChangedEvent(r.deliveryId(), r.lead().id(), r.buyerId(),
                        DeliveryStatus.PENDING));
                replayed = true;
            }
            events.publish(new LeadStatusChangedEvent(r.lead().id(), r.lead().vendorId(), r.status()));
        }
        if (replayed) {
            engine.wake();
        }
    }
}
