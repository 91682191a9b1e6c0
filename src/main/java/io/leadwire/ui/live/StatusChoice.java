package io.leadwire.ui.live;

import io.leadwire.lead.LeadStatus;
import java.util.ArrayList;
import java.util.List;

/** An entry of the status filter: a status, or {@link #ALL}. */
public record StatusChoice(LeadStatus status, String label) {
    public static final StatusChoice ALL = new StatusChoice(null, "All statuses");

    public static List<StatusChoice> all() {
        List<StatusChoice> out = new ArrayList<>();
        out.add(ALL);
        for (LeadStatus s : LeadStatus.values()) {
            out.add(new StatusChoice(s, s.name().charAt(0) + s.wireName().substring(1)));
        }
        return out;
    }

    @Override
    public String toString() {
        return label;
    }
}
