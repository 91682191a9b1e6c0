package io.leadwire.delivery.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.xml.namespace.NamespaceContext;
import javax.xml.xpath.XPathExpressionException;
import org.w3c.dom.Document;

/**
 * Where a matcher or an extractor reads its values in an answer: a JSONPath or an XPath into the
 * body, a header, the first group of a regular expression found in the body, or the whole body.
 * Every source answers a list (an indefinite path, a node set or a repeated header may give
 * several values); a matcher holds when any of them passes. JSON {@code null} and blank values
 * count as missing. Sources are immutable and safe to share between threads.
 */
abstract class ValueSource {
    /** JSONPath over the Jackson tree, so the body is parsed once however many paths read it. */
    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Answer.JSON))
            .mappingProvider(new JacksonMappingProvider(Answer.JSON))
            .options(Option.ALWAYS_RETURN_LIST, Option.SUPPRESS_EXCEPTIONS)
            .build();

    /** What a source found: values, or nothing and maybe why the body could not be read. */
    record Found(List<String> values, String problem) {
        static Found of(List<String> values) {
            return new Found(values, null);
        }

        static Found unreadable(String problem) {
            return new Found(List.of(), problem);
        }
    }

    /** The key this source is written with ({@code jsonPath}, ...), or {@code null} for the whole body. */
    abstract String key();

    /** The expression as written. */
    abstract String expression();

    /** How notes name the source, e.g. {@code $.status} or {@code header X-Result}. */
    abstract String label();

    abstract Found find(Answer answer);

    /** The note when nothing was found. */
    String missing() {
        return label() + " is missing";
    }

    /**
     * Compiles a source.
     *
     * @param where      the key path for messages, e.g. {@code accepted.match[0].jsonPath}
     * @throws IllegalArgumentException naming {@code where} and the expression
     */
    static ValueSource parse(String where, String key, String expression, NamespaceContext namespaces) {
        if (expression.isBlank()) {
            throw new IllegalArgumentException(where + " must not be empty");
        }
        switch (key) {
            case "jsonPath":
                try {
                    return new JsonPathSource(expression, JsonPath.compile(expression));
                } catch (InvalidPathException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": '" + expression + "' is not a valid JSONPath ("
                            + e.getMessage() + ")", e);
                }
            case "xpath":
                try {
                    SafeXml.compile(expression, namespaces);
                    return new XPathSource(expression);
                } catch (XPathExpressionException | RuntimeException e) {
                    throw new IllegalArgumentException(where + ": '" + expression + "' is not a valid XPath ("
                            + rootMessage(e) + ")", e);
                }
            case "header":
                if (!expression.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
                    throw new IllegalArgumentException(where + ": '" + expression + "' is not an HTTP header name");
                }
                return new HeaderSource(expression);
            case "regex":
                return new RegexSource(compileRegex(where, expression));
            default:
                throw new IllegalStateException("not a source key: " + key);
        }
    }

    static Pattern compileRegex(String where, String expression) {
        try {
            return Pattern.compile(expression);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + ": '" + expression + "' is not a valid regular expression ("
                    + e.getDescription() + " near index " + e.getIndex() + ")", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    /** The whole body, for {@code {"contains": "..."}} and friends. */
    static final ValueSource BODY = new ValueSource() {
        @Override
        String key() {
            return null;
        }

        @Override
        String expression() {
            return "";
        }

        @Override
        String label() {
            return "body";
        }

        @Override
        String missing() {
            return "body is empty";
        }

        @Override
        Found find(Answer answer) {
            return Found.of(answer.text.isBlank() ? List.of() : List.of(answer.text));
        }
    };

    private static final class JsonPathSource extends ValueSource {
        private final String expression;
        private final JsonPath path;

        JsonPathSource(String expression, JsonPath path) {
            this.expression = expression;
            this.path = path;
        }

        @Override
        String key() {
            return "jsonPath";
        }

        @Override
        String expression() {
            return expression;
        }

        @Override
        String label() {
            return expression;
        }

        @Override
        Found find(Answer answer) {
            JsonNode json = answer.json();
            if (json == null) {
                return Found.unreadable(answer.jsonProblem());
            }
            Object result;
            try {
                result = path.read(json, JSON_PATH);
            } catch (RuntimeException e) {
                return Found.unreadable(expression + " could not be read (" + e.getMessage() + ")");
            }
            List<String> values = new ArrayList<>();
            if (result instanceof JsonNode list) {
                for (JsonNode node : list) {
                    String text = text(node);
                    if (text != null) {
                        values.add(text);
                    }
                }
            }
            return Found.of(values);
        }
    }

    /** A JSON value as text: numbers exactly as decimals, objects and arrays as JSON; null for nothing. */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        String text;
        if (node.isNumber()) {
            text = Prices.plain(node.decimalValue());
        } else if (node.isValueNode()) {
            text = node.asText().strip();
        } else {
            text = node.toString();
        }
        return text.isEmpty() ? null : text;
    }

    private static final class XPathSource extends ValueSource {
        private final String expression;

        XPathSource(String expression) {
            this.expression = expression;
        }

        @Override
        String key() {
            return "xpath";
        }

        @Override
        String expression() {
            return expression;
        }

        @Override
        String label() {
            return expression;
        }

        @Override
        Found find(Answer answer) {
            Document xml = answer.xml();
            if (xml == null) {
                return Found.unreadable(answer.xmlProblem());
            }
            try {
                return Found.of(SafeXml.values(SafeXml.compile(expression, answer.namespaces()), xml));
            } catch (XPathExpressionException | RuntimeException e) {
                return Found.unreadable(expression + " could not be evaluated (" + rootMessage(e) + ")");
            }
        }
    }

    private static final class HeaderSource extends ValueSource {
        private final String name;

        HeaderSource(String name) {
            this.name = name;
        }

        @Override
        String key() {
            return "header";
        }

        @Override
        String expression() {
            return name;
        }

        @Override
        String label() {
            return "header " + name;
        }

        @Override
        Found find(Answer answer) {
            List<String> values = new ArrayList<>();
            for (String value : answer.header(name)) {
                if (value != null && !value.isBlank()) {
                    values.add(value.strip());
                }
            }
            return Found.of(values);
        }
    }

    private static final class RegexSource extends ValueSource {
        private final Pattern pattern;

        RegexSource(Pattern pattern) {
            this.pattern = pattern;
        }

        @Override
        String key() {
            return "regex";
        }

        @Override
        String expression() {
            return pattern.pattern();
        }

        @Override
        String label() {
            return "/" + pattern.pattern() + "/";
        }

        @Override
        String missing() {
            return "body has no match for " + label();
        }

        @Override
        Found find(Answer answer) {
            try {
                String value = Regexes.find(pattern, answer.text);
                return Found.of(value == null || value.isBlank() ? List.of() : List.of(value.strip()));
            } catch (Regexes.GaveUp e) {
                return Found.unreadable(e.getMessage());
            }
        }
    }
}
