package io.leadwire.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The conditions a buyer puts on the leads it takes: the {@code filters} list of its config.
 * A lead is eligible when it passes every filter.
 *
 * <pre>{@code
 * "filters": [
 *   {"field": "country", "in": ["US", "CA"]},
 *   {"field": "state", "notIn": ["NY"]},
 *   {"field": "score", "min": 60, "max": 100},
 *   {"field": "capital_available", "min": 5000},
 *   {"field": "trading_experience", "in": ["intermediate", "advanced"]},
 *   {"field": "email", "present": true},
 *   {"expr": "score >= 70 and country_code == 'US'"}
 * ]
 * }</pre>
 *
 * <p>The kinds and their exact meaning are the records of {@link BuyerFilter}. Parsing refuses a
 * config that could not mean what its author wanted (an unknown key, a condition that does not
 * compile, a country nobody knows) with a message naming the entry and key, so a buyer is never
 * saved with a filter that silently passes or blocks everything. Immutable and thread-safe.
 */
public final class BuyerFilters {
    private static final BuyerFilters NONE = new BuyerFilters(List.of());
    private static final Set<String> KEYS = Set.of("field", "in", "notIn", "min", "max", "present", "expr");
    private static final String EXPECTED = "(expected \"field\" with \"in\", \"notIn\", \"min\"/\"max\" "
            + "or \"present\"; or \"expr\" alone)";

    private static final String EXAMPLE_ENTRY = "{\"field\": \"country\", \"in\": [\"US\"]}";
    private static final String EXAMPLE_LIST = "[" + EXAMPLE_ENTRY + "]";

    private final List<BuyerFilter> filters;

    private BuyerFilters(List<BuyerFilter> filters) {
        this.filters = List.copyOf(filters);
    }

    /** No conditions: every lead passes. */
    public static BuyerFilters none() {
        return NONE;
    }

    /** Filters from already-built entries, checked in the given order. */
    public static BuyerFilters of(List<? extends BuyerFilter> filters) {
        return filters.isEmpty() ? NONE : new BuyerFilters(List.copyOf(filters));
    }

    /**
     * Reads a buyer's {@code filters} list.
     *
     * @param node the list; null, JSON null or a missing node mean no filters
     * @throws IllegalArgumentException naming the entry and key at fault ({@code filters[2].min: must be a number})
     */
    public static BuyerFilters parse(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NONE;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("filters must be a list such as " + EXAMPLE_LIST);
        }
        List<BuyerFilter> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(entry(node.get(i), "filters[" + i + "]"));
        }
        return of(out);
    }

    private static BuyerFilter entry(JsonNode n, String at) {
        if (!n.isObject()) {
            throw new IllegalArgumentException(at + ": must be an object such as " + EXAMPLE_ENTRY);
        }
        Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(at + ": unknown key \"" + key + "\" " + EXPECTED);
            }
        }
        if (n.has("expr")) {
            if (n.size() > 1) {
                throw new IllegalArgumentException(at + ": \"expr\" stands alone; write other conditions as their "
                        + "own entries or inside the expression");
            }
            JsonNode expr = n.get("expr");
            if (!expr.isTextual()) {
                throw new IllegalArgumentException(at + ".expr: must be text such as \"score >= 70\"");
            }
            try {
                return new BuyerFilter.Condition(expr.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ".expr: " + e.getMessage(), e);
            }
        }
        JsonNode fieldNode = n.get("field");
        if (fieldNode == null || !fieldNode.isTextual() || fieldNode.asText().isBlank()) {
            throw new IllegalArgumentException(at + ".field: required, the name of a lead field such as \"country\" "
                    + "(or \"expr\" for a condition)");
        }
        String field = fieldNode.asText().strip();
        List<String> kinds = new ArrayList<>(2);
        for (String k : List.of("in", "notIn", "present")) {
            if (n.has(k)) {
                kinds.add(k);
            }
        }
        if (n.has("min") || n.has("max")) {
            kinds.add(n.has("min") ? "min" : "max");
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException(at + ": say what \"" + field + "\" must satisfy: \"in\", \"notIn\", "
                    + "\"min\"/\"max\" or \"present\"");
        }
        if (kinds.size() > 1) {
            throw new IllegalArgumentException(at + ": \"" + kinds.get(0) + "\" and \"" + kinds.get(1)
                    + "\" cannot be combined; write them as two entries");
        }
        switch (kinds.get(0)) {
            case "in":
                return new BuyerFilter.OneOf(field, values(field, n.get("in"), at + ".in"));
            case "notIn":
                return new BuyerFilter.NoneOf(field, values(field, n.get("notIn"), at + ".notIn"));
            case "present":
                if (!n.get("present").isBoolean()) {
                    throw new IllegalArgumentException(at + ".present: must be true or false");
                }
                return new BuyerFilter.Presence(field, n.get("present").asBoolean());
            default:
                BigDecimal min = bound(n.get("min"), at + ".min");
                BigDecimal max = bound(n.get("max"), at + ".max");
                try {
                    return new BuyerFilter.Range(field, min, max);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
                }
        }
    }

    private static List<String> values(String field, JsonNode list, String at) {
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException(at + ": must be a non-empty list of values such as [\"US\", \"CA\"]");
        }
        List<String> raw = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i);
            if (!(v.isTextual() || v.isNumber()) || v.asText().isBlank()) {
                throw new IllegalArgumentException(at + "[" + i + "]: must be a non-blank text or number");
            }
            try {
                raw.add(FilterValues.normalize(field, v.asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + "[" + i + "]: " + e.getMessage(), e);
            }
        }
        return raw;
    }

    private static BigDecimal bound(JsonNode n, String at) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw new IllegalArgumentException(at + ": must be a number, not " + n);
        }
        return n.decimalValue();
    }

    /**
     * Why a lead is not eligible: the first filter it fails, in the order written.
     *
     * @param fields the lead's normalized fields
     * @param score  its quality score, null if it has none
     * @return empty if every filter passes, else a short reason ({@code score 52 below 60})
     */
    public Optional<String> whyNot(Map<String, String> fields, Integer score) {
        Objects.requireNonNull(fields, "fields");
        for (BuyerFilter f : filters) {
            Optional<String> why = f.whyNot(fields, score);
            if (why.isPresent()) {
                return why;
            }
        }
        return Optional.empty();
    }

    /** The filters in the order they are checked. */
    public List<BuyerFilter> filters() {
        return filters;
    }

    /** Whether there is no condition at all. */
    public boolean isEmpty() {
        return filters.isEmpty();
    }

    /** The {@code filters} list, as {@link #parse} reads it back. */
    public ArrayNode toJson(ObjectMapper mapper) {
        ArrayNode out = mapper.createArrayNode();
        filters.forEach(f -> out.add(f.toJson(mapper)));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BuyerFilters b && b.filters.equals(filters);
    }

    @Override
    public int hashCode() {
        return filters.hashCode();
    }

    @Override
    public String toString() {
        return "BuyerFilters" + filters;
    }
}
