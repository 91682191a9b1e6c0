package io.leadwire.mapping.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a buyer says its payload must contain.
 *
 * @param name   the buyer or spec name, for messages
 * @param fields the fields, in the buyer's order; names are unique
 */
public record BuyerSpec(String name, List<SpecField> fields) {

    public BuyerSpec {
        Objects.requireNonNull(name, "name");
        fields = List.copyOf(fields);
        Map<String, SpecField> seen = new LinkedHashMap<>();
        for (SpecField field : fields) {
            if (seen.put(field.name(), field) != null) {
                throw new IllegalArgumentException("spec field '" + field.name() + "' is listed twice");
            }
        }
    }

    /** The field with exactly this name, or {@code null}. */
    public SpecField field(String fieldName) {
        for (SpecField field : fields) {
            if (field.name().equals(fieldName)) {
                return field;
            }
        }
        return null;
    }

    /** The field whose name matches ignoring case, or {@code null}; used to explain near misses. */
    public SpecField fieldIgnoringCase(String fieldName) {
        for (SpecField field : fields) {
            if (field.name().equalsIgnoreCase(fieldName)) {
                return field;
            }
        }
        return null;
    }
}
