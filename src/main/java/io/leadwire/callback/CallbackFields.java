package io.leadwire.callback;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** Reads a fact out of a buyer's event by the path its field map names (dotted, or a JSON pointer). */
final class CallbackFields {
    private CallbackFields() {
    }

    static JsonNode at(JsonNode event, String path) {
        if (path == null || event == null) {
            return null;
        }
        String pointer = path.startsWith("/") ? path : "/" + path.replace("~", "~0").replace("/", "~1")
                .replace('.', '/');
        JsonNode n = event.at(JsonPointer.compile(pointer));
        return n.isMissingNode() || n.isNull() ? null : n;
    }

    /** A text or number value as text (trimmed), or null when absent, empty or not a scalar. */
    static String text(JsonNode event, String path) {
        JsonNode n = at(event, path);
        if (n == null || !n.isValueNode()) {
            return null;
        }
        String s = n.asText().trim();
        return s.isEmpty() ? null : s;
    }

    /**
     * An amount written as a JSON number or a decimal string.
     *
     * @throws NumberFormatException when present but not a number
     */
    static BigDecimal amount(JsonNode event, String path) {
        JsonNode n = at(event, path);
        if (n == null) {
            return null;
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        return new BigDecimal(n.asText().trim());
    }
}
