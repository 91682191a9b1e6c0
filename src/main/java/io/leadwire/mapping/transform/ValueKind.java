package io.leadwire.mapping.transform;

import java.math.BigDecimal;
import java.util.Locale;

/** The kind of value a field carries; shared by field rules, transforms and buyer specs. */
public enum ValueKind {
    STRING, INTEGER, NUMBER, BOOLEAN, DATE;

    /** Whether a value of this kind is acceptable where {@code wanted} is expected. */
    public boolean fits(ValueKind wanted) {
        return this == wanted || wanted == STRING || (this == INTEGER && wanted == NUMBER);
    }

    /**
     * Whether a text is a valid value of this kind: integers are optionally signed digits,
     * numbers plain decimals (no grouping), booleans any spelling
     * {@link NumberTransforms#parseBoolean} knows. Strings and dates accept any text (a date's
     * shape is the buyer's pattern to check).
     */
    public boolean accepts(String value) {
        switch (this) {
            case INTEGER:
                return isInteger(value);
            case NUMBER:
                return isNumber(value);
            case BOOLEAN:
                return NumberTransforms.parseBoolean(value) != null;
            default:
                return true;
        }
    }

    /** The lower-case name used in documents. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static boolean isInteger(String value) {
        int start = value.startsWith("-") ? 1 : 0;
        if (value.length() == start || value.length() - start > 18) {
            return false;
        }
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(String value) {
        if (isInteger(value)) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return false;
            }
        }
        try {
            new BigDecimal(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
