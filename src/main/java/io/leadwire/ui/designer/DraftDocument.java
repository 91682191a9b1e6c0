package io.leadwire.ui.designer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.ui.designer.TransformCatalog.ArgKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A buyer's mapping document while it is being edited: the JSON tree itself, so that keys the
 * designer does not edit (descriptions, namespaces, an attached spec or request) survive a
 * round trip untouched. Every edit keeps the document in the shape {@code MappingParser} reads;
 * whether the values make sense is for the parser and validators to say.
 *
 * <p>Not thread-safe: the ViewModel edits it on the FX thread and hands {@link #toJson()}
 * snapshots to background work.
 */
public final class DraftDocument {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Where a rule's value comes from, as the editor offers it. */
    public enum SourceKind { FIELD, CONSTANT, CONCAT }

    private final ObjectNode root;

    private DraftDocument(ObjectNode root) {
        this.root = root;
        // A template-mode document writes its body from a template, not from field rules.
        if (!root.path("fields").isArray() && !"template".equals(root.path("mode").asText())) {
            root.putArray("fields");
        }
    }

    /**
     * Reads a document.
     *
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public static DraftDocument parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("a mapping document is a JSON object");
            }
            return new DraftDocument((ObjectNode) node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the mapping document is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The document as indented JSON, as it is saved. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** A deep copy, for background work that must not see later edits. */
    public DraftDocument copy() {
        return new DraftDocument(root.deepCopy());
    }

    public String name() {
        return root.path("name").asText("unnamed");
    }

    /** The payload format as written ({@code json}, {@code form}, ...), or empty. */
    public String format() {
        return root.path("format").asText("");
    }

    /** The raw document tree (read-only use). */
    JsonNode tree() {
        return root;
    }

    private ArrayNode fields() {
        JsonNode fields = root.get("fields");
        return fields != null && fields.isArray() ? (ArrayNode) fields : NODES.arrayNode();
    }

    /** Every rule's target, in document order (a rule without a target gives an empty text). */
    public List<String> targets() {
        List<String> out = new ArrayList<>();
        fields().forEach(rule -> out.add(rule.path("target").asText("")));
        return out;
    }

    /** The index of the rule writing {@code target}, or -1. */
    public int ruleIndex(String target) {
        ArrayNode fields = fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).path("target").asText("").equals(target)) {
                return i;
            }
        }
        return -1;
    }

    /** The rule writing {@code target}, or {@code null}. */
    ObjectNode rule(String target) {
        int i = ruleIndex(target);
        return i < 0 || !fields().get(i).isObject() ? null : (ObjectNode) fields().get(i);
    }

    private ObjectNode requireRule(String target) {
        ObjectNode rule = rule(target);
        if (rule == null) {
            throw new IllegalArgumentException("no rule writes '" + target + "'");
        }
        return rule;
    }

    /**
     * Maps a lead field onto a target: replaces the source of the rule writing it (keeping its
     * transforms), or adds a rule.
     *
     * @param required for a new rule, whether it is required (the buyer spec says so)
     * @param type     for a new rule, the value type the spec asks for, or {@code null} for text
     * @return whether a new rule was added
     */
    public boolean map(String leadField, String target, boolean required, String type) {
        if (leadField == null || leadField.isBlank() || target == null || target.isBlank()) {
            throw new IllegalArgumentException("choose a lead field and a buyer field");
        }
        ObjectNode rule = rule(target);
        boolean added = rule == null;
        if (added) {
            if (!root.path("fields").isArray()) {
                throw new IllegalArgumentException("this mapping writes its body from a template; edit the template");
            }
            rule = fields().addObject();
            rule.put("target", target);
        }
        setSource(rule, SourceKind.FIELD, leadField);
        if (added) {
            if (required) {
                rule.put("required", true);
            }
            if (type != null && !type.equals("string")) {
                rule.put("type", type);
            }
        }
        return added;
    }

    /** Removes the rule writing {@code target}; returns whether there was one. */
    public boolean removeRule(String target) {
        int i = ruleIndex(target);
        if (i >= 0) {
            fields().remove(i);
        }
        return i >= 0;
    }

    /** The kind of the rule's source. */
    public SourceKind sourceKind(String target) {
        ObjectNode rule = requireRule(target);
        if (rule.has("const")) {
            return SourceKind.CONSTANT;
        }
        return rule.has("concat") ? SourceKind.CONCAT : SourceKind.FIELD;
    }

    /** The rule's source as edited: a field or template, a constant, or comma-separated fields. */
    public String sourceText(String target) {
        ObjectNode rule = requireRule(target);
        if (rule.has("const")) {
            return rule.get("const").asText();
        }
        if (rule.has("concat")) {
            List<String> names = new ArrayList<>();
            rule.get("concat").forEach(n -> names.add(n.asText()));
            return String.join(", ", names);
        }
        return rule.path("source").asText("");
    }

    /** Sets where the rule's value comes from. */
    public void setSource(String target, SourceKind kind, String text) {
        setSource(requireRule(target), kind, text);
    }

    private static void setSource(ObjectNode rule, SourceKind kind, String text) {
        String separator = rule.path("separator").asText(null);
        rule.remove(List.of("source", "const", "concat", "separator"));
        String value = text == null ? "" : text;
        switch (kind) {
            case CONSTANT:
                rule.put("const", value);
                break;
            case CONCAT:
                ArrayNode names = rule.putArray("concat");
                for (String name : value.split(",")) {
                    if (!name.isBlank()) {
                        names.add(name.strip());
                    }
                }
                if (separator != null) {
                    rule.put("separator", separator);
                }
                break;
            default:
                rule.put("source", value.strip());
        }
        reorder(rule);
    }

    /** Keeps the keys in the order people write them: target, source, then the rest. */
    private static void reorder(ObjectNode rule) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        rule.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        rule.removeAll();
        for (String key : List.of("target", "source", "const", "concat", "separator")) {
            if (fields.containsKey(key)) {
                rule.set(key, fields.remove(key));
            }
        }
        fields.forEach(rule::set);
    }

    public boolean required(String target) {
        return requireRule(target).path("required").asBoolean(false);
    }

    public void setRequired(String target, boolean required) {
        ObjectNode rule = requireRule(target);
        if (required) {
            rule.put("required", true);
        } else {
            rule.remove("required");
        }
    }

    /** The rule's {@code default}, {@code when} or {@code type}; empty when not set. */
    public String option(String target, String key) {
        return requireRule(target).path(key).asText("");
    }

    /** Sets {@code default}, {@code when} or {@code type}; blank removes it. */
    public void setOption(String target, String key, String value) {
        if (!List.of("default", "when", "type").contains(key)) {
            throw new IllegalArgumentException("'" + key + "' is not a rule option");
        }
        ObjectNode rule = requireRule(target);
        if (value == null || value.isBlank() || (key.equals("type") && value.equals("string"))) {
            rule.remove(key);
        } else {
            rule.put(key, value.strip());
        }
    }

    /** The rule's transform steps, as written (a bare name or an object with {@code op}). */
    public List<JsonNode> steps(String target) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode chain = requireRule(target).get("transforms");
        if (chain != null && chain.isArray()) {
            chain.forEach(out::add);
        }
        return out;
    }

    /** The operation name of one step. */
    public static String op(JsonNode step) {
        return step.isTextual() ? step.asText() : step.path("op").asText("");
    }

    private ArrayNode chain(String target) {
        ObjectNode rule = requireRule(target);
        JsonNode chain = rule.get("transforms");
        if (chain == null || !chain.isArray()) {
            chain = rule.putArray("transforms");
        }
        return (ArrayNode) chain;
    }

    private void dropEmptyChain(String target) {
        ObjectNode rule = requireRule(target);
        if (rule.path("transforms").isArray() && rule.get("transforms").isEmpty()) {
            rule.remove("transforms");
        }
    }

    /** Appends a step with no arguments (the parser will name any that are required). */
    public void addStep(String target, String op) {
        chain(target).add(op);
    }

    public void removeStep(String target, int index) {
        chain(target).remove(index);
        dropEmptyChain(target);
    }

    /** Moves a step by {@code delta} places; does nothing past either end. */
    public void moveStep(String target, int index, int delta) {
        ArrayNode chain = chain(target);
        int to = index + delta;
        if (index < 0 || index >= chain.size() || to < 0 || to >= chain.size()) {
            return;
        }
        JsonNode step = chain.remove(index);
        chain.insert(to, step);
    }

    /** Replaces a step's operation, keeping the arguments the new one also takes. */
    public void setStepOp(String target, int index, String op) {
        ArrayNode chain = chain(target);
        JsonNode old = chain.get(index);
        ObjectNode step = NODES.objectNode();
        step.put("op", op);
        TransformCatalog.find(op).ifPresent(o -> {
            if (old.isObject()) {
                old.fields().forEachRemaining(e -> {
                    if (o.arg(e.getKey()).isPresent()) {
                        step.set(e.getKey(), e.getValue());
                    }
                });
            }
        });
        chain.set(index, compact(step));
    }

    /** One argument of a step as editable text (a table as {@code k=v, k=v}, a list comma-separated). */
    public static String argText(JsonNode step, String name) {
        JsonNode value = step.isObject() ? step.get(name) : null;
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(v.asText()));
            return String.join(", ", items);
        }
        if (value.isObject()) {
            List<String> pairs = new ArrayList<>();
            value.fields().forEachRemaining(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
            return String.join(", ", pairs);
        }
        return value.asText();
    }

    /**
     * Sets one argument of a step from its edited text; blank removes it. Numbers and flags are
     * written as JSON numbers and booleans when the text is one, otherwise as text so that the
     * parser names the problem.
     */
    public void setStepArg(String target, int index, String name, ArgKind kind, String text) {
        ArrayNode chain = chain(target);
        JsonNode old = chain.get(index);
        ObjectNode step;
        if (old.isObject()) {
            step = (ObjectNode) old;
        } else {
            step = NODES.objectNode();
            step.put("op", op(old));
        }
        String value = text == null ? "" : text;
        if (value.isBlank() && kind != ArgKind.TEXT) {
            step.remove(name);
        } else if (value.isEmpty()) {
            step.remove(name);
        } else {
            step.set(name, argValue(kind, value));
        }
        chain.set(index, compact(step));
    }

    private static JsonNode argValue(ArgKind kind, String text) {
        switch (kind) {
            case INTEGER:
                try {
                    return NODES.numberNode(Integer.parseInt(text.strip()));
                } catch (NumberFormatException e) {
                    return NODES.textNode(text);
                }
            case BOOLEAN:
                return text.strip().equalsIgnoreCase("true") ? NODES.booleanNode(true)
                        : text.strip().equalsIgnoreCase("false") ? NODES.booleanNode(false) : NODES.textNode(text);
            case FIELDS:
                ArrayNode names = NODES.arrayNode();
                for (String name : text.split(",")) {
                    if (!name.isBlank()) {
                        names.add(name.strip());
                    }
                }
                return names;
            case TABLE:
                ObjectNode table = NODES.objectNode();
                for (String pair : text.split("[,;\\n]")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        table.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                    }
                }
                return table;
            default:
                return NODES.textNode(text);
        }
    }

    /** A step with only {@code op} is written as its bare name, as people write it by hand. */
    private static JsonNode compact(ObjectNode step) {
        Iterator<String> names = step.fieldNames();
        int count = 0;
        while (names.hasNext()) {
            names.next();
            count++;
        }
        return count == 1 ? NODES.textNode(step.get("op").asText()) : step;
    }
}
