package io.leadwire.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadEvent;
import io.leadwire.lead.LeadStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/** Leads, their timelines and the queries the console pages through. */
public final class LeadRepository {
    private static final TypeReference<LinkedHashMap<String, String>> FIELDS = new TypeReference<>() {
    };
    static final String COLUMNS = "seq, id, vendor_id, vendor_lead_id, received_at, status, content_type, "
            + "raw_payload, fields_json, remote_ip";
    private static final String INSERT_LEAD = "INSERT INTO lead (id, vendor_id, vendor_lead_id, received_at, status, "
            + "content_type, raw_payload, fields_json, first_name, last_name, email, phone, country, remote_ip) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_EVENT = "INSERT INTO lead_event (lead_id, at, type, detail) VALUES (?, ?, ?, ?)";

    private final DataSource dataSource;
    private final ObjectMapper json;

    public LeadRepository(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** The outcome of inserting one lead: stored, or a duplicate of an existing lead. */
    public sealed interface InsertResult permits Inserted, Duplicate {
    }

    public record Inserted(Lead lead) implements InsertResult {
    }

    public record Duplicate(String originalId) implements InsertResult {
    }

    /**
     * Inserts leads in one transaction together with their {@code received} timeline events,
     * and commits once (group commit). A lead whose (vendor, vendor lead id) exists already, in
     * the database or earlier in the same batch, comes back as {@link Duplicate}; the unique
     * constraint decides, so concurrent writers cannot both insert it.
     *
     * @return one result per input, in input order
     */
    public List<InsertResult> insertAll(List<Lead> leads) {
        InsertResult[] results = new InsertResult[leads.size()];
        Map<String, Integer> firstInBatch = new HashMap<>();
        int[] copyOf = new int[leads.size()];
        List<Integer> unique = new ArrayList<>(leads.size());
        for (int i = 0; i < leads.size(); i++) {
            Lead lead = leads.get(i);
            String key = lead.vendorId() + '\u0000' + lead.vendorLeadId();
            Integer first = firstInBatch.putIfAbsent(key, i);
            copyOf[i] = first == null ? -1 : first;
            if (first == null) {
                unique.add(i);
            }
        }
        Jdbc.inTransaction(dataSource, "store leads", c -> {
            if (!tryBatch(c, leads, unique, results)) {
                insertOneByOne(c, leads, unique, results);
            }
            return null;
        });
        // A later copy in the batch duplicates whatever its first copy turned out to be: the new
        // lead, or the lead stored before this batch (the first copy's own id was never stored).
        for (int i = 0; i < results.length; i++) {
            if (copyOf[i] >= 0) {
                InsertResult first = results[copyOf[i]];
                results[i] = first instanceof Duplicate d ? d : new Duplicate(leads.get(copyOf[i]).id());
            }
        }
        return List.of(results);
    }

    /** Fast path: one JDBC batch. False (rolled back) when a duplicate spoiled it. */
    private boolean tryBatch(Connection c, List<Lead> leads, List<Integer> indexes, InsertResult[] results)
            throws SQLException {
        try (PreparedStatement lp = c.prepareStatement(INSERT_LEAD);
             PreparedStatement ep = c.prepareStatement(INSERT_EVENT)) {
            for (int i : indexes) {
                bindLead(lp, leads.get(i));
                lp.addBatch();
                bindReceivedEvent(ep, leads.get(i));
                ep.addBatch();
            }
            lp.executeBatch();
            ep.executeBatch();
        } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
                c.rollback();
                return false;
            }
            throw e;
        }
        long held = 0;
        for (int i : indexes) {
            results[i] = new Inserted(leads.get(i));
            held += leads.get(i).status() == LeadStatus.QUARANTINED ? 1 : 0;
        }
        StoreGauges.add(c, StoreGauges.QUARANTINED, held);
        return true;
    }

    /** Slow path after a conflict: each lead behind a savepoint, so one duplicate spoils nothing. */
    private void insertOneByOne(Connection c, List<Lead> leads, List<Integer> indexes, InsertResult[] results)
            throws SQLException {
        long held = 0;
        try (PreparedStatement lp = c.prepareStatement(INSERT_LEAD);
             PreparedStatement ep = c.prepareStatement(INSERT_EVENT)) {
            for (int i : indexes) {
                Lead lead = leads.get(i);
                Savepoint sp = c.setSavepoint();
                try {
                    bindLead(lp, lead);
                    lp.executeUpdate();
                    bindReceivedEvent(ep, lead);
                    ep.executeUpdate();
                    c.releaseSavepoint(sp);
                    results[i] = new Inserted(lead);
                    held += lead.status() == LeadStatus.QUARANTINED ? 1 : 0;
                } catch (SQLException e) {
                    if (!Jdbc.isUniqueViolation(e)) {
                        throw e;
                    }
                    c.rollback(sp);
                    results[i] = new Duplicate(findIdByVendorLeadId(c, lead.vendorId(), lead.vendorLeadId())
                            .orElseThrow(() -> new StoreException("unique violation without a row")));
                }
            }
        }
        StoreGauges.add(c, StoreGauges.QUARANTINED, held);
    }

    private void bindLead(PreparedStatement ps, Lead lead) throws SQLException {
        ps.setString(1, lead.id());
        ps.setString(2, lead.vendorId());
        ps.setString(3, lead.vendorLeadId());
        ps.setObject(4, Jdbc.ts(lead.receivedAt()));
        ps.setString(5, lead.status().name());
        ps.setString(6, lead.contentType());
        ps.setString(7, lead.rawPayload());
        ps.setString(8, toJson(lead.fields()));
        ps.setString(9, clip(lead.firstName(), 200));
        ps.setString(10, clip(lead.lastName(), 200));
        ps.setString(11, clip(lead.email(), 320));
        ps.setString(12, clip(lead.phone(), 64));
        ps.setString(13, clip(lead.country(), 100));
        ps.setString(14, lead.remoteIp());
    }

    private static void bindReceivedEvent(PreparedStatement ps, Lead lead) throws SQLException {
        ps.setString(1, lead.id());
        ps.setObject(2, Jdbc.ts(lead.receivedAt()));
        ps.setString(3, "received");
        ps.setString(4, "via " + lead.contentType() + (lead.remoteIp() == null ? "" : " from " + lead.remoteIp()));
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static Optional<String> findIdByVendorLeadId(Connection c, String vendorId, String vendorLeadId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM lead WHERE vendor_id = ? AND vendor_lead_id = ?")) {
            ps.setString(1, vendorId);
            ps.setString(2, vendorLeadId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * What a stage decided for one lead: its new status, its normalized fields, and the timeline
     * event that explains the move.
     *
     * @param score       the quality score, or null
     * @param tier        the score's tier name, or null
     * @param verdictJson the full verdict (findings, breakdown) as JSON, or null
     */
    public record LeadDecision(LeadStatus status, Map<String, String> fields, Integer score, String tier,
                               String verdictJson, String eventType, String eventDetail) {
    }

    /**
     * Claims up to {@code limit} leads in status {@code from}, oldest first, skipping rows another
     * worker or engine process holds ({@code FOR UPDATE SKIP LOCKED}), decides each with
     * {@code decide} and writes the new status, fields, verdict and a timeline event, all in one
     * transaction. A crash before the commit leaves the leads in {@code from}, to be decided again.
     * Each lead's decision time is read from {@code clock} right after it was decided.
     *
     * @return the decided leads with their new status and fields, in claim order
     */
    public List<Lead> decideAll(LeadStatus from, int limit, Function<Lead, LeadDecision> decide, Clock clock) {
        return Jdbc.inTransaction(dataSource, "decide leads", c -> {
            List<Lead> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM lead WHERE status = ? "
                    + "ORDER BY seq FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED")) {
                ps.setString(1, from.name());
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(map(rs));
                    }
                }
            }
            List<Lead> decided = new ArrayList<>(claimed.size());
            try (PreparedStatement up = c.prepareStatement("UPDATE lead SET status = ?, fields_json = ?, "
                    + "email = ?, score = ?, tier = ?, verdict_json = ?, decided_at = ? WHERE id = ?");
                 PreparedStatement ev = c.prepareStatement(INSERT_EVENT);
                 PreparedStatement rc = c.prepareStatement(LeadReasons.INSERT)) {
                int reasonRows = 0;
                for (Lead lead : claimed) {
                    LeadDecision d = decide.apply(lead);
                    // Read once the lead is judged: never before it was claimed (nor received).
                    Instant now = clock.instant();
                    up.setString(1, d.status().name());
                    up.setString(2, toJson(d.fields()));
                    up.setString(3, clip(d.fields().get(io.leadwire.lead.CanonicalField.EMAIL), 320));
                    up.setObject(4, d.score());
                    up.setString(5, d.tier());
                    up.setString(6, d.verdictJson());
                    up.setObject(7, Jdbc.ts(now));
                    up.setString(8, lead.id());
                    up.addBatch();
                    ev.setString(1, lead.id());
                    ev.setObject(2, Jdbc.ts(now));
                    ev.setString(3, d.eventType());
                    ev.setString(4, clip(d.eventDetail(), 4000));
                    ev.addBatch();
                    reasonRows += LeadReasons.addBatch(rc, lead.id(), LeadReasons.codesOf(json, d.verdictJson()));
                    decided.add(new Lead(lead.seq(), lead.id(), lead.vendorId(), lead.vendorLeadId(),
                            lead.receivedAt(), d.status(), lead.contentType(), lead.rawPayload(), d.fields(),
                            lead.remoteIp()));
                }
                if (!claimed.isEmpty()) {
                    up.executeBatch();
                    ev.executeBatch();
                }
                if (reasonRows > 0) {
                    rc.executeBatch();
                }
            }
            StoreGauges.add(c, StoreGauges.QUARANTINED, quarantineChange(from, decided));
            return decided;
        });
    }

    private static boolean anyWithStatus(Connection c, LeadStatus status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM lead WHERE status = ? FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, status.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Like {@link #decideAll(LeadStatus, int, Function, Clock)}, and in the same transaction also
     * de-duplicates the batch and adds its counts to the {@link QualityFiguresRepository quality figures}.
     *
     * <p>When {@code dedupe} is enabled, the batch first locks the one {@code dedupe_lock} row, so
     * that de-duplicating batches of several workers or processes run one after another and each
     * sees the keys the previous ones committed. It then judges every claimed lead, looks up the
     * originals of the whole batch in one indexed query (earlier leads of the same batch count too,
     * in claim order), and writes each lead with its normalized keys and, for a repeat,
     * {@code duplicate_of} and the decision {@link JudgedLead#asDuplicate()} gives. Each original
     * gets a {@code repeat_source} timeline event (its repeat count is counted when read, see
     * {@link #dedupeState}).
     *
     * @return the decided leads with their new status and fields, in claim order
     */
    public List<Lead> decideAll(LeadStatus from, int limit, Function<Lead, JudgedLead> judge, DuplicateSearch dedupe,
                                Clock clock) {
        return Jdbc.inTransaction(dataSource, "decide leads", c -> {
            if (dedupe.enabled()) {
                // The lock is a write; on H2 each commit with a write stores the database, and an
                // idle engine asks twice a second. So look (unlocked) whether there is a lead at all.
                if (!anyWithStatus(c, from)) {
                    return List.of();
                }
                Deduplicator.lock(c);
            }
            List<Lead> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM lead WHERE status = ? "
                    + "ORDER BY seq FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED")) {
                ps.setString(1, from.name());
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(map(rs));
                    }
                }
            }
            List<JudgedLead> judged = new ArrayList<>(claimed.size());
            Instant[] at = new Instant[claimed.size()];
            for (int i = 0; i < claimed.size(); i++) {
                judged.add(judge.apply(claimed.get(i)));
                at[i] = clock.instant(); // once judged: never before it was claimed (nor received)
            }
            Deduplicator.Found found = Deduplicator.find(c, claimed, judged, dedupe);
            List<Lead> decided = new ArrayList<>(claimed.size());
            List<LeadStatus> statuses = new ArrayList<>(claimed.size());
            QualityFiguresRepository.Tally tally = new QualityFiguresRepository.Tally();
            try (PreparedStatement up = c.prepareStatement("UPDATE lead SET status = ?, fields_json = ?, "
                    + "email = ?, score = ?, tier = ?, verdict_json = ?, decided_at = ?, email_key = ?, "
                    + "phone_key = ?, duplicate_of = ? WHERE id = ?");
                 PreparedStatement ev = c.prepareStatement(INSERT_EVENT);
                 PreparedStatement rc = c.prepareStatement(LeadReasons.INSERT)) {
                int reasonRows = 0;
                for (int i = 0; i < claimed.size(); i++) {
                    Lead lead = claimed.get(i);
                    JudgedLead j = judged.get(i);
                    DuplicateMatch m = found.match(i);
                    LeadDecision d = m == null ? j.decision() : j.asDuplicate().apply(m);
                    up.setString(1, d.status().name());
                    up.setString(2, toJson(d.fields()));
                    up.setString(3, clip(d.fields().get(io.leadwire.lead.CanonicalField.EMAIL), 320));
                    up.setObject(4, d.score());
                    up.setString(5, d.tier());
                    up.setString(6, d.verdictJson());
                    up.setObject(7, Jdbc.ts(at[i]));
                    up.setString(8, j.emailKey() == null || j.emailKey().length() > 320 ? null : j.emailKey());
                    up.setString(9, j.phoneKey() == null || j.phoneKey().length() > 32 ? null : j.phoneKey());
                    up.setString(10, m == null ? null : m.originalId());
                    up.setString(11, lead.id());
                    up.addBatch();
                    ev.setString(1, lead.id());
                    ev.setObject(2, Jdbc.ts(at[i]));
                    ev.setString(3, d.eventType());
                    ev.setString(4, clip(d.eventDetail(), 4000));
                    ev.addBatch();
                    reasonRows += LeadReasons.addBatch(rc, lead.id(), LeadReasons.codesOf(json, d.verdictJson()));
                    statuses.add(d.status());
                    tally.add(lead.vendorId(), lead.receivedAt(), d.status(), m != null, j.marks());
                    decided.add(new Lead(lead.seq(), lead.id(), lead.vendorId(), lead.vendorLeadId(),
                            lead.receivedAt(), d.status(), lead.contentType(), lead.rawPayload(), d.fields(),
                            lead.remoteIp()));
                }
                if (!claimed.isEmpty()) {
                    up.executeBatch();
                    ev.executeBatch();
                }
                if (reasonRows > 0) {
                    rc.executeBatch();
                }
            }
            Deduplicator.recordRepeats(c, claimed, found, statuses, at, INSERT_EVENT);
            QualityFiguresRepository.add(c, tally);
            StoreGauges.add(c, StoreGauges.QUARANTINED, quarantineChange(from, decided));
            return decided;
        });
    }

    /** How a batch of decisions changed the number of quarantined leads: the leads in {@code from} left it. */
    private static long quarantineChange(LeadStatus from, List<Lead> decided) {
        long in = decided.stream().filter(l -> l.status() == LeadStatus.QUARANTINED).count();
        return from == LeadStatus.QUARANTINED ? in - decided.size() : in;
    }

    /**
     * An operator's verdict that {@code leadId} repeats {@code originalId} (the quarantine desk's
     * "link as duplicate"): in one transaction the lead gets {@code duplicate_of} (the original's own
     * original if the original is itself a duplicate, so links never chain) and status REJECTED,
     * its own repeats move over to that original, and both timelines get
     * an event naming the operator ({@code linked_duplicate} on the lead, {@code repeat_source} on
     * the original). The caller announces the status change. Linking again to the same original
     * changes nothing.
     *
     * @return the lead as it is now
     * @throws IllegalArgumentException when either lead does not exist, they are the same lead, or
     *         the original is already a duplicate of {@code leadId}; the message says which
     */
    public Lead linkDuplicate(String leadId, String originalId, String operator, Instant at) {
        java.util.Objects.requireNonNull(leadId, "leadId");
        java.util.Objects.requireNonNull(originalId, "originalId");
        java.util.Objects.requireNonNull(at, "at");
        if (operator == null || operator.isBlank()) {
            throw new IllegalArgumentException("Say which operator links the lead.");
        }
        Jdbc.inTransaction(dataSource, "link duplicate", c -> {
            Deduplicator.link(c, leadId, originalId, operator.strip(), at, INSERT_EVENT);
            return null;
        });
        return findById(leadId).orElseThrow();
    }

    /**
     * A lead's de-duplication state.
     *
     * @param emailKey    its normalized email key, or null
     * @param phoneKey    its phone key (E.164), or null
     * @param duplicateOf the original it repeats, or null for an original
     * @param repeatCount how many leads repeat it (leads whose {@code duplicate_of} names it)
     */
    public record DedupeState(String emailKey, String phoneKey, String duplicateOf, int repeatCount) {
    }

    /** The lead's de-duplication state, if the lead exists. */
    public Optional<DedupeState> dedupeState(String leadId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT l.email_key, l.phone_key, l.duplicate_of, "
                             + "(SELECT COUNT(*) FROM lead r WHERE r.duplicate_of = l.id) FROM lead l WHERE l.id = ?")) {
            ps.setString(1, leadId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new DedupeState(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getInt(4))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the lead's duplicate state", e);
        }
    }

    /**
     * The oldest {@code limit} leads in a status, in claim order, read without locking: what
     * {@link #decideAll} would claim next. For work that must happen outside the claim's
     * transaction (e.g. calls to external services before judging).
     */
    public List<Lead> oldest(LeadStatus status, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM lead WHERE status = ? "
                     + "ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
            ps.setString(1, status.name());
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Lead> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("could not read waiting leads", e);
        }
    }

    /** The stored verdict JSON of a lead, if it has been judged. */
    public Optional<String> verdictJson(String leadId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT verdict_json FROM lead WHERE id = ?")) {
            ps.setString(1, leadId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read verdict", e);
        }
    }

    public Optional<Lead> findById(String id) {
        return queryOne("SELECT " + COLUMNS + " FROM lead WHERE id = ?", id);
    }

    public Optional<Lead> findByVendorLeadId(String vendorId, String vendorLeadId) {
        try (Connection c = dataSource.getConnection()) {
            Optional<String> id = findIdByVendorLeadId(c, vendorId, vendorLeadId);
            return id.isPresent() ? findById(id.get()) : Optional.empty();
        } catch (SQLException e) {
            throw new StoreException("could not read lead", e);
        }
    }

    /** The lead's timeline, oldest first. */
    public List<LeadEvent> timeline(String leadId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT lead_id, at, type, detail FROM lead_event WHERE lead_id = ? ORDER BY seq")) {
            ps.setString(1, leadId);
            try (ResultSet rs = ps.executeQuery()) {
                List<LeadEvent> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new LeadEvent(rs.getString(1), Jdbc.instant(rs.getObject(2)), rs.getString(3),
                            rs.getString(4)));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("could not read timeline", e);
        }
    }

    /** A filter for the lead list; null members match everything. */
    public record LeadQuery(String vendorId, LeadStatus status, String text) {
        public static final LeadQuery ALL = new LeadQuery(null, null, null);
    }

    /** One page of leads matching the query, newest first. */
    public List<Lead> page(LeadQuery query, int offset, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(query, args);
        String sql = "SELECT " + COLUMNS + " FROM lead" + where + " ORDER BY seq DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
        args.add(offset);
        args.add(limit);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<Lead> out = new ArrayList<>(limit);
                while (rs.next()) {
                    out.add(map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("could not page leads", e);
        }
    }

    /**
     * One page of the leads received in {@code [from, to)}, oldest first: what a dashboard's chart
     * point counted (its vendor's "received" in that bucket). Reads the received-time index.
     *
     * @param vendorId the vendor, or null for every vendor
     */
    public List<Lead> receivedBetween(String vendorId, Instant from, Instant to, int offset, int limit) {
        // COALESCE keeps H2 off the vendor_id indexes: with them it reads every lead the vendor ever
        // sent (99,347 of a 1M-lead store for one day); on ix_lead_received in time order it stops
        // after the page (1,088 read). PostgreSQL plans the same query on the received index too.
        String sql = "SELECT " + COLUMNS + " FROM lead WHERE received_at >= ? AND received_at < ?"
                + (vendorId == null ? "" : " AND COALESCE(vendor_id, '') = ?")
                + " ORDER BY received_at, seq OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            ps.setObject(p++, Jdbc.ts(from));
            ps.setObject(p++, Jdbc.ts(to));
            if (vendorId != null) {
                ps.setString(p++, vendorId);
            }
            ps.setInt(p++, offset);
            ps.setInt(p, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Lead> out = new ArrayList<>(Math.min(limit, 1000));
                while (rs.next()) {
                    out.add(map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the leads received in a period", e);
        }
    }

    /** How many leads match the query. */
    public long count(LeadQuery query) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT COUNT(*) FROM lead" + where(query, args);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("could not count leads", e);
        }
    }

    /** Leads received at or after {@code since}, per vendor id. */
    public Map<String, Long> countByVendorSince(Instant since) {
        return Jdbc.groupCount(dataSource, "SELECT vendor_id, COUNT(*) FROM lead WHERE received_at >= ? GROUP BY vendor_id", since);
    }

    public long countSince(Instant since) {
        return countByVendorSince(since).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Queue depths: how many leads wait in each status. */
    public Map<LeadStatus, Long> countByStatus() {
        Map<LeadStatus, Long> out = new EnumMap<>(LeadStatus.class);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM lead GROUP BY status");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(LeadStatus.valueOf(rs.getString(1)), rs.getLong(2));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("could not count leads by status", e);
        }
    }

    private static String where(LeadQuery q, List<Object> args) {
        List<String> parts = new ArrayList<>();
        if (q.vendorId() != null) {
            parts.add("vendor_id = ?");
            args.add(q.vendorId());
        }
        if (q.status() != null) {
            parts.add("status = ?");
            args.add(q.status().name());
        }
        if (q.text() != null && !q.text().isBlank()) {
            String like = "%" + q.text().strip().toLowerCase(java.util.Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            parts.add("(LOWER(vendor_lead_id) LIKE ? ESCAPE '\\' OR LOWER(first_name) LIKE ? ESCAPE '\\' "
                    + "OR LOWER(last_name) LIKE ? ESCAPE '\\' OR LOWER(email) LIKE ? ESCAPE '\\' "
                    + "OR LOWER(phone) LIKE ? ESCAPE '\\' OR LOWER(country) LIKE ? ESCAPE '\\' OR id = ?)");
            for (int i = 0; i < 6; i++) {
                args.add(like);
            }
            args.add(q.text().strip());
        }
        return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    private Optional<Lead> queryOne(String sql, String arg) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read lead", e);
        }
    }

    private Lead map(ResultSet rs) throws SQLException {
        return read(rs, json);
    }

    /** A lead from a row holding {@link #COLUMNS}. */
    static Lead read(ResultSet rs, ObjectMapper json) throws SQLException {
        return new Lead(rs.getLong("seq"), rs.getString("id"), rs.getString("vendor_id"),
                rs.getString("vendor_lead_id"), Jdbc.instant(rs.getObject("received_at")),
                LeadStatus.valueOf(rs.getString("status")), rs.getString("content_type"),
                rs.getString("raw_payload"), fromJson(json, rs.getString("fields_json")), rs.getString("remote_ip"));
    }

    private String toJson(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new StoreException("could not encode fields", e);
        }
    }

    private static Map<String, String> fromJson(ObjectMapper json, String s) {
        try {
            return json.readValue(s, FIELDS);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored fields are not JSON", e);
        }
    }
}
