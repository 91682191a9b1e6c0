package io.leadwire.delivery.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.UnaryOperator;
import okhttp3.Request;

/** An API key in a header or a query parameter, the most common buyer scheme. */
final class ApiKeyAuth implements BuyerAuth {
    private static final Set<String> PLACES = Set.of("header", "query");

    private final boolean inQuery;
    private final String name;
    private final String value;

    private ApiKeyAuth(boolean inQuery, String name, String value) {
        this.inQuery = inQuery;
        this.name = name;
        this.value = value;
    }

    static void validate(SchemeFields f) {
        f.oneOf("in", PLACES, "\"header\" or \"query\"");
        f.require("name");
        f.require("value");
        f.secret("value");
        if (inQuery(f)) {
            f.plain("name");
            f.nonEmpty("name");
        } else {
            f.headerName("name");
        }
    }

    private static boolean inQuery(SchemeFields f) {
        return "query".equals(f.get("in"));
    }

    static String describe(SchemeFields f) {
        return "API key in " + (inQuery(f) ? "query parameter " : "header ") + f.get("name") + " ("
                + BuyerAuth.MASK + ")";
    }

    static BuyerAuth create(SchemeFields f, UnaryOperator<String> secrets) throws AuthException {
        String key = f.resolve("value", secrets);
        return new ApiKeyAuth(inQuery(f), f.get("name"), inQuery(f) ? key : f.headerSafe("value", key));
    }

    @Override
    public Request authorize(Request request) {
        if (inQuery) {
            return request.newBuilder().url(request.url().newBuilder().setQueryParameter(name, value).build()).build();
        }
        return request.newBuilder().header(name, value).build();
    }

    @Override
    public Set<String> sensitiveHeaders() {
        return inQuery ? Set.of() : Set.of(name);
    }

    @Override
    public String maskUrl(String url) {
        return inQuery ? maskQueryParameter(url, name) : url;
    }

    /**
     * Replaces the value of every query parameter called {@code name} by the mask, leaving the
     * rest of the URL byte for byte as it was (an {@code HttpUrl} round trip would re-encode it).
     */
    static String maskQueryParameter(String url, String name) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        int fragment = url.indexOf('#', query);
        int end = fragment < 0 ? url.length() : fragment;
        String[] pairs = url.substring(query + 1, end).split("&", -1);
        StringBuilder out = new StringBuilder(url.length()).append(url, 0, query + 1);
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                out.append('&');
            }
            String pair = pairs[i];
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            out.append(name.equals(decode(rawName)) ? rawName + "=" + MASK : pair);
        }
        return out.append(url, end, url.length()).toString();
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return raw;
        }
    }
}
