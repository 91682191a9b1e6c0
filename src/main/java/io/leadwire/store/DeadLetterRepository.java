package io.leadwire.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.lead.CanonicalField;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.store.DeliveryRepository.AttemptRow;
import io.leadwire.store.DeliveryRepository.DeliveryRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The dead-letter desk's view of the store: the open dead letters (leads routing could not sell,
 * with the delivery that was tried last), counted by reason, each with its whole context, and the
 * operator's actions on them.
 *
 * <p>Every action is one transaction that resolves the dead letter, changes the lead and writes
 * its timeline events with the operator as actor. An entry someone else resolved meanwhile is
 * refused and nothing is written; a bulk action is all or nothing.
 */
public final class DeadLetterRepository {
    /** Routing found no buyer that could take the lead at all. */
    public static final String NO_ELIGIBLE_BUYER = "no_eligible_buyer";
    /** Every eligible buyer was tried, down the whole waterfall, and none bought it. */
    public static final String WATERFALL_EXHAUSTED = "waterfall_exhausted";
    /** Timeline event types the desk writes. */
    public static final String REPLAYED = "replayed";
    public static final String EDITED = "edited";
    public static final String ROUTED_AGAIN = "routed_again";
    public static final String DISCARDED = "discarded";

    private static final String INSERT_EVENT = "INSERT INTO lead_event (lead_id, at, type, detail, actor) "
            + "VALUES (?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT dl.seq AS dl_seq, dl.at AS dl_at, dl.reason AS dl_reason, "
            + "dl.detail AS dl_detail, l.seq, l.id, l.vendor_id, l.vendor_lead_id, l.received_at, l.status, "
            + "l.content_type, l.raw_payload, l.fields_json, l.remote_ip, v.name AS vendor_name, d.id AS d_id, "
            + "d.buyer_id AS d_buyer, b.name AS b_name, d.status AS d_status, d.error_class AS d_error, "
            + "d.attempts AS d_attempts, d.reason AS d_reason, a.response_status AS a_status";
    /** The dead letter, its lead, vendor, the lead's last delivery, its buyer and last attempt. */
    private static final String FROM = " FROM dead_letter dl JOIN lead l ON l.id = dl.lead_id "
            + "LEFT JOIN vendor v ON v.id = l.vendor_id "
            + "LEFT JOIN delivery d ON d.seq = (SELECT MAX(d2.seq) FROM delivery d2 WHERE d2.lead_id = dl.lead_id) "
            + "LEFT JOIN buyer b ON b.id = d.buyer_id "
            + "LEFT JOIN delivery_attempt a ON a.seq = "
            + "(SELECT MAX(a2.seq) FROM delivery_attempt a2 WHERE a2.delivery_id = d.id)";

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final Clock clock;
    private final DeliveryRepository deliveries;

    public DeadLetterRepository(DataSource dataSource, ObjectMapper json, Clock clock, DeliveryRepository deliveries) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
    }

    // ---------------------------------------------------------------- reading

    /** How the open dead letters are ordered: by when they landed. */
    public enum Sort {
        NEWEST_FIRST("dl.at DESC, dl.seq DESC"),
        OLDEST_FIRST("dl.at ASC, dl.seq ASC");

        private final String orderBy;

        Sort(String orderBy) {
            this.orderBy = orderBy;
        }
    }

    /**
     * A filter on the open dead letters; null members match everything.
     *
     * @param reason  {@link #NO_ELIGIBLE_BUYER} or {@link #WATERFALL_EXHAUSTED}
     * @param buyerId the buyer of the lead's last delivery
     * @param text    a part of the name, email, phone, vendor lead id or the dead letter's detail, or the lead id
     */
    public record Query(String reason, String vendorId, String buyerId, String text, Sort sort) {
        public static final Query ALL = new Query(null, null, null, null, Sort.NEWEST_FIRST);

        public Query {
            sort = sort == null ? Sort.NEWEST_FIRST : sort;
        }

        public Query withReason(String r) {
            return new Query(r, vendorId, buyerId, text, sort);
        }
    }

    /**
     * One open dead letter with its lead and the delivery tried last (its members null when the
     * lead never had a delivery, e.g. no buyer was eligible).
     *
     * @param seq            the dead letter's id
     * @param lastStatus     the last delivery's status
     * @param errorClass     the last delivery's error class (null when the buyer answered, e.g. rejected)
     * @param lastReason     the last delivery's reason text
     * @param lastHttpStatus the HTTP status of the last attempt, null when none was answered
     */
    public record Entry(long seq, Instant at, String reason, String detail, Lead lead, String vendorName,
                        String lastDeliveryId, String lastBuyerId, String lastBuyerName, DeliveryStatus lastStatus,
                        String errorClass, String lastReason, int attempts, Integer lastHttpStatus) {
    }

    /** One delivery of the lead with its buyer's name and its attempts (oldest first). */
    public record DeliveryContext(DeliveryRow delivery, String buyerName, List<AttemptRow> attempts) {
        public DeliveryContext {
            attempts = List.copyOf(attempts);
        }

        public Optional<AttemptRow> lastAttempt() {
            return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
        }
    }

    /** One timeline event with who caused it (null for the engine). */
    public record TimelineEntry(Instant at, String type, String detail, String actor) {
    }

    /**
     * Everything about one dead letter: the entry, each delivery of the lead, the routing rounds
     * (round → the stored decision document) and the lead's timeline.
     */
    public record Context(Entry entry, List<DeliveryContext> deliveries, Map<Integer, String> rounds,
                          List<TimelineEntry> timeline) {
        public Context {
            deliveries = List.copyOf(deliveries);
            rounds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rounds));
            timeline = List.copyOf(timeline);
        }
    }

    /** One page of the open dead letters. */
    public List<Entry> page(Query q, int offset, int limit) {
        List<Object> args = new ArrayList<>();
        String sql = SELECT + FROM + where(q, args, true) + " ORDER BY " + q.sort().orderBy
                + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
        args.add(offset);
        args.add(limit);
        return query("page the dead letters", sql, args, rs -> entry(rs));
    }

    /** How many open dead letters match the query. */
    public long count(Query q) {
        List<Object> args = new ArrayList<>();
        return query("count the dead letters", "SELECT COUNT(*)" + FROM + where(q, args, true), args,
                rs -> rs.getLong(1)).get(0);
    }

    /** How many dead letters are open: one count on the open index, without the joins of {@link #count}. */
    public long countOpen() {
        return query("count the open dead letters", "SELECT COUNT(*) FROM dead_letter WHERE resolved_at IS NULL",
                List.of(), rs -> rs.getLong(1)).get(0);
    }

    /** Open dead letters per reason under the query's other filters (its reason filter is ignored). */
    public Map<String, Long> countByReason(Query q) {
        List<Object> args = new ArrayList<>();
        Map<String, Long> out = new LinkedHashMap<>();
        query("count the dead letters", "SELECT dl.reason, COUNT(*)" + FROM + where(q, args, false)
                + " GROUP BY dl.reason ORDER BY dl.reason", args, rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    /** The buyers any open dead letter was last tried with: id → name, by name. */
    public Map<String, String> lastBuyers() {
        Map<String, String> out = new LinkedHashMap<>();
        query("read the buyers tried", "SELECT DISTINCT d.buyer_id, b.name" + FROM
                + " WHERE dl.resolved_at IS NULL AND d.buyer_id IS NOT NULL ORDER BY b.name", List.of(),
                rs -> out.put(rs.getString(1), rs.getString(2)));
        return out;
    }

    /** One dead letter, open or resolved. */
    public Optional<Entry> entry(long seq) {
        List<Entry> rows = query("read the dead letter", SELECT + FROM + " WHERE dl.seq = ?", List.of(seq),
                this::entry);
        return rows.stream().findFirst();
    }

    /** A dead letter with its whole context, or empty if there is no such entry. */
    public Optional<Context> context(long seq) {
        Optional<Entry> found = entry(seq);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Entry e = found.get();
        Map<String, String> names = buyerNames();
        List<DeliveryContext> ds = new ArrayList<>();
        for (DeliveryRow d : deliveries.deliveriesOf(e.lead().id())) {
            ds.add(new DeliveryContext(d, names.getOrDefault(d.buyerId(), d.buyerId()), deliveries.attempts(d.id())));
        }
        return Optional.of(new Context(e, ds, deliveries.routingDecisions(e.lead().id()), timeline(e.lead().id())));
    }

    /** Every buyer's name by id, removed or not routable ones included. */
    public Map<String, String> buyerNames() {
        Map<String, String> out = new HashMap<>();
        query("read buyer names", "SELECT id, name FROM buyer", List.of(), rs -> out.put(rs.getString(1),
                rs.getString(2)));
        return out;
    }

    /** The lead's timeline with the actor of each event, oldest first. */
    public List<TimelineEntry> timeline(String leadId) {
        return query("read the timeline", "SELECT at, type, detail, actor FROM lead_event WHERE lead_id = ? "
                + "ORDER BY seq", List.of(leadId), rs -> new TimelineEntry(Jdbc.instant(rs.getObject(1)),
                rs.getString(2), rs.getString(3), rs.getString(4)));
    }

    private Entry entry(ResultSet rs) throws SQLException {
        Lead lead = LeadRepository.read(rs, json);
        String status = rs.getString("d_status");
        int http = rs.getInt("a_status");
        Integer lastHttp = rs.wasNull() ? null : http;
        return new Entry(rs.getLong("dl_seq"), Jdbc.instant(rs.getObject("dl_at")), rs.getString("dl_reason"),
                rs.getString("dl_detail"), lead, rs.getString("vendor_name"), rs.getString("d_id"),
                rs.getString("d_buyer"), rs.getString("b_name"), status == null ? null : DeliveryStatus.valueOf(status),
                rs.getString("d_error"), rs.getString("d_reason"), rs.getInt("d_attempts"), lastHttp);
    }

    private static String where(Query q, List<Object> args, boolean withReason) {
        List<String> parts = new ArrayList<>();
        parts.add("dl.resolved_at IS NULL");
        if (withReason && q.reason() != null) {
            parts.add("dl.reason = ?");
            args.add(q.reason());
        }
        if (q.vendorId() != null) {
            parts.add("l.vendor_id = ?");
            args.add(q.vendorId());
        }
        if (q.buyerId() != null) {
            parts.add("d.buyer_id = ?");
            args.add(q.buyerId());
        }
        if (q.text() != null && !q.text().isBlank()) {
            String like = "%" + q.text().strip().toLowerCase(Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            parts.add("(LOWER(l.vendor_lead_id) LIKE ? ESCAPE '\\' OR LOWER(l.first_name) LIKE ? ESCAPE '\\' "
                    + "OR LOWER(l.last_name) LIKE ? ESCAPE '\\' OR LOWER(l.email) LIKE ? ESCAPE '\\' "
                    + "OR LOWER(l.phone) LIKE ? ESCAPE '\\' OR LOWER(dl.detail) LIKE ? ESCAPE '\\' OR l.id = ?)");
            for (int i = 0; i < 6; i++) {
                args.add(like);
            }
            args.add(q.text().strip());
        }
        return " WHERE " + String.join(" AND ", parts);
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String what, String sql, List<Object> args, RowReader<T> reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("could not " + what, e);
        }
    }

    // ---------------------------------------------------------------- actions

    /**
     * An open dead letter as an action sees it, locked for the action's transaction.
     *
     * @param lastBuyerId  the buyer of the lead's last delivery, null when it never had one
     * @param triedBuyers  every buyer the lead was offered to, oldest first
     */
    public record Open(long seq, String reason, Lead lead, String lastBuyerId, List<String> triedBuyers) {
        public Open {
            triedBuyers = List.copyOf(triedBuyers);
        }
    }

    /** What the operator does with one dead letter. */
    public sealed interface Action permits Replay, RouteAgain, Discard {
    }

    /**
     * Sends the lead to one buyer again. An earlier delivery to that buyer is reset to PENDING, due
     * now, with its idempotency key (a buyer that already has the lead can dedupe it) and its
     * attempt count; otherwise a new delivery is created as routing would. Either way it uses
     * {@code mappingVersion} (the buyer's current published version, so a fixed mapping takes
     * effect) and reserves no cap unit: sending past a cap is the operator's explicit choice.
     *
     * @param fields        edited lead fields to store first, or null to keep the stored ones
     * @param changedFields the names of the fields the edit changed (logged; the values are not)
     */
    public record Replay(String buyerId, String buyerName, Integer mappingVersion, Map<String, String> fields,
                         List<String> changedFields) implements Action {
        public Replay {
            Objects.requireNonNull(buyerId, "buyerId");
            Objects.requireNonNull(buyerName, "buyerName");
            fields = fields == null ? null : Map.copyOf(fields);
            changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
        }
    }

    /**
     * Puts the lead back to ACCEPTED for a fresh routing round. Routing still skips the buyers the
     * lead was already offered to (the delivery row per lead and buyer is what makes a double sale
     * impossible), so this reaches buyers added since, or whose caps, schedules or breakers kept
     * them out; a buyer already tried is reached with {@link Replay}.
     */
    public record RouteAgain() implements Action {
    }

    /** Closes the dead letter: the lead stays UNSOLD for good, with the operator's reason. */
    public record Discard(String reason) implements Action {
        public Discard {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * What an action did to one dead letter.
     *
     * @param deliveryId the delivery a replay made due, else null
     */
    public record Resolved(long seq, Lead lead, LeadStatus status, String deliveryId, String buyerId,
                           String resolution) {
    }

    /** Told after each entry of a bulk action is written (still inside the transaction). */
    @FunctionalInterface
    public interface Progress {
        void done(int done, int total);
    }

    /** The dead letter is gone or already handled (by someone else, or by routing); nothing was changed. */
    public static final class NotOpenException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public NotOpenException(String message) {
            super(message);
        }
    }

    /**
     * Applies the operator's action to each dead letter in one transaction: each is locked, must
     * still be open with its lead UNSOLD, gets its action from {@code decide} (which may throw to
     * refuse it) and is written with its timeline events (actor {@code operator}). If any entry is
     * not open or any decision throws, nothing is written and the exception comes out as it is.
     *
     * @return what was done, in the order of {@code seqs}
     */
    public List<Resolved> resolveAll(List<Long> seqs, String operator, Function<Open, Action> decide,
                                     Progress progress) {
        Objects.requireNonNull(operator, "operator");
        List<Long> ids = List.copyOf(new LinkedHashSet<>(seqs));
        return Jdbc.inTransaction(dataSource, "apply the dead-letter action", c -> {
            List<Resolved> out = new ArrayList<>(ids.size());
            int done = 0;
            for (long seq : ids) {
                Open open = lockOpen(c, seq);
                Action action = decide.apply(open);
                Instant now = clock.instant();
                if (action instanceof Replay replay) {
                    out.add(replay(c, open, replay, operator, now));
                } else if (action instanceof Discard discard) {
                    out.add(discard(c, open, discard, operator, now));
                } else {
                    out.add(routeAgain(c, open, operator, now));
                }
                if (progress != null) {
                    progress.done(++done, ids.size());
                }
            }
            // Once, last: the gauge row is locked only for the commit, never while this action
            // still waits for other dead letters' locks (another desk, routing dead-lettering).
            StoreGauges.add(c, StoreGauges.DEAD_LETTERS_OPEN, -out.size());
            return out;
        });
    }

    private Open lockOpen(Connection c, long seq) throws SQLException {
        String leadId;
        String reason;
        try (PreparedStatement ps = c.prepareStatement("SELECT lead_id, reason, resolved_at, resolved_by, resolution "
                + "FROM dead_letter WHERE seq = ? FOR UPDATE")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotOpenException("dead letter " + seq + " is not in the database any more; "
                            + "refresh the list");
                }
                leadId = rs.getString(1);
                reason = rs.getString(2);
                if (rs.getObject(3) != null) {
                    throw new NotOpenException("the dead letter of lead " + label(c, leadId) + " was already handled"
                            + " by " + rs.getString(4) + " (" + rs.getString(5) + "); refresh the list");
                }
            }
        }
        Lead lead;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + LeadRepository.COLUMNS
                + " FROM lead WHERE id = ? FOR UPDATE")) {
            ps.setString(1, leadId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                lead = LeadRepository.read(rs, json);
            }
        }
        if (lead.status() != LeadStatus.UNSOLD) {
            throw new NotOpenException("lead " + lead.vendorLeadId() + " is no longer unsold (it is "
                    + lead.status().wireName() + "); refresh the list");
        }
        List<String> tried = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT buyer_id FROM delivery WHERE lead_id = ? ORDER BY seq")) {
            ps.setString(1, leadId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tried.add(rs.getString(1));
                }
            }
        }
        return new Open(seq, reason, lead, tried.isEmpty() ? null : tried.get(tried.size() - 1), tried);
    }

    private static String label(Connection c, String leadId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT vendor_lead_id FROM lead WHERE id = ?")) {
            ps.setString(1, leadId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : leadId;
            }
        }
    }

    private Resolved replay(Connection c, Open open, Replay replay, String operator, Instant now)
            throws SQLException {
        Lead lead = open.lead();
        if (replay.fields() != null) {
            storeFields(c, lead.id(), replay.fields());
            event(c, lead.id(), now, EDITED, "by " + operator + ": "
                    + (replay.changedFields().isEmpty() ? "no field changed"
                    : String.join(", ", replay.changedFields()) + " changed"), operator);
            lead = new Lead(lead.seq(), lead.id(), lead.vendorId(), lead.vendorLeadId(), lead.receivedAt(),
                    lead.status(), lead.contentType(), lead.rawPayload(), replay.fields(), lead.remoteIp());
        }
        int round = nextRound(c, lead.id());
        String deliveryId;
        String how;
        Existing existing = existing(c, lead.id(), replay.buyerId());
        if (existing != null) {
            if (existing.status() == DeliveryStatus.ACCEPTED) {
                throw new IllegalArgumentException(replay.buyerName() + " already bought lead " + lead.vendorLeadId()
                        + "; choose another buyer");
            }
            if (existing.status().open()) {
                throw new IllegalArgumentException("a delivery of lead " + lead.vendorLeadId() + " to "
                        + replay.buyerName() + " is still under way; wait for it to finish");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE delivery SET status = ?, next_attempt_at = ?, "
                    + "lease_until = NULL, finished_at = NULL, reason = NULL, error_class = NULL, round = ?, "
                    + "mapping_version = ?, cap_windows = '', updated_at = ? WHERE id = ?")) {
                ps.setString(1, DeliveryStatus.PENDING.name());
                ps.setObject(2, Jdbc.ts(now));
                ps.setInt(3, round);
                ps.setObject(4, replay.mappingVersion());
                ps.setObject(5, Jdbc.ts(now));
                ps.setString(6, existing.id());
                ps.executeUpdate();
            }
            deliveryId = existing.id();
            how = "the earlier delivery sent again with the same idempotency key (attempt " + (existing.attempts() + 1)
                    + ")";
        } else {
            deliveryId = UUID.randomUUID().toString();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO delivery (id, lead_id, buyer_id, round, "
                    + "status, attempts, next_attempt_at, idempotency_key, mapping_version, cap_windows, created_at, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, '', ?, ?)")) {
                ps.setString(1, deliveryId);
                ps.setString(2, lead.id());
                ps.setString(3, replay.buyerId());
                ps.setInt(4, round);
                ps.setString(5, DeliveryStatus.PENDING.name());
                ps.setObject(6, Jdbc.ts(now));
                ps.setString(7, deliveryId);
                ps.setObject(8, replay.mappingVersion());
                ps.setObject(9, Jdbc.ts(now));
                ps.setObject(10, Jdbc.ts(now));
                ps.executeUpdate();
            }
            how = "a new delivery";
        }
        ObjectNode detail = json.createObjectNode();
        detail.putArray("ordered");
        detail.putArray("skipped");
        detail.putArray("chosen").add(replay.buyerName());
        detail.put("round", round);
        detail.putObject("replay").put("by", operator).put("buyer", replay.buyerId()).put("caps", "not reserved");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO routing_decision (lead_id, at, round, chosen, "
                + "detail_json) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, lead.id());
            ps.setObject(2, Jdbc.ts(now));
            ps.setInt(3, round);
            ps.setString(4, clip(replay.buyerName(), 1000));
            ps.setString(5, toJson(detail));
            ps.executeUpdate();
        }
        setStatus(c, lead.id(), LeadStatus.ROUTED);
        String resolution = "replayed to " + replay.buyerName();
        event(c, lead.id(), now, REPLAYED, "by " + operator + " to " + replay.buyerName() + " (round " + round + "): "
                + how + "; no cap unit reserved, the operator's choice", operator);
        resolve(c, open.seq(), now, operator, resolution);
        return new Resolved(open.seq(), withStatus(lead, LeadStatus.ROUTED), LeadStatus.ROUTED, deliveryId,
                replay.buyerId(), resolution);
    }

    private Resolved routeAgain(Connection c, Open open, String operator, Instant now) throws SQLException {
        Lead lead = open.lead();
        setStatus(c, lead.id(), LeadStatus.ACCEPTED);
        String resolution = "routed again";
        event(c, lead.id(), now, ROUTED_AGAIN, "by " + operator + ": a fresh routing round; "
                + (open.triedBuyers().isEmpty() ? "no buyer was tried yet"
                : open.triedBuyers().size() + " buyer(s) already tried are skipped"), operator);
        resolve(c, open.seq(), now, operator, resolution);
        return new Resolved(open.seq(), withStatus(lead, LeadStatus.ACCEPTED), LeadStatus.ACCEPTED, null, null,
                resolution);
    }

    private Resolved discard(Connection c, Open open, Discard discard, String operator, Instant now)
            throws SQLException {
        String resolution = clip("discarded: " + discard.reason(), 1000);
        event(c, open.lead().id(), now, DISCARDED, "by " + operator + ": " + discard.reason(), operator);
        resolve(c, open.seq(), now, operator, resolution);
        return new Resolved(open.seq(), open.lead(), LeadStatus.UNSOLD, null, null, resolution);
    }

    private record Existing(String id, DeliveryStatus status, int attempts) {
    }

    private static Existing existing(Connection c, String leadId, String buyerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, status, attempts FROM delivery "
                + "WHERE lead_id = ? AND buyer_id = ? FOR UPDATE")) {
            ps.setString(1, leadId);
            ps.setString(2, buyerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Existing(rs.getString(1), DeliveryStatus.valueOf(rs.getString(2)),
                        rs.getInt(3)) : null;
            }
        }
    }

    private static int nextRound(Connection c, String leadId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(MAX(round), 0) FROM routing_decision WHERE lead_id = ?")) {
            ps.setString(1, leadId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) + 1;
            }
        }
    }

    private void storeFields(Connection c, String leadId, Map<String, String> fields) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE lead SET fields_json = ?, first_name = ?, "
                + "last_name = ?, email = ?, phone = ?, country = ? WHERE id = ?")) {
            ps.setString(1, toJson(fields));
            ps.setString(2, clip(fields.get(CanonicalField.FIRST_NAME), 200));
            ps.setString(3, clip(fields.get(CanonicalField.LAST_NAME), 200));
            ps.setString(4, clip(fields.get(CanonicalField.EMAIL), 320));
            ps.setString(5, clip(fields.get(CanonicalField.PHONE), 64));
            ps.setString(6, clip(fields.get(CanonicalField.COUNTRY), 100));
            ps.setString(7, leadId);
            ps.executeUpdate();
        }
    }

    private static void setStatus(Connection c, String leadId, LeadStatus status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE lead SET status = ? WHERE id = ?")) {
            ps.setString(1, status.name());
            ps.setString(2, leadId);
            ps.executeUpdate();
        }
    }

    /**
     * Resolves the entry only if it is still open: the last guard against a concurrent resolution.
     * The caller takes it off the open dead letters' gauge.
     */
    private static void resolve(Connection c, long seq, Instant now, String operator, String resolution)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE dead_letter SET resolved_at = ?, resolved_by = ?, "
                + "resolution = ? WHERE seq = ? AND resolved_at IS NULL")) {
            ps.setObject(1, Jdbc.ts(now));
            ps.setString(2, clip(operator, 100));
            ps.setString(3, clip(resolution, 1000));
            ps.setLong(4, seq);
            if (ps.executeUpdate() != 1) {
                throw new NotOpenException("dead letter " + seq + " was handled by someone else meanwhile; "
                        + "refresh the list");
            }
        }
    }

    private static void event(Connection c, String leadId, Instant at, String type, String detail, String actor)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
            ps.setString(1, leadId);
            ps.setObject(2, Jdbc.ts(at));
            ps.setString(3, type);
            ps.setString(4, clip(detail, 4000));
            ps.setString(5, clip(actor, 100));
            ps.executeUpdate();
        }
    }

    private static Lead withStatus(Lead l, LeadStatus status) {
        return new Lead(l.seq(), l.id(), l.vendorId(), l.vendorLeadId(), l.receivedAt(), status, l.contentType(),
                l.rawPayload(), l.fields(), l.remoteIp());
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("could not encode JSON", e);
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
