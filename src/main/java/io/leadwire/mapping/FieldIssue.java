package io.leadwire.mapping;

import java.util.Objects;

/**
 * A warning or error about one field: the target a rule writes, or a buyer spec field.
 *
 * @param field   the field's name exactly as the buyer spells it
 * @param message what is wrong, for an operator to read
 */
public record FieldIssue(String field, String message) {
    public FieldIssue {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
