package io.leadwire.delivery;

/**
 * Why a delivery attempt did not end in a buyer's answer we could act on, in the classes of
 * the seed's error handling: transient trouble is retried with the full budget, server errors
 * a limited number of times, client errors never (after one OAuth token refresh for 401).
 */
public enum ErrorClass {
    /** The call did not finish within the connect, read or whole-call timeout. */
    TIMEOUT(Retry.TRANSIENT),
    /** Nobody listened on the buyer's address. */
    CONNECTION_REFUSED(Retry.TRANSIENT),
    /** The connection was closed or reset before a whole response came. */
    CONNECTION_RESET(Retry.TRANSIENT),
    /** Another network failure (no route, DNS, ...). */
    NETWORK(Retry.TRANSIENT),
    /** HTTP 429: the buyer asks us to slow down (honour {@code Retry-After}). */
    RATE_LIMITED(Retry.TRANSIENT),
    /** HTTP 503: the buyer is temporarily unavailable (honour {@code Retry-After}). */
    UNAVAILABLE(Retry.TRANSIENT),
    /** HTTP 500, 502, 504 and other 5xx: retried a limited number of times. */
    SERVER_ERROR(Retry.LIMITED),
    /** HTTP 400, 404, 409, 422 and other 4xx the buyer will answer the same way again. */
    CLIENT_ERROR(Retry.NONE),
    /** HTTP 401 or 403: our credentials were refused. */
    UNAUTHORIZED(Retry.NONE),
    /** The OAuth token endpoint could not be reached or answered 5xx/429. */
    TOKEN_ENDPOINT_UNAVAILABLE(Retry.TRANSIENT),
    /** The OAuth token endpoint refused our client credentials (4xx) or answered nonsense. */
    TOKEN_REFUSED(Retry.NONE),
    /** The TLS handshake failed (certificate, protocol). */
    TLS(Retry.NONE),
    /** The payload could not be built for this buyer (mapping or spec errors); nothing was sent. */
    INVALID_PAYLOAD(Retry.NONE),
    /** Our own configuration is unusable (a missing secret, a bad URL); nothing was sent. */
    CONFIGURATION(Retry.NONE);

    /** How an error class is retried. */
    public enum Retry {
        /** Retried up to the policy's attempts. */
        TRANSIENT,
        /** Retried up to the policy's (smaller) server-error attempts. */
        LIMITED,
        /** Never retried. */
        NONE
    }

    private final Retry retry;

    ErrorClass(Retry retry) {
        this.retry = retry;
    }

    public Retry retry() {
        return retry;
    }

    /** The lower-case word stored and shown, e.g. {@code "rate_limited"}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The class of a non-2xx HTTP status, or {@code null} for 1xx-3xx. */
    public static ErrorClass ofStatus(int status) {
        if (status == 429) {
            return RATE_LIMITED;
        }
        if (status == 503) {
            return UNAVAILABLE;
        }
        if (status == 401 || status == 403) {
            return UNAUTHORIZED;
        }
        if (status == 408) {
            return TIMEOUT;
        }
        if (status >= 500) {
            return SERVER_ERROR;
        }
        if (status >= 400) {
            return CLIENT_ERROR;
        }
        return null;
    }

    /**
     * The class of a call that got no HTTP answer, from what the socket said: timeouts (OkHttp's
     * whole-call timeout included), refused connections, TLS failures, unreachable hosts, and
     * connections reset or closed mid-answer. Shared by every sender (buyer deliveries, outbound
     * webhooks), so one failure is classified, retried and counted by breakers the same way.
     */
    public static ErrorClass ofException(java.io.IOException e) {
        if (e instanceof java.net.SocketTimeoutException || e instanceof java.io.InterruptedIOException) {
            // OkHttp's whole-call timeout surfaces as InterruptedIOException("timeout").
            return TIMEOUT;
        }
        if (e instanceof java.net.ConnectException) {
            return CONNECTION_REFUSED;
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return TLS;
        }
        if (e instanceof java.net.UnknownHostException || e instanceof java.net.NoRouteToHostException) {
            return NETWORK;
        }
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        if (e instanceof java.io.EOFException || e instanceof java.net.SocketException
                || m.contains("unexpected end of stream") || m.contains("reset") || m.contains("broken pipe")) {
            return CONNECTION_RESET;
        }
        return NETWORK;
    }
}
