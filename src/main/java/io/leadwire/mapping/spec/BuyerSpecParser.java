package io.leadwire.mapping.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.mapping.transform.ValueKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * Reads buyer specs, either in Leadwire's own form
 * <pre>{@code {"name": "ABC", "fields": [{"name": "ST", "type": "string", "required": true,
 *   "enum": ["TX", "CA"], "maxLength": 2, "pattern": "^[A-Z]{2}$"}]}}</pre>
 * or imported from a simple JSON Schema: an object with {@code properties} (each with
 * {@code type}, {@code enum}, {@code maxLength}, {@code pattern}, {@code format}) and
 * {@code required}. Nested object properties become dotted names ({@code applicant.name.first});
 * {@code "format": "date"} or {@code "date-time"} makes a date field.
 */
public final class BuyerSpecParser {

    private final ObjectMapper json;

    /** @param json the Jackson mapper to read documents with */
    public BuyerSpecParser(ObjectMapper json) {
        this.json = json;
    }

    /** A parser with a plain {@link ObjectMapper}. */
    public BuyerSpecParser() {
        this(new ObjectMapper());
    }

    /**
     * Reads a spec in Leadwire's own form.
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    public BuyerSpec parse(String document) {
        JsonNode root = read(document);
        JsonNode fields = root.path("fields");
        if (!fields.isArray()) {
            throw new IllegalArgumentException("a buyer spec needs a \"fields\" list");
        }
        List<SpecField> out = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            JsonNode node = fields.get(i);
            String name = node.path("name").asText(null);
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("fields[" + i + "]: \"name\" is required");
            }
            out.add(field(name, node, node.path("required").asBoolean(false)));
        }
        return new BuyerSpec(root.path("name").asText("unnamed"), out);
    }

    /**
     * Imports a simple JSON Schema.
     *
     * @throws IllegalArgumentException naming the property at fault
     */
    public BuyerSpec importJsonSchema(String schema) {
        JsonNode root = read(schema);
        if (!"object".equals(root.path("type").asText("object")) || !root.path("properties").isObject()) {
            throw new IllegalArgumentException("the schema must be an object with \"properties\"");
        }
        List<SpecField> out = new ArrayList<>();
        collect("", root, out);
        return new BuyerSpec(root.path("title").asText("imported schema"), out);
    }

    private void collect(String prefix, JsonNode object, List<SpecField> out) {
        Set<String> required = new HashSet<>();
        object.path("required").forEach(name -> required.add(name.asText()));
        Iterator<Map.Entry<String, JsonNode>> properties = object.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            String name = prefix + property.getKey();
            JsonNode node = property.getValue();
            if ("object".equals(node.path("type").asText()) && node.path("properties").isObject()) {
                collect(name + ".", node, out);
            } else {
                out.add(field(name, node, required.contains(property.getKey())));
            }
        }
    }

    private static SpecField field(String name, JsonNode node, boolean required) {
        SpecField.Builder builder = SpecField.builder(name).required(required).type(type(name, node));
        if (node.has("enum")) {
            if (!node.get("enum").isArray()) {
                throw new IllegalArgumentException(name + ": \"enum\" must be a list");
            }
            List<String> values = new ArrayList<>();
            node.get("enum").forEach(v -> values.add(v.asText()));
            builder.enumValues(values);
        }
        if (node.has("maxLength")) {
            if (!node.get("maxLength").canConvertToInt() || node.get("maxLength").asInt() < 0) {
                throw new IllegalArgumentException(name + ": \"maxLength\" must be a whole number >= 0");
            }
            builder.maxLength(node.get("maxLength").asInt());
        }
        if (node.has("pattern")) {
            try {
                builder.pattern(node.get("pattern").asText());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(name + ": \"pattern\" is not a valid regular expression: "
                        + e.getDescription(), e);
            }
        }
        return builder.build();
    }

    private static ValueKind type(String name, JsonNode node) {
        String format = node.path("format").asText("");
        if (format.equals("date") || format.equals("date-time")) {
            return ValueKind.DATE;
        }
        String type = node.path("type").asText("string");
        switch (type.toLowerCase(Locale.ROOT)) {
            case "string":
                return ValueKind.STRING;
            case "integer":
                return ValueKind.INTEGER;
            case "number":
                return ValueKind.NUMBER;
            case "boolean":
                return ValueKind.BOOLEAN;
            case "date":
                return ValueKind.DATE;
            default:
                throw new IllegalArgumentException(name + ": type '" + type
                        + "' is not string, integer, number, boolean or date");
        }
    }

    private JsonNode read(String document) {
        try {
            JsonNode root = json.readTree(document);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("a buyer spec is a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
