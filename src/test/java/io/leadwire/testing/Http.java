package io.leadwire.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small HTTP/1.1 client for tests: every request has a timeout, so a hang fails the test. */
public final class Http {
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    public HttpClient client() {
        return client;
    }

    /** POSTs with {@code Authorization: Bearer key} (no auth header when key is null). */
    public HttpResponse<String> post(String url, String key, String contentType, byte[] body) {
        return send(request(url, key, contentType, body).build());
    }

    public HttpResponse<String> post(String url, String key, String contentType, String body) {
        return post(url, key, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> postJson(String url, String key, String body) {
        return post(url, key, "application/json", body);
    }

    public static HttpRequest.Builder request(String url, String key, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    /**
     * POSTs a JSON body signed the Standard Webhooks way with {@code secret} ({@code whsec_…}), as
     * a buyer's callback: the signature covers {@code signedBody}, {@code sentBody} goes on the
     * wire (the same, unless a test tampers with it).
     */
    public HttpResponse<String> postStandardWebhook(String url, String secret, String id, long timestamp,
                                                    String signedBody, String sentBody) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header(io.leadwire.callback.StandardWebhooks.ID_HEADER, id)
                .header(io.leadwire.callback.StandardWebhooks.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(io.leadwire.callback.StandardWebhooks.SIGNATURE_HEADER,
                        io.leadwire.callback.StandardWebhooks.of(secret).sign(id, timestamp,
                                signedBody.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(sentBody)).build());
    }

    public HttpResponse<String> get(String url, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET();
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return send(b.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    /** A classpath resource as UTF-8 text. */
    public static String resource(String path) {
        try (InputStream in = Http.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
