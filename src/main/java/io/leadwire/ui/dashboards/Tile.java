package io.leadwire.ui.dashboards;

/**
 * One headline figure of a dashboard: a label, the value as shown, a line saying what it counts,
 * and a tone the view colours it by.
 */
public record Tile(String id, String label, String value, String detail, Tone tone) {
    /** How the figure reads: neutral, good, worth a look, or a problem. */
    public enum Tone { NEUTRAL, GOOD, WARNING, DANGER }
}
