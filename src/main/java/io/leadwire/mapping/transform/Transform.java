package io.leadwire.mapping.transform;

import java.util.Optional;
import java.util.Set;

/**
 * One step of a field rule's transform chain: takes the current value and returns the next.
 *
 * <p>Implementations are immutable and thread-safe; everything costly (patterns, formatters,
 * tables) is prepared when the transform is built, at mapping-parse time, so applying it to a
 * lead allocates little. A {@code null} input means "no value"; most transforms pass it through.
 */
@FunctionalInterface
public interface Transform {

    /**
     * Applies the transform.
     *
     * @param value the current value, possibly {@code null}
     * @param context access to other fields, the clock, and the warning/error sink
     * @return the new value, or {@code null} for "no value" (after {@link TransformContext#fail})
     */
    String apply(String value, TransformContext context);

    /**
     * The complete set of values this transform can produce, when it is known (a translation
     * table, a boolean encoding). The mapping validator uses it to check enum coverage.
     */
    default Optional<Set<String>> possibleOutputs() {
        return Optional.empty();
    }

    /** The kind of value produced, when the transform fixes it; used to check buyer spec types. */
    default Optional<ValueKind> outputKind() {
        return Optional.empty();
    }
}
