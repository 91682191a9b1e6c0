package io.leadwire.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery side of the store: routing rounds, delivery jobs, their attempts, cap use and
 * the dead-letter queue. Every change a stage makes is one transaction, so a crash at any point
 * leaves each lead either where it was or where it went, never in between.
 *
 * <p>Stages hand off through these rows: routing claims ACCEPTED leads and writes deliveries;
 * the delivery engine claims due deliveries; a delivery that ends without a sale puts its lead
 * back to ACCEPTED (the waterfall), where routing picks it up again.
 */
public final class DeliveryRepository {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRepository.class);
    private static final String DELIVERY_COLUMNS = "d.id, d.lead_id, d.buyer_id, d.round, d.status, d.attempts, "
            + "d.next_attempt_at, d.idempotency_key, d.mapping_version, d.price, d.buyer_lead_id, d.reason, "
            + "d.error_class, d.created_at, d.updated_at, d.finished_at";
    private static final String INSERT_ATTEMPT = "INSERT INTO delivery_attempt (delivery_id, attempt, started_at, "
            + "latency_ms, request_method, request_url, request_headers, request_body, response_status, "
            + "response_headers, response_body, outcome, error_class, error_message, drift, drift_note) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Deliveries a claim takes when due: new, waiting to retry, or leased by an engine that died. */
    private static final List<DeliveryStatus> CLAIMABLE = List.of(DeliveryStatus.PENDING, DeliveryStatus.RETRY,
            DeliveryStatus.SENDING);

    private final DataSource dataSource;
    private final ObjectMapper json;

    public DeliveryRepository(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    // ---------------------------------------------------------------- routing

    /** One cap window a delivery uses: its period, the bucket's start in the buyer's zone, and the limit. */
    public record CapSlot(String period, Instant bucketStart, int limit) {
    }

    /** An earlier delivery of the lead being routed. */
    /**
     * An earlier delivery of a lead being routed.
     *
     * @param returned the buyer returned the lead after accepting it (a sale that no longer stands)
     */
    public record PastDelivery(String deliveryId, String buyerId, DeliveryStatus status, int round, boolean returned) {
        /** Open (on its way to the buyer) or a sale that stands: the lead is with this buyer. */
        public boolean holdsTheLead() {
            return status.open() || (status == DeliveryStatus.ACCEPTED && !returned);
        }
    }

    /** What routing may do with one claimed lead, inside the claim's transaction. */
    public interface RoutingRound {
        /** The lead's earlier deliveries (the buyers the waterfall already tried). */
        List<PastDelivery> pastDeliveries();

        /** The number of this routing round for the lead: 1 the first time, 2 after one waterfall step, ... */
        int round();

        /**
         * Takes one unit of every slot for the buyer, or none: true when all were below their
         * limits. Atomic against every other worker and engine process on the database.
         */
        boolean reserveCaps(String buyerId, List<CapSlot> slots);

        /**
         * Creates a delivery due at {@code dueAt}; the caps it reserved are released if it ends
         * without a sale.
         *
         * @return the delivery id, which is also its idempotency key
         */
        String createDelivery(String buyerId, Integer mappingVersion, Instant dueAt, List<CapSlot> reserved);

        /**
         * Creates a delivery already claimed by this engine for its first attempt (SENDING,
         * attempt 1, leased until {@code leaseUntil}), for a buyer with a free slot right now: it
         * is handed to the sender when the round commits instead of waiting for a claim
         * transaction. Committed before anything is sent, like every claim; if this engine dies
         * first, the lease brings it back.
         */
        String createClaimedDelivery(String buyerId, Integer mappingVersion, List<CapSlot> reserved,
                                     Instant leaseUntil);

        /** Records the round: who was chosen and a JSON document of why each buyer was or was not. */
        void recordDecision(String chosen, String detailJson);

        /** Moves the lead to {@code status} with a timeline event. */
        void moveLead(LeadStatus status, String eventType, String detail);

        /** Puts the lead on the dead-letter queue. */
        void deadLetter(String reason, String detail);
    }

    /** Routes one claimed lead; returns the status it moved to. */
    public interface RoutingWork {
        LeadStatus route(Lead lead, Integer score, RoutingRound round);
    }

    /** A lead routing moved, for the events published after the commit. */
    public record Routed(Lead lead, LeadStatus status, List<String> deliveryIds, List<DueDelivery> claimed) {
    }

    /**
     * Claims up to {@code limit} ACCEPTED leads no other worker holds ({@code FOR UPDATE SKIP
     * LOCKED}), routes each with {@code work} and commits once.
     *
     * <p>The claimed leads' earlier deliveries and rounds are read with one query each, and the
     * rows routing writes (deliveries, decisions, lead moves, timeline events, dead letters) go to
     * the store as JDBC batches at the end of the transaction: a routed lead costs a few batched
     * rows, not a dozen statements. Cap reservations still run at once, since routing needs
     * their answer.
     */
    public List<Routed> routeAccepted(int limit, Instant at, RoutingWork work) {
        return Jdbc.inTransaction(dataSource, "route leads", c -> {
            List<Lead> claimed = new ArrayList<>();
            Map<String, Integer> scores = new HashMap<>();
            // H2 reads every ACCEPTED lead and sorts them for a FOR UPDATE ... ORDER BY seq FETCH
            // FIRST n (it will not use the (status, seq) index's order under FOR UPDATE), so with a
            // backlog of 20,000 each claim of 128 cost a scan of 20,000. An unlocked, index-ordered
            // read finds the seq of the n-th waiting lead first; the locking claim is bounded by it.
            // Leads of that window another worker holds are made up from above it, so the claim is
            // the same as the one-statement form: the first n unlocked ACCEPTED leads by seq.
            Long bound = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM lead WHERE status = ? "
                    + "ORDER BY status, seq OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
                ps.setString(1, LeadStatus.ACCEPTED.name());
                ps.setInt(2, limit - 1);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        bound = rs.getLong(1);
                    }
                }
            }
            claimAccepted(c, bound == null ? "" : "AND seq <= ? ", bound, limit, claimed, scores);
            if (bound != null && claimed.size() < limit) {
                claimAccepted(c, "AND seq > ? ", bound, limit - claimed.size(), claimed, scores);
            }
            if (claimed.isEmpty()) {
                return List.of();
            }
            List<String> ids = claimed.stream().map(Lead::id).toList();
            Map<String, List<PastDelivery>> past = readPast(c, ids);
            Map<String, Integer> rounds = lastRounds(c, ids);
            List<Routed> out = new ArrayList<>(claimed.size());
            try (RoutingWrites writes = new RoutingWrites(c)) {
                for (Lead lead : claimed) {
                    Round round = new Round(c, writes, lead, scores.get(lead.id()), at,
                            past.getOrDefault(lead.id(), List.of()), rounds.getOrDefault(lead.id(), 0) + 1);
                    LeadStatus status = work.route(lead, scores.get(lead.id()), round);
                    out.add(new Routed(lead, status, List.copyOf(round.created), List.copyOf(round.claimed)));
                }
                writes.execute();
            }
            return out;
        });
    }

    private void claimAccepted(Connection c, String seqCondition, Long bound, int limit, List<Lead> claimed,
                               Map<String, Integer> scores) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + LeadRepository.COLUMNS + ", score FROM lead "
                + "WHERE status = ? " + seqCondition + "ORDER BY seq FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED")) {
            int i = 1;
            ps.setString(i++, LeadStatus.ACCEPTED.name());
            if (!seqCondition.isEmpty()) {
                ps.setLong(i++, bound);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Lead lead = LeadRepository.read(rs, json);
                    claimed.add(lead);
                    int score = rs.getInt("score");
                    if (!rs.wasNull()) {
                        scores.put(lead.id(), score);
                    }
                }
            }
        }
    }

    /** The rows one routing transaction writes, batched per statement and executed together. */
    private static final class RoutingWrites implements AutoCloseable {
        final PreparedStatement delivery;
        final PreparedStatement decision;
        final PreparedStatement deadLetter;
        final PreparedStatement leadStatus;
        final PreparedStatement event;
        private int deadLetters;

        RoutingWrites(Connection c) throws SQLException {
            List<PreparedStatement> opened = new ArrayList<>(5);
            try {
                delivery = open(opened, c, "INSERT INTO delivery (id, lead_id, buyer_id, round, status, attempts, "
                        + "next_attempt_at, idempotency_key, mapping_version, cap_windows, created_at, updated_at, "
                        + "lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                decision = open(opened, c, "INSERT INTO routing_decision (lead_id, at, round, chosen, detail_json) "
                        + "VALUES (?, ?, ?, ?, ?)");
                deadLetter = open(opened, c,
                        "INSERT INTO dead_letter (lead_id, at, reason, detail) VALUES (?, ?, ?, ?)");
                leadStatus = open(opened, c, "UPDATE lead SET status = ? WHERE id = ?");
                event = open(opened, c, LeadRepository.INSERT_EVENT);
            } catch (SQLException e) {
                for (PreparedStatement ps : opened) {
                    ps.close();
                }
                throw e;
            }
        }

        private static PreparedStatement open(List<PreparedStatement> opened, Connection c, String sql)
                throws SQLException {
            PreparedStatement ps = c.prepareStatement(sql);
            opened.add(ps);
            return ps;
        }

        void deadLetter() {
            deadLetters++;
        }

        /** In the order the rows depend on each other: deliveries before the leads' moves and events. */
        void execute() throws SQLException {
            delivery.executeBatch();
            decision.executeBatch();
            if (deadLetters > 0) {
                deadLetter.executeBatch();
            }
            leadStatus.executeBatch();
            event.executeBatch();
            StoreGauges.add(deadLetter.getConnection(), StoreGauges.DEAD_LETTERS_OPEN, deadLetters);
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement ps : List.of(delivery, decision, deadLetter, leadStatus, event)) {
                ps.close();
            }
        }
    }

    private final class Round implements RoutingRound {
        private final Connection c;
        private final RoutingWrites writes;
        private final Lead lead;
        private final Integer score;
        private final String leadId;
        private final Instant at;
        private final List<PastDelivery> past;
        private final int round;
        final List<String> created = new ArrayList<>(2);
        final List<DueDelivery> claimed = new ArrayList<>(1);

        Round(Connection c, RoutingWrites writes, Lead lead, Integer score, Instant at, List<PastDelivery> past,
              int round) {
            this.c = c;
            this.writes = writes;
            this.lead = lead;
            this.score = score;
            this.leadId = lead.id();
            this.at = at;
            this.past = List.copyOf(past);
            this.round = round;
        }

        @Override
        public List<PastDelivery> pastDeliveries() {
            return past;
        }

        @Override
        public int round() {
            return round;
        }

        @Override
        public boolean reserveCaps(String buyerId, List<CapSlot> slots) {
            try {
                return reserve(c, buyerId, slots);
            } catch (SQLException e) {
                throw new StoreException("could not count caps of buyer " + buyerId, e);
            }
        }

        @Override
        public String createDelivery(String buyerId, Integer mappingVersion, Instant dueAt, List<CapSlot> reserved) {
            return insert(buyerId, mappingVersion, reserved, DeliveryStatus.PENDING, 0, dueAt, null);
        }

        @Override
        public String createClaimedDelivery(String buyerId, Integer mappingVersion, List<CapSlot> reserved,
                                            Instant leaseUntil) {
            String id = insert(buyerId, mappingVersion, reserved, DeliveryStatus.SENDING, 1, leaseUntil, leaseUntil);
            Lead routed = new Lead(lead.seq(), lead.id(), lead.vendorId(), lead.vendorLeadId(), lead.receivedAt(),
                    LeadStatus.ROUTED, lead.contentType(), lead.rawPayload(), lead.fields(), lead.remoteIp());
            claimed.add(new DueDelivery(id, leadId, buyerId, round, 1, DeliveryStatus.PENDING, id, mappingVersion, at,
                    routed, score, leaseUntil));
            return id;
        }

        private String insert(String buyerId, Integer mappingVersion, List<CapSlot> reserved, DeliveryStatus status,
                              int attempts, Instant nextAttemptAt, Instant leaseUntil) {
            String id = io.leadwire.lead.LeadIds.at(at.toEpochMilli());
            try {
                PreparedStatement ps = writes.delivery;
                ps.setString(1, id);
                ps.setString(2, leadId);
                ps.setString(3, buyerId);
                ps.setInt(4, round);
                ps.setString(5, status.name());
                ps.setInt(6, attempts);
                ps.setObject(7, Jdbc.ts(nextAttemptAt));
                ps.setString(8, id);
                ps.setObject(9, mappingVersion);
                ps.setString(10, encodeSlots(reserved));
                ps.setObject(11, Jdbc.ts(at));
                ps.setObject(12, Jdbc.ts(at));
                ps.setObject(13, leaseUntil == null ? null : Jdbc.ts(leaseUntil));
                ps.addBatch();
            } catch (SQLException e) {
                throw new StoreException("could not create a delivery for lead " + leadId, e);
            }
            created.add(id);
            return id;
        }

        @Override
        public void recordDecision(String chosen, String detailJson) {
            try {
                PreparedStatement ps = writes.decision;
                ps.setString(1, leadId);
                ps.setObject(2, Jdbc.ts(at));
                ps.setInt(3, round);
                ps.setString(4, clip(chosen, 1000));
                ps.setString(5, detailJson);
                ps.addBatch();
            } catch (SQLException e) {
                throw new StoreException("could not record the routing of lead " + leadId, e);
            }
        }

        @Override
        public void moveLead(LeadStatus status, String eventType, String detail) {
            try {
                writes.leadStatus.setString(1, status.name());
                writes.leadStatus.setString(2, leadId);
                writes.leadStatus.addBatch();
                writes.event.setString(1, leadId);
                writes.event.setObject(2, Jdbc.ts(at));
                writes.event.setString(3, eventType);
                writes.event.setString(4, clip(detail == null ? "" : detail, 4000));
                writes.event.addBatch();
            } catch (SQLException e) {
                throw new StoreException("could not move lead " + leadId, e);
            }
        }

        @Override
        public void deadLetter(String reason, String detail) {
            try {
                PreparedStatement ps = writes.deadLetter;
                ps.setString(1, leadId);
                ps.setObject(2, Jdbc.ts(at));
                ps.setString(3, clip(reason, 40));
                ps.setString(4, clip(detail == null ? "" : detail, 4000));
                ps.addBatch();
                writes.deadLetter();
            } catch (SQLException e) {
                throw new StoreException("could not dead-letter lead " + leadId, e);
            }
        }
    }

    /** The earlier deliveries of each of the leads, oldest first. */
    private static Map<String, List<PastDelivery>> readPast(Connection c, List<String> leadIds) throws SQLException {
        Map<String, List<PastDelivery>> past = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT lead_id, id, buyer_id, status, round, returned_at FROM delivery "
                + "WHERE lead_id IN (" + marks(leadIds.size()) + ") ORDER BY seq")) {
            bind(ps, leadIds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    past.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new PastDelivery(rs.getString(2),
                            rs.getString(3), DeliveryStatus.valueOf(rs.getString(4)), rs.getInt(5),
                            rs.getObject(6) != null));
                }
            }
        }
        return past;
    }

    /** The number of the last routing round of each of the leads that had one. */
    private static Map<String, Integer> lastRounds(Connection c, List<String> leadIds) throws SQLException {
        Map<String, Integer> rounds = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT lead_id, MAX(round) FROM routing_decision "
                + "WHERE lead_id IN (" + marks(leadIds.size()) + ") GROUP BY lead_id")) {
            bind(ps, leadIds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rounds.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return rounds;
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement ps, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(i + 1, values.get(i));
        }
    }

    /**
     * All-or-nothing behind a savepoint: a conditional increment per slot ({@code used < limit}),
     * or an insert for a bucket nobody used yet. Two racing inserts: the unique key lets one win
     * and the other retries the increment, which waits on the winner's row lock.
     */
    private static boolean reserve(Connection c, String buyerId, List<CapSlot> slots) throws SQLException {
        if (slots.isEmpty()) {
            return true;
        }
        Savepoint sp = c.setSavepoint();
        for (CapSlot slot : slots) {
            if (slot.limit() <= 0 || !takeOne(c, buyerId, slot)) {
                c.rollback(sp);
                return false;
            }
        }
        c.releaseSavepoint(sp);
        return true;
    }

    private static boolean takeOne(Connection c, String buyerId, CapSlot slot) throws SQLException {
        for (int tries = 0; tries < 3; tries++) {
            try (PreparedStatement up = c.prepareStatement("UPDATE buyer_cap_use SET used = used + 1 "
                    + "WHERE buyer_id = ? AND period = ? AND bucket_start = ? AND used < ?")) {
                up.setString(1, buyerId);
                up.setString(2, slot.period());
                up.setObject(3, Jdbc.ts(slot.bucketStart()));
                up.setInt(4, slot.limit());
                if (up.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement exists = c.prepareStatement("SELECT used FROM buyer_cap_use "
                    + "WHERE buyer_id = ? AND period = ? AND bucket_start = ?")) {
                exists.setString(1, buyerId);
                exists.setString(2, slot.period());
                exists.setObject(3, Jdbc.ts(slot.bucketStart()));
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return false; // the bucket exists and is full
                    }
                }
            }
            Savepoint sp = c.setSavepoint();
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO buyer_cap_use (buyer_id, period, "
                    + "bucket_start, used) VALUES (?, ?, ?, 1)")) {
                ins.setString(1, buyerId);
                ins.setString(2, slot.period());
                ins.setObject(3, Jdbc.ts(slot.bucketStart()));
                ins.executeUpdate();
                c.releaseSavepoint(sp);
                return true;
            } catch (SQLException e) {
                if (!Jdbc.isUniqueViolation(e)) {
                    throw e;
                }
                c.rollback(sp); // someone created the bucket meanwhile: count against theirs
            }
        }
        return false;
    }

    private static void release(Connection c, String buyerId, String encodedSlots) throws SQLException {
        for (CapSlot slot : decodeSlots(encodedSlots)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE buyer_cap_use SET used = used - 1 "
                    + "WHERE buyer_id = ? AND period = ? AND bucket_start = ? AND used > 0")) {
                ps.setString(1, buyerId);
                ps.setString(2, slot.period());
                ps.setObject(3, Jdbc.ts(slot.bucketStart()));
                ps.executeUpdate();
            }
        }
    }

    static String encodeSlots(List<CapSlot> slots) {
        StringBuilder sb = new StringBuilder();
        for (CapSlot s : slots) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(s.period()).append('@').append(s.bucketStart()).append('/').append(s.limit());
        }
        return sb.toString();
    }

    static List<CapSlot> decodeSlots(String text) {
        List<CapSlot> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String part : text.split(",")) {
            int atSign = part.indexOf('@');
            int slash = part.lastIndexOf('/');
            out.add(new CapSlot(part.substring(0, atSign), Instant.parse(part.substring(atSign + 1, slash)),
                    Integer.parseInt(part.substring(slash + 1))));
        }
        return out;
    }

    /** Cap use of one buyer in the given windows: period → used. */
    public Map<String, Integer> capUse(String buyerId, List<CapSlot> windows) {
        return Jdbc.inTransaction(dataSource, "read cap use", c -> {
            Map<String, Integer> out = new LinkedHashMap<>();
            for (CapSlot w : windows) {
                try (PreparedStatement ps = c.prepareStatement("SELECT used FROM buyer_cap_use "
                        + "WHERE buyer_id = ? AND period = ? AND bucket_start = ?")) {
                    ps.setString(1, buyerId);
                    ps.setString(2, w.period());
                    ps.setObject(3, Jdbc.ts(w.bucketStart()));
                    try (ResultSet rs = ps.executeQuery()) {
                        out.put(w.period(), rs.next() ? rs.getInt(1) : 0);
                    }
                }
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- delivery

    /** A delivery claimed for an attempt, with its lead. */
    public record DueDelivery(String id, String leadId, String buyerId, int round, int attempt,
            DeliveryStatus previousStatus, String idempotencyKey, Integer mappingVersion, Instant createdAt,
            Lead lead, Integer score, Instant leaseUntil) {
    }

    /**
     * Claims up to {@code limit} of the buyer's deliveries that are due (pending, retry time
     * reached, or an attempt whose lease ran out because its engine died), marks them SENDING
     * with a lease until {@code leaseUntil} and counts the attempt, then commits: the claim is
     * durable before anything goes on the wire.
     */
    public List<DueDelivery> claimDue(String buyerId, int limit, Instant now, Instant leaseUntil) {
        if (limit <= 0) {
            return List.of();
        }
        return Jdbc.inTransaction(dataSource, "claim deliveries", c -> {
            // One indexed range per claimable status, merged by due time: with "status IN (...)" H2
            // walks ix_delivery_due by status alone, i.e. every open delivery of every buyer,
            // in flight or not yet due, on every claim. Rows locked here beyond the first
            // `limit` by due time are let go at the commit a moment later.
            //
            // Under FOR UPDATE H2 also reads and sorts every row of the range rather than follow
            // the index's order (as with the routing claim): with 20,000 deliveries waiting for a
            // buyer each claim scanned all of them, and a backlog made delivery crawl just when it
            // had to catch up (bench run 64). So an unlocked, index-ordered read finds the due time
            // of the n-th waiting delivery first and bounds the locking read by it; rows of that
            // window another engine holds are made up from above it, as before.
            List<Object[]> candidates = new ArrayList<>();
            for (DeliveryStatus status : CLAIMABLE) {
                Instant bound = nthDue(c, status, buyerId, now, limit);
                int before = candidates.size();
                lockDue(c, status, buyerId, null, bound == null ? now : bound, limit, candidates);
                if (bound != null && candidates.size() - before < limit) {
                    lockDue(c, status, buyerId, bound, now, limit - (candidates.size() - before), candidates);
                }
            }
            if (candidates.isEmpty()) {
                return List.of();
            }
            candidates.sort(java.util.Comparator.comparing(r -> (Instant) r[2]));
            List<String[]> rows = new ArrayList<>(Math.min(limit, candidates.size()));
            for (Object[] r : candidates.subList(0, Math.min(limit, candidates.size()))) {
                rows.add(new String[] {(String) r[0], (String) r[1]});
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE delivery SET status = 'SENDING', "
                    + "attempts = attempts + 1, lease_until = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?")) {
                for (String[] row : rows) {
                    up.setObject(1, Jdbc.ts(leaseUntil));
                    up.setObject(2, Jdbc.ts(leaseUntil));
                    up.setObject(3, Jdbc.ts(now));
                    up.setString(4, row[0]);
                    up.addBatch();
                }
                up.executeBatch();
            }
            Map<String, DeliveryStatus> previous = new HashMap<>();
            rows.forEach(r -> previous.put(r[0], DeliveryStatus.valueOf(r[1])));
            return readDue(c, previous, leaseUntil);
        });
    }

    /** The due time of the n-th claimable delivery of one status (unlocked, in index order), or null. */
    private static Instant nthDue(Connection c, DeliveryStatus status, String buyerId, Instant now, int n)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT next_attempt_at FROM delivery "
                + "WHERE status = ? AND buyer_id = ? AND next_attempt_at <= ? "
                + "ORDER BY status, buyer_id, next_attempt_at OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
            ps.setString(1, status.name());
            ps.setString(2, buyerId);
            ps.setObject(3, Jdbc.ts(now));
            ps.setInt(4, n - 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Jdbc.instant(rs.getObject(1)) : null;
            }
        }
    }

    /** Locks up to {@code limit} unlocked deliveries of one status due in (after, upTo]. */
    private static void lockDue(Connection c, DeliveryStatus status, String buyerId, Instant after, Instant upTo,
                                int limit, List<Object[]> into) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, status, next_attempt_at FROM delivery "
                + "WHERE status = ? AND buyer_id = ? " + (after == null ? "" : "AND next_attempt_at > ? ")
                + "AND next_attempt_at <= ? ORDER BY next_attempt_at FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED")) {
            int i = 1;
            ps.setString(i++, status.name());
            ps.setString(i++, buyerId);
            if (after != null) {
                ps.setObject(i++, Jdbc.ts(after));
            }
            ps.setObject(i++, Jdbc.ts(upTo));
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.add(new Object[] {rs.getString(1), rs.getString(2), Jdbc.instant(rs.getObject(3))});
                }
            }
        }
    }

    private List<DueDelivery> readDue(Connection c, Map<String, DeliveryStatus> previous, Instant leaseUntil)
            throws SQLException {
        String marks = String.join(", ", java.util.Collections.nCopies(previous.size(), "?"));
        List<DueDelivery> out = new ArrayList<>(previous.size());
        try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.lead_id, d.buyer_id, d.round, d.attempts, "
                + "d.idempotency_key, d.mapping_version, d.created_at, l.seq, l.id, l.vendor_id, l.vendor_lead_id, "
                + "l.received_at, l.status, l.content_type, l.raw_payload, l.fields_json, l.remote_ip, l.score "
                + "FROM delivery d JOIN lead l ON l.id = d.lead_id WHERE d.id IN (" + marks + ") ORDER BY d.seq")) {
            int i = 1;
            for (String id : previous.keySet()) {
                ps.setString(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Lead lead = LeadRepository.read(rs, json);
                    int score = rs.getInt("score");
                    Integer s = rs.wasNull() ? null : score;
                    int version = rs.getInt(7);
                    Integer mv = rs.wasNull() ? null : version;
                    String id = rs.getString(1);
                    out.add(new DueDelivery(id, rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                            previous.get(id), rs.getString(6), mv, Jdbc.instant(rs.getObject(8)), lead, s, leaseUntil));
                }
            }
        }
        return out;
    }

    /**
     * Gives back claimed deliveries that never went on the wire (the engine stopped, or one waited
     * in memory so long that its lease would not cover the call): each is due again at once, as it
     * was before the claim, and the attempt the claim counted is taken back. A row that is no longer
     * this claim's (another engine took it over after the lease and counted its own attempt) is left
     * alone.
     */
    public int release(List<DueDelivery> claimed, Instant now) {
        if (claimed.isEmpty()) {
            return 0;
        }
        return Jdbc.inTransaction(dataSource, "release claimed deliveries", c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE delivery SET status = ?, attempts = attempts - 1, "
                    + "lease_until = NULL, next_attempt_at = ?, updated_at = ? "
                    + "WHERE id = ? AND status = 'SENDING' AND attempts = ?")) {
                for (DueDelivery d : claimed) {
                    DeliveryStatus back = d.previousStatus() == DeliveryStatus.PENDING ? DeliveryStatus.PENDING
                            : DeliveryStatus.RETRY;
                    up.setString(1, back.name());
                    up.setObject(2, Jdbc.ts(now));
                    up.setObject(3, Jdbc.ts(now));
                    up.setString(4, d.id());
                    up.setInt(5, d.attempt());
                    up.addBatch();
                }
                int n = 0;
                for (int k : up.executeBatch()) {
                    n += Math.max(0, k);
                }
                return n;
            }
        });
    }

    /** A delivery an asynchronous buyer acknowledged, claimed for a status check or reconciliation. */
    public record AwaitingDelivery(String id, String leadId, String buyerId, String idempotencyKey,
            String buyerLeadId, int attempts, Instant awaitingUntil, Instant createdAt) {
    }

    /**
     * Claims up to {@code limit} of the buyer's AWAITING deliveries whose next status check is due,
     * moving that check to {@code leaseUntil} so a crash mid-check only delays the next one.
     */
    public List<AwaitingDelivery> claimAwaiting(String buyerId, int limit, Instant now, Instant leaseUntil) {
        if (limit <= 0) {
            return List.of();
        }
        return Jdbc.inTransaction(dataSource, "claim awaiting deliveries", c -> {
            List<AwaitingDelivery> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.lead_id, d.buyer_id, d.idempotency_key, "
                    + "d.buyer_lead_id, d.attempts, d.awaiting_until, d.created_at FROM delivery d "
                    + "WHERE d.status = 'AWAITING' AND d.buyer_id = ? AND d.next_attempt_at <= ? "
                    + "ORDER BY d.next_attempt_at FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED")) {
                ps.setString(1, buyerId);
                ps.setObject(2, Jdbc.ts(now));
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AwaitingDelivery(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getInt(6), Jdbc.instant(rs.getObject(7)),
                                Jdbc.instant(rs.getObject(8))));
                    }
                }
            }
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE delivery SET next_attempt_at = ?, updated_at = ? WHERE id = ?")) {
                for (AwaitingDelivery a : out) {
                    up.setObject(1, Jdbc.ts(leaseUntil));
                    up.setObject(2, Jdbc.ts(now));
                    up.setString(3, a.id());
                    up.addBatch();
                }
                up.executeBatch();
            }
            return out;
        });
    }

    /** What one attempt sent and got, as stored in the transaction log (auth values already masked). */
    public record AttemptRecord(int attempt, Instant startedAt, Long latencyMs, String method, String url,
            String requestHeaders, String requestBody, Integer responseStatus, String responseHeaders,
            String responseBody, String outcome, String errorClass, String errorMessage, boolean drift,
            String driftNote) {
    }

    /**
     * The new state of a delivery after an attempt (or after a decision without one, e.g. its
     * buyer's breaker is open and the attempt moves to later).
     *
     * @param attempts    the requests sent for this result (usually one; two after an OAuth token
     *                    refresh), empty when none was made
     * @param nextAttemptAt for RETRY (and AWAITING: the next status check), else null
     * @param eventType   the lead timeline event, or null for none
     * @param claim       the delivery's attempt count under the claim this result comes from, or
     *                    null for a result recorded without one (tools, tests): see {@link #record}
     */
    public record DeliveryResult(String deliveryId, String leadId, DeliveryStatus status,
            List<AttemptRecord> attempts, Instant nextAttemptAt, String buyerLeadId, BigDecimal price, String reason,
            String errorClass, String eventType, String eventDetail, Instant awaitingUntil, Integer claim) {

        public DeliveryResult {
            attempts = List.copyOf(attempts);
        }

        public DeliveryResult(String deliveryId, String leadId, DeliveryStatus status, List<AttemptRecord> attempts,
                              Instant nextAttemptAt, String buyerLeadId, BigDecimal price, String reason,
                              String errorClass, String eventType, String eventDetail, Instant awaitingUntil) {
            this(deliveryId, leadId, status, attempts, nextAttemptAt, buyerLeadId, price, reason, errorClass,
                    eventType, eventDetail, awaitingUntil, null);
        }

        /** A result that does not start or change an asynchronous wait. */
        public DeliveryResult(String deliveryId, String leadId, DeliveryStatus status, List<AttemptRecord> attempts,
                              Instant nextAttemptAt, String buyerLeadId, BigDecimal price, String reason,
                              String errorClass, String eventType, String eventDetail) {
            this(deliveryId, leadId, status, attempts, nextAttemptAt, buyerLeadId, price, reason, errorClass,
                    eventType, eventDetail, null, null);
        }

        /** This result, to be recorded only while the delivery is still under the claim that counted {@code n}. */
        public DeliveryResult underClaim(int n) {
            return new DeliveryResult(deliveryId, leadId, status, attempts, nextAttemptAt, buyerLeadId, price, reason,
                    errorClass, eventType, eventDetail, awaitingUntil, n);
        }
    }

    /** What recording did to a lead besides its delivery. */
    public record LeadChange(String leadId, LeadStatus status) {
    }

    /**
     * Records a batch of attempt results in one transaction: the attempts, the deliveries' new
     * states and the leads' timelines. A sale marks the lead DELIVERED. A delivery that ends
     * without a sale gives back its cap units and, when the lead has no other open or accepted
     * delivery, puts the lead back to ACCEPTED so routing tries the next buyer (the waterfall).
     *
     * <p>A result with a {@link DeliveryResult#claim() claim} changes its delivery only while the
     * delivery is still under that claim (SENDING or AWAITING with that attempt count). If not, the
     * claim was lost meanwhile: its lease ran out and another engine took the delivery over and
     * counted its own attempt, or a buyer's callback settled it. The newer state stands; of the late
     * result only the requests it sent are kept in the transaction log, and the log says so.
     *
     * @return the leads whose status changed
     */
    public List<LeadChange> record(List<DeliveryResult> results, Instant at) {
        return record(results, at, dropped -> { });
    }

    /**
     * {@link #record(List, Instant)}, telling {@code dropped} of each result that was not recorded
     * because its delivery is no longer under its claim (inside the transaction: a retried
     * transaction may tell it again).
     */
    public List<LeadChange> record(List<DeliveryResult> results, Instant at,
                                   java.util.function.Consumer<DeliveryResult> dropped) {
        if (results.isEmpty()) {
            return List.of();
        }
        return Jdbc.inTransaction(dataSource, "record deliveries", c -> {
            List<LeadChange> changes = new ArrayList<>();
            List<DeliveryResult> applied = new ArrayList<>(results.size());
            try (PreparedStatement attempt = c.prepareStatement(INSERT_ATTEMPT);
                 PreparedStatement update = c.prepareStatement("UPDATE delivery SET status = ?, next_attempt_at = ?, "
                         + "lease_until = NULL, buyer_lead_id = COALESCE(?, buyer_lead_id), price = COALESCE(?, price), "
                         + "reason = ?, error_class = ?, updated_at = ?, finished_at = ?, "
                         + "awaiting_until = COALESCE(awaiting_until, ?) WHERE id = ? "
                         + "AND (? < 0 OR (attempts = ? AND status IN ('SENDING', 'AWAITING')))");
                 PreparedStatement ev = c.prepareStatement(LeadRepository.INSERT_EVENT)) {
                for (DeliveryResult r : results) {
                    for (AttemptRecord a : r.attempts()) {
                        bindAttempt(attempt, r.deliveryId(), a);
                        attempt.addBatch();
                    }
                    update.setString(1, r.status().name());
                    update.setObject(2, Jdbc.ts(r.nextAttemptAt()));
                    update.setString(3, clip(r.buyerLeadId(), 200));
                    update.setBigDecimal(4, r.price());
                    update.setString(5, clip(r.reason(), 1000));
                    update.setString(6, r.errorClass());
                    update.setObject(7, Jdbc.ts(at));
                    update.setObject(8, r.status().open() ? null : Jdbc.ts(at));
                    update.setObject(9, Jdbc.ts(r.awaitingUntil()));
                    update.setString(10, r.deliveryId());
                    update.setInt(11, r.claim() == null ? -1 : r.claim());
                    update.setInt(12, r.claim() == null ? -1 : r.claim());
                    update.addBatch();
                }
                attempt.executeBatch();
                int[] updated = update.executeBatch();
                for (int i = 0; i < updated.length; i++) {
                    DeliveryResult r = results.get(i);
                    if (updated[i] != 0) { // 1, or SUCCESS_NO_INFO from a driver that does not count
                        applied.add(r);
                    } else {
                        dropped.accept(r);
                        LOG.warn("delivery {}: the result of attempt {} ({}) was not recorded: the delivery is no "
                                + "longer under that claim (its lease ran out and another engine took it over, or "
                                + "a callback settled it); its requests are kept in the transaction log",
                                r.deliveryId(), r.claim(), r.status().wireName());
                    }
                }
                for (DeliveryResult r : applied) {
                    if (r.eventType() != null) {
                        ev.setString(1, r.leadId());
                        ev.setObject(2, Jdbc.ts(at));
                        ev.setString(3, r.eventType());
                        ev.setString(4, clip(r.eventDetail() == null ? "" : r.eventDetail(), 4000));
                        ev.addBatch();
                    }
                }
                ev.executeBatch();
            }
            recordOutcomes(c, applied, at);
            // Sales first, as one batch: every delivery of the batch already has its new status, so
            // the waterfall checks below see a sale made in the same batch whatever the order.
            List<DeliveryResult> sold = applied.stream().filter(r -> r.status() == DeliveryStatus.ACCEPTED).toList();
            if (!sold.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE lead SET status = ? WHERE id = ? AND status = ?")) {
                    for (DeliveryResult r : sold) {
                        ps.setString(1, LeadStatus.DELIVERED.name());
                        ps.setString(2, r.leadId());
                        ps.setString(3, LeadStatus.ROUTED.name());
                        ps.addBatch();
                    }
                    int[] moved = ps.executeBatch();
                    for (int i = 0; i < moved.length; i++) {
                        if (moved[i] == 1) {
                            changes.add(new LeadChange(sold.get(i).leadId(), LeadStatus.DELIVERED));
                        }
                    }
                }
            }
            for (DeliveryResult r : applied) {
                if (r.status() != DeliveryStatus.ACCEPTED && !r.status().open()) {
                    releaseCaps(c, r.deliveryId());
                    if (backToRouting(c, r.leadId(), at)) {
                        event(c, r.leadId(), at, "waterfall", "back to routing: " + r.status().wireName()
                                + (r.reason() == null ? "" : " (" + clip(r.reason(), 300) + ")"));
                        changes.add(new LeadChange(r.leadId(), LeadStatus.ACCEPTED));
                    }
                }
            }
            return changes;
        });
    }

    /**
     * One lead_outcome row per delivery that reached its final status (the figures stage tails
     * them: sales and their value per vendor and buyer). After the update batch, so a sale's price
     * is the one just stored.
     */
    private static void recordOutcomes(Connection c, List<DeliveryResult> results, Instant at) throws SQLException {
        List<DeliveryResult> finished = results.stream().filter(r -> !r.status().open()).toList();
        if (finished.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lead_outcome (at, lead_id, vendor_id, buyer_id, "
                + "kind, label, amount) SELECT ?, d.lead_id, l.vendor_id, d.buyer_id, ?, ?, "
                + "CASE WHEN d.status = 'ACCEPTED' THEN d.price END FROM delivery d JOIN lead l ON l.id = d.lead_id "
                + "WHERE d.id = ?")) {
            for (DeliveryResult r : finished) {
                ps.setObject(1, Jdbc.ts(at));
                ps.setString(2, r.status().wireName());
                ps.setString(3, clip(r.errorClass() != null ? r.errorClass() : r.reason(), 100));
                ps.setString(4, r.deliveryId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bindAttempt(PreparedStatement ps, String deliveryId, AttemptRecord a) throws SQLException {
        ps.setString(1, deliveryId);
        ps.setInt(2, a.attempt());
        ps.setObject(3, Jdbc.ts(a.startedAt()));
        ps.setObject(4, a.latencyMs());
        ps.setString(5, a.method());
        ps.setString(6, clip(a.url(), 4000));
        ps.setString(7, clip(a.requestHeaders(), 16000));
        ps.setString(8, a.requestBody());
        ps.setObject(9, a.responseStatus());
        ps.setString(10, clip(a.responseHeaders(), 16000));
        ps.setString(11, clip(a.responseBody(), 200000));
        ps.setString(12, a.outcome());
        ps.setString(13, a.errorClass());
        ps.setString(14, clip(a.errorMessage(), 2000));
        ps.setBoolean(15, a.drift());
        ps.setString(16, clip(a.driftNote(), 1000));
    }

    static void releaseCaps(Connection c, String deliveryId) throws SQLException {
        String buyerId;
        String slots;
        try (PreparedStatement ps = c.prepareStatement("SELECT buyer_id, cap_windows FROM delivery WHERE id = ?")) {
            ps.setString(1, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                buyerId = rs.getString(1);
                slots = rs.getString(2);
            }
        }
        if (slots != null && !slots.isEmpty()) {
            release(c, buyerId, slots);
            try (PreparedStatement ps = c.prepareStatement("UPDATE delivery SET cap_windows = '' WHERE id = ?")) {
                ps.setString(1, deliveryId);
                ps.executeUpdate();
            }
        }
    }

    /**
     * ROUTED → ACCEPTED when none of the lead's deliveries is open or a standing sale (a sale the
     * buyer returned does not hold the lead back: its lead went back to routing for the next buyer).
     */
    static boolean backToRouting(Connection c, String leadId, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE lead SET status = 'ACCEPTED' WHERE id = ? "
                + "AND status = 'ROUTED' AND NOT EXISTS (SELECT 1 FROM delivery WHERE lead_id = ? "
                + "AND (status IN ('PENDING', 'SENDING', 'RETRY', 'AWAITING') "
                + "OR (status = 'ACCEPTED' AND returned_at IS NULL)))")) {
            ps.setString(1, leadId);
            ps.setString(2, leadId);
            return ps.executeUpdate() == 1;
        }
    }

    static void event(Connection c, String leadId, Instant at, String type, String detail)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LeadRepository.INSERT_EVENT)) {
            ps.setString(1, leadId);
            ps.setObject(2, Jdbc.ts(at));
            ps.setString(3, type);
            ps.setString(4, clip(detail == null ? "" : detail, 4000));
            ps.executeUpdate();
        }
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    // ---------------------------------------------------------------- reading

    /** A delivery as the console and the dead-letter desk show it. */
    public record DeliveryRow(String id, String leadId, String buyerId, int round, DeliveryStatus status,
            int attempts, Instant nextAttemptAt, String idempotencyKey, Integer mappingVersion, BigDecimal price,
            String buyerLeadId, String reason, String errorClass, Instant createdAt, Instant updatedAt,
            Instant finishedAt) {
    }

    /** One stored attempt. */
    public record AttemptRow(long seq, String deliveryId, AttemptRecord record) {
    }

    /** A lead's deliveries, oldest first. */
    public List<DeliveryRow> deliveriesOf(String leadId) {
        return Jdbc.inTransaction(dataSource, "read deliveries", c -> {
            List<DeliveryRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DELIVERY_COLUMNS
                    + " FROM delivery d WHERE d.lead_id = ? ORDER BY d.seq")) {
                ps.setString(1, leadId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(deliveryRow(rs));
                    }
                }
            }
            return out;
        });
    }

    public Optional<DeliveryRow> delivery(String deliveryId) {
        return Jdbc.inTransaction(dataSource, "read delivery", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DELIVERY_COLUMNS
                    + " FROM delivery d WHERE d.id = ?")) {
                ps.setString(1, deliveryId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(deliveryRow(rs)) : Optional.empty();
                }
            }
        });
    }

    /** A delivery's attempts, oldest first. */
    public List<AttemptRow> attempts(String deliveryId) {
        return Jdbc.inTransaction(dataSource, "read attempts", c -> {
            List<AttemptRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, delivery_id, attempt, started_at, latency_ms, "
                    + "request_method, request_url, request_headers, request_body, response_status, response_headers, "
                    + "response_body, outcome, error_class, error_message, drift, drift_note FROM delivery_attempt "
                    + "WHERE delivery_id = ? ORDER BY seq")) {
                ps.setString(1, deliveryId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long latency = rs.getLong(5);
                        Long lat = rs.wasNull() ? null : latency;
                        int status = rs.getInt(10);
                        Integer st = rs.wasNull() ? null : status;
                        out.add(new AttemptRow(rs.getLong(1), rs.getString(2), new AttemptRecord(rs.getInt(3),
                                Jdbc.instant(rs.getObject(4)), lat, rs.getString(6), rs.getString(7), rs.getString(8),
                                rs.getString(9), st, rs.getString(11), rs.getString(12), rs.getString(13),
                                rs.getString(14), rs.getString(15), rs.getBoolean(16), rs.getString(17))));
                    }
                }
            }
            return out;
        });
    }

    /** The routing rounds of a lead: round → the stored decision document. */
    public Map<Integer, String> routingDecisions(String leadId) {
        return Jdbc.inTransaction(dataSource, "read routing decisions", c -> {
            Map<Integer, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT round, detail_json FROM routing_decision WHERE lead_id = ? ORDER BY seq")) {
                ps.setString(1, leadId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getInt(1), rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    /**
     * One buyer's delivery figures over a period, from its attempts.
     *
     * @param attempts   requests sent
     * @param accepted   attempts the buyer accepted
     * @param rejected   attempts the buyer rejected or called duplicates
     * @param errors     attempts that ended in an error (transport, 4xx/5xx)
     * @param p50Millis  median latency, or null without attempts
     * @param p95Millis  95th percentile latency, or null without attempts
     */
    public record BuyerStats(String buyerId, long attempts, long accepted, long rejected, long errors,
            Long p50Millis, Long p95Millis) {

        /** Accepted or rejected (a usable answer) per attempt; 1 without attempts. */
        public double successRate() {
            return attempts == 0 ? 1.0 : (double) (accepted + rejected) / attempts;
        }
    }

    /** Delivery figures per buyer since {@code since} (one indexed scan of the attempts in range). */
    public Map<String, BuyerStats> buyerStats(Instant since) {
        return Jdbc.inTransaction(dataSource, "read buyer figures", c -> {
            Map<String, BuyerStats> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT d.buyer_id, COUNT(*), "
                    + "SUM(CASE WHEN a.outcome = 'accepted' THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN a.outcome IN ('rejected', 'duplicate') THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN a.outcome = 'error' THEN 1 ELSE 0 END), "
                    + "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY a.latency_ms), "
                    + "PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY a.latency_ms) "
                    + "FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id "
                    + "WHERE a.started_at >= ? GROUP BY d.buyer_id")) {
                ps.setObject(1, Jdbc.ts(since));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double p50 = rs.getDouble(6);
                        Long median = rs.wasNull() ? null : Math.round(p50);
                        double p95 = rs.getDouble(7);
                        Long tail = rs.wasNull() ? null : Math.round(p95);
                        out.put(rs.getString(1), new BuyerStats(rs.getString(1), rs.getLong(2), rs.getLong(3),
                                rs.getLong(4), rs.getLong(5), median, tail));
                    }
                }
            }
            return out;
        });
    }

    /**
     * One page of the deliveries created in {@code [from, to)}, oldest first: what a buyer
     * dashboard's chart point stands for. Reads {@code ix_delivery_buyer_created}.
     *
     * @param buyerId the buyer, or null for every buyer
     */
    public List<DeliveryRow> createdBetween(String buyerId, Instant from, Instant to, int offset, int limit) {
        return Jdbc.inTransaction(dataSource, "read the deliveries created in a period", c -> {
            List<DeliveryRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM delivery d "
                    + "WHERE d.created_at >= ? AND d.created_at < ?" + (buyerId == null ? "" : " AND d.buyer_id = ?")
                    + " ORDER BY d.created_at, d.seq OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                int p = 1;
                ps.setObject(p++, Jdbc.ts(from));
                ps.setObject(p++, Jdbc.ts(to));
                if (buyerId != null) {
                    ps.setString(p++, buyerId);
                }
                ps.setInt(p++, offset);
                ps.setInt(p, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(deliveryRow(rs));
                    }
                }
            }
            return out;
        });
    }

    /** Deliveries per status, for health and the status bar. */
    public Map<DeliveryStatus, Long> countByStatus() {
        return Jdbc.inTransaction(dataSource, "count deliveries", c -> {
            Map<DeliveryStatus, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM delivery GROUP BY status");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(DeliveryStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return out;
        });
    }

    /** The earliest time any open delivery of the buyer is due, if any: the dispatcher sleeps until then. */
    public Optional<Instant> nextDue(String buyerId) {
        return Jdbc.inTransaction(dataSource, "read next due", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(next_attempt_at) FROM delivery WHERE status IN "
                    + "('PENDING', 'RETRY', 'SENDING') AND buyer_id = ?")) {
                ps.setString(1, buyerId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Optional.ofNullable(Jdbc.instant(rs.getObject(1)));
                }
            }
        });
    }

    private static DeliveryRow deliveryRow(ResultSet rs) throws SQLException {
        int mv = rs.getInt(9);
        Integer version = rs.wasNull() ? null : mv;
        return new DeliveryRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                DeliveryStatus.valueOf(rs.getString(5)), rs.getInt(6), Jdbc.instant(rs.getObject(7)), rs.getString(8),
                version, rs.getBigDecimal(10), rs.getString(11), rs.getString(12), rs.getString(13),
                Jdbc.instant(rs.getObject(14)), Jdbc.instant(rs.getObject(15)), Jdbc.instant(rs.getObject(16)));
    }
}
