package io.leadwire.mapping.spec;

import io.leadwire.mapping.FieldIssue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks the rendered field values of one payload against the buyer's spec, right before it is
 * sent: required fields present, values in the enum, within the length, matching the pattern,
 * of the right type, and no field the buyer does not know. Each error names the field.
 */
public final class PayloadValidator {

    /**
     * Validates one payload's field values (as in {@code RenderedPayload.fieldValues()}).
     *
     * @return the errors, empty when the payload may be sent
     */
    public List<FieldIssue> validate(Map<String, String> fieldValues, BuyerSpec spec) {
        List<FieldIssue> errors = new ArrayList<>();
        for (SpecField field : spec.fields()) {
            String value = fieldValues.get(field.name());
            if (value == null || value.isEmpty()) {
                if (field.required()) {
                    errors.add(new FieldIssue(field.name(), "is required but has no value"));
                }
                continue;
            }
            if (!field.enumValues().isEmpty() && !field.enumValues().contains(value)) {
                errors.add(new FieldIssue(field.name(), "'" + value + "' is not one of " + field.enumValues()));
            }
            if (field.maxLength() != null && value.codePointCount(0, value.length()) > field.maxLength()) {
                errors.add(new FieldIssue(field.name(), "is longer than " + field.maxLength() + " characters"));
            }
            if (field.pattern() != null && !field.pattern().matcher(value).matches()) {
                errors.add(new FieldIssue(field.name(), "'" + value + "' does not match " + field.pattern().pattern()));
            }
            if (!field.type().accepts(value)) {
                errors.add(new FieldIssue(field.name(), "'" + value + "' is not a valid " + field.type().id()));
            }
        }
        for (String name : fieldValues.keySet()) {
            if (spec.field(name) == null) {
                errors.add(new FieldIssue(name, "is not a field of the buyer spec"));
            }
        }
        return errors;
    }
}
