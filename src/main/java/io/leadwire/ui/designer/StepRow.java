package io.leadwire.ui.designer;

import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One step of the selected rule's transform chain in the editor: its operation and arguments as
 * edited, and the value after it for the sample lead (updated in place by each preview, so the
 * row and its text fields survive typing).
 */
public final class StepRow {

    /**
     * One argument as the editor shows it.
     *
     * @param arg  what the argument is
     * @param text its current text
     */
    public record ArgValue(TransformCatalog.Arg arg, String text) {
    }

    private final int index;
    private final String op;
    private final List<ArgValue> args;
    private final ReadOnlyStringWrapper value = new ReadOnlyStringWrapper(this, "value", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed", false);
    private final ReadOnlyBooleanWrapper warned = new ReadOnlyBooleanWrapper(this, "warned", false);

    StepRow(int index, String op, List<ArgValue> args) {
        this.index = index;
        this.op = op;
        this.args = List.copyOf(args);
    }

    public int index() {
        return index;
    }

    public String op() {
        return op;
    }

    public List<ArgValue> args() {
        return args;
    }

    void show(DesignerAnalysis.StepTrace trace) {
        if (trace.error() != null) {
            value.set("—");
            problem.set(trace.error());
        } else if (!trace.ran()) {
            value.set("not run");
            problem.set("");
        } else {
            value.set(DesignerViewModel.display(trace.value()));
            problem.set(String.join("; ", trace.warnings()));
        }
        failed.set(trace.error() != null);
        warned.set(trace.error() == null && !trace.warnings().isEmpty());
    }

    /** The value after this step, quoted, or a note (no value, not run). */
    public ReadOnlyStringProperty valueProperty() {
        return value.getReadOnlyProperty();
    }

    public String getValue() {
        return value.get();
    }

    /** Why the step failed, or what it warned about; empty when all is well. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public String getProblem() {
        return problem.get();
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty warnedProperty() {
        return warned.getReadOnlyProperty();
    }
}
