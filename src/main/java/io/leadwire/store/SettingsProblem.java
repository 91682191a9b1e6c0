package io.leadwire.store;

/**
 * One thing wrong in a settings document.
 *
 * @param field   the document path of the field at fault, e.g. {@code scoring.thresholds.standard};
 *                empty when the document as a whole is at fault
 * @param message a sentence for the operator saying what is wrong and what is allowed
 */
public record SettingsProblem(String field, String message) {
    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
