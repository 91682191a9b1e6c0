package io.leadwire.ui.quarantine;

import java.util.List;

/** One quarantined lead in the queue, formatted for display. */
public record QueueRow(String id, String age, String vendor, String vendorLeadId, String name, Integer score,
                       String tier, List<ReasonLabel> reasons) {
    public QueueRow {
        reasons = List.copyOf(reasons);
    }

    /** "42", or "–" for a lead the stage could not judge. */
    public String scoreText() {
        return score == null ? "–" : String.valueOf(score);
    }
}
