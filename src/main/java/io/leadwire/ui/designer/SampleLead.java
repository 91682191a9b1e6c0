package io.leadwire.ui.designer;

import java.util.Map;
import java.util.Objects;

/**
 * A lead the designer previews a mapping with.
 *
 * @param label  what the picker shows
 * @param group  where it comes from: {@code Recent}, {@code Fixture} or {@code Edge case}
 * @param fields its canonical fields, as the intake stored or would store them
 */
public record SampleLead(String label, String group, Map<String, String> fields) {
    public SampleLead {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(group, "group");
        fields = Map.copyOf(fields);
    }

    @Override
    public String toString() {
        return group + " · " + label;
    }
}
