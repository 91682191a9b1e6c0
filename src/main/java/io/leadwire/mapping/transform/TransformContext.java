package io.leadwire.mapping.transform;

import java.time.Clock;

/**
 * What a {@link Transform} may see and say while it runs for one field of one lead.
 *
 * <p>Transforms never throw for bad data: they report through {@link #warn} (the value is still
 * usable) or {@link #fail} (the field has no usable value) and the engine attaches the message to
 * the target the rule writes.
 */
public interface TransformContext {

    /** The value of another lead field, or {@code null} when the lead has none. */
    String field(String name);

    /** The clock for everything that depends on "now" (ages, relative dates). */
    Clock clock();

    /** Records a warning for the current target; the transform's result is still used. */
    void warn(String message);

    /** Records an error for the current target; the transform should then return {@code null}. */
    void fail(String message);
}
