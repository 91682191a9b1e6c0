package io.leadwire.mapping.template;

import io.leadwire.mapping.FieldIssue;
import io.leadwire.mapping.transform.Transform;
import io.leadwire.mapping.transform.TransformContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One render of a body template: the lead's fields, the clock, and the issues the filters
 * raise. Filters find it in the template context under {@link #KEY}.
 */
final class TemplateRun {

    /** The context variable the run is passed under; not a valid lead field name, so it cannot collide. */
    static final String KEY = "__leadwire_run";

    private final Map<String, String> fields;
    private final Clock clock;
    // Private, and reached only through methods, which templates cannot call.
    private final List<FieldIssue> warnings = new ArrayList<>(2);
    private final List<FieldIssue> errors = new ArrayList<>(2);

    TemplateRun(Map<String, String> fields, Clock clock) {
        this.fields = fields;
        this.clock = clock;
    }

    /**
     * Applies a mapping transform to a value printed at {@code line}; its warnings and errors name
     * the lead field the value came from (the first field holding exactly this value), else the
     * template line.
     */
    String apply(Transform transform, String value, int line) {
        String field = fieldOf(value, line);
        return transform.apply(value, new TransformContext() {
            @Override
            public String field(String name) {
                return fields.get(name);
            }

            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public void warn(String message) {
                warnings.add(new FieldIssue(field, message + " (template line " + line + ")"));
            }

            @Override
            public void fail(String message) {
                errors.add(new FieldIssue(field, message + " (template line " + line + ")"));
            }
        });
    }

    private String fieldOf(String value, int line) {
        if (value != null) {
            for (Map.Entry<String, String> entry : fields.entrySet()) {
                if (value.equals(entry.getValue())) {
                    return entry.getKey();
                }
            }
        }
        return "template line " + line;
    }

    List<FieldIssue> warnings() {
        return warnings;
    }

    List<FieldIssue> errors() {
        return errors;
    }

    /** Printed if a template names the run itself: nothing. */
    @Override
    public String toString() {
        return "";
    }
}
