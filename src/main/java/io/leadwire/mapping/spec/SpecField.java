package io.leadwire.mapping.spec;

import io.leadwire.mapping.transform.ValueKind;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One field of a buyer's specification. Build with {@link #builder(String)}.
 *
 * @param name       the field name exactly as the buyer spells it (case matters)
 * @param type       the kind of value expected
 * @param required   whether every payload must carry it
 * @param enumValues the allowed values; empty when any value is allowed
 * @param maxLength  the longest value allowed, or {@code null}
 * @param pattern    a regular expression the whole value must match, or {@code null}
 */
public record SpecField(String name, ValueKind type, boolean required, List<String> enumValues, Integer maxLength,
        Pattern pattern) {

    public SpecField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        enumValues = List.copyOf(enumValues);
        if (maxLength != null && maxLength < 0) {
            throw new IllegalArgumentException("maxLength of '" + name + "' must be >= 0");
        }
    }

    /** A builder for field {@code name}: type string, optional, no constraints. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Validating builder; defaults are a free-form optional string. */
    public static final class Builder {
        private final String name;
        private ValueKind type = ValueKind.STRING;
        private boolean required;
        private List<String> enumValues = List.of();
        private Integer maxLength;
        private Pattern pattern;

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a spec field needs a name");
            }
            this.name = name;
        }

        /** Sets the value kind. */
        public Builder type(ValueKind value) {
            this.type = Objects.requireNonNull(value, "type");
            return this;
        }

        /** Marks the field required or optional. */
        public Builder required(boolean value) {
            this.required = value;
            return this;
        }

        /** Restricts the field to these values. */
        public Builder enumValues(List<String> values) {
            this.enumValues = List.copyOf(values);
            return this;
        }

        /** Limits the length. */
        public Builder maxLength(Integer value) {
            this.maxLength = value;
            return this;
        }

        /**
         * Requires the whole value to match a regular expression.
         *
         * @throws java.util.regex.PatternSyntaxException naming the bad pattern
         */
        public Builder pattern(String regex) {
            this.pattern = regex == null ? null : Pattern.compile(regex);
            return this;
        }

        /** Builds the field. */
        public SpecField build() {
            return new SpecField(name, type, required, enumValues, maxLength, pattern);
        }
    }
}
