package io.leadwire.ui.deadletter;

import java.util.List;

/**
 * One routing round of the selected lead: who was chosen and why each other buyer was skipped.
 *
 * @param title   "Round 2 — offered to nobody", "Round 3 — replayed to Acme by ops.tester"
 * @param skipped "Only CA — filter: state 'TX' not in [CA]"
 */
public record RoundItem(String title, List<String> skipped) {
    public RoundItem {
        skipped = List.copyOf(skipped);
    }
}
