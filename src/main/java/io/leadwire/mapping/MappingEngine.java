package io.leadwire.mapping;

import io.leadwire.lead.Lead;
import io.leadwire.mapping.transform.Transform;
import io.leadwire.mapping.transform.TransformContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps a lead into a buyer's payload: fills every field rule (condition, source, transforms,
 * default, required and type checks), then renders the body with the mapping's renderer.
 *
 * <p>Bad data never throws: each problem is a {@link FieldIssue} naming the target, and the
 * body is still rendered from the fields that do have values, so a preview shows as much as it
 * can. A payload with errors must not be sent. The engine is stateless apart from its clock
 * and may be shared across threads.
 */
public final class MappingEngine {

    private final Clock clock;

    /** @param clock "now" for age and other time-dependent transforms */
    public MappingEngine(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Maps one lead with one mapping. */
    public RenderedPayload render(Lead lead, Mapping mapping) {
        return render(lead.fields(), mapping);
    }

    /**
     * Fills the mapping's rules from a flat record and returns target → value, without rendering a
     * body (the mapping's format is ignored). This is how a vendor dialect maps the vendor's field
     * names onto the canonical ones: sources are the vendor's names, targets the canonical names.
     */
    public MappedFields mapFields(Map<String, String> fields, Mapping mapping) {
        List<FieldRule> rules = mapping.rules();
        Map<String, String> values = new LinkedHashMap<>(rules.size() * 2);
        Run run = new Run(fields, clock);
        for (FieldRule rule : rules) {
            run.target = rule.target().text();
            String value = fill(rule, fields, run);
            if (value != null) {
                values.put(run.target, value);
            }
        }
        return new MappedFields(values, run.warnings == null ? List.of() : run.warnings,
                run.errors == null ? List.of() : run.errors);
    }

    /** Maps raw canonical fields (as a {@link Lead} holds them) with one mapping. */
    public RenderedPayload render(Map<String, String> fields, Mapping mapping) {
        if (mapping.template() != null) {
            return mapping.template().render(fields, clock);
        }
        List<FieldRule> rules = mapping.rules();
        String[] values = new String[rules.size()];
        Map<String, String> fieldValues = new LinkedHashMap<>(rules.size() * 2);
        Run run = new Run(fields, clock);
        boolean xml = mapping.format().xml();
        for (int i = 0; i < values.length; i++) {
            FieldRule rule = rules.get(i);
            run.target = rule.target().text();
            String value = fill(rule, fields, run);
            if (value != null && xml) {
                value = xmlSafe(value, run);
            }
            if (value != null) {
                values[i] = value;
                fieldValues.put(run.target, value);
            }
        }
        String body = mapping.renderer().render(values);
        return new RenderedPayload(mapping.renderer().contentType(), mapping.renderer().headers(), body, fieldValues,
                run.warnings == null ? List.of() : run.warnings, run.errors == null ? List.of() : run.errors);
    }

    private static String fill(FieldRule rule, Map<String, String> fields, Run run) {
        if (rule.when() != null && isBlank(fields.get(rule.when()))) {
            return null;
        }
        String value = rule.source().resolve(fields);
        int errorsBefore = run.errorCount();
        for (Transform transform : rule.transforms()) {
            value = transform.apply(value, run);
            if (run.errorCount() > errorsBefore) {
                return null;
            }
        }
        if (isBlank(value)) {
            value = rule.defaultValue();
        }
        if (isBlank(value)) {
            if (rule.required()) {
                run.fail("required, but " + rule.source() + " has no value");
            }
            return null;
        }
        if (!rule.type().accepts(value)) {
            run.fail("'" + value + "' is not a valid " + rule.type().id());
            return null;
        }
        return value;
    }

    /** XML 1.0 cannot carry most control characters at all; refuse rather than send broken XML. */
    private static String xmlSafe(String value, Run run) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF
                    || Character.isSurrogate(c)) {
                run.fail(String.format("contains character U+%04X, which XML cannot carry", (int) c));
                return null;
            }
        }
        return value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** The transform context of one render; collects issues against the current target. */
    private static final class Run implements TransformContext {
        private final Map<String, String> fields;
        private final Clock clock;
        String target;
        List<FieldIssue> warnings;
        List<FieldIssue> errors;

        Run(Map<String, String> fields, Clock clock) {
            this.fields = fields;
            this.clock = clock;
        }

        int errorCount() {
            return errors == null ? 0 : errors.size();
        }

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
            if (warnings == null) {
                warnings = new ArrayList<>(2);
            }
            warnings.add(new FieldIssue(target, message));
        }

        @Override
        public void fail(String message) {
            if (errors == null) {
                errors = new ArrayList<>(2);
            }
            errors.add(new FieldIssue(target, message));
        }
    }
}
