package io.leadwire.ui.settings;

import io.leadwire.ui.ConsoleServices;
import io.leadwire.ui.UiExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Settings screen: engine settings shared by every engine on the database, one
 * {@link SettingsEditor} per settings document, shown as sections. Save, Revert and Reset act on
 * every document with changes; the saved-by line follows the selected section's document.
 */
public final class SettingsViewModel {
    private final String operator;
    private final QualitySettingsEditor quality;
    private final List<SettingsEditor> editors = new ArrayList<>();
    private final ObservableList<SettingsSection> sections = FXCollections.observableArrayList();
    private final ObjectProperty<SettingsSection> selectedSection = new SimpleObjectProperty<>(this, "selectedSection",
            SettingsSection.SCORING);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper(this, "errorMessage", "");
    private final BooleanBinding dirty;
    private final BooleanBinding canSave;
    private final StringBinding savedInfo;
    private boolean saving;

    /**
     * @param operator who saves, recorded with each change (the OS user name in the console)
     */
    public SettingsViewModel(ConsoleServices services, UiExecutor executor, String operator) {
        this.operator = Objects.requireNonNull(operator, "operator");
        this.quality = new QualitySettingsEditor(services.qualitySettings(), executor, services.clock());
        editors.add(quality);
        for (SettingsEditor e : editors) {
            sections.addAll(e.sections());
        }
        dirty = Bindings.createBooleanBinding(() -> editors.stream().anyMatch(e -> e.dirtyProperty().get()),
                editors.stream().map(SettingsEditor::dirtyProperty).toArray(Observable[]::new));
        canSave = Bindings.createBooleanBinding(() -> editors.stream().anyMatch(e -> e.dirtyProperty().get())
                        && editors.stream().allMatch(e -> e.validProperty().get()),
                observables());
        savedInfo = Bindings.createStringBinding(() -> editorOf(selectedSection.get()).savedInfoProperty().get(),
                observablesWith(selectedSection));
    }

    private Observable[] observables() {
        List<Observable> out = new ArrayList<>();
        for (SettingsEditor e : editors) {
            out.add(e.dirtyProperty());
            out.add(e.validProperty());
            out.add(e.savedInfoProperty());
        }
        return out.toArray(new Observable[0]);
    }

    private Observable[] observablesWith(javafx.beans.Observable extra) {
        List<Observable> out = new ArrayList<>(List.of(observables()));
        out.add(extra);
        return out.toArray(new Observable[0]);
    }

    private SettingsEditor editorOf(SettingsSection section) {
        for (SettingsEditor e : editors) {
            if (e.sections().contains(section)) {
                return e;
            }
        }
        return editors.get(0);
    }

    /** Saves every document with changes. */
    public void save() {
        if (saving) {
            return;
        }
        if (!canSave.get()) {
            errorMessage.set(dirty.get() ? "Fix the marked fields first; nothing was saved." : "");
            return;
        }
        message.set("");
        errorMessage.set("");
        List<SettingsEditor> toSave = editors.stream().filter(e -> e.dirtyProperty().get()).toList();
        saving = true;
        int[] left = {toSave.size()};
        for (SettingsEditor e : toSave) {
            e.save(operator, done -> {
                message.set(done);
                if (--left[0] == 0) {
                    saving = false;
                }
            }, failed -> {
                errorMessage.set(failed);
                if (--left[0] == 0) {
                    saving = false;
                }
            });
        }
    }

    /** Throws away every unsaved change. */
    public void revert() {
        editors.forEach(SettingsEditor::revert);
        errorMessage.set("");
        message.set("Reverted to the settings in force.");
    }

    /** Fills every section with the shipped defaults; they apply once saved. */
    public void resetToDefaults() {
        editors.forEach(SettingsEditor::resetToDefaults);
        errorMessage.set("");
        message.set(dirty.get() ? "Shipped defaults filled in. Save to apply them." : "These are the shipped defaults.");
    }

    /** Called about once a second: picks up settings saved by another console or engine. */
    public void tick() {
        for (SettingsEditor e : editors) {
            String notice = e.tick();
            if (!notice.isEmpty()) {
                message.set(notice);
            }
        }
    }

    public QualitySettingsEditor quality() {
        return quality;
    }

    public ObservableList<SettingsSection> sections() {
        return sections;
    }

    public ObjectProperty<SettingsSection> selectedSectionProperty() {
        return selectedSection;
    }

    public SettingsSection getSelectedSection() {
        return selectedSection.get();
    }

    /** Some document has unsaved changes. */
    public BooleanBinding dirtyProperty() {
        return dirty;
    }

    public boolean isDirty() {
        return dirty.get();
    }

    /** There are changes and none of them has a problem. */
    public BooleanBinding canSaveProperty() {
        return canSave;
    }

    public boolean isCanSave() {
        return canSave.get();
    }

    public StringBinding savedInfoProperty() {
        return savedInfo;
    }

    public String getSavedInfo() {
        return savedInfo.get();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public String getMessage() {
        return message.get();
    }

    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    public String getErrorMessage() {
        return errorMessage.get();
    }
}
