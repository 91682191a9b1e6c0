package io.leadwire.delivery;

import io.leadwire.delivery.auth.AuthException;
import io.leadwire.delivery.response.Outcome;
import io.leadwire.delivery.response.ResponseVerdict;
import io.leadwire.mapping.HttpRequestSpec;
import io.leadwire.mapping.Mapping;
import io.leadwire.mapping.PayloadFormat;
import io.leadwire.mapping.RenderedPayload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One HTTP exchange with a buyer: builds the request exactly as it goes on the wire (mapping
 * body, the mapping's request headers with secrets filled in, the idempotency key, auth), sends
 * it on the buyer's own client, reads a bounded answer and judges it with the buyer's response
 * rules. Blocking; runs on the buyer's own sender threads.
 *
 * <p>What it returns is also what the transaction log keeps: the request with every secret
 * masked but the body verbatim (so a dispute can be settled from the log), and the answer.
 */
final class Transmission {
    /** The header buyers dedupe retries by; the same value for every attempt of one delivery. */
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    /** Answers longer than this are cut for judging and the log; the rest is drained unread. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private Transmission() {
    }

    /** What was sent and what came back, or why nothing came back. */
    record Exchange(String method, String maskedUrl, Map<String, String> maskedHeaders, String body, Instant startedAt,
            long latencyMs, Integer status, Map<String, List<String>> responseHeaders, String responseBody,
            ResponseVerdict verdict, ErrorClass error, String errorMessage, String retryAfter, Request sentRequest,
            boolean droppedKeptAlive) {

        boolean unauthorized() {
            return status != null && status == 401;
        }

        String requestHeaderText() {
            StringBuilder sb = new StringBuilder();
            maskedHeaders.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
            return sb.toString();
        }

        String responseHeaderText() {
            if (responseHeaders == null) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            responseHeaders.forEach((k, vs) -> vs.forEach(v -> sb.append(k).append(": ").append(v).append('\n')));
            return sb.toString();
        }

        /** The error class of the exchange: transport, or the verdict's. */
        ErrorClass errorClass() {
            if (error != null) {
                return error;
            }
            return verdict != null && verdict.outcome() == Outcome.ERROR ? verdict.errorClass() : null;
        }
    }

    /**
     * Sends one rendered payload to {@code url} and judges the answer. Never throws for the
     * buyer's sake: every failure comes back as an {@link Exchange} with its error class.
     */
    static Exchange send(LiveBuyer buyer, Mapping mapping, RenderedPayload payload, String url,
                         String idempotencyKey, Clock clock) {
        return send(buyer, mapping, payload, url, idempotencyKey, clock, false);
    }

    /**
     * As {@link #send(LiveBuyer, Mapping, RenderedPayload, String, String, Clock)}; with
     * {@code freshConnection} on a new connection of its own, never one kept alive in the buyer's
     * pool (which may hold several the buyer has just closed), closed again after the call.
     */
    static Exchange send(LiveBuyer buyer, Mapping mapping, RenderedPayload payload, String url,
                         String idempotencyKey, Clock clock, boolean freshConnection) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        HttpRequestSpec spec = mapping.request();
        boolean query = mapping.format() == PayloadFormat.QUERY;
        String method = spec == null ? (query ? "GET" : "POST") : spec.method();
        boolean inUrl = query && "GET".equals(method);
        HttpRequestSpec target = new HttpRequestSpec(method, url, spec == null ? Map.of() : spec.headers());
        String resolvedUrl;
        Map<String, String> resolvedHeaders;
        String maskedUrl = target.maskedUrl();
        Map<String, String> masked = new LinkedHashMap<>();
        try {
            resolvedUrl = target.resolvedUrl(buyer.secretLookup());
            resolvedHeaders = target.resolvedHeaders(buyer.secretLookup());
        } catch (IllegalArgumentException e) {
            return failed(method, maskedUrl, masked, payload.body(), started, t0, ErrorClass.CONFIGURATION,
                    e.getMessage());
        }
        if (inUrl && !payload.body().isEmpty()) {
            resolvedUrl = resolvedUrl + (resolvedUrl.indexOf('?') >= 0 ? "&" : "?") + payload.body();
            maskedUrl = maskedUrl + (maskedUrl.indexOf('?') >= 0 ? "&" : "?") + payload.body();
        }
        HttpUrl httpUrl = HttpUrl.parse(resolvedUrl);
        if (httpUrl == null) {
            return failed(method, maskedUrl, masked, payload.body(), started, t0, ErrorClass.CONFIGURATION,
                    "not a usable URL: " + maskedUrl);
        }
        Request.Builder rb = new Request.Builder().url(httpUrl);
        byte[] bytes = payload.body().getBytes(StandardCharsets.UTF_8);
        if (!inUrl) {
            masked.put("Content-Type", payload.contentType());
        }
        payload.headers().forEach((k, v) -> {
            rb.header(k, v);
            masked.put(k, v);
        });
        Map<String, String> specMasked = target.maskedHeaders();
        resolvedHeaders.forEach((k, v) -> {
            rb.header(k, v);
            masked.put(k, specMasked.get(k));
        });
        rb.header(IDEMPOTENCY_HEADER, idempotencyKey);
        masked.put(IDEMPOTENCY_HEADER, idempotencyKey);
        rb.header("User-Agent", "Leadwire");
        if (inUrl) {
            rb.get();
        } else {
            rb.method(method, RequestBody.create(bytes, MediaType.get(payload.contentType())));
        }
        OkHttpClient client = freshConnection
                ? buyer.client().newBuilder().connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS)).build()
                : buyer.client();
        return exchange(buyer, client, rb, method, resolvedUrl, maskedUrl, masked, payload.body(),
                inUrl ? null : payload.contentType(), bytes.length, started, t0);
    }

    /**
     * Asks an asynchronous buyer's status URL about one delivery ({@code {buyer_lead_id}} and
     * {@code {idempotency_key}} filled in, secrets resolved), with the buyer's auth, and judges the
     * answer with the buyer's response rules.
     */
    static Exchange checkStatus(LiveBuyer buyer, String statusUrl, String buyerLeadId, String idempotencyKey,
                                Clock clock) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        String filled = statusUrl.replace("{buyer_lead_id}", encode(buyerLeadId == null ? "" : buyerLeadId))
                .replace("{idempotency_key}", encode(idempotencyKey));
        HttpRequestSpec target = new HttpRequestSpec("GET", filled, Map.of());
        Map<String, String> masked = new LinkedHashMap<>();
        String resolved;
        try {
            resolved = target.resolvedUrl(buyer.secretLookup());
        } catch (IllegalArgumentException e) {
            return failed("GET", target.maskedUrl(), masked, "", started, t0, ErrorClass.CONFIGURATION, e.getMessage());
        }
        HttpUrl url = HttpUrl.parse(resolved);
        if (url == null) {
            return failed("GET", target.maskedUrl(), masked, "", started, t0, ErrorClass.CONFIGURATION,
                    "not a usable status URL: " + target.maskedUrl());
        }
        Request.Builder rb = new Request.Builder().url(url).get().header(IDEMPOTENCY_HEADER, idempotencyKey)
                .header("User-Agent", "Leadwire");
        masked.put(IDEMPOTENCY_HEADER, idempotencyKey);
        return exchange(buyer, buyer.client(), rb, "GET", resolved, target.maskedUrl(), masked, "", null, 0, started,
                t0);
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Authorizes, sends and judges one prepared request; every failure becomes an {@link Exchange}. */
    private static Exchange exchange(LiveBuyer buyer, OkHttpClient client, Request.Builder rb, String method,
                                     String resolvedUrl,
                                     String maskedUrl, Map<String, String> masked, String body, String contentType,
                                     int length, Instant started, long t0) {
        Request request;
        try {
            request = buyer.auth().authorize(rb.build());
        } catch (AuthException e) {
            return failed(method, maskedUrl, masked, body, started, t0, e.errorClass(), e.getMessage());
        }
        Map<String, String> sent = new LinkedHashMap<>();
        for (String name : request.headers().names()) {
            String shown = masked.containsKey(name) ? masked.get(name) : request.header(name);
            sent.put(name, shown);
        }
        if (contentType != null) {
            sent.putIfAbsent("Content-Type", contentType);
            sent.put("Content-Length", Integer.toString(length));
        }
        Map<String, String> shownHeaders = buyer.auth().maskHeaders(sent);
        String shownUrl = buyer.auth().maskUrl(request.url().toString().equals(resolvedUrl) ? maskedUrl
                : maskUrlLike(request.url().toString(), resolvedUrl, maskedUrl));
        ConnectionUse use = new ConnectionUse();
        try (Response response = client.newCall(request.newBuilder().tag(ConnectionUse.class, use).build())
                .execute()) {
            String answer = readBounded(response.body());
            long latency = (System.nanoTime() - t0) / 1_000_000;
            Map<String, List<String>> headers = response.headers().toMultimap();
            ResponseVerdict verdict = buyer.definition().response().judge(response.code(), headers,
                    response.header("Content-Type"), answer);
            return new Exchange(method, shownUrl, shownHeaders, body, started, latency, response.code(),
                    headers, answer, verdict, null, null, response.header("Retry-After"), request, false);
        } catch (IOException e) {
            ErrorClass ec = classify(e);
            boolean dropped = ec == ErrorClass.CONNECTION_RESET && !use.opened;
            return new Exchange(method, shownUrl, shownHeaders, body, started,
                    (System.nanoTime() - t0) / 1_000_000, null, null, null, null, ec, describe(e), null, request,
                    dropped);
        }
    }

    /** An auth scheme that added a query parameter: show the URL as masked as the mapping's own. */
    private static String maskUrlLike(String sentUrl, String resolvedUrl, String maskedUrl) {
        return sentUrl.startsWith(resolvedUrl) ? maskedUrl + sentUrl.substring(resolvedUrl.length()) : sentUrl;
    }

    private static Exchange failed(String method, String url, Map<String, String> headers, String body,
                                   Instant started, long t0, ErrorClass error, String message) {
        return new Exchange(method, url, headers, body, started, (System.nanoTime() - t0) / 1_000_000, null, null,
                null, null, error, message, null, null, false);
    }

    private static String readBounded(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        try (InputStream in = body.byteStream()) {
            byte[] head = in.readNBytes(MAX_RESPONSE_BYTES);
            // Drain (bounded) so the connection can be reused; a huge answer is simply closed.
            in.skip(1 << 20);
            MediaType type = body.contentType();
            java.nio.charset.Charset cs = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
            return new String(head, cs == null ? StandardCharsets.UTF_8 : cs);
        }
    }

    /**
     * Whether a call opened a connection of its own or reused a kept-alive one from the buyer's
     * pool; set by {@link #CONNECTION_USE} through the request's tag.
     */
    static final class ConnectionUse {
        volatile boolean opened;
    }

    /**
     * Notes on each call's {@link ConnectionUse} when OkHttp opens a new connection for it (and
     * not when it takes one from the pool). Installed on every buyer's client.
     */
    static final okhttp3.EventListener.Factory CONNECTION_USE = call -> new okhttp3.EventListener() {
        @Override
        public void connectStart(okhttp3.Call c, java.net.InetSocketAddress address, java.net.Proxy proxy) {
            ConnectionUse use = c.request().tag(ConnectionUse.class);
            if (use != null) {
                use.opened = true;
            }
        }
    };

    /** Seed 003's transport classes from what the socket said (see {@link ErrorClass#ofException}). */
    static ErrorClass classify(IOException e) {
        return ErrorClass.ofException(e);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
