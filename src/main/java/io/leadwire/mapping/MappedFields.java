package io.leadwire.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a mapping filled for one record, without rendering a body: what an inbound
 * mapping (a vendor dialect) produces, target name → value.
 *
 * @param values   target → value for every rule that gave a value, in rule order
 * @param warnings values that were kept but deserve a look (untranslated value, truncation)
 * @param errors   targets that could not be filled (a failed transform, a wrong type, a missing required value)
 */
public record MappedFields(Map<String, String> values, List<FieldIssue> warnings, List<FieldIssue> errors) {

    public MappedFields {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }

    /** Whether every rule was filled without error. */
    public boolean ok() {
        return errors.isEmpty();
    }
}
