package io.leadwire.store;

/**
 * Reads and writes one named settings section as a JSON document. Each section (quality policy,
 * de-duplication, geo-IP, ...) brings its own codec from the package that owns the setting;
 * the store only keeps the text.
 *
 * @param <T> the immutable settings value
 */
public interface SettingsCodec<T> {
    /** The document's stable name, its key in the store, e.g. {@code "quality"}. */
    String name();

    /** What applies while no document has been saved. */
    T defaults();

    /** The document for a valid value. */
    String write(T value);

    /**
     * The value of a document; keys it lacks take their defaults, so documents saved by an older
     * version stay readable.
     *
     * @throws InvalidSettingsException naming every field that is wrong and why
     */
    T read(String json);
}
