package io.leadwire.delivery.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.namespace.NamespaceContext;

/**
 * One condition on an answer: a source ({@code jsonPath}, {@code xpath}, {@code header},
 * {@code regex}, or the whole body when none is named) and a test ({@code equals}, {@code in},
 * {@code matches}, {@code contains}, {@code exists}; {@code exists: true} when none is named).
 *
 * <p>Text comparisons ({@code equals}, {@code in}, {@code contains}) ignore case and surrounding
 * blanks, because buyers drift between {@code "Accepted"} and {@code "accepted"} and reading a
 * rejection as "no rule matched" would sell a lead the buyer declined; numbers compare as numbers
 * ({@code 1} equals {@code 1.0}). {@code matches} is a regular expression the whole value must
 * match, case as written (add {@code (?i)} to ignore it).
 */
final class Matcher {
    static final Set<String> SOURCES = Set.of("jsonPath", "xpath", "header", "regex");
    private static final Set<String> TESTS = Set.of("equals", "in", "matches", "contains", "exists");
    private static final String KEYS = "jsonPath, xpath, header, regex, equals, in, matches, contains, exists";
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d{1,40}(\\.\\d{1,40})?([eE][+-]?\\d{1,3})?");

    private final ValueSource source;
    private final String test;
    private final JsonNode operand;
    private final List<String> expected;
    private final Pattern pattern;

    private Matcher(ValueSource source, String test, JsonNode operand, Pattern pattern) {
        this.source = source;
        this.test = test;
        this.operand = operand;
        this.pattern = pattern;
        List<String> texts = new ArrayList<>();
        if (operand.isArray()) {
            operand.forEach(value -> texts.add(ValueSource.text(value)));
        } else if (!operand.isBoolean() || !test.equals("exists")) {
            texts.add(ValueSource.text(operand));
        }
        this.expected = List.copyOf(texts);
    }

    /**
     * Reads one matcher object.
     *
     * @param where the key path for messages, e.g. {@code accepted.match[1]}
     * @throws IllegalArgumentException naming the key at fault
     */
    static Matcher parse(String where, JsonNode node, NamespaceContext namespaces) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + " must be an object such as {\"jsonPath\": \"$.status\", "
                    + "\"equals\": \"accepted\"}");
        }
        String sourceKey = null;
        String testKey = null;
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (SOURCES.contains(key)) {
                if (sourceKey != null) {
                    throw new IllegalArgumentException(where + " has both \"" + sourceKey + "\" and \"" + key
                            + "\"; a matcher reads one source");
                }
                sourceKey = key;
            } else if (TESTS.contains(key)) {
                if (testKey != null) {
                    throw new IllegalArgumentException(where + " has both \"" + testKey + "\" and \"" + key
                            + "\"; a matcher makes one test (use several matchers for more)");
                }
                testKey = key;
            } else {
                throw new IllegalArgumentException(where + ": unknown key \"" + key + "\" (expected " + KEYS + ")");
            }
        }
        if (sourceKey == null && testKey == null) {
            throw new IllegalArgumentException(where + " needs a source (jsonPath, xpath, header, regex) or a test"
                    + " on the whole body (equals, in, matches, contains)");
        }
        ValueSource source = ValueSource.BODY;
        if (sourceKey != null) {
            JsonNode expression = node.get(sourceKey);
            if (!expression.isTextual()) {
                throw new IllegalArgumentException(where + "." + sourceKey + " must be a string");
            }
            source = ValueSource.parse(where + "." + sourceKey, sourceKey, expression.asText(), namespaces);
        }
        if (testKey == null) {
            return new Matcher(source, "exists", JsonNodeFactory.instance.booleanNode(true), null);
        }
        String at = where + "." + testKey;
        JsonNode operand = node.get(testKey);
        switch (testKey) {
            case "equals":
                requireScalar(at, operand);
                return new Matcher(source, testKey, operand.deepCopy(), null);
            case "in":
                if (!operand.isArray() || operand.isEmpty()) {
                    throw new IllegalArgumentException(at + " must be a non-empty list of values");
                }
                for (int i = 0; i < operand.size(); i++) {
                    requireScalar(at + "[" + i + "]", operand.get(i));
                }
                return new Matcher(source, testKey, operand.deepCopy(), null);
            case "matches":
                if (!operand.isTextual()) {
                    throw new IllegalArgumentException(at + " must be a regular expression string");
                }
                return new Matcher(source, testKey, operand.deepCopy(), ValueSource.compileRegex(at, operand.asText()));
            case "contains":
                if (!operand.isTextual() || operand.asText().isEmpty()) {
                    throw new IllegalArgumentException(at + " must be a non-empty string");
                }
                return new Matcher(source, testKey, operand.deepCopy(), null);
            default:
                if (!operand.isBoolean()) {
                    throw new IllegalArgumentException(at + " must be true or false");
                }
                if (source == ValueSource.BODY) {
                    throw new IllegalArgumentException(at + " needs a source (jsonPath, xpath, header, regex)");
                }
                return new Matcher(source, testKey, operand.deepCopy(), null);
        }
    }

    private static void requireScalar(String at, JsonNode value) {
        if (value == null || !(value.isTextual() || value.isNumber() || value.isBoolean())
                || value.isTextual() && value.asText().isBlank()) {
            throw new IllegalArgumentException(at + " must be a non-empty string, a number or a boolean"
                    + " (for a missing or null value use \"exists\": false)");
        }
    }

    /** Why the answer fails this matcher, or {@code null} when it holds. */
    String mismatch(Answer answer) {
        ValueSource.Found found = source.find(answer);
        List<String> values = found.values();
        if (test.equals("exists") && !operand.asBoolean()) {
            if (found.problem() != null) {
                return found.problem();
            }
            return values.isEmpty() ? null : source.label() + " is " + shown(values) + ", expected it absent";
        }
        if (values.isEmpty()) {
            return found.problem() != null ? found.problem() : source.missing();
        }
        if (test.equals("exists")) {
            return null;
        }
        try {
            for (String value : values) {
                if (passes(value)) {
                    return null;
                }
            }
        } catch (Regexes.GaveUp e) {
            return source.label() + ": " + e.getMessage();
        }
        return source.label() + " is " + shown(values) + ", expected " + expectation();
    }

    private boolean passes(String value) throws Regexes.GaveUp {
        switch (test) {
            case "equals":
            case "in":
                for (String candidate : expected) {
                    if (same(value, candidate)) {
                        return true;
                    }
                }
                return false;
            case "matches":
                return Regexes.matchesWhole(pattern, value);
            default:
                return value.toLowerCase(Locale.ROOT).contains(expected.get(0).toLowerCase(Locale.ROOT));
        }
    }

    private static boolean same(String seen, String wanted) {
        String a = seen.strip();
        String b = wanted.strip();
        if (NUMBER.matcher(a).matches() && NUMBER.matcher(b).matches()) {
            return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
        }
        return a.equalsIgnoreCase(b);
    }

    private String expectation() {
        switch (test) {
            case "equals":
                return quoted(expected.get(0));
            case "in":
                return "one of " + expected.stream().map(Matcher::quoted).collect(Collectors.joining(", "));
            case "matches":
                return "to match /" + pattern.pattern() + "/";
            default:
                return "to contain " + quoted(expected.get(0));
        }
    }

    private static String shown(List<String> values) {
        String first = quoted(values.get(0));
        return values.size() == 1 ? first : first + " (and " + (values.size() - 1) + " more)";
    }

    private static String quoted(String value) {
        return "'" + Answer.clip(value) + "'";
    }

    /** A short reading for the console, e.g. {@code $.status in ('rejected', 'declined')}. */
    String describe() {
        String label = source.label();
        switch (test) {
            case "equals":
                return label + " = " + quoted(expected.get(0));
            case "in":
                return label + " in (" + expected.stream().map(Matcher::quoted).collect(Collectors.joining(", ")) + ")";
            case "matches":
                return label + " ~ /" + pattern.pattern() + "/";
            case "contains":
                return label + " contains " + quoted(expected.get(0));
            default:
                if (source.key().equals("regex")) {
                    return operand.asBoolean() ? "body ~ " + label : "body !~ " + label;
                }
                return label + (operand.asBoolean() ? " exists" : " is absent");
        }
    }

    /** The matcher as written, in its shortest form ({@code exists: true} is left out). */
    ObjectNode write(JsonNodeFactory nodes) {
        ObjectNode out = nodes.objectNode();
        if (source.key() != null) {
            out.put(source.key(), source.expression());
        }
        if (!(test.equals("exists") && operand.asBoolean())) {
            out.set(test, operand.deepCopy());
        }
        return out;
    }
}
