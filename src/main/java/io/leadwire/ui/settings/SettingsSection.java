package io.leadwire.ui.settings;

/**
 * The sections of the Settings screen, in sidebar order. A section edits part of one settings
 * document; to add one, add a constant here, its editor to {@link SettingsViewModel} and its pane
 * to {@code SettingsView.fxml} (the pane's {@code fx:id} is {@code <name>Section}).
 */
public enum SettingsSection {
    SCORING("Scoring", "Rule points and tiers"),
    VALIDATION("Validation", "Fields, values, consent");

    private final String title;
    private final String description;

    SettingsSection(String title, String description) {
        this.title = title;
        this.description = description;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }
}
