package io.leadwire.ui.deadletter;

/** One timeline event of the selected lead, with who did it ("" for the engine). */
public record TimelineItem(String time, String type, String detail, String actor) {
}
