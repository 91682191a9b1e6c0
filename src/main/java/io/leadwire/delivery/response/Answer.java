package io.leadwire.delivery.response;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.namespace.NamespaceContext;
import org.w3c.dom.Document;

/**
 * One buyer answer while it is being judged: the status, the headers by case-insensitive name,
 * and the body, cut to {@link ResponseRules#JUDGED_BODY_CHARS}. The body is parsed as JSON or XML
 * at most once, and only if a matcher or extractor asks for it. Confined to the judging thread.
 */
final class Answer {
    /**
     * Reads buyer bodies: decimals stay exact (a price of 12.10 stays 12.10, not a double), trailing garbage
     * after the JSON value is refused instead of silently ignored, and nesting is bounded.
     */
    static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build()).build())
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    final int status;
    final String contentType;
    final String text;
    final int fullLength;
    private final Map<String, List<String>> headers;
    private final NamespaceContext namespaces;
    private JsonNode json;
    private String jsonProblem;
    private Document xml;
    private String xmlProblem;

    Answer(int status, Map<String, List<String>> headers, String contentType, String body, NamespaceContext namespaces) {
        this.status = status;
        this.contentType = contentType == null ? "" : contentType.trim();
        String all = body == null ? "" : body;
        this.fullLength = all.length();
        this.text = all.length() > ResponseRules.JUDGED_BODY_CHARS ? all.substring(0, ResponseRules.JUDGED_BODY_CHARS)
                : all;
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (name != null && values != null) {
                    byName.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values);
                }
            });
        }
        this.headers = byName;
        this.namespaces = namespaces;
    }

    boolean is2xx() {
        return status >= 200 && status <= 299;
    }

    boolean truncated() {
        return fullLength > text.length();
    }

    List<String> header(String name) {
        return headers.getOrDefault(name, Collections.emptyList());
    }

    /** The body as a JSON tree, or {@code null} when it is not JSON; see {@link #jsonProblem()}. */
    JsonNode json() {
        if (json == null && jsonProblem == null) {
            if (text.isBlank()) {
                jsonProblem = "body is empty";
            } else if (truncated()) {
                jsonProblem = "body is not JSON that can be judged (longer than " + ResponseRules.JUDGED_BODY_CHARS
                        + " characters)";
            } else {
                try {
                    json = JSON.readTree(text);
                } catch (JacksonException e) {
                    jsonProblem = "body is not JSON" + described();
                }
            }
        }
        return json;
    }

    String jsonProblem() {
        json();
        return jsonProblem;
    }

    /** The body as a DOM, or {@code null} when it is not well-formed XML; see {@link #xmlProblem()}. */
    Document xml() {
        if (xml == null && xmlProblem == null) {
            if (text.isBlank()) {
                xmlProblem = "body is empty";
            } else if (truncated()) {
                xmlProblem = "body is not XML that can be judged (longer than " + ResponseRules.JUDGED_BODY_CHARS
                        + " characters)";
            } else {
                try {
                    xml = SafeXml.parse(text);
                } catch (SafeXml.NotXml e) {
                    xmlProblem = "body is not well-formed XML" + described() + ": " + e.getMessage();
                }
            }
        }
        return xml;
    }

    String xmlProblem() {
        xml();
        return xmlProblem;
    }

    NamespaceContext namespaces() {
        return namespaces;
    }

    /** Whether the body is a web page rather than an API answer (an error page, a login page, a proxy). */
    boolean looksLikeHtml() {
        if (contentType.toLowerCase(Locale.ROOT).contains("html")) {
            return true;
        }
        String start = text.stripLeading();
        start = start.substring(0, Math.min(start.length(), 15)).toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    private String described() {
        return contentType.isEmpty() ? "" : " (content type " + clip(contentType) + ")";
    }

    /** A value for a note: quoted, on one line, at most 40 characters. */
    static String clip(String value) {
        String oneLine = value.replaceAll("\\p{Cntrl}", " ").strip();
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 39) + "…";
    }
}
