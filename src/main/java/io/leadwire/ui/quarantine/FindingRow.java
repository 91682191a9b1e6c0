package io.leadwire.ui.quarantine;

/** One finding of the (re-)judged lead: severity word, the reason, the field and the sentence. */
public record FindingRow(String severity, ReasonLabel reason, String field, String message) {
}
