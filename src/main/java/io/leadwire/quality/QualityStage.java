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
import io.leadwire.store.LeadRepository;
import io.leadwire.store.LeadRepository.LeadDecision;
import io.leadwire.store.StoreException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
    private final ObjectMapper json;
    private final EventBus events;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private final AutoCloseable subscription;
    private final Thread worker;
    private volatile boolean running = true;

    public QualityStage(LeadRepository leads, LeadJudge judge, ObjectMapper json, EventBus events, Clock clock) {
        this.leads = leads;
        this.judge = judge;
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
        List<Lead> decided = leads.decideAll(LeadStatus.RECEIVED, BATCH, this::decide, clock);
        for (Lead lead : decided) {
            events.publish(new LeadStatusChangedEvent(lead.id(), lead.vendorId(), lead.status()));
        }
        return decided.size();
    }

    private LeadDecision decide(Lead lead) {
        Verdict v;
        try {
            v = judge.judge(lead);
        } catch (RuntimeException e) {
            // A defect in a validator must not stall the pipeline or lose the lead: hold it for a person.
            LOG.error("judging lead {} failed", lead.id(), e);
            return new LeadDecision(LeadStatus.QUARANTINED, lead.fields(), null, null, null, "quarantined",
                    "judging failed (" + e.getClass().getSimpleName() + "); review the lead by hand");
        }
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
        running = false;
        wake.release();
        try {
            subscription.close();
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("unsubscribe failed: {}", e.toString());
        }
    }
}
