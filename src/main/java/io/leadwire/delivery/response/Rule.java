package io.leadwire.delivery.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.namespace.NamespaceContext;

/**
 * When an answer means one outcome: its HTTP status is one of {@code status} (default
 * {@code ["2xx"]}), every matcher of {@code match} holds, and, if {@code any} is given, at least
 * one of its matchers holds.
 */
final class Rule {
    private static final Set<String> KEYS = Set.of("status", "match", "any");

    final Outcome outcome;
    private final List<Status> statuses;
    private final List<Matcher> all;
    private final List<Matcher> any;

    /** A status code ({@code 409}) or a class of them ({@code "4xx"}). */
    private record Status(int low, int high, JsonNode written) {
        boolean covers(int status) {
            return status >= low && status <= high;
        }

        String describe() {
            return written.asText();
        }
    }

    private Rule(Outcome outcome, List<Status> statuses, List<Matcher> all, List<Matcher> any) {
        this.outcome = outcome;
        this.statuses = List.copyOf(statuses);
        this.all = List.copyOf(all);
        this.any = List.copyOf(any);
    }

    /**
     * Reads the block of one outcome.
     *
     * @throws IllegalArgumentException naming the key at fault
     */
    static Rule parse(Outcome outcome, JsonNode node, NamespaceContext namespaces) {
        String where = outcome.wireName();
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be an object with status, match and any");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key \"" + key + "\" (expected status, match, any)");
            }
        }
        List<Status> statuses = new ArrayList<>();
        JsonNode status = node.get("status");
        if (status == null || status.isNull()) {
            statuses.add(status("2xx"));
        } else {
            List<JsonNode> items = new ArrayList<>();
            if (status.isArray()) {
                status.forEach(items::add);
            } else {
                items.add(status);
            }
            if (items.isEmpty()) {
                throw new IllegalArgumentException(where + ".status must list at least one status, e.g. [200, \"2xx\"]");
            }
            for (int i = 0; i < items.size(); i++) {
                statuses.add(status(where + ".status" + (status.isArray() ? "[" + i + "]" : ""), items.get(i)));
            }
        }
        return new Rule(outcome, statuses, matchers(where + ".match", node.get("match"), namespaces),
                matchers(where + ".any", node.get("any"), namespaces));
    }

    private static List<Matcher> matchers(String where, JsonNode node, NamespaceContext namespaces) {
        List<Matcher> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isObject()) {
            out.add(Matcher.parse(where, node, namespaces));
            return out;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + " must be a list of matchers");
        }
        for (int i = 0; i < node.size(); i++) {
            out.add(Matcher.parse(where + "[" + i + "]", node.get(i), namespaces));
        }
        return out;
    }

    private static Status status(String pattern) {
        int hundreds = pattern.charAt(0) - '0';
        return new Status(hundreds * 100, hundreds * 100 + 99, JsonNodeFactory.instance.textNode(pattern));
    }

    private static Status status(String where, JsonNode item) {
        String text = item.isIntegralNumber() || item.isTextual() ? item.asText().strip().toLowerCase(Locale.ROOT)
                : "";
        if (text.matches("[1-5]xx")) {
            return status(text);
        }
        if (text.matches("[1-5]\\d\\d")) {
            int code = Integer.parseInt(text);
            return new Status(code, code, JsonNodeFactory.instance.numberNode(code));
        }
        throw new IllegalArgumentException(where + ": '" + item.asText() + "' is not an HTTP status (100-599) "
                + "or a class such as \"2xx\"");
    }

    boolean covers(int status) {
        return statuses.stream().anyMatch(s -> s.covers(status));
    }

    /** Why the answer does not mean this outcome, or {@code null} when it does; the status is covered. */
    String mismatch(Answer answer) {
        for (Matcher matcher : all) {
            String why = matcher.mismatch(answer);
            if (why != null) {
                return why;
            }
        }
        if (any.isEmpty()) {
            return null;
        }
        List<String> misses = new ArrayList<>();
        for (Matcher matcher : any) {
            String why = matcher.mismatch(answer);
            if (why == null) {
                return null;
            }
            misses.add(why);
        }
        return misses.size() == 1 ? misses.get(0) : "none of " + String.join(" | ", misses);
    }

    String describe() {
        StringBuilder out = new StringBuilder(outcome.wireName()).append(" if ")
                .append(statuses.stream().map(Status::describe).collect(Collectors.joining("|")));
        all.forEach(m -> out.append(" and ").append(m.describe()));
        if (!any.isEmpty()) {
            out.append(" and (").append(any.stream().map(Matcher::describe).collect(Collectors.joining(" or ")))
                    .append(')');
        }
        return out.toString();
    }

    ObjectNode write(JsonNodeFactory nodes) {
        ObjectNode out = nodes.objectNode();
        ArrayNode status = out.putArray("status");
        statuses.forEach(s -> status.add(s.written().deepCopy()));
        if (!all.isEmpty()) {
            ArrayNode match = out.putArray("match");
            all.forEach(m -> match.add(m.write(nodes)));
        }
        if (!any.isEmpty()) {
            ArrayNode list = out.putArray("any");
            any.forEach(m -> list.add(m.write(nodes)));
        }
        return out;
    }
}
