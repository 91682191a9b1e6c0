package io.leadwire.ui.settings;

import io.leadwire.quality.ScoringRule;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/** One row of the scoring rule table: the rule, its points and whether it counts. */
public final class RuleRow {
    private final ScoringRule rule;
    private final ObjectProperty<Integer> points;
    private final BooleanProperty enabled;
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    RuleRow(ScoringRule rule, int points, boolean enabled) {
        this.rule = rule;
        this.points = new SimpleObjectProperty<>(this, "points", points);
        this.enabled = new SimpleBooleanProperty(this, "enabled", enabled);
    }

    public ScoringRule rule() {
        return rule;
    }

    public String id() {
        return rule.id();
    }

    public String description() {
        return rule.description();
    }

    /** The shipped default points: "−25", "+30". */
    public String defaultText() {
        int d = rule.defaultPoints();
        return d > 0 ? "+" + d : d < 0 ? "−" + -d : "0";
    }

    public ObjectProperty<Integer> pointsProperty() {
        return points;
    }

    public int getPoints() {
        return points.get() == null ? 0 : points.get();
    }

    public void setPoints(int v) {
        points.set(v);
    }

    public BooleanProperty enabledProperty() {
        return enabled;
    }

    public boolean isEnabled() {
        return enabled.get();
    }

    public void setEnabled(boolean v) {
        enabled.set(v);
    }

    /** What is wrong with the points, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public String getError() {
        return error.get();
    }

    void setError(String message) {
        error.set(message);
    }
}
