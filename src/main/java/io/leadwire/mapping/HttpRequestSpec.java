package io.leadwire.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The optional {@code request} block of a mapping document: how the payload is sent. Secrets
 * are never written into a mapping; they are named with {@code ${secret:NAME}} placeholders,
 * resolved from the secret store only when sending and shown as {@value #MASK} in previews.
 *
 * <pre>{@code
 * "request": {
 *   "method": "POST",
 *   "url": "https://api.buyer.example/v2/leads?key=${secret:BUYER_API_KEY}",
 *   "headers": {"Authorization": "Bearer ${secret:BUYER_TOKEN}", "X-Campaign": "INS-77"}
 * }
 * }</pre>
 *
 * @param method  HTTP method, upper case
 * @param url     absolute http(s) URL, possibly with placeholders
 * @param headers header name → value, possibly with placeholders, in document order
 */
public record HttpRequestSpec(String method, String url, Map<String, String> headers) {

    /** What a secret looks like in a preview. */
    public static final String MASK = "••••";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{secret:([A-Za-z0-9_.-]+)}");
    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "GET");
    private static final Set<String> FORMAT_HEADERS = Set.of("content-type", "content-length", "soapaction", "host");
    private static final Set<String> KEYS = Set.of("method", "url", "headers");

    public HttpRequestSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * Reads a {@code request} block.
     *
     * @param defaultMethod the method when the block names none (GET for query mappings, else POST)
     * @throws IllegalArgumentException naming the key at fault
     */
    public static HttpRequestSpec parse(JsonNode node, String defaultMethod) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("\"request\" must be an object with url, method and headers");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key \"" + key + "\" (expected method, url, headers)");
            }
        }
        String method = node.path("method").isTextual() ? node.get("method").asText().trim().toUpperCase(Locale.ROOT)
                : defaultMethod;
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method '" + method + "' is not POST, PUT, PATCH or GET");
        }
        if (!node.path("url").isTextual()) {
            throw new IllegalArgumentException("\"url\" is required: the buyer's absolute http(s) URL");
        }
        String url = node.get("url").asText().trim();
        if (!(url.startsWith("https://") || url.startsWith("http://")) || url.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("url '" + url + "' is not an absolute http(s) URL");
        }
        checkPlaceholders("url", url);
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode list = node.get("headers");
        if (list != null && !list.isNull()) {
            if (!list.isObject()) {
                throw new IllegalArgumentException("\"headers\" must be an object of header name to value");
            }
            Iterator<Map.Entry<String, JsonNode>> entries = list.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                String name = entry.getKey();
                if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
                    throw new IllegalArgumentException("header name '" + name + "' is not a valid HTTP header name");
                }
                if (FORMAT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("header '" + name
                            + "' is set from the format and body; leave it out of \"headers\"");
                }
                if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                    throw new IllegalArgumentException("header '" + name + "' must have a text value");
                }
                String value = entry.getValue().asText();
                if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("header '" + name + "' must be on one line");
                }
                checkPlaceholders("header '" + name + "'", value);
                headers.put(name, value);
            }
        }
        return new HttpRequestSpec(method, url, headers);
    }

    private static void checkPlaceholders(String where, String text) {
        String rest = PLACEHOLDER.matcher(text).replaceAll("");
        if (rest.contains("${")) {
            throw new IllegalArgumentException(where + " has a placeholder that is not ${secret:NAME} "
                    + "(NAME of letters, digits, '_', '.', '-')");
        }
    }

    /** The names of the secrets the URL and headers use, in order of first use. */
    public Set<String> secretNames() {
        Set<String> names = new LinkedHashSet<>();
        collect(url, names);
        headers.values().forEach(v -> collect(v, names));
        return names;
    }

    private static void collect(String text, Set<String> names) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
    }

    /** The URL with every secret shown as {@value #MASK}. */
    public String maskedUrl() {
        return mask(url);
    }

    /** The headers with every secret shown as {@value #MASK}. */
    public Map<String, String> maskedHeaders() {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, mask(v)));
        return out;
    }

    /**
     * The URL with its secrets filled in, for sending.
     *
     * @param secrets secret name → value; {@code null} for an unknown secret
     * @throws IllegalArgumentException naming a secret that has no value
     */
    public String resolvedUrl(UnaryOperator<String> secrets) {
        return resolve(url, secrets);
    }

    /** The headers with their secrets filled in; see {@link #resolvedUrl}. */
    public Map<String, String> resolvedHeaders(UnaryOperator<String> secrets) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, resolve(v, secrets)));
        return out;
    }

    private static String mask(String text) {
        return text.indexOf("${") < 0 ? text : PLACEHOLDER.matcher(text).replaceAll(MASK);
    }

    private static String resolve(String text, UnaryOperator<String> secrets) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 32);
        while (m.find()) {
            String value = secrets.apply(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("secret '" + m.group(1) + "' has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
