package io.leadwire.ui.live;

/** One entry of the selected lead's timeline, formatted for display. */
public record TimelineRow(String time, String type, String detail) {
}
