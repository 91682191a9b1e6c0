package io.leadwire.ui.deadletter;

import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One editable field of the selected lead: its value, bound to the form, and whether it differs from the stored one. */
public final class LeadFieldEdit {
    private final String name;
    private final String original;
    private final StringProperty value;
    private final ReadOnlyBooleanWrapper edited = new ReadOnlyBooleanWrapper(this, "edited", false);

    LeadFieldEdit(String name, String original) {
        this.name = name;
        this.original = original == null ? "" : original;
        this.value = new SimpleStringProperty(this, "value", this.original);
        value.addListener((o, a, b) -> edited.set(!Objects.equals(this.original, b == null ? "" : b.strip())));
    }

    public String name() {
        return name;
    }

    /** The field name as a form label, e.g. {@code first_name} → "First name". */
    public String label() {
        String s = name.replace('_', ' ');
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public StringProperty valueProperty() {
        return value;
    }

    public String getValue() {
        return value.get();
    }

    public void setValue(String v) {
        value.set(v);
    }

    public ReadOnlyBooleanProperty editedProperty() {
        return edited.getReadOnlyProperty();
    }

    public boolean isEdited() {
        return edited.get();
    }
}
