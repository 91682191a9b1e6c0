package io.leadwire.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed between two versions of a mapping document, rule by rule: the rules added,
 * removed, changed or moved, each keyed by its target path, plus the document settings
 * (format, root element, namespaces, ...) that changed.
 *
 * <p>It compares the JSON documents, not the compiled {@link Mapping}, so it can describe a
 * change in words an operator wrote ({@code "transforms"}, {@code "source"}) and works on a
 * document that does not compile. Keys left at their default count as absent:
 * {@code "required": false}, {@code "type": "string"} and {@code "transforms": []} are no change.
 * Example: {@code MappingDiff.between(v1Json, v2Json).rules()}.
 */
public final class MappingDiff {

    /** How one rule changed. */
    public enum Change { ADDED, REMOVED, CHANGED, MOVED }

    /**
     * One rule that differs.
     *
     * @param target      the rule's target path, e.g. {@code applicant.name.first}
     * @param change      added, removed, changed (some key differs) or moved (same rule, other place)
     * @param before      the rule in the older document, or {@code null} when added
     * @param after       the rule in the newer document, or {@code null} when removed
     * @param changedKeys for {@link Change#CHANGED}: the rule keys whose values differ, in document order
     */
    public record RuleChange(String target, Change change, JsonNode before, JsonNode after, List<String> changedKeys) {
        public RuleChange {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(change, "change");
            changedKeys = List.copyOf(changedKeys);
        }

        /** The value of {@code key} before and after, as compact JSON ({@code "(none)"} when absent). */
        public String describe(String key) {
            return show(before == null ? null : before.get(key)) + " -> " + show(after == null ? null : after.get(key));
        }
    }

    /**
     * A document-level key that differs, e.g. {@code format} or {@code namespace}.
     *
     * @param before the older value, or {@code null} when absent
     * @param after  the newer value, or {@code null} when absent
     */
    public record SettingChange(String key, JsonNode before, JsonNode after) {
        public SettingChange {
            Objects.requireNonNull(key, "key");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<SettingChange> settings;
    private final List<RuleChange> rules;

    private MappingDiff(List<SettingChange> settings, List<RuleChange> rules) {
        this.settings = List.copyOf(settings);
        this.rules = List.copyOf(rules);
    }

    /**
     * Compares two mapping documents given as JSON text.
     *
     * @throws MappingParseException when either text is not a JSON object
     */
    public static MappingDiff between(String beforeJson, String afterJson) throws MappingParseException {
        return between(read(beforeJson, "older"), read(afterJson, "newer"));
    }

    /** Compares two mapping documents already read into trees (each a JSON object). */
    public static MappingDiff between(JsonNode before, JsonNode after) {
        List<SettingChange> settings = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        fieldNames(before).forEach(keys::add);
        fieldNames(after).forEach(keys::add);
        keys.remove("fields");
        for (String key : keys) {
            JsonNode b = before.get(key);
            JsonNode a = after.get(key);
            if (!Objects.equals(absentIfNull(b), absentIfNull(a))) {
                settings.add(new SettingChange(key, absentIfNull(b), absentIfNull(a)));
            }
        }

        Map<String, JsonNode> old = byTarget(before);
        Map<String, JsonNode> now = byTarget(after);
        List<String> oldCommon = new ArrayList<>();
        for (String t : old.keySet()) {
            if (now.containsKey(t)) {
                oldCommon.add(t);
            }
        }
        List<String> newCommon = new ArrayList<>();
        for (String t : now.keySet()) {
            if (old.containsKey(t)) {
                newCommon.add(t);
            }
        }

        List<RuleChange> rules = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : old.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                rules.add(new RuleChange(e.getKey(), Change.REMOVED, e.getValue(), null, List.of()));
            }
        }
        for (Map.Entry<String, JsonNode> e : now.entrySet()) {
            String target = e.getKey();
            JsonNode b = old.get(target);
            if (b == null) {
                rules.add(new RuleChange(target, Change.ADDED, null, e.getValue(), List.of()));
                continue;
            }
            List<String> changed = changedKeys(normalize(b), normalize(e.getValue()));
            if (!changed.isEmpty()) {
                rules.add(new RuleChange(target, Change.CHANGED, b, e.getValue(), changed));
            } else if (oldCommon.indexOf(target) != newCommon.indexOf(target)) {
                rules.add(new RuleChange(target, Change.MOVED, b, e.getValue(), List.of()));
            }
        }
        return new MappingDiff(settings, rules);
    }

    /** Document settings that differ, in document order. */
    public List<SettingChange> settings() {
        return settings;
    }

    /** Rules that differ: removed ones first, then the newer document's rules in its order. */
    public List<RuleChange> rules() {
        return rules;
    }

    /** True when the two documents map the same way. */
    public boolean isEmpty() {
        return settings.isEmpty() && rules.isEmpty();
    }

    /**
     * The diff as lines for a terminal or a log: {@code + target  {rule}} for an added rule,
     * {@code - target  {rule}} for a removed one, {@code ~ target  key: before -> after} for each
     * changed key, {@code > target  moved}, and {@code * key: before -> after} for a setting.
     */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (SettingChange s : settings) {
            out.add("* " + s.key() + ": " + show(s.before()) + " -> " + show(s.after()));
        }
        for (RuleChange r : rules) {
            switch (r.change()) {
                case ADDED:
                    out.add("+ " + r.target() + "  " + show(withoutTarget(r.after())));
                    break;
                case REMOVED:
                    out.add("- " + r.target() + "  " + show(withoutTarget(r.before())));
                    break;
                case MOVED:
                    out.add("> " + r.target() + "  moved");
                    break;
                default:
                    for (String key : r.changedKeys()) {
                        out.add("~ " + r.target() + "  " + key + ": " + r.describe(key));
                    }
            }
        }
        return out;
    }

    private static JsonNode read(String json, String which) throws MappingParseException {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new MappingParseException(List.of("the " + which + " mapping is not a JSON object"));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MappingParseException(List.of("the " + which + " mapping is not valid JSON: "
                    + e.getOriginalMessage()));
        }
    }

    private static Iterable<String> fieldNames(JsonNode node) {
        return node::fieldNames;
    }

    private static JsonNode absentIfNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    /** Rules by target, in document order; a rule without a text target is keyed by its position. */
    private static Map<String, JsonNode> byTarget(JsonNode document) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        JsonNode fields = document.path("fields");
        for (int i = 0; i < fields.size(); i++) {
            JsonNode rule = fields.get(i);
            JsonNode target = rule.path("target");
            String key = target.isTextual() ? target.asText() : "fields[" + i + "]";
            out.putIfAbsent(key, rule);
        }
        return out;
    }

    private static JsonNode normalize(JsonNode rule) {
        if (!rule.isObject()) {
            return rule;
        }
        ObjectNode copy = rule.deepCopy();
        if (copy.path("required").isBoolean() && !copy.get("required").asBoolean()) {
            copy.remove("required");
        }
        if (copy.path("type").isTextual() && copy.get("type").asText().equalsIgnoreCase("string")) {
            copy.remove("type");
        }
        if (copy.path("transforms").isArray() && copy.get("transforms").isEmpty()) {
            copy.remove("transforms");
        }
        Iterator<Map.Entry<String, JsonNode>> it = copy.fields();
        while (it.hasNext()) {
            if (it.next().getValue().isNull()) {
                it.remove();
            }
        }
        return copy;
    }

    private static List<String> changedKeys(JsonNode before, JsonNode after) {
        Set<String> keys = new LinkedHashSet<>();
        fieldNames(before).forEach(keys::add);
        fieldNames(after).forEach(keys::add);
        List<String> changed = new ArrayList<>();
        for (String key : keys) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                changed.add(key);
            }
        }
        return changed;
    }

    private static JsonNode withoutTarget(JsonNode rule) {
        if (rule == null || !rule.isObject()) {
            return rule;
        }
        ObjectNode copy = rule.deepCopy();
        copy.remove("target");
        return copy;
    }

    private static String show(JsonNode node) {
        return node == null ? "(none)" : node.toString();
    }
}
