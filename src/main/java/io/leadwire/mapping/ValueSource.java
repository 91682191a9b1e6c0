package io.leadwire.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a field rule's value comes from: a lead field, a constant, or a template that
 * concatenates fields and literal text ({@code "{first_name} {last_name}"}).
 *
 * <p>A template gives no value when none of its fields has one; missing fields are empty.
 */
public final class ValueSource {

    /** The kinds of source. */
    public enum Kind { FIELD, CONSTANT, TEMPLATE }

    private final Kind kind;
    private final String text;
    private final String[] literals;
    private final String[] fields;

    private ValueSource(Kind kind, String text, String[] literals, String[] fields) {
        this.kind = kind;
        this.text = text;
        this.literals = literals;
        this.fields = fields;
    }

    /** The value of one lead field. Example: {@code field("first_name")}. */
    public static ValueSource field(String name) {
        requireName(name);
        return new ValueSource(Kind.FIELD, name, new String[0], new String[] {name});
    }

    /** Always the same text. Example: {@code constant("ABC-123")}. */
    public static ValueSource constant(String value) {
        return new ValueSource(Kind.CONSTANT, Objects.requireNonNull(value, "value"), new String[0], new String[0]);
    }

    /** Fields joined by a separator, skipping missing ones. Example: {@code concat(List.of("city", "state"), ", ")}. */
    public static ValueSource concat(List<String> names, String separator) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("concat needs at least one field");
        }
        StringBuilder template = new StringBuilder();
        for (String name : names) {
            requireName(name);
            template.append(template.length() == 0 ? "" : separator).append('{').append(name).append('}');
        }
        return template(template.toString());
    }

    /**
     * A template of literal text and {@code {field}} references, compiled once.
     * Example: {@code template("{first_name} {last_name}")}.
     *
     * @throws IllegalArgumentException for an unbalanced brace or empty field name
     */
    public static ValueSource template(String template) {
        List<String> literals = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        int at = 0;
        while (true) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                literals.add(template.substring(at));
                break;
            }
            int close = template.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '{' in source '" + template + "'");
            }
            literals.add(template.substring(at, open));
            String name = template.substring(open + 1, close).trim();
            requireName(name);
            fields.add(name);
            at = close + 1;
        }
        for (String literal : literals) {
            if (literal.indexOf('}') >= 0) {
                throw new IllegalArgumentException("unopened '}' in source '" + template + "'");
            }
        }
        return new ValueSource(Kind.TEMPLATE, template, literals.toArray(new String[0]), fields.toArray(new String[0]));
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("source field name is empty");
        }
    }

    /** The kind of source. */
    public Kind kind() {
        return kind;
    }

    /** The field name, constant or template as written. */
    public String text() {
        return text;
    }

    /** The lead fields this source reads. */
    public List<String> fields() {
        return List.of(fields);
    }

    /** The value for a lead's fields, or {@code null} when there is none. */
    public String resolve(Map<String, String> leadFields) {
        switch (kind) {
            case FIELD:
                return leadFields.get(text);
            case CONSTANT:
                return text;
            default:
                StringBuilder out = new StringBuilder(32);
                boolean any = false;
                for (int i = 0; i < fields.length; i++) {
                    out.append(literals[i]);
                    String value = leadFields.get(fields[i]);
                    if (value != null && !value.isEmpty()) {
                        out.append(value);
                        any = true;
                    }
                }
                out.append(literals[fields.length]);
                return any ? out.toString().strip() : null;
        }
    }

    @Override
    public String toString() {
        return kind == Kind.CONSTANT ? "const '" + text + "'" : text;
    }
}
