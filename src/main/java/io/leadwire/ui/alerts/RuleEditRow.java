package io.leadwire.ui.alerts;

import io.leadwire.delivery.retry.Durations;
import io.leadwire.metrics.AlertRule;
import io.leadwire.metrics.AlertSettings.RuleSettings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One rule's editable settings as text, with what is wrong with them. */
public final class RuleEditRow {
    private final AlertRule rule;
    private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled", true);
    private final StringProperty threshold = new SimpleStringProperty(this, "threshold", "");
    private final StringProperty window = new SimpleStringProperty(this, "window", "");
    private final StringProperty minVolume = new SimpleStringProperty(this, "minVolume", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");

    RuleEditRow(AlertRule rule) {
        this.rule = rule;
    }

    void load(RuleSettings s) {
        enabled.set(s.enabled());
        threshold.set(number(s.threshold()));
        window.set(Durations.format(s.window()));
        minVolume.set(Long.toString(s.minVolume()));
    }

    static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    public AlertRule rule() {
        return rule;
    }

    public BooleanProperty enabledProperty() {
        return enabled;
    }

    public StringProperty thresholdProperty() {
        return threshold;
    }

    public StringProperty windowProperty() {
        return window;
    }

    public StringProperty minVolumeProperty() {
        return minVolume;
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    void setProblem(String text) {
        problem.set(text);
    }
}
