package io.leadwire.ui.settings;

import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;

/**
 * Edits one settings document for the Settings screen: holds the operator's draft, validates it
 * as it changes, and saves, reverts or resets it. One editor may serve several sections (the
 * quality document has Scoring and Validation).
 */
public interface SettingsEditor {
    /** The sections whose fields this editor holds. */
    List<SettingsSection> sections();

    /** The draft differs from the settings in force. */
    ReadOnlyBooleanProperty dirtyProperty();

    /** The draft has no problems and could be saved. */
    ReadOnlyBooleanProperty validProperty();

    /** "Saved by alice at 25 Nov 2026 07:12 (version 3)", or that the shipped defaults apply. */
    ReadOnlyStringProperty savedInfoProperty();

    /** Saves the draft; {@code onDone} gets a sentence for the operator, {@code onError} what went wrong. */
    void save(String operator, Consumer<String> onDone, Consumer<String> onError);

    /** Throws the draft away and shows the settings in force. */
    void revert();

    /** Fills the draft with the shipped defaults (saved only by {@link #save}). */
    void resetToDefaults();

    /** Called about once a second: picks up a version saved elsewhere; returns a notice or empty. */
    String tick();
}
