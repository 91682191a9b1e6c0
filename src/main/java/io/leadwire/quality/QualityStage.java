package io.leadwire.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.lead.EngineEvent;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadReceivedEvent;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.LeadStatusChangedEvent;
import io.leadwire.store.DuplicateMatch;
import io.leadwire.store.JudgedLead;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.LeadRepository.LeadDecision;
import io.leadwire.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's quality stage: claims RECEIVED leads from the store, judges them with
 * {@link LeadJudge} and writes ACCEPTED, QUARANTINED or REJECTED with the verdict and a timeline
 * event, then announces each change.
 *
 * <p>It hands off through the store, not through the intake: a {@link LeadReceivedEvent} only
 * wakes it early, and it also looks every half second, so leads left RECEIVED by a crash are
 * judged on the next start. The intake's acknowledgement never waits for it.
 */
public final class QualityStage implements AutoCloseable {
    /** Leads judged per transaction. */
    static final int BATCH = 256;
    private static final long IDLE_POLL_MILLIS = 500;
    /** How long to let leads gather after a wake-up; part of the received-to-decided latency. */
    static final long GATHER_MILLIS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(QualityStage.class);

    private final LeadRepository leads;
    private final LeadJudge judge;
    /** The policy for each batch, read once per batch; null judges under the judge's default policy. */
    private final Supplier<QualityPolicy> policy;
    private final ObjectMapper json;
    private final EventBus events;
    private final Clock clock;
    private final DedupePolicy dedupe;
    private final Semaphore wake = new Semaphore(0);
    private final AutoCloseable subscription;
    private final Thread worker;
    private final ExternalChecks external;
    private volatile boolean running = true;

    /** A stage with the default {@link DedupePolicy}. */
    public QualityStage(LeadRepository leads, LeadJudge judge, ObjectMapper json, EventBus events, Clock clock) {
        this(leads, judge, json, events, clock, null, DedupePolicy.defaults(), null);
    }

    /**
     * @param dedupe what to do with leads that repeat an earlier one (in the same transaction as the
     *               decision; see {@link LeadRepository#decideAll(LeadStatus, int, java.util.function.Function,
     *               io.leadwire.store.DuplicateSearch, Clock)})
     */
    public QualityStage(LeadRepository leads, LeadJudge judge, ObjectMapper json, EventBus events, Clock clock,
                        DedupePolicy dedupe) {
        this(leads, judge, json, events, clock, null, dedupe, null);
    }

    /** A stage with the default {@link DedupePolicy} and the given external checks. */
    public QualityStage(LeadRepository leads, LeadJudge judge, ObjectMapper json, EventBus events, Clock clock,
                        ExternalChecks external) {
        this(leads, judge, json, events, clock, null, DedupePolicy.defaults(), external);
    }

    /**
     * A stage that judges each batch under the policy {@code policy} gives at that moment, e.g.
     * {@link QualitySettings}, so a changed setting applies from the next batch on.
     */
    public QualityStage(LeadRepository leads, LeadJudge judge, ObjectMapper json, EventBus events, Clock clock,
                        Supplier<QualityPolicy> policy) {
        this(leads, judge, json, events, clock, policy, DedupePolicy.defaults(), null);
    }

    /**
     * @param policy   the policy for each batch, read once per batch; null for the judge's own default
     * @param dedupe   what to do with leads that repeat an earlier one
     * @param external the external verification services the judge reads, looked up here before each
     *                 claim; null or disabled when none are configured
     */
    public QualityStage(LeadRepository leads, LeadJudge judge, ObjectMapper json, EventBus events, Clock clock,
                        Supplier<QualityPolicy> policy, DedupePolicy dedupe, ExternalChecks external) {
        this.dedupe = java.util.Objects.requireNonNull(dedupe, "dedupe");
        this.external = external != null && external.enabled() ? external : null;
        this.leads = leads;
        this.judge = judge;
        this.policy = policy;
        this.json = json;
        this.events = events;
        this.clock = clock;
        this.subscription = events.subscribe(this::onEvent);
        this.worker = new Thread(this::run, "quality-stage");
        this.worker.setDaemon(true);
    }

    /** Starts judging, beginning with whatever is already waiting. */
    public QualityStage start() {
        worker.start();
        return this;
    }

    private void onEvent(EngineEvent event) {
        if (event instanceof LeadReceivedEvent && wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void run() {
        while (running) {
            try {
                if (judgeWaiting() == BATCH) {
                    continue; // a backlog: keep going at once
                }
                if (wake.tryAcquire(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    // New leads are arriving: let a few more commit so that one transaction judges
                    // many. Each of this stage's commits competes with the intake's for the store.
                    TimeUnit.MILLISECONDS.sleep(GATHER_MILLIS);
                }
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (StoreException e) {
                // The leads stay RECEIVED and are judged once the store answers again.
                LOG.warn("quality stage could not reach the store: {}", e.getMessage());
                try {
                    wake.tryAcquire(1, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Judges one batch of waiting leads; returns how many were decided. */
    int judgeWaiting() {
        int limit = BATCH;
        if (external != null) {
            // External services are asked here, before the claim and outside its transaction: a slow
            // or dead service must never hold row locks or a pooled connection while the intake waits
            // on the store. The prefetch is parallel and bounded by the call timeout (instant while a
            // breaker is open); the judge then only reads the answers' cache. Claiming no more than
            // was looked up keeps leads that arrived meanwhile for the next batch, so they are checked too.
            List<Lead> waiting = leads.oldest(LeadStatus.RECEIVED, BATCH);
            if (waiting.isEmpty()) {
                return 0;
            }
            external.prefetch(waiting);
            limit = waiting.size();
        }
        QualityPolicy batchPolicy = policy == null ? null : policy.get();
        List<Lead> decided = leads.decideAll(LeadStatus.RECEIVED, limit, lead -> judged(lead, batchPolicy),
                dedupe.toSearch(), clock);
        for (Lead lead : decided) {
            events.publish(new LeadStatusChangedEvent(lead.id(), lead.vendorId(), lead.status()));
        }
        return decided.size();
    }

    private JudgedLead judged(Lead lead, QualityPolicy batchPolicy) {
        Verdict v;
        try {
            v = batchPolicy == null ? judge.judge(lead) : judge.judge(lead, batchPolicy);
        } catch (RuntimeException e) {
            // A defect in a validator must not stall the pipeline or lose the lead: hold it for a person.
            LOG.error("judging lead {} failed", lead.id(), e);
            return JudgedLead.plain(new LeadDecision(LeadStatus.QUARANTINED, lead.fields(), null, null, null,
                    "quarantined", "judging failed (" + e.getClass().getSimpleName() + "); review the lead by hand"));
        }
        return new JudgedLead(decision(v), Duplicates.emailKey(v), Duplicates.phoneKey(v), Duplicates.marks(v),
                (DuplicateMatch m) -> decision(Duplicates.asRepeat(v, m, dedupe.action())));
    }

    private LeadDecision decision(Verdict v) {
        return new LeadDecision(v.decision().status(), v.fields(), v.score().value(), v.score().tier().name(),
                verdictJson(v), v.decision().status().wireName(), summary(v));
    }

    /** "score 72 (standard); email.syntax: …; phone.invalid: …" — what the timeline shows. */
    static String summary(Verdict v) {
        StringBuilder sb = new StringBuilder("score ").append(v.score().value()).append(" (")
                .append(v.score().tier().name().toLowerCase(java.util.Locale.ROOT)).append(')');
        for (Finding f : v.reasons()) {
            if (f.severity() != Severity.INFO) {
                sb.append("; ").append(f.code()).append(": ").append(f.message());
            }
        }
        return sb.toString();
    }

    private String verdictJson(Verdict v) {
        ObjectNode root = json.createObjectNode()
                .put("decision", v.decision().name().toLowerCase(java.util.Locale.ROOT))
                .put("score", v.score().value())
                .put("base", v.score().base())
                .put("tier", v.score().tier().name().toLowerCase(java.util.Locale.ROOT))
                .put("judged_at", v.judgedAt().toString());
        ArrayNode breakdown = root.putArray("breakdown");
        for (ScoreLine l : v.score().breakdown()) {
            breakdown.addObject().put("rule", l.rule()).put("points", l.points()).put("reason", l.reason());
        }
        ArrayNode reasons = root.putArray("reasons");
        for (Finding f : v.reasons()) {
            reasons.addObject().put("code", f.code()).put("field", f.field()).put("message", f.message())
                    .put("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT));
        }
        return root.toString();
    }

    /** The judge this stage decides with (the quarantine desk re-judges edited leads with the same one). */
    public LeadJudge judge() {
        return judge;
    }

    /** Stops after the batch in hand is committed. */
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
