package io.leadwire.ui.quarantine;

/** One line of the score breakdown: "+30", the rule and why. */
public record ScoreRow(String points, int value, String rule, String reason) {
}
