package io.leadwire.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.LeadStatusChangedEvent;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.LeadRepository.LeadQuery;
import io.leadwire.store.QuarantineRepository;
import io.leadwire.store.QuarantineRepository.Progress;
import io.leadwire.store.QuarantineRepository.Resolution;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What sales ops do with quarantined leads: look at a lead re-judged with their edits, release it
 * (the quality pipeline runs again on the edited fields), reject it with a reason, or mark it as a
 * duplicate; one at a time or in bulk. Every action is one transaction, written as timeline events
 * with the operator as actor and the clock's time, and announced afterwards as
 * {@link LeadStatusChangedEvent}s.
 *
 * <p>Release rule: a lead whose re-judged verdict still has an error (or a code the policy rejects
 * on) stays in quarantine and the refusal says why. Otherwise it becomes ACCEPTED; when the verdict
 * would still have held it for its score alone, the release is recorded as the operator's override.
 */
public final class QuarantineDesk {
    /** Fields the judge derives; an edit is judged without them so none goes stale. */
    public static final Set<String> DERIVED_FIELDS = Set.of(LeadJudge.PHONE_E164, LeadJudge.PHONE_LINE_TYPE,
            LeadJudge.PHONE_REGION, LeadJudge.COUNTRY_CODE);

    private final QuarantineRepository queue;
    private final LeadRepository leads;
    private final LeadJudge judge;
    private final java.util.function.Supplier<QualityPolicy> policy;
    private final ObjectMapper json;
    private final EventBus events;
    private final Clock clock;
    private final String operator;

    /**
     * @param operator who acts, recorded on every event (the console passes the OS user name)
     */
    public QuarantineDesk(QuarantineRepository queue, LeadRepository leads, LeadJudge judge, ObjectMapper json,
                          EventBus events, Clock clock, String operator) {
        this(queue, leads, judge, null, json, events, clock, operator);
    }

    /**
     * @param policy the quality policy in force (e.g. {@link QualitySettings}), read at each re-judgement so an
     *               edited lead is judged as the pipeline would judge it now; null for the judge's default
     */
    public QuarantineDesk(QuarantineRepository queue, LeadRepository leads, LeadJudge judge,
                          java.util.function.Supplier<QualityPolicy> policy, ObjectMapper json, EventBus events,
                          Clock clock, String operator) {
        this.policy = policy;
        this.queue = Objects.requireNonNull(queue, "queue");
        this.leads = Objects.requireNonNull(leads, "leads");
        this.judge = Objects.requireNonNull(judge, "judge");
        this.json = Objects.requireNonNull(json, "json");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (operator == null || operator.isBlank()) {
            throw new IllegalArgumentException("an operator name is required");
        }
        this.operator = operator.strip();
    }

    /** A release the verdict does not allow; nothing was changed. */
    public static final class ReleaseRefusedException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient List<Finding> blocking;

        ReleaseRefusedException(String message, List<Finding> blocking) {
            super(message);
            this.blocking = List.copyOf(blocking);
        }

        /** The findings that keep the lead in quarantine. */
        public List<Finding> blocking() {
            return blocking;
        }
    }

    public String operator() {
        return operator;
    }

    /** The queue itself, for reading. */
    public QuarantineRepository queue() {
        return queue;
    }

    /** The fields an operator edits: the stored ones without those the judge derives. */
    public static Map<String, String> editableFields(Lead lead) {
        Map<String, String> out = new LinkedHashMap<>();
        lead.fields().forEach((k, v) -> {
            if (!DERIVED_FIELDS.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Judges the lead as it would be with {@code fields} instead of its stored ones. Pure: nothing is written. */
    public Verdict preview(Lead lead, Map<String, String> fields) {
        return judgeNow(withFields(lead, fields));
    }

    private Verdict judgeNow(Lead lead) {
        QualityPolicy now = policy == null ? null : policy.get();
        return now == null ? judge.judge(lead) : judge.judge(lead, now);
    }

    /** Whether the verdict lets an operator release the lead. */
    public static boolean releasable(Verdict v) {
        return v.decision() != Decision.REJECTED && blocking(v).isEmpty();
    }

    /** The findings that block a release: errors (a policy's reject codes are errors or count as such). */
    public static List<Finding> blocking(Verdict v) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : v.reasons()) {
            if (f.severity() == Severity.ERROR) {
                out.add(f);
            }
        }
        if (out.isEmpty() && v.decision() == Decision.REJECTED) {
            for (Finding f : v.reasons()) {
                if (f.severity() != Severity.INFO) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /**
     * Releases one lead with the operator's edits: stores the edited fields, re-judges, and makes it
     * ACCEPTED, or refuses when errors remain.
     *
     * @param fields the edited fields (blank values remove a field)
     * @throws ReleaseRefusedException when the re-judged lead still has errors
     */
    public Lead release(String leadId, Map<String, String> fields) {
        Lead lead = queue.resolveAll(List.of(leadId), operator, l -> releaseOf(l, fields), null).get(0);
        announce(List.of(lead));
        return lead;
    }

    /** Releases every lead as stored, all or none. */
    public List<Lead> releaseAll(List<String> leadIds, Progress progress) {
        List<Lead> done = queue.resolveAll(leadIds, operator, l -> releaseOf(l, null), progress);
        announce(done);
        return done;
    }

    /** Rejects one lead with the operator's reason. */
    public Lead reject(String leadId, String reason) {
        return rejectAll(List.of(leadId), reason, null).get(0);
    }

    /** Rejects every lead with the same reason, all or none. */
    public List<Lead> rejectAll(List<String> leadIds, String reason, Progress progress) {
        String why = requireReason(reason);
        List<Lead> done = queue.resolveAll(leadIds, operator, l -> new Resolution(LeadStatus.REJECTED, null, null,
                null, null, QuarantineRepository.REJECTED, "by " + operator + ": " + why), progress);
        announce(done);
        return done;
    }

    /** Marks a quarantined lead as a duplicate of another lead; it becomes REJECTED. */
    public Lead linkDuplicate(String leadId, String originalId) {
        Lead lead = queue.linkDuplicate(leadId, originalId, operator);
        announce(List.of(lead));
        return lead;
    }

    /** Leads that could be the original of {@code leadId}: by id, vendor lead id, name, email or phone. */
    public List<Lead> searchOriginals(String text, String leadId, int limit) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<Lead> out = new ArrayList<>();
        for (Lead l : leads.page(new LeadQuery(null, null, text.strip()), 0, limit + 1)) {
            if (!l.id().equals(leadId) && out.size() < limit) {
                out.add(l);
            }
        }
        return out;
    }

    private Resolution releaseOf(Lead stored, Map<String, String> edited) {
        Map<String, String> before = editableFields(stored);
        Map<String, String> fields = edited == null ? before : clean(edited);
        Verdict v = judgeNow(withFields(stored, fields));
        if (!releasable(v)) {
            List<Finding> blocking = blocking(v);
            StringBuilder sb = new StringBuilder("Lead ").append(stored.vendorLeadId())
                    .append(" cannot be released: ");
            for (int i = 0; i < blocking.size(); i++) {
                sb.append(i == 0 ? "" : " ").append(blocking.get(i).message());
            }
            throw new ReleaseRefusedException(sb.toString(), blocking);
        }
        List<String> changed = new ArrayList<>();
        for (String k : unionKeys(before, fields)) {
            if (!Objects.equals(before.get(k), fields.get(k))) {
                changed.add(k);
            }
        }
        boolean override = v.decision() == Decision.QUARANTINED;
        StringBuilder detail = new StringBuilder("by ").append(operator);
        if (!changed.isEmpty()) {
            detail.append(" after editing ").append(String.join(", ", changed));
        }
        if (override) {
            detail.append("; override of ").append(String.join(", ", holdingCodes(v)));
        }
        detail.append("; ").append(QualityStage.summary(v));
        return new Resolution(LeadStatus.ACCEPTED, v.fields(), v.score().value(), v.score().tier().name(),
                verdictJson(v, override, changed), QuarantineRepository.RELEASED, detail.toString());
    }

    /** The warning codes that held a lead without errors (the score, chiefly). */
    private static List<String> holdingCodes(Verdict v) {
        List<String> out = new ArrayList<>();
        for (Finding f : v.reasons()) {
            if (f.severity() == Severity.WARNING) {
                out.add(f.code());
            }
        }
        return out.isEmpty() ? List.of(ReasonCode.SCORE_REVIEW) : out;
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

    private static Map<String, String> clean(Map<String, String> fields) {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (k != null && !DERIVED_FIELDS.contains(k) && v != null && !v.isBlank()) {
                out.put(k, v.strip());
            }
        });
        return out;
    }

    private static Lead withFields(Lead lead, Map<String, String> fields) {
        return new Lead(lead.seq(), lead.id(), lead.vendorId(), lead.vendorLeadId(), lead.receivedAt(), lead.status(),
                lead.contentType(), lead.rawPayload(), clean(fields), lead.remoteIp());
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("say why the lead is rejected: the reason is kept in its timeline");
        }
        String r = reason.strip();
        return r.length() > 500 ? r.substring(0, 500) : r;
    }

    private void announce(List<Lead> changed) {
        for (Lead l : changed) {
            events.publish(new LeadStatusChangedEvent(l.id(), l.vendorId(), l.status()));
        }
    }

    /** The verdict as the quality stage stores it, plus who released the lead and what was overridden. */
    private String verdictJson(Verdict v, boolean override, List<String> changed) {
        ObjectNode root = json.createObjectNode()
                .put("decision", Decision.ACCEPTED.name().toLowerCase(Locale.ROOT))
                .put("score", v.score().value())
                .put("base", v.score().base())
                .put("tier", v.score().tier().name().toLowerCase(Locale.ROOT))
                .put("judged_at", v.judgedAt().toString());
        ArrayNode breakdown = root.putArray("breakdown");
        for (ScoreLine l : v.score().breakdown()) {
            breakdown.addObject().put("rule", l.rule()).put("points", l.points()).put("reason", l.reason());
        }
        ArrayNode reasons = root.putArray("reasons");
        for (Finding f : v.reasons()) {
            reasons.addObject().put("code", f.code()).put("field", f.field()).put("message", f.message())
                    .put("severity", f.severity().name().toLowerCase(Locale.ROOT));
        }
        ObjectNode release = root.putObject("released");
        release.put("by", operator).put("at", clock.instant().toString()).put("override", override);
        ArrayNode edited = release.putArray("edited");
        changed.forEach(edited::add);
        return root.toString();
    }
}
