package io.leadwire.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A buyer endpoint on 127.0.0.1 in the bench JVM: answers every POST {@code {"status":"accepted"}}
 * after {@code delayMillis} and notes when each lead (the {@code lead_ref} of the payload, which the
 * bench's buyer mapping fills with the vendor's lead id) first arrived, on the bench's own
 * {@code System.nanoTime()} clock so it can be set against the intake's acknowledgement.
 *
 * <p>A JDK HttpServer with a fixed pool of {@code threads} handler threads, each sleeping through
 * the delay, so it holds {@code threads} requests at once.
 */
final class BuyerServer implements AutoCloseable {
    private static final byte[] ACCEPTED = "{\"status\":\"accepted\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REF = "\"lead_ref\":\"".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService pool;
    private final long delayMillis;
    /** Lead id → first arrival (nanoTime). */
    final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    final LongAdder requests = new LongAdder();
    final LongAdder repeats = new LongAdder();
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger maxInside = new AtomicInteger();

    BuyerServer(long delayMillis, int threads) throws IOException {
        this.delayMillis = delayMillis;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "buyer");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(pool);
        server.createContext("/leads", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/leads";
    }

    /** Most requests held at once so far. */
    int maxConcurrent() {
        return maxInside.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        long now = System.nanoTime();
        int in = inside.incrementAndGet();
        maxInside.accumulateAndGet(in, Math::max);
        try (ex) {
            byte[] body;
            try (InputStream s = ex.getRequestBody()) {
                body = s.readAllBytes();
            }
            requests.increment();
            String ref = leadRef(body);
            if (ref != null && firstArrival.putIfAbsent(ref, now) != null) {
                repeats.increment();
            }
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, ACCEPTED.length);
            ex.getResponseBody().write(ACCEPTED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inside.decrementAndGet();
        }
    }

    /** The lead_ref string of a compact JSON payload, without a JSON parser (cheap on a 2-core box). */
    static String leadRef(byte[] body) {
        outer:
        for (int i = 0; i + REF.length <= body.length; i++) {
            for (int j = 0; j < REF.length; j++) {
                if (body[i + j] != REF[j]) {
                    continue outer;
                }
            }
            int start = i + REF.length;
            int end = start;
            while (end < body.length && body[end] != '"') {
                end++;
            }
            return new String(body, start, end - start, StandardCharsets.UTF_8);
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
