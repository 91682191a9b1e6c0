package io.leadwire.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@code lead_reason} index: the warning and error codes of a lead's current verdict, so the
 * quarantine desk filters and counts by reason through an index. The codes are read from the
 * verdict JSON the quality stage stores ({@code reasons[].code} and {@code .severity}), so the
 * index is written in the same transaction as the verdict and can never disagree with it.
 */
final class LeadReasons {
    static final String INSERT = "INSERT INTO lead_reason (lead_id, code) VALUES (?, ?)";

    private LeadReasons() {
    }

    /** The verdict's warning and error codes, in order, without repeats; empty for null or unreadable JSON. */
    static Set<String> codesOf(ObjectMapper json, String verdictJson) {
        Set<String> codes = new LinkedHashSet<>();
        // Most accepted leads carry only infos: skip the parse for them.
        if (verdictJson == null || !(verdictJson.contains("\"severity\":\"error\"")
                || verdictJson.contains("\"severity\":\"warning\""))) {
            return codes;
        }
        try {
            for (JsonNode r : json.readTree(verdictJson).path("reasons")) {
                String severity = r.path("severity").asText();
                String code = r.path("code").asText("");
                if (!code.isEmpty() && code.length() <= 40 && !"info".equals(severity)) {
                    codes.add(code);
                }
            }
        } catch (JsonProcessingException e) {
            return codes;
        }
        return codes;
    }

    /** Adds the codes' rows to an {@link #INSERT} batch; returns how many. */
    static int addBatch(PreparedStatement insert, String leadId, Collection<String> codes) throws SQLException {
        for (String code : codes) {
            insert.setString(1, leadId);
            insert.setString(2, code);
            insert.addBatch();
        }
        return codes.size();
    }

    /** Replaces a lead's rows with the codes of a new verdict. */
    static void replace(Connection c, String leadId, Collection<String> codes) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM lead_reason WHERE lead_id = ?")) {
            del.setString(1, leadId);
            del.executeUpdate();
        }
        if (codes.isEmpty()) {
            return;
        }
        try (PreparedStatement ins = c.prepareStatement(INSERT)) {
            addBatch(ins, leadId, codes);
            ins.executeBatch();
        }
    }
}
