package io.leadwire.delivery.auth;

import io.leadwire.mapping.HttpRequestSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * How deliveries to one buyer prove who we are, made by {@link AuthConfig#create}. One instance
 * serves every delivery thread of the buyer at once, so implementations are thread-safe; the
 * OAuth scheme shares one cached access token between them.
 *
 * <p>The caller's order for one delivery: build the buyer's client once with
 * {@link #configure}, then per attempt {@link #authorize} the request, send it, and on HTTP 401
 * call {@link #refreshAfterUnauthorized(Request)} and, if it answers {@code true}, authorize and
 * send once more. What goes into the transaction log passes through {@link #maskHeaders} and
 * {@link #maskUrl} first.
 */
public interface BuyerAuth {

    /** What a masked secret looks like in logs and on screen (the mapping previews' mask). */
    String MASK = HttpRequestSpec.MASK;

    /**
     * Installs what must live in the HTTP client rather than in each request: the client
     * certificate of mutual TLS. Other schemes return the builder untouched.
     */
    default OkHttpClient.Builder configure(OkHttpClient.Builder builder) {
        return builder;
    }

    /**
     * The request with our credentials applied. May block while an OAuth access token is
     * fetched; concurrent callers wait for the same fetch instead of starting their own.
     *
     * @throws AuthException when credentials cannot be had (token endpoint down or refusing);
     *                       nothing should be sent then
     */
    Request authorize(Request request) throws AuthException;

    /**
     * Called after the buyer answered 401. OAuth forgets its access token and answers
     * {@code true}: the caller authorizes again (fetching a fresh token) and retries once. Other
     * schemes answer {@code false}: their credentials would be refused the same way again.
     */
    default boolean refreshAfterUnauthorized() {
        return false;
    }

    /**
     * Like {@link #refreshAfterUnauthorized()}, for the request the buyer refused. When many
     * deliveries get 401 for the same expired token at once, OAuth drops the token only if the
     * refused request still carries the current one, so the token the first of them fetched is
     * not thrown away by the others.
     */
    default boolean refreshAfterUnauthorized(Request rejected) {
        return refreshAfterUnauthorized();
    }

    /**
     * The headers that {@link #authorize} fills with secrets or values derived from them (for
     * example {@code Authorization}, an API key header, an HMAC signature), as configured; the
     * log masks them. Compared ignoring case, as HTTP header names are.
     */
    default Set<String> sensitiveHeaders() {
        return Set.of();
    }

    /**
     * A copy of the headers with the value of every {@link #sensitiveHeaders() sensitive header}
     * replaced by {@value #MASK}, for the transaction log. Order is kept.
     */
    default Map<String, String> maskHeaders(Map<String, String> headers) {
        Set<String> sensitive = sensitiveHeaders();
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((name, value) -> out.put(name,
                sensitive.stream().anyMatch(s -> s.equalsIgnoreCase(name)) ? MASK : value));
        return out;
    }

    /**
     * The URL with a secret carried in the query (an API key {@code "in": "query"}) replaced by
     * {@value #MASK}; other schemes return it as is.
     */
    default String maskUrl(String url) {
        return url;
    }
}
