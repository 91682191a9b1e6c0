package io.leadwire.mapping;

import io.leadwire.mapping.render.TargetPath;
import io.leadwire.mapping.transform.Transform;
import io.leadwire.mapping.transform.ValueKind;
import java.util.List;
import java.util.Objects;

/**
 * How one buyer field is filled.
 *
 * @param target       where the value goes
 * @param source       where it comes from
 * @param transforms   applied in order to the source value
 * @param required     whether a missing value is an error
 * @param defaultValue used when the chain gives no value; {@code null} for none
 * @param when         the rule applies only when this lead field has a value; {@code null} for always
 * @param type         the value's kind; JSON writes numbers and booleans unquoted
 */
public record FieldRule(TargetPath target, ValueSource source, List<Transform> transforms, boolean required,
        String defaultValue, String when, ValueKind type) {

    public FieldRule {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
        transforms = List.copyOf(transforms);
        Objects.requireNonNull(type, "type");
    }
}
