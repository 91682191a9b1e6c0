package io.leadwire.mapping.transform;

/** The kind of value a field carries; shared by field rules, transforms and buyer specs. */
public enum ValueKind {
    STRING, INTEGER, NUMBER, BOOLEAN, DATE;

    /** Whether a value of this kind is acceptable where {@code wanted} is expected. */
    public boolean fits(ValueKind wanted) {
        return this == wanted || wanted == STRING || (this == INTEGER && wanted == NUMBER);
    }
}
