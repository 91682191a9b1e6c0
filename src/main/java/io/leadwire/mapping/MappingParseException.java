package io.leadwire.mapping;

import java.util.List;

/** A mapping document that cannot be used; {@link #problems()} names each rule and target at fault. */
public final class MappingParseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    /** @param problems one line per problem, e.g. {@code fields[2] (target 'ST'): unknown transform 'uper'} */
    public MappingParseException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in document order. */
    public List<String> problems() {
        return problems;
    }
}
