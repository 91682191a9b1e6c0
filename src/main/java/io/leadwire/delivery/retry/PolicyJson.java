package io.leadwire.delivery.retry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;

/**
 * The strict reading both policies share: every refusal is an {@link IllegalArgumentException} that
 * names the member, so a settings screen can point at the field that is wrong.
 */
final class PolicyJson {
    private final String what;
    private final JsonNode node;

    private PolicyJson(String what, JsonNode node) {
        this.what = what;
        this.node = node;
    }

    /**
     * @return {@code null} when the node is absent or JSON null (the caller then uses its defaults)
     * @throws IllegalArgumentException for a node that is not an object, or a member not in {@code known}
     *         (a misspelt key silently taking its default is worse than a refusal)
     */
    static PolicyJson of(String what, JsonNode node, List<String> known) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object, not " + node.getNodeType());
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException(name + ": unknown " + what + " member; known are " + known);
            }
        }
        return new PolicyJson(what, node);
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    Duration duration(String key) {
        JsonNode v = node.get(key);
        if (!v.isTextual()) {
            throw new IllegalArgumentException(key + ": " + what + " durations are strings such as \"2s\", not " + v);
        }
        try {
            return Durations.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    int integer(String key) {
        JsonNode v = node.get(key);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(key + ": must be a whole number, not " + v);
        }
        return v.intValue();
    }

    double number(String key) {
        JsonNode v = node.get(key);
        if (!v.isNumber()) {
            throw new IllegalArgumentException(key + ": must be a number, not " + v);
        }
        return v.doubleValue();
    }
}
