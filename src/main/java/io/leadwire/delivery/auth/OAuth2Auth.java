package io.leadwire.delivery.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.delivery.ErrorClass;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OAuth 2.0 client credentials grant (RFC 6749 section 4.4). The access token is fetched on first
 * use, shared by every delivery thread and fetched again shortly before it expires or after the
 * buyer refused it.
 */
final class OAuth2Auth implements BuyerAuth {
    private static final String AUTHORIZATION = "Authorization";
    private static final Set<String> CLIENT_AUTH = Set.of("basic", "body");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long before expiry a token is replaced, so it does not expire on its way to the buyer. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(30);
    /** The lifetime assumed when the endpoint gives no {@code expires_in}; a 401 still ends it sooner. */
    static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    /** Token answers are small; a larger one is not a token answer. */
    private static final long MAX_ANSWER_BYTES = 64 * 1024;
    private static final int MAX_ERROR_CHARS = 300;

    private final HttpUrl tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final String audience;
    private final boolean clientAuthInBody;
    private final OkHttpClient client;
    private final Clock clock;

    private final Object lock = new Object();
    /** The current token, or {@code null} before the first fetch and after a 401. Guarded by lock. */
    private Token token;
    /** The fetch every caller waits for while it runs, or {@code null}. Guarded by lock. */
    private CompletableFuture<Token> fetching;

    private record Token(String header, Instant refreshAt) {
    }

    private OAuth2Auth(SchemeFields f, String clientId, String clientSecret, OkHttpClient base, Clock clock) {
        this.tokenUrl = HttpUrl.get(f.get("tokenUrl"));
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = f.get("scope");
        this.audience = f.get("audience");
        this.clientAuthInBody = "body".equals(f.get("clientAuth"));
        // Credentials must not follow a redirect to wherever it leads; a moved endpoint is a config change.
        this.client = base.newBuilder().followRedirects(false).followSslRedirects(false).build();
        this.clock = clock;
    }

    static void validate(SchemeFields f) {
        f.require("tokenUrl");
        f.require("clientId");
        f.require("clientSecret");
        f.plain("tokenUrl");
        HttpUrl url = HttpUrl.parse(f.get("tokenUrl"));
        if (url == null) {
            throw f.refuse("tokenUrl", "must be an absolute http(s) URL, not '" + f.get("tokenUrl") + "'");
        }
        if (!url.isHttps() && !LOOPBACK.contains(url.host().toLowerCase(Locale.ROOT))) {
            throw f.refuse("tokenUrl", "must use https: the client secret would travel in clear text");
        }
        f.plainOrSecret("clientId");
        f.nonEmpty("clientId");
        f.secret("clientSecret");
        f.plain("scope");
        f.nonEmpty("scope");
        f.plain("audience");
        f.nonEmpty("audience");
        f.oneOf("clientAuth", CLIENT_AUTH, "\"basic\" or \"body\"");
    }

    static String describe(SchemeFields f) {
        StringBuilder out = new StringBuilder("OAuth 2.0 client credentials at ").append(f.get("tokenUrl"))
                .append(" (client id ").append(f.shown("clientId")).append(", secret ").append(BuyerAuth.MASK);
        if (f.has("scope")) {
            out.append(", scope ").append(f.get("scope"));
        }
        if (f.has("audience")) {
            out.append(", audience ").append(f.get("audience"));
        }
        if ("body".equals(f.get("clientAuth"))) {
            out.append(", credentials in the form");
        }
        return out.append(')').toString();
    }

    static BuyerAuth create(SchemeFields f, UnaryOperator<String> secrets, OkHttpClient base, Clock clock)
            throws AuthException {
        return new OAuth2Auth(f, f.resolve("clientId", secrets), f.resolve("clientSecret", secrets), base, clock);
    }

    @Override
    public Request authorize(Request request) throws AuthException {
        return request.newBuilder().header(AUTHORIZATION, currentToken().header()).build();
    }

    @Override
    public boolean refreshAfterUnauthorized() {
        synchronized (lock) {
            token = null;
        }
        return true;
    }

    @Override
    public boolean refreshAfterUnauthorized(Request rejected) {
        String used = rejected.header(AUTHORIZATION);
        synchronized (lock) {
            if (token != null && used != null && MessageDigest.isEqual(
                    token.header().getBytes(StandardCharsets.UTF_8), used.getBytes(StandardCharsets.UTF_8))) {
                token = null;
            }
        }
        return true;
    }

    @Override
    public Set<String> sensitiveHeaders() {
        return Set.of(AUTHORIZATION);
    }

    private Token currentToken() throws AuthException {
        CompletableFuture<Token> pending;
        boolean mine = false;
        synchronized (lock) {
            if (token != null && clock.instant().isBefore(token.refreshAt())) {
                return token;
            }
            if (fetching == null) {
                fetching = new CompletableFuture<>();
                mine = true;
            }
            pending = fetching;
        }
        if (mine) {
            fetchInto(pending);
        }
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthException(ErrorClass.TOKEN_ENDPOINT_UNAVAILABLE,
                    "interrupted while waiting for an access token from " + tokenUrl, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthException failed) {
                // A fresh exception per waiting thread, so each stack trace shows its own caller.
                throw new AuthException(failed.errorClass(), failed.getMessage(), failed);
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("fetching an access token failed unexpectedly", e.getCause());
        }
    }

    /**
     * Fetches on this thread and hands the outcome to everyone waiting. Whatever happens the
     * fetch ends, so no waiter hangs; a failure is not cached, the next caller tries again.
     */
    private void fetchInto(CompletableFuture<Token> pending) {
        Token fresh = null;
        Throwable failure = null;
        try {
            fresh = fetch();
        } catch (AuthException | RuntimeException | Error e) {
            failure = e;
        } finally {
            synchronized (lock) {
                if (fresh != null) {
                    token = fresh;
                }
                fetching = null;
            }
        }
        if (failure == null) {
            pending.complete(fresh);
        } else {
            pending.completeExceptionally(failure);
        }
    }

    private Token fetch() throws AuthException {
        Instant asked = clock.instant();
        FormBody.Builder form = new FormBody.Builder().add("grant_type", "client_credentials");
        if (scope != null) {
            form.add("scope", scope);
        }
        if (audience != null) {
            form.add("audience", audience);
        }
        Request.Builder request = new Request.Builder().url(tokenUrl).header("Accept", "application/json");
        if (clientAuthInBody) {
            form.add("client_id", clientId).add("client_secret", clientSecret);
        } else {
            // RFC 6749 section 2.3.1: id and secret are form-encoded before they are joined for Basic.
            request.header(AUTHORIZATION, Credentials.basic(formEncode(clientId), formEncode(clientSecret),
                    StandardCharsets.UTF_8));
        }
        try (Response response = client.newCall(request.post(form.build()).build()).execute()) {
            String answer = response.peekBody(MAX_ANSWER_BYTES).string();
            int status = response.code();
            if (status == 429 || status == 408 || status >= 500) {
                throw new AuthException(ErrorClass.TOKEN_ENDPOINT_UNAVAILABLE, "token endpoint " + tokenUrl
                        + " answered HTTP " + status + oauthError(answer));
            }
            if (status < 200 || status >= 300) {
                throw new AuthException(ErrorClass.TOKEN_REFUSED, "token endpoint " + tokenUrl
                        + " refused the client credentials: HTTP " + status + oauthError(answer));
            }
            return parse(answer, asked);
        } catch (SSLHandshakeException | SSLPeerUnverifiedException e) {
            throw new AuthException(ErrorClass.TLS, "TLS with token endpoint " + tokenUrl + " failed: "
                    + e.getMessage(), e);
        } catch (InterruptedIOException e) {
            throw new AuthException(ErrorClass.TOKEN_ENDPOINT_UNAVAILABLE, "token endpoint " + tokenUrl
                    + " did not answer in time (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new AuthException(ErrorClass.TOKEN_ENDPOINT_UNAVAILABLE, "token endpoint " + tokenUrl
                    + " could not be reached: " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
    }

    private Token parse(String answer, Instant asked) throws AuthException {
        JsonNode json;
        try {
            json = JSON.readTree(answer);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw refused("answered 2xx with something that is not a JSON object");
        }
        JsonNode accessToken = json.get("access_token");
        if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isEmpty()) {
            throw refused("answered 2xx without an access_token");
        }
        String value = accessToken.asText();
        if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw refused("answered an access_token with characters a bearer token cannot have");
        }
        JsonNode type = json.get("token_type");
        if (type != null && !type.isNull() && !"bearer".equalsIgnoreCase(type.asText())) {
            throw refused("answered token_type '" + clean(type.asText()) + "'; only bearer tokens are supported");
        }
        Duration lifetime = DEFAULT_LIFETIME;
        JsonNode expiresIn = json.get("expires_in");
        if (expiresIn != null && !expiresIn.isNull()) {
            // Some endpoints send the number as a string; both are common enough to accept.
            long seconds = expiresIn.isNumber() ? expiresIn.asLong() : parseSeconds(expiresIn.asText());
            if (seconds <= 0) {
                throw refused("answered expires_in '" + clean(expiresIn.asText()) + "', not a positive number");
            }
            lifetime = Duration.ofSeconds(seconds);
        }
        Duration margin = SAFETY_MARGIN.compareTo(lifetime.dividedBy(10)) < 0 ? SAFETY_MARGIN : lifetime.dividedBy(10);
        return new Token("Bearer " + value, asked.plus(lifetime).minus(margin));
    }

    private static long parseSeconds(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private AuthException refused(String problem) {
        return new AuthException(ErrorClass.TOKEN_REFUSED, "token endpoint " + tokenUrl + " " + problem);
    }

    /** The RFC 6749 section 5.2 {@code error} and {@code error_description}, when the answer has them. */
    private String oauthError(String answer) {
        try {
            JsonNode json = JSON.readTree(answer);
            if (json == null || !json.path("error").isTextual()) {
                return "";
            }
            String out = ": " + clean(json.get("error").asText());
            if (json.path("error_description").isTextual()) {
                out += " (" + clean(json.get("error_description").asText()) + ")";
            }
            return out;
        } catch (IOException e) {
            return "";
        }
    }

    /** Endpoint text made fit for a one-line message, and never carrying our secret back. */
    private String clean(String text) {
        String line = text.replace(clientSecret, MASK).replaceAll("\\p{Cntrl}", " ");
        return line.length() > MAX_ERROR_CHARS ? line.substring(0, MAX_ERROR_CHARS) + "…" : line;
    }

    private static String formEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
