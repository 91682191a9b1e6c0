package io.leadwire.mapping.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a field rule writes its value: {@code a.b.c} nests objects (or elements),
 * {@code phones[0].number} indexes arrays (or repeats elements), and a last segment
 * {@code @attr} is an XML attribute. Flat formats (form, query, CSV) use {@link #text()} as
 * the field name. Parsed once, when the mapping is parsed.
 *
 * @param text     the path as written
 * @param segments its parsed segments, outermost first
 */
public record TargetPath(String text, List<Segment> segments) {

    /**
     * One step of a path.
     *
     * @param name      element, key or attribute name (may carry an XML prefix {@code p:name})
     * @param index     array index, or {@code -1} when the segment is not indexed
     * @param attribute whether this is an {@code @attr} segment
     */
    public record Segment(String name, int index, boolean attribute) {
        /** Whether the segment carries an array index. */
        public boolean indexed() {
            return index >= 0;
        }
    }

    public TargetPath {
        Objects.requireNonNull(text, "text");
        segments = List.copyOf(segments);
    }

    /**
     * Parses a path.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static TargetPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("target path is empty");
        }
        List<Segment> segments = new ArrayList<>();
        String[] parts = text.split("\\.", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean attribute = part.startsWith("@");
            String name = attribute ? part.substring(1) : part;
            int index = -1;
            int bracket = name.indexOf('[');
            if (bracket >= 0) {
                if (!name.endsWith("]") || attribute) {
                    throw new IllegalArgumentException("bad index in segment '" + part + "' of '" + text + "'");
                }
                String digits = name.substring(bracket + 1, name.length() - 1);
                if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 4) {
                    throw new IllegalArgumentException("index in '" + part + "' of '" + text
                            + "' must be a number from 0 to 9999");
                }
                index = Integer.parseInt(digits);
                name = name.substring(0, bracket);
            }
            if (name.isEmpty() || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == '[' || c == ']'
                    || c == '@')) {
                throw new IllegalArgumentException("segment " + (i + 1) + " of '" + text + "' is not a valid name");
            }
            if (attribute && i != parts.length - 1) {
                throw new IllegalArgumentException("attribute '" + part + "' must be the last segment of '" + text + "'");
            }
            segments.add(new Segment(name, index, attribute));
        }
        return new TargetPath(text, segments);
    }

    /** Whether the path is a single plain name (no nesting, index or attribute). */
    public boolean simple() {
        return segments.size() == 1 && !segments.get(0).indexed() && !segments.get(0).attribute();
    }

    /** Whether the path ends in an {@code @attr} segment. */
    public boolean attribute() {
        return segments.get(segments.size() - 1).attribute();
    }

    @Override
    public String toString() {
        return text;
    }
}
