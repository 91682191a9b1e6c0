package io.leadwire.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.CanonicalField;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The quarantine desk's view of the store: the queue of QUARANTINED leads (filtered by reason
 * through the {@code lead_reason} index, by vendor, age and text; sorted; paged) and the
 * operator's actions on them. Each action changes its leads and writes their timeline events,
 * with the operator as the event's actor, in one transaction: a bulk action is all or nothing.
 */
public final class QuarantineRepository {
    private static final TypeReference<LinkedHashMap<String, String>> FIELDS = new TypeReference<>() {
    };
    private static final String COLUMNS = "l.seq, l.id, l.vendor_id, l.vendor_lead_id, l.received_at, l.status, "
            + "l.content_type, l.raw_payload, l.fields_json, l.remote_ip, l.score, l.tier";
    private static final String INSERT_EVENT = "INSERT INTO lead_event (lead_id, at, type, detail, actor) "
            + "VALUES (?, ?, ?, ?, ?)";
    /** Timeline event types the desk writes. */
    public static final String RELEASED = "released";
    public static final String REJECTED = "rejected";
    public static final String DUPLICATE_LINKED = "duplicate_linked";
    public static final String DUPLICATE_ATTACHED = "duplicate_attached";

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final Clock clock;

    public QuarantineRepository(DataSource dataSource, ObjectMapper json, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** How the queue is ordered. */
    public enum Sort {
        OLDEST_FIRST("l.received_at ASC, l.seq ASC"),
        NEWEST_FIRST("l.received_at DESC, l.seq DESC"),
        LOWEST_SCORE("l.score ASC NULLS FIRST, l.seq ASC"),
        HIGHEST_SCORE("l.score DESC NULLS LAST, l.seq ASC"),
        VENDOR("v.name ASC, l.seq ASC");

        private final String orderBy;

        Sort(String orderBy) {
            this.orderBy = orderBy;
        }
    }

    /**
     * A filter on the queue; null members match everything.
     *
     * @param reasonCode     only leads whose verdict has this code
     * @param receivedBefore only leads received before this instant (the "older than" filter)
     * @param text           a part of the name, email, phone or vendor lead id, or the exact lead id
     */
    public record QueueQuery(String reasonCode, String vendorId, Instant receivedBefore, String text, Sort sort) {
        public static final QueueQuery ALL = new QueueQuery(null, null, null, null, Sort.OLDEST_FIRST);

        public QueueQuery {
            sort = sort == null ? Sort.OLDEST_FIRST : sort;
        }
    }

    /** A quarantined lead with its score and reason codes. */
    public record HeldLead(Lead lead, Integer score, String tier, List<String> reasonCodes) {
        public HeldLead {
            reasonCodes = List.copyOf(reasonCodes);
        }
    }

    /** One timeline event with who caused it (null for the engine). */
    public record TimelineEntry(Instant at, String type, String detail, String actor) {
    }

    /** What an operator's action does to one lead. Null {@code fields}/{@code verdictJson} keep the stored ones. */
    public record Resolution(LeadStatus status, Map<String, String> fields, Integer score, String tier,
                             String verdictJson, String eventType, String eventDetail) {
        public Resolution {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(eventDetail, "eventDetail");
        }
    }

    /** Told after each lead of a bulk action is written (still inside the transaction). */
    @FunctionalInterface
    public interface Progress {
        void done(int done, int total);
    }

    /** A lead the action was meant for is not (or no longer) in quarantine; nothing was changed. */
    public static final class NotQuarantinedException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public NotQuarantinedException(String message) {
            super(message);
        }
    }

    /** One page of the queue. */
    public List<HeldLead> page(QueueQuery q, int offset, int limit) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT " + COLUMNS + from(q, args, true) + " ORDER BY " + q.sort().orderBy
                + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
        args.add(offset);
        args.add(limit);
        try (Connection c = dataSource.getConnection()) {
            List<HeldLead> rows = new ArrayList<>(limit);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new HeldLead(map(rs), (Integer) rs.getObject("score"), rs.getString("tier"),
                                List.of()));
                    }
                }
            }
            return withReasons(c, rows);
        } catch (SQLException e) {
            throw new StoreException("could not page the quarantine", e);
        }
    }

    /** How many leads match the query. */
    public long count(QueueQuery q) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT COUNT(*)" + from(q, args, false);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("could not count the quarantine", e);
        }
    }

    /**
     * Quarantined leads per reason code under the query's vendor, age and text filters (its reason
     * filter is ignored, so every reason keeps its count while one is chosen).
     */
    public Map<String, Long> countByReason(QueueQuery q) {
        QueueQuery others = new QueueQuery(null, q.vendorId(), q.receivedBefore(), q.text(), q.sort());
        List<Object> args = new ArrayList<>();
        String sql = "SELECT r.code, COUNT(*) FROM lead_reason r JOIN lead l ON l.id = r.lead_id"
                + where(others, args) + " GROUP BY r.code";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, Long> out = new HashMap<>();
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("could not count reasons", e);
        }
    }

    /** A lead (in any status) with its score and reason codes. */
    public Optional<HeldLead> find(String leadId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM lead l WHERE l.id = ?")) {
            ps.setString(1, leadId);
            List<HeldLead> rows = new ArrayList<>(1);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    rows.add(new HeldLead(map(rs), (Integer) rs.getObject("score"), rs.getString("tier"), List.of()));
                }
            }
            return withReasons(c, rows).stream().findFirst();
        } catch (SQLException e) {
            throw new StoreException("could not read the lead", e);
        }
    }

    /** The lead's timeline with the actor of each event, oldest first. */
    public List<TimelineEntry> timeline(String leadId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT at, type, detail, actor FROM lead_event WHERE lead_id = ? ORDER BY seq")) {
            ps.setString(1, leadId);
            try (ResultSet rs = ps.executeQuery()) {
                List<TimelineEntry> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new TimelineEntry(Jdbc.instant(rs.getObject(1)), rs.getString(2), rs.getString(3),
                            rs.getString(4)));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the timeline", e);
        }
    }

    /**
     * Applies an operator's action to quarantined leads in one transaction: each lead is locked,
     * must still be QUARANTINED, is resolved by {@code resolve} and written with its timeline event
     * (actor {@code operator}) and, when its verdict changed, its reason codes. If any lead is gone
     * or no longer quarantined, or {@code resolve} throws, nothing is written and the exception
     * comes out as it is.
     *
     * @return the leads as written, in the order of {@code leadIds}
     */
    public List<Lead> resolveAll(List<String> leadIds, String operator, Function<Lead, Resolution> resolve,
                                 Progress progress) {
        Objects.requireNonNull(operator, "operator");
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(leadIds));
        return Jdbc.inTransaction(dataSource, "apply the quarantine action", c -> {
            List<Lead> written = new ArrayList<>(ids.size());
            try (PreparedStatement up = c.prepareStatement("UPDATE lead SET status = ?, fields_json = ?, "
                    + "first_name = ?, last_name = ?, email = ?, phone = ?, country = ?, score = ?, tier = ?, "
                    + "verdict_json = ?, decided_at = ? WHERE id = ?");
                 PreparedStatement ev = c.prepareStatement(INSERT_EVENT)) {
                int done = 0;
                for (String id : ids) {
                    Held held = lockQuarantined(c, id);
                    Resolution r = resolve.apply(held.lead());
                    Instant now = clock.instant();
                    Map<String, String> fields = r.fields() == null ? held.lead().fields() : r.fields();
                    up.setString(1, r.status().name());
                    up.setString(2, toJson(fields));
                    up.setString(3, clip(fields.get(CanonicalField.FIRST_NAME), 200));
                    up.setString(4, clip(fields.get(CanonicalField.LAST_NAME), 200));
                    up.setString(5, clip(fields.get(CanonicalField.EMAIL), 320));
                    up.setString(6, clip(fields.get(CanonicalField.PHONE), 64));
                    up.setString(7, clip(fields.get(CanonicalField.COUNTRY), 100));
                    up.setObject(8, r.verdictJson() == null ? held.score() : r.score());
                    up.setString(9, r.verdictJson() == null ? held.tier() : r.tier());
                    up.setString(10, r.verdictJson() == null ? held.verdictJson() : r.verdictJson());
                    up.setObject(11, Jdbc.ts(now));
                    up.setString(12, id);
                    up.executeUpdate();
                    event(ev, id, now, r.eventType(), r.eventDetail(), operator);
                    if (r.verdictJson() != null) {
                        LeadReasons.replace(c, id, LeadReasons.codesOf(json, r.verdictJson()));
                    }
                    Lead l = held.lead();
                    written.add(new Lead(l.seq(), l.id(), l.vendorId(), l.vendorLeadId(), l.receivedAt(), r.status(),
                            l.contentType(), l.rawPayload(), fields, l.remoteIp()));
                    if (progress != null) {
                        progress.done(++done, ids.size());
                    }
                }
            }
            StoreGauges.add(c, StoreGauges.QUARANTINED,
                    -written.stream().filter(l -> l.status() != LeadStatus.QUARANTINED).count());
            return written;
        });
    }

    /**
     * Marks a quarantined lead as a duplicate of {@code originalId}: it becomes REJECTED with a
     * {@value #DUPLICATE_LINKED} event whose detail is the original's id, and the original gets a
     * {@value #DUPLICATE_ATTACHED} event naming the duplicate. One transaction.
     *
     * @return the duplicate as written
     */
    public Lead linkDuplicate(String leadId, String originalId, String operator) {
        Objects.requireNonNull(operator, "operator");
        if (leadId.equals(originalId)) {
            throw new IllegalArgumentException("a lead cannot be a duplicate of itself: choose another original");
        }
        return Jdbc.inTransaction(dataSource, "link the duplicate", c -> {
            Held held = lockQuarantined(c, leadId);
            String originalLabel;
            try (PreparedStatement ps = c.prepareStatement("SELECT vendor_lead_id FROM lead WHERE id = ?")) {
                ps.setString(1, originalId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("the original lead " + originalId
                                + " is not in the database: search for it again");
                    }
                    originalLabel = rs.getString(1);
                }
            }
            Instant now = clock.instant();
            // duplicate_of names the root original (links never chain), as the de-duplicating stage does.
            try (PreparedStatement up = c.prepareStatement("UPDATE lead SET status = ?, decided_at = ?, "
                    + "duplicate_of = COALESCE((SELECT o.duplicate_of FROM lead o WHERE o.id = ?), ?) WHERE id = ?");
                 PreparedStatement ev = c.prepareStatement(INSERT_EVENT)) {
                up.setString(1, LeadStatus.REJECTED.name());
                up.setObject(2, Jdbc.ts(now));
                up.setString(3, originalId);
                up.setString(4, originalId);
                up.setString(5, leadId);
                up.executeUpdate();
                event(ev, leadId, now, DUPLICATE_LINKED, originalId, operator);
                event(ev, originalId, now, DUPLICATE_ATTACHED, leadId + " (" + held.lead().vendorLeadId()
                        + ") linked as a duplicate of " + originalLabel + " by " + operator, operator);
            }
            StoreGauges.add(c, StoreGauges.QUARANTINED, -1);
            Lead l = held.lead();
            return new Lead(l.seq(), l.id(), l.vendorId(), l.vendorLeadId(), l.receivedAt(), LeadStatus.REJECTED,
                    l.contentType(), l.rawPayload(), l.fields(), l.remoteIp());
        });
    }

    private record Held(Lead lead, Integer score, String tier, String verdictJson) {
    }

    private Held lockQuarantined(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", l.verdict_json FROM lead l "
                + "WHERE l.id = ? FOR UPDATE")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotQuarantinedException("lead " + id + " is not in the database any more");
                }
                Lead lead = map(rs);
                if (lead.status() != LeadStatus.QUARANTINED) {
                    throw new NotQuarantinedException("lead " + lead.vendorLeadId() + " is no longer quarantined "
                            + "(it is " + lead.status().wireName() + "); refresh the queue and try again");
                }
                return new Held(lead, (Integer) rs.getObject("score"), rs.getString("tier"),
                        rs.getString("verdict_json"));
            }
        }
    }

    private static void event(PreparedStatement ev, String leadId, Instant at, String type, String detail,
                              String actor) throws SQLException {
        ev.setString(1, leadId);
        ev.setObject(2, Jdbc.ts(at));
        ev.setString(3, type);
        ev.setString(4, clip(detail, 4000));
        ev.setString(5, clip(actor, 100));
        ev.executeUpdate();
    }

    private List<HeldLead> withReasons(Connection c, List<HeldLead> rows) throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<String, List<String>> codes = new HashMap<>();
        String marks = String.join(",", java.util.Collections.nCopies(rows.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT lead_id, code FROM lead_reason WHERE lead_id IN (" + marks + ") ORDER BY lead_id, code")) {
            for (int i = 0; i < rows.size(); i++) {
                ps.setString(i + 1, rows.get(i).lead().id());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    codes.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        List<HeldLead> out = new ArrayList<>(rows.size());
        for (HeldLead h : rows) {
            out.add(new HeldLead(h.lead(), h.score(), h.tier(), codes.getOrDefault(h.lead().id(), List.of())));
        }
        return out;
    }

    /** FROM and WHERE of the queue; joins the reason index only when filtering by reason. */
    private static String from(QueueQuery q, List<Object> args, boolean forPage) {
        StringBuilder sb = new StringBuilder(" FROM lead l");
        if (q.reasonCode() != null) {
            sb.append(" JOIN lead_reason r ON r.lead_id = l.id AND r.code = ?");
            args.add(q.reasonCode());
        }
        if (forPage && q.sort() == Sort.VENDOR) {
            sb.append(" LEFT JOIN vendor v ON v.id = l.vendor_id");
        }
        return sb.append(where(q, args)).toString();
    }

    private static String where(QueueQuery q, List<Object> args) {
        List<String> parts = new ArrayList<>();
        parts.add("l.status = '" + LeadStatus.QUARANTINED.name() + "'");
        if (q.vendorId() != null) {
            parts.add("l.vendor_id = ?");
            args.add(q.vendorId());
        }
        if (q.receivedBefore() != null) {
            parts.add("l.received_at < ?");
            args.add(Jdbc.ts(q.receivedBefore()));
        }
        if (q.text() != null && !q.text().isBlank()) {
            String like = "%" + q.text().strip().toLowerCase(Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            parts.add("(LOWER(l.vendor_lead_id) LIKE ? ESCAPE '\\' OR LOWER(l.first_name) LIKE ? ESCAPE '\\' "
                    + "OR LOWER(l.last_name) LIKE ? ESCAPE '\\' OR LOWER(l.email) LIKE ? ESCAPE '\\' "
                    + "OR LOWER(l.phone) LIKE ? ESCAPE '\\' OR l.id = ?)");
            for (int i = 0; i < 5; i++) {
                args.add(like);
            }
            args.add(q.text().strip());
        }
        return " WHERE " + String.join(" AND ", parts);
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    private Lead map(ResultSet rs) throws SQLException {
        return new Lead(rs.getLong("seq"), rs.getString("id"), rs.getString("vendor_id"),
                rs.getString("vendor_lead_id"), Jdbc.instant(rs.getObject("received_at")),
                LeadStatus.valueOf(rs.getString("status")), rs.getString("content_type"),
                rs.getString("raw_payload"), fromJson(rs.getString("fields_json")), rs.getString("remote_ip"));
    }

    private String toJson(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new StoreException("could not encode fields", e);
        }
    }

    private Map<String, String> fromJson(String s) {
        try {
            return json.readValue(s, FIELDS);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored fields are not JSON", e);
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
