package io.leadwire.mapping;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The exact HTTP request a buyer would receive for one lead, with secrets masked: what the
 * designer and {@code mapping preview --request} show.
 *
 * @param method  HTTP method
 * @param url     the URL (secrets masked; a query mapping's fields appended), or {@code null} when the
 *                mapping has no {@code request} block
 * @param headers every header sent, in order: Content-Type, the format's own (SOAPAction), the
 *                mapping's (secrets masked), Content-Length
 * @param body    the body; empty for a query-string GET
 * @param payload the rendered payload behind it, with its warnings and errors
 */
public record HttpRequestPreview(String method, String url, Map<String, String> headers, String body,
        RenderedPayload payload) {

    public HttpRequestPreview {
        Objects.requireNonNull(method, "method");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(payload, "payload");
    }

    /**
     * Builds the request for a rendered payload. Example: for buyer ABC with a request block
     * {@code {"url": "https://abc.example/leads", "headers": {"X-Key": "${secret:ABC}"}}} the text is
     * {@code POST https://abc.example/leads HTTP/1.1}, {@code Content-Type: application/x-www-form-urlencoded;
     * charset=utf-8}, {@code X-Key: ••••}, {@code Content-Length: 104}, a blank line and the body.
     */
    public static HttpRequestPreview of(Mapping mapping, RenderedPayload payload) {
        HttpRequestSpec request = mapping.request();
        boolean query = mapping.format() == PayloadFormat.QUERY;
        String method = request == null ? (query ? "GET" : "POST") : request.method();
        String url = request == null ? null : request.maskedUrl();
        boolean inUrl = query && "GET".equals(method);
        if (inUrl && url != null && !payload.body().isEmpty()) {
            url = url + (url.indexOf('?') >= 0 ? "&" : "?") + payload.body();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (!inUrl) {
            headers.put("Content-Type", payload.contentType());
        }
        headers.putAll(payload.headers());
        if (request != null) {
            headers.putAll(request.maskedHeaders());
        }
        String body = inUrl ? "" : payload.body();
        if (!inUrl) {
            headers.put("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        }
        return new HttpRequestPreview(method, url, headers, body, payload);
    }

    /** The request as HTTP/1.1 text: request line, headers, a blank line, the body. */
    public String toHttpText() {
        StringBuilder out = new StringBuilder(body.length() + 256);
        out.append(method).append(' ').append(url == null ? "<no URL: the mapping has no \"request\" block>" : url)
                .append(" HTTP/1.1\n");
        headers.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
        out.append('\n').append(body);
        return out.toString();
    }
}
