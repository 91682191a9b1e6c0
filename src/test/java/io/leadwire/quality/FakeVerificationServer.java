package io.leadwire.quality;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 that answers like an email-verification or phone-lookup API.
 * The test sets what it answers per request; it counts every request it gets, and can hang a
 * request until {@link #close()} (a latch, not a sleep) to play a service slower than the timeout.
 */
final class FakeVerificationServer implements AutoCloseable {
    /** What to answer: a status and a JSON body, or hang until the server closes. */
    record Answer(int status, String body, boolean hang) {
        static Answer json(String body) {
            return new Answer(200, body, false);
        }

        static Answer failing(int status) {
            return new Answer(status, "{\"error\":\"internal\"}", false);
        }

        static Answer hanging() {
            return new Answer(0, "", true);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger hits = new AtomicInteger();
    private final List<Map<String, String>> queries = new CopyOnWriteArrayList<>();
    private volatile Function<Map<String, String>, Answer> answers = q -> Answer.failing(500);

    FakeVerificationServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers every request with {@code f(query)}. */
    FakeVerificationServer answering(Function<Map<String, String>, Answer> f) {
        this.answers = f;
        return this;
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    int hits() {
        return hits.get();
    }

    List<Map<String, String>> queries() {
        return queries;
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            hits.incrementAndGet();
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            queries.add(q);
            Answer a = answers.apply(q);
            if (a.hang()) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return; // the client has given up long ago
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(a.status(), body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        } finally {
            ex.close();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return m;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
