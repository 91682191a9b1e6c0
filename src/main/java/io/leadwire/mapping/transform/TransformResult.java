package io.leadwire.mapping.transform;

import java.util.List;

/**
 * The outcome of running a transform chain outside the engine (previews, tests).
 *
 * @param value    the value produced, or {@code null}
 * @param warnings warnings raised on the way
 * @param errors   errors raised; non-empty means the value is not usable
 */
public record TransformResult(String value, List<String> warnings, List<String> errors) {
    public TransformResult {
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }

    /** Whether the chain produced a usable value without errors. */
    public boolean ok() {
        return errors.isEmpty();
    }
}
