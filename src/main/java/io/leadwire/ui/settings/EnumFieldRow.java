package io.leadwire.ui.settings;

import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** An enumerated lead field and the values it may hold, as edited on the Validation section. */
public final class EnumFieldRow {
    private final String field;
    private final ObservableList<String> values;
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    EnumFieldRow(String field, List<String> values) {
        this.field = field;
        this.values = FXCollections.observableArrayList(values);
    }

    public String field() {
        return field;
    }

    /** The allowed values, editable. */
    public ObservableList<String> values() {
        return values;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public String getError() {
        return error.get();
    }

    void setError(String message) {
        error.set(message);
    }

    @Override
    public String toString() {
        return field;
    }
}
