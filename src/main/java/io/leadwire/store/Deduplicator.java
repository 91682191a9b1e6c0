package io.leadwire.store;

import io.leadwire.lead.DedupeKey;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The store side of de-duplication: finds the originals of a decision batch with one indexed
 * query, records each repeat on its original, and links leads by an operator's hand.
 *
 * <p>Who counts as an original: a decided lead (not RECEIVED) that is not itself a duplicate and
 * was not REJECTED (a rejected lead never reached a buyer, so a later lead for the same person
 * repeats nothing sold), received within the window of the new lead, from the same vendor unless
 * the scope is all vendors. Among several, the earliest by {@code seq}. Within one batch, leads are
 * taken in claim order ({@code seq}), so of two copies in one batch the earlier is the original.
 */
final class Deduplicator {
    /** Timeline event on an original: a new lead repeats it. */
    static final String REPEAT_SOURCE = "repeat_source";
    /** Timeline event on a lead an operator linked as a duplicate. */
    static final String LINKED_DUPLICATE = "linked_duplicate";

    private static final Map<DedupeKey, String> COLUMN = new EnumMap<>(Map.of(
            DedupeKey.EMAIL, "email_key", DedupeKey.PHONE, "phone_key", DedupeKey.VENDOR_LEAD_ID, "vendor_lead_id"));
    private static final Comparator<Candidate> BY_SEQ = Comparator.comparingLong(Candidate::seq);

    private Deduplicator() {
    }

    /** A lead that may be an original. */
    private record Candidate(String id, long seq, String vendorId, String vendorLeadId, Instant receivedAt) {
    }

    /** What {@link #find} found: per lead of the batch (claim order) its original or null, and vendor names. */
    record Found(DuplicateMatch[] matches, Map<String, String> vendorNames) {
        DuplicateMatch match(int i) {
            return matches[i];
        }

        String vendorName(String vendorId) {
            return vendorNames.getOrDefault(vendorId, vendorId);
        }
    }

    /**
     * Takes the row every de-duplicating batch locks (see V3): concurrent batches then look up and
     * write keys one after the other, so no two copies of one person both become originals.
     */
    static void lock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM dedupe_lock WHERE id = 1 FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new StoreException("the dedupe_lock row is missing; the database was not migrated by Leadwire");
            }
        }
    }

    /** Finds the original each lead of the batch repeats, if any. Leads must be in claim order. */
    static Found find(Connection c, List<Lead> leads, List<JudgedLead> judged, DuplicateSearch search)
            throws SQLException {
        DuplicateMatch[] out = new DuplicateMatch[leads.size()];
        if (leads.isEmpty() || !search.enabled()) {
            return new Found(out, Map.of());
        }
        Set<DedupeKey> kinds = EnumSet.copyOf(search.keys());
        Map<DedupeKey, Set<String>> wanted = new EnumMap<>(DedupeKey.class);
        Instant earliest = leads.get(0).receivedAt();
        for (int i = 0; i < leads.size(); i++) {
            Lead lead = leads.get(i);
            if (lead.receivedAt().isBefore(earliest)) {
                earliest = lead.receivedAt();
            }
            for (DedupeKey k : kinds) {
                String v = value(k, lead, judged.get(i));
                if (v != null) {
                    wanted.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v);
                }
            }
        }
        Map<DedupeKey, Map<String, List<Candidate>>> index = query(c, wanted, earliest.minus(search.window()));

        Candidate[] originals = new Candidate[leads.size()];
        List<List<DedupeKey>> agreed = new ArrayList<>(leads.size());
        Set<String> vendorIds = new LinkedHashSet<>();
        for (int i = 0; i < leads.size(); i++) {
            Lead lead = leads.get(i);
            JudgedLead j = judged.get(i);
            Candidate best = null;
            List<DedupeKey> agree = new ArrayList<>(2);
            for (DedupeKey k : kinds) {
                String v = value(k, lead, j);
                for (Candidate cand : v == null ? List.<Candidate>of() : index.getOrDefault(k, Map.of())
                        .getOrDefault(v, List.of())) {
                    if (!eligible(cand, lead, k, search)) {
                        continue;
                    }
                    if (best == null) {
                        best = cand;
                    }
                    if (cand.id().equals(best.id())) {
                        agree.add(k);
                        break;
                    }
                }
            }
            originals[i] = best;
            agreed.add(agree);
            if (best != null) {
                vendorIds.add(best.vendorId());
                vendorIds.add(lead.vendorId());
            } else if (j.decision().status() != LeadStatus.REJECTED) {
                // An original for the rest of the batch.
                Candidate self = new Candidate(lead.id(), lead.seq(), lead.vendorId(), lead.vendorLeadId(),
                        lead.receivedAt());
                for (DedupeKey k : kinds) {
                    String v = value(k, lead, j);
                    if (v != null) {
                        List<Candidate> list = index.computeIfAbsent(k, x -> new HashMap<>())
                                .computeIfAbsent(v, x -> new ArrayList<>());
                        list.add(self);
                        list.sort(BY_SEQ);
                    }
                }
            }
        }
        Map<String, String> names = vendorNames(c, vendorIds);
        for (int i = 0; i < leads.size(); i++) {
            Candidate o = originals[i];
            if (o != null) {
                DedupeKey key = agreed.get(i).get(0);
                out[i] = new DuplicateMatch(key, agreed.get(i), value(key, leads.get(i), judged.get(i)), o.id(),
                        o.vendorId(), names.getOrDefault(o.vendorId(), o.vendorId()), o.vendorLeadId(),
                        o.receivedAt());
            }
        }
        return new Found(out, names);
    }

    private static boolean eligible(Candidate cand, Lead lead, DedupeKey k, DuplicateSearch search) {
        if (cand.id().equals(lead.id())) {
            return false;
        }
        boolean sameVendor = cand.vendorId().equals(lead.vendorId());
        if (!search.allVendors() && !sameVendor) {
            return false;
        }
        if (k == DedupeKey.VENDOR_LEAD_ID && sameVendor) {
            return false; // the intake owns this case (see DedupeKey.VENDOR_LEAD_ID)
        }
        Instant from = lead.receivedAt().minus(search.window());
        Instant to = lead.receivedAt().plus(search.window());
        return !cand.receivedAt().isBefore(from) && !cand.receivedAt().isAfter(to);
    }

    private static String value(DedupeKey k, Lead lead, JudgedLead j) {
        switch (k) {
            case EMAIL:
                return j.emailKey();
            case PHONE:
                return j.phoneKey();
            case VENDOR_LEAD_ID:
                return lead.vendorLeadId();
            default:
                throw new IllegalArgumentException("unknown key " + k);
        }
    }

    /**
     * One query for the whole batch: per key kind {@code column IN (...) AND duplicate_of IS NULL AND
     * received_at >= ?}, served by the (key, duplicate_of, received_at) indexes of V3 (vendor lead
     * id: (vendor_lead_id, received_at)), joined with UNION ALL. The IN lists are padded
     * to a power of two so that the database sees few distinct statements and keeps their plans.
     */
    static String candidateSql(Map<DedupeKey, Integer> sizes) {
        StringBuilder sql = new StringBuilder();
        for (Map.Entry<DedupeKey, Integer> e : sizes.entrySet()) {
            if (sql.length() > 0) {
                sql.append(" UNION ALL ");
            }
            String col = COLUMN.get(e.getKey());
            sql.append("SELECT ").append(e.getKey().ordinal()).append(" AS k, ").append(col)
                    .append(" AS v, id, seq, vendor_id, vendor_lead_id, received_at FROM lead WHERE ").append(col)
                    .append(" IN (").append("?, ".repeat(e.getValue() - 1)).append("?) AND received_at >= ? ")
                    .append("AND duplicate_of IS NULL AND status <> 'RECEIVED' AND status <> 'REJECTED'");
        }
        return sql.toString();
    }

    /** The smallest power of two that is at least {@code n}. */
    static int padded(int n) {
        int p = 1;
        while (p < n) {
            p <<= 1;
        }
        return p;
    }

    private static Map<DedupeKey, Map<String, List<Candidate>>> query(Connection c,
            Map<DedupeKey, Set<String>> wanted, Instant since) throws SQLException {
        Map<DedupeKey, Map<String, List<Candidate>>> index = new EnumMap<>(DedupeKey.class);
        if (wanted.isEmpty()) {
            return index;
        }
        Map<DedupeKey, Integer> sizes = new EnumMap<>(DedupeKey.class);
        wanted.forEach((k, vs) -> sizes.put(k, padded(vs.size())));
        DedupeKey[] kinds = DedupeKey.values();
        try (PreparedStatement ps = c.prepareStatement(candidateSql(sizes))) {
            int p = 1;
            for (Map.Entry<DedupeKey, Set<String>> e : wanted.entrySet()) {
                String last = null;
                for (String v : e.getValue()) {
                    ps.setString(p++, v);
                    last = v;
                }
                for (int pad = e.getValue().size(); pad < sizes.get(e.getKey()); pad++) {
                    ps.setString(p++, last);
                }
                ps.setObject(p++, Jdbc.ts(since));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Candidate cand = new Candidate(rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                            Jdbc.instant(rs.getObject(7)));
                    index.computeIfAbsent(kinds[rs.getInt(1)], x -> new HashMap<>())
                            .computeIfAbsent(rs.getString(2), x -> new ArrayList<>()).add(cand);
                }
            }
        }
        index.values().forEach(m -> m.values().forEach(l -> l.sort(BY_SEQ)));
        return index;
    }

    private static Map<String, String> vendorNames(Connection c, Set<String> ids) throws SQLException {
        Map<String, String> names = new HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM vendor WHERE id IN ("
                + "?, ".repeat(ids.size() - 1) + "?)")) {
            int p = 1;
            for (String id : ids) {
                ps.setString(p++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return names;
    }

    /**
     * Records each repeat on its original: a {@value #REPEAT_SOURCE} timeline event naming the new
     * lead's vendor and ids. (The original's repeat count is the number of leads whose
     * {@code duplicate_of} names it, counted when read.)
     *
     * @param statuses the status each lead of the batch was given
     * @param at       when each lead was decided
     */
    static void recordRepeats(Connection c, List<Lead> leads, Found found, List<LeadStatus> statuses, Instant[] at,
                              String insertEvent) throws SQLException {
        boolean any = false;
        try (PreparedStatement ev = c.prepareStatement(insertEvent)) {
            for (int i = 0; i < leads.size(); i++) {
                DuplicateMatch m = found.match(i);
                if (m == null) {
                    continue;
                }
                Lead lead = leads.get(i);
                ev.setString(1, m.originalId());
                ev.setObject(2, Jdbc.ts(at[i]));
                ev.setString(3, REPEAT_SOURCE);
                ev.setString(4, "Repeated by vendor '" + found.vendorName(lead.vendorId()) + "' (their lead "
                        + lead.vendorLeadId() + ", lead " + lead.id() + ") on the same " + keyNames(m.keys())
                        + "; the repeat was " + statuses.get(i).wireName() + ".");
                ev.addBatch();
                any = true;
            }
            if (any) {
                ev.executeBatch();
            }
        }
    }

    /** A lead's row as {@link #link} needs it. */
    private record Row(String id, String vendorId, String vendorLeadId, String duplicateOf, LeadStatus status) {
    }

    /**
     * Links {@code leadId} as a duplicate of {@code originalId} (or of that lead's own original, so
     * that links never chain): sets {@code duplicate_of}, REJECTED, moves the lead's own repeats
     * over to the original, and writes a timeline event on both leads.
     * Linking a lead again to the original it already has changes nothing.
     *
     * @throws IllegalArgumentException when a lead does not exist, the two are the same lead, or
     *         the original is itself a duplicate of {@code leadId}
     */
    static void link(Connection c, String leadId, String originalId, String operator, Instant at, String insertEvent)
            throws SQLException {
        if (leadId.equals(originalId)) {
            throw new IllegalArgumentException("A lead cannot be a duplicate of itself (lead " + leadId + ").");
        }
        Row lead = lockRow(c, leadId);
        Row original = lockRow(c, originalId);
        String rootId = original.duplicateOf() == null ? original.id() : original.duplicateOf();
        if (rootId.equals(leadId)) {
            throw new IllegalArgumentException("Lead " + originalId + " is already a duplicate of lead " + leadId
                    + ": link them the other way round.");
        }
        Row root = rootId.equals(originalId) ? original : lockRow(c, rootId);
        if (rootId.equals(lead.duplicateOf()) && lead.status() == LeadStatus.REJECTED) {
            return;
        }
        int moved = update(c, "UPDATE lead SET duplicate_of = ? WHERE duplicate_of = ?", rootId, leadId);
        update(c, "UPDATE lead SET duplicate_of = ?, status = 'REJECTED' WHERE id = ?", rootId, leadId);
        StoreGauges.add(c, StoreGauges.QUARANTINED, lead.status() == LeadStatus.QUARANTINED ? -1 : 0);
        Map<String, String> names = vendorNames(c, new LinkedHashSet<>(List.of(lead.vendorId(), root.vendorId())));
        try (PreparedStatement ev = c.prepareStatement(insertEvent)) {
            ev.setString(1, leadId);
            ev.setObject(2, Jdbc.ts(at));
            ev.setString(3, LINKED_DUPLICATE);
            ev.setString(4, "Rejected by " + operator + " as a duplicate of lead " + rootId + " (vendor '"
                    + names.getOrDefault(root.vendorId(), root.vendorId()) + "', their lead " + root.vendorLeadId()
                    + ")" + (moved > 0 ? "; its " + moved + " repeat(s) now point to that lead too" : "") + ".");
            ev.addBatch();
            ev.setString(1, rootId);
            ev.setObject(2, Jdbc.ts(at));
            ev.setString(3, REPEAT_SOURCE);
            ev.setString(4, "Repeated by vendor '" + names.getOrDefault(lead.vendorId(), lead.vendorId())
                    + "' (their lead " + lead.vendorLeadId() + ", lead " + leadId + "), linked by " + operator + ".");
            ev.addBatch();
            ev.executeBatch();
        }
    }

    private static Row lockRow(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, vendor_id, vendor_lead_id, duplicate_of, status "
                + "FROM lead WHERE id = ? FOR UPDATE")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("There is no lead " + id + ".");
                }
                return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        LeadStatus.valueOf(rs.getString(5)));
            }
        }
    }

    private static int update(Connection c, String sql, String a, String b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, a);
            ps.setString(2, b);
            return ps.executeUpdate();
        }
    }

    /** "email", "email and phone", "vendor lead id". */
    static String keyNames(List<DedupeKey> keys) {
        List<String> names = new ArrayList<>(keys.size());
        for (DedupeKey k : keys) {
            names.add(k.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
        return String.join(" and ", names);
    }
}
