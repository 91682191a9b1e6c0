package io.leadwire.ui.deadletter;

/** A reason filter chip: the reason code (null for all) and how many open dead letters have it. */
public record ReasonFilterChip(String code, String label, long count) {
}
