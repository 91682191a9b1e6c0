package io.leadwire.store;

import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.LeadStatus;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Buyer callbacks in the store: the events as received (the queue between the HTTP answer and
 * the worker), what applying them changes on deliveries and leads, and the insert-only
 * {@code lead_outcome} log.
 *
 * <p>Receiving is one insert, committed before the buyer is answered; the unique
 * {@code (buyer_id, event_id)} key makes a re-sent event a replay, whatever engines race. The
 * worker claims pending events with {@code FOR UPDATE SKIP LOCKED} and applies each behind its
 * own savepoint, so one event that cannot be applied is marked failed without undoing the others.
 */
public final class CallbackRepository {
    /** Event states. */
    public static final String PENDING = "pending";
    public static final String APPLIED = "applied";
    public static final String FLAGGED = "flagged";
    public static final String FAILED = "failed";

    private static final String EVENT_COLUMNS = "seq, id, buyer_id, event_id, received_at, remote_ip, type, body, "
            + "state, note, lead_id, delivery_id, processed_at";
    private static final String FACT_COLUMNS = "d.id, d.lead_id, l.vendor_id, d.buyer_id, d.status, d.price, "
            + "d.buyer_lead_id, d.finished_at, d.returned_at, d.converted_at, l.status, d.revenue";

    private final DataSource dataSource;

    public CallbackRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    // ---------------------------------------------------------------- receiving

    /** What storing a received event did. */
    public sealed interface Received permits Stored, Replay {
    }

    /** A new event, committed as pending. */
    public record Stored(String id) implements Received {
    }

    /** The buyer sent this event id before; nothing was stored. */
    public record Replay(String id, String state) implements Received {
    }

    /**
     * Stores a received event as pending and commits, or finds it already stored.
     *
     * @param type the event's type as the buyer wrote it, or null
     */
    public Received receive(String buyerId, String eventId, Instant at, String remoteIp, String type, String body) {
        return Jdbc.inTransaction(dataSource, "store callback", c -> {
            String id = UUID.randomUUID().toString();
            Savepoint sp = c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO callback_event (id, buyer_id, event_id, "
                    + "received_at, remote_ip, type, body, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, buyerId);
                ps.setString(3, eventId);
                ps.setObject(4, Jdbc.ts(at));
                ps.setString(5, remoteIp);
                ps.setString(6, DeliveryRepository.clip(type, 100));
                ps.setString(7, body);
                ps.setString(8, PENDING);
                ps.executeUpdate();
                return new Stored(id);
            } catch (SQLException e) {
                if (!Jdbc.isUniqueViolation(e)) {
                    throw e;
                }
                c.rollback(sp);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, state FROM callback_event WHERE buyer_id = ? AND event_id = ?")) {
                ps.setString(1, buyerId);
                ps.setString(2, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("callback event vanished after a unique violation", "40001");
                    }
                    return new Replay(rs.getString(1), rs.getString(2));
                }
            }
        });
    }

    // ---------------------------------------------------------------- applying

    /** A stored event, as the worker and the console read it. */
    public record CallbackRow(long seq, String id, String buyerId, String eventId, Instant receivedAt,
            String remoteIp, String type, String body, String state, String note, String leadId, String deliveryId,
            Instant processedAt) {
    }

    /**
     * A delivery a callback is about, with its lead's vendor and status.
     *
     * @param finishedAt when the delivery ended (for an accepted one: the sale)
     * @param revenue    the conversion revenue recorded so far (null: not converted, or converted without one)
     */
    public record DeliveryFacts(String deliveryId, String leadId, String vendorId, String buyerId,
            DeliveryStatus status, BigDecimal price, String buyerLeadId, Instant finishedAt, Instant returnedAt,
            Instant convertedAt, LeadStatus leadStatus, BigDecimal revenue) {
    }

    /** A lead whose status applying an event changed, for the events published after the commit. */
    public record LeadMove(String leadId, LeadStatus status) {
    }

    /** A delivery whose status applying an event changed. */
    public record DeliveryMove(String deliveryId, String leadId, String buyerId, DeliveryStatus status) {
    }

    /** What the worker may do while applying one event, inside the claim's transaction. */
    public interface Applying {
        /**
         * The buyer's delivery the reference names: our lead id, then our delivery id (also its
         * idempotency key), then the buyer's own lead id.
         */
        Optional<DeliveryFacts> findDelivery(String buyerId, String reference);

        /** Records the buyer's latest status word on the delivery. */
        void setBuyerStatus(String deliveryId, String status);

        /** Records a credited return: when, why and the credit owed. */
        void markReturned(String deliveryId, String reason, BigDecimal credit);

        /** Records a conversion and its revenue (null when the buyer sent none). */
        /**
         * Marks the delivery converted (with its revenue, if known), unless it already is: two
         * engines applying a {@code converted} status and a conversion event at once count it once.
         *
         * @return false when it was converted already (nothing changed)
         */
        boolean markConverted(String deliveryId, BigDecimal revenue);

        /**
         * Records the revenue of a conversion already recorded, keeping when it converted, unless
         * a revenue is recorded already.
         *
         * @return false when a revenue was recorded already (nothing changed)
         */
        boolean setRevenue(String deliveryId, BigDecimal revenue);

        /**
         * Ends an AWAITING delivery with the buyer's final word, as status polling would: a sale
         * marks the lead DELIVERED; a refusal gives back its cap units and, when nothing else
         * holds the lead, sends it back to routing.
         *
         * @return false when the delivery was no longer AWAITING (nothing changed)
         */
        boolean settleAwaiting(DeliveryFacts delivery, boolean accepted, String reason, String eventType,
                               String detail);

        /**
         * DELIVERED → ACCEPTED for a returned lead, when no other standing sale or open delivery
         * holds it, so routing offers it to the buyers not tried yet.
         *
         * @return whether the lead went back to routing
         */
        boolean sendBackToRouting(String leadId);

        /** Adds a lead timeline row. */
        void timeline(String leadId, String type, String detail);

        /** Adds the {@code lead_outcome} row of an applied event. */
        void outcome(DeliveryFacts delivery, String kind, String value, BigDecimal amount);
    }

    /**
     * How one event ended.
     *
     * @param state {@link #APPLIED}, {@link #FLAGGED} or {@link #FAILED}
     * @param note  why (for flagged and failed), or a summary
     */
    public record Verdict(String state, String note, String leadId, String deliveryId) {
    }

    /** Applies one claimed event. */
    public interface CallbackWork {
        Verdict apply(CallbackRow event, Applying applying);
    }

    /** One event the worker handled, with the moves it caused. */
    public record Processed(CallbackRow event, Verdict verdict, List<LeadMove> leads, List<DeliveryMove> deliveries) {
    }

    /**
     * Claims up to {@code limit} pending events no other worker holds, oldest first, applies each
     * with {@code work} behind a savepoint and commits once. An event whose work throws (a defect,
     * a constraint) is rolled back alone and marked failed with the reason.
     */
    public List<Processed> processPending(int limit, Instant at, CallbackWork work) {
        return Jdbc.inTransaction(dataSource, "apply callbacks", c -> {
            List<CallbackRow> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM callback_event "
                    + "WHERE state = ? ORDER BY seq FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED")) {
                ps.setString(1, PENDING);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(eventRow(rs));
                    }
                }
            }
            List<Processed> out = new ArrayList<>(claimed.size());
            for (CallbackRow event : claimed) {
                Savepoint sp = c.setSavepoint();
                Apply apply = new Apply(c, at);
                Verdict verdict;
                try {
                    verdict = work.apply(event, apply);
                } catch (RuntimeException e) {
                    c.rollback(sp);
                    apply = new Apply(c, at);
                    Throwable cause = e instanceof StoreException && e.getCause() != null ? e.getCause() : e;
                    verdict = new Verdict(FAILED, "could not be applied: " + cause, null, null);
                }
                finish(c, event.id(), verdict, at);
                c.releaseSavepoint(sp);
                out.add(new Processed(event, verdict, List.copyOf(apply.leads), List.copyOf(apply.deliveries)));
            }
            return out;
        });
    }

    private static void finish(Connection c, String eventId, Verdict v, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE callback_event SET state = ?, note = ?, lead_id = ?, "
                + "delivery_id = ?, processed_at = ? WHERE id = ?")) {
            ps.setString(1, v.state());
            ps.setString(2, DeliveryRepository.clip(v.note(), 2000));
            ps.setString(3, v.leadId());
            ps.setString(4, v.deliveryId());
            ps.setObject(5, Jdbc.ts(at));
            ps.setString(6, eventId);
            ps.executeUpdate();
        }
    }

    private static final class Apply implements Applying {
        private final Connection c;
        private final Instant at;
        final List<LeadMove> leads = new ArrayList<>(1);
        final List<DeliveryMove> deliveries = new ArrayList<>(1);

        Apply(Connection c, Instant at) {
            this.c = c;
            this.at = at;
        }

        @Override
        public Optional<DeliveryFacts> findDelivery(String buyerId, String reference) {
            if (reference == null || reference.isBlank()) {
                return Optional.empty();
            }
            try {
                for (String column : List.of("d.lead_id", "d.id", "d.buyer_lead_id")) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT " + FACT_COLUMNS + " FROM delivery d "
                            + "JOIN lead l ON l.id = d.lead_id WHERE d.buyer_id = ? AND " + column + " = ? "
                            + "ORDER BY d.seq DESC FETCH FIRST 1 ROWS ONLY")) {
                        ps.setString(1, buyerId);
                        ps.setString(2, reference);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                return Optional.of(facts(rs));
                            }
                        }
                    }
                }
                return Optional.empty();
            } catch (SQLException e) {
                throw new StoreException("could not find the delivery of a callback", e);
            }
        }

        @Override
        public void setBuyerStatus(String deliveryId, String status) {
            update("UPDATE delivery SET last_buyer_status = ?, updated_at = ? WHERE id = ?",
                    DeliveryRepository.clip(status, 100), Jdbc.ts(at), deliveryId);
        }

        @Override
        public void markReturned(String deliveryId, String reason, BigDecimal credit) {
            update("UPDATE delivery SET returned_at = ?, return_reason = ?, credit = ?, updated_at = ? WHERE id = ?",
                    Jdbc.ts(at), DeliveryRepository.clip(reason, 200), credit, Jdbc.ts(at), deliveryId);
        }

        @Override
        public boolean markConverted(String deliveryId, BigDecimal revenue) {
            return update("UPDATE delivery SET converted_at = ?, revenue = ?, updated_at = ? WHERE id = ? "
                    + "AND converted_at IS NULL", Jdbc.ts(at), revenue, Jdbc.ts(at), deliveryId) == 1;
        }

        @Override
        public boolean setRevenue(String deliveryId, BigDecimal revenue) {
            return update("UPDATE delivery SET revenue = ?, updated_at = ? WHERE id = ? AND revenue IS NULL", revenue,
                    Jdbc.ts(at), deliveryId) == 1;
        }

        @Override
        public boolean settleAwaiting(DeliveryFacts d, boolean accepted, String reason, String eventType,
                                      String detail) {
            try {
                DeliveryStatus to = accepted ? DeliveryStatus.ACCEPTED : DeliveryStatus.REJECTED;
                try (PreparedStatement ps = c.prepareStatement("UPDATE delivery SET status = ?, reason = ?, "
                        + "next_attempt_at = NULL, lease_until = NULL, updated_at = ?, finished_at = ? "
                        + "WHERE id = ? AND status = 'AWAITING'")) {
                    ps.setString(1, to.name());
                    ps.setString(2, accepted ? null : DeliveryRepository.clip(reason, 1000));
                    ps.setObject(3, Jdbc.ts(at));
                    ps.setObject(4, Jdbc.ts(at));
                    ps.setString(5, d.deliveryId());
                    if (ps.executeUpdate() != 1) {
                        return false;
                    }
                }
                deliveries.add(new DeliveryMove(d.deliveryId(), d.leadId(), d.buyerId(), to));
                DeliveryRepository.event(c, d.leadId(), at, eventType, detail);
                if (accepted) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE lead SET status = 'DELIVERED' WHERE id = ? AND status = 'ROUTED'")) {
                        ps.setString(1, d.leadId());
                        if (ps.executeUpdate() == 1) {
                            leads.add(new LeadMove(d.leadId(), LeadStatus.DELIVERED));
                        }
                    }
                } else {
                    DeliveryRepository.releaseCaps(c, d.deliveryId());
                    if (DeliveryRepository.backToRouting(c, d.leadId(), at)) {
                        DeliveryRepository.event(c, d.leadId(), at, "waterfall", "back to routing: rejected ("
                                + DeliveryRepository.clip(reason, 300) + ")");
                        leads.add(new LeadMove(d.leadId(), LeadStatus.ACCEPTED));
                    }
                }
                return true;
            } catch (SQLException e) {
                throw new StoreException("could not settle delivery " + d.deliveryId(), e);
            }
        }

        @Override
        public boolean sendBackToRouting(String leadId) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE lead SET status = 'ACCEPTED' WHERE id = ? "
                    + "AND status = 'DELIVERED' AND NOT EXISTS (SELECT 1 FROM delivery WHERE lead_id = ? "
                    + "AND (status IN ('PENDING', 'SENDING', 'RETRY', 'AWAITING') "
                    + "OR (status = 'ACCEPTED' AND returned_at IS NULL)))")) {
                ps.setString(1, leadId);
                ps.setString(2, leadId);
                boolean moved = ps.executeUpdate() == 1;
                if (moved) {
                    leads.add(new LeadMove(leadId, LeadStatus.ACCEPTED));
                }
                return moved;
            } catch (SQLException e) {
                throw new StoreException("could not send lead " + leadId + " back to routing", e);
            }
        }

        @Override
        public void timeline(String leadId, String type, String detail) {
            try {
                DeliveryRepository.event(c, leadId, at, type, detail);
            } catch (SQLException e) {
                throw new StoreException("could not add to the timeline of lead " + leadId, e);
            }
        }

        @Override
        public void outcome(DeliveryFacts d, String kind, String value, BigDecimal amount) {
            update("INSERT INTO lead_outcome (at, lead_id, vendor_id, buyer_id, kind, label, amount) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", Jdbc.ts(at), d.leadId(), d.vendorId(), d.buyerId(), kind,
                    DeliveryRepository.clip(value, 100), amount);
        }

        private int update(String sql, Object... values) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    ps.setObject(i + 1, values[i]);
                }
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException("could not apply a callback", e);
            }
        }
    }

    // ---------------------------------------------------------------- reading

    /** A buyer's stored event by its event id. */
    public Optional<CallbackRow> event(String buyerId, String eventId) {
        return Jdbc.inTransaction(dataSource, "read callback", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM callback_event "
                    + "WHERE buyer_id = ? AND event_id = ?")) {
                ps.setString(1, buyerId);
                ps.setString(2, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(eventRow(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The most recent events, newest first, optionally of one state only (null: all). */
    public List<CallbackRow> recent(String state, int limit) {
        return recent(state, null, limit);
    }

    /**
     * The most recent events, newest first, optionally of one state and one buyer only (null: all),
     * e.g. the flagged ones an operator has to look at.
     */
    public List<CallbackRow> recent(String state, String buyerId, int limit) {
        return recent(state == null ? List.of() : List.of(state), buyerId, limit);
    }

    /** The newest events in any of {@code states} (all states when empty), of one buyer or all. */
    public List<CallbackRow> recent(List<String> states, String buyerId, int limit) {
        return Jdbc.inTransaction(dataSource, "read callbacks", c -> {
            List<CallbackRow> out = new ArrayList<>();
            List<String> where = new ArrayList<>(2);
            if (!states.isEmpty()) {
                where.add("state IN (" + "?, ".repeat(states.size() - 1) + "?)");
            }
            if (buyerId != null) {
                where.add("buyer_id = ?");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM callback_event "
                    + (where.isEmpty() ? "" : "WHERE " + String.join(" AND ", where) + " ")
                    + "ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")) {
                int i = 1;
                for (String state : states) {
                    ps.setString(i++, state);
                }
                if (buyerId != null) {
                    ps.setString(i++, buyerId);
                }
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(eventRow(rs));
                    }
                }
            }
            return out;
        });
    }

    /** Events waiting for the worker, for health. */
    public long countPending() {
        return Jdbc.inTransaction(dataSource, "count callbacks", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM callback_event WHERE state = ?")) {
                ps.setString(1, PENDING);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** One row of the outcome log. */
    public record OutcomeRow(long seq, Instant at, String leadId, String vendorId, String buyerId, String kind,
            String value, BigDecimal amount) {
    }

    /** The outcome log of a lead, oldest first. */
    public List<OutcomeRow> outcomesOf(String leadId) {
        return Jdbc.inTransaction(dataSource, "read lead outcomes", c -> {
            List<OutcomeRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, at, lead_id, vendor_id, buyer_id, kind, label, "
                    + "amount FROM lead_outcome WHERE lead_id = ? ORDER BY seq")) {
                ps.setString(1, leadId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OutcomeRow(rs.getLong(1), Jdbc.instant(rs.getObject(2)), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                                rs.getBigDecimal(8)));
                    }
                }
            }
            return out;
        });
    }

    /** What buyers said about a delivery after the sale. */
    public record AfterSale(Instant returnedAt, String returnReason, BigDecimal credit, Instant convertedAt,
            BigDecimal revenue, String lastBuyerStatus) {
    }

    public Optional<AfterSale> afterSale(String deliveryId) {
        return Jdbc.inTransaction(dataSource, "read delivery outcome", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT returned_at, return_reason, credit, converted_at, "
                    + "revenue, last_buyer_status FROM delivery WHERE id = ?")) {
                ps.setString(1, deliveryId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new AfterSale(Jdbc.instant(rs.getObject(1)), rs.getString(2),
                            rs.getBigDecimal(3), Jdbc.instant(rs.getObject(4)), rs.getBigDecimal(5), rs.getString(6)))
                            : Optional.empty();
                }
            }
        });
    }

    private static CallbackRow eventRow(ResultSet rs) throws SQLException {
        return new CallbackRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Jdbc.instant(rs.getObject(5)), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), Jdbc.instant(rs.getObject(13)));
    }

    private static DeliveryFacts facts(ResultSet rs) throws SQLException {
        return new DeliveryFacts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                DeliveryStatus.valueOf(rs.getString(5)), rs.getBigDecimal(6), rs.getString(7),
                Jdbc.instant(rs.getObject(8)), Jdbc.instant(rs.getObject(9)), Jdbc.instant(rs.getObject(10)),
                LeadStatus.valueOf(rs.getString(11)), rs.getBigDecimal(12));
    }
}
