package io.leadwire.ui.deadletter;

/** A live buyer offered by "Replay to…", with a note when it is switched off or its breaker is open. */
public record BuyerOption(String buyerId, String name, boolean routable, String note, boolean lastTried) {
    @Override
    public String toString() {
        return name + (lastTried ? " (tried last)" : "") + (note.isEmpty() ? "" : " — " + note);
    }
}
