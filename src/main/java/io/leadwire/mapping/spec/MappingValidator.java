package io.leadwire.mapping.spec;

import io.leadwire.mapping.FieldIssue;
import io.leadwire.mapping.FieldRule;
import io.leadwire.mapping.Mapping;
import io.leadwire.mapping.ValueSource;
import io.leadwire.mapping.transform.Transform;
import io.leadwire.mapping.transform.ValueKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a mapping against the buyer's spec before any lead goes through it: every required
 * field mapped, every target named exactly as the buyer spells it (case included), enum fields
 * fed by a translation table (or boolean encoding or constant) whose every output the buyer
 * accepts, and value types that fit. Each error names the buyer field.
 */
public final class MappingValidator {

    /**
     * Validates a mapping. A template-mode mapping has no rules to check ahead: its fields exist
     * only in the rendered body, which {@link PayloadValidator} checks for every payload.
     *
     * @return the errors, empty when the mapping fits the spec (always empty in template mode)
     */
    public List<FieldIssue> validate(Mapping mapping, BuyerSpec spec) {
        if (mapping.templateMode()) {
            return List.of();
        }
        List<FieldIssue> errors = new ArrayList<>();
        Set<String> mapped = new HashSet<>();
        for (FieldRule rule : mapping.rules()) {
            String target = rule.target().text();
            mapped.add(target);
            SpecField field = spec.field(target);
            if (field == null) {
                SpecField near = spec.fieldIgnoringCase(target);
                errors.add(new FieldIssue(target, near == null ? "is not a field of the buyer spec"
                        : "is spelled '" + near.name() + "' by the buyer (names are case-sensitive)"));
                continue;
            }
            checkEnum(rule, field, errors);
            checkType(rule, field, errors);
            checkConstantLength(rule, field, errors);
        }
        for (SpecField field : spec.fields()) {
            if (field.required() && !mapped.contains(field.name()) && !mappedIgnoringCase(mapped, field.name())) {
                errors.add(new FieldIssue(field.name(), "is required by the buyer but not mapped"));
            }
        }
        return errors;
    }

    private static boolean mappedIgnoringCase(Set<String> mapped, String name) {
        for (String target : mapped) {
            if (target.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static void checkEnum(FieldRule rule, SpecField field, List<FieldIssue> errors) {
        if (field.enumValues().isEmpty()) {
            return;
        }
        Optional<Set<String>> outputs = possibleOutputs(rule);
        if (outputs.isEmpty()) {
            errors.add(new FieldIssue(field.name(), "must be one of " + field.enumValues()
                    + " but no translation table covers it"));
            return;
        }
        for (String output : outputs.get()) {
            if (!field.enumValues().contains(output)) {
                errors.add(new FieldIssue(field.name(), "the mapping can send '" + output
                        + "', which is not one of " + field.enumValues()));
            }
        }
    }

    private static Optional<Set<String>> possibleOutputs(FieldRule rule) {
        Set<String> outputs = new LinkedHashSet<>();
        List<Transform> chain = rule.transforms();
        if (chain.isEmpty()) {
            if (rule.source().kind() != ValueSource.Kind.CONSTANT) {
                return Optional.empty();
            }
            outputs.add(rule.source().text());
        } else {
            Optional<Set<String>> last = chain.get(chain.size() - 1).possibleOutputs();
            if (last.isEmpty()) {
                return Optional.empty();
            }
            outputs.addAll(last.get());
        }
        if (rule.defaultValue() != null) {
            outputs.add(rule.defaultValue());
        }
        return Optional.of(outputs);
    }

    private static void checkType(FieldRule rule, SpecField field, List<FieldIssue> errors) {
        if (field.type() == ValueKind.STRING) {
            return;
        }
        ValueKind produced = rule.type() == ValueKind.STRING ? null : rule.type();
        List<Transform> chain = rule.transforms();
        for (int i = chain.size() - 1; i >= 0 && produced == null; i--) {
            produced = chain.get(i).outputKind().orElse(null);
        }
        if (produced == null && rule.source().kind() == ValueSource.Kind.CONSTANT && chain.isEmpty()) {
            if (!field.type().accepts(rule.source().text())) {
                errors.add(new FieldIssue(field.name(), "constant '" + rule.source().text() + "' is not "
                        + article(field.type())));
            }
            return;
        }
        if (produced != null && !produced.fits(field.type())) {
            errors.add(new FieldIssue(field.name(), "the buyer expects " + article(field.type())
                    + " but the mapping produces " + article(produced)));
        }
    }

    private static String article(ValueKind kind) {
        return (kind == ValueKind.INTEGER ? "an " : "a ") + kind.id();
    }

    private static void checkConstantLength(FieldRule rule, SpecField field, List<FieldIssue> errors) {
        if (field.maxLength() != null && rule.source().kind() == ValueSource.Kind.CONSTANT && rule.transforms().isEmpty()
                && rule.source().text().length() > field.maxLength()) {
            errors.add(new FieldIssue(field.name(), "constant is longer than " + field.maxLength() + " characters"));
        }
    }
}
