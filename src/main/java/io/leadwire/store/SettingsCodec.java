package io.leadwire.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

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

    /**
     * A section's document as a JSON object, or an {@link InvalidSettingsException} that says it is
     * not JSON, or what it should look like ({@code shape}, e.g. "a JSON object such as {...}").
     */
    static JsonNode readObject(ObjectMapper json, String section, String text, String shape) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidSettingsException(section, List.of(new SettingsProblem("", "not JSON: "
                    + e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSettingsException(section, List.of(new SettingsProblem("", "the " + section
                    + " settings are " + shape)));
        }
        return root;
    }

    /** A document tree as text. */
    static String writeTree(ObjectMapper json, JsonNode root) {
        try {
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serializes", e);
        }
    }

    /** A problem for each top-level key other than {@code schema} and {@code known}, naming what was expected. */
    static void unknownKeys(JsonNode root, Set<String> known, String expected, List<SettingsProblem> problems) {
        Iterator<String> keys = root.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!key.equals("schema") && !known.contains(key)) {
                problems.add(new SettingsProblem(key, "unknown key (expected " + expected + ")"));
            }
        }
    }
}
