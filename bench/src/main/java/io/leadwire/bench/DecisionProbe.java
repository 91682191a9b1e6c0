package io.leadwire.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * A cross-check of the timeline's decision stamps from outside the engine: while the load runs,
 * one thread sends its own lead every {@code periodMillis} (on its own connection), takes the
 * Leadwire id from the 202 answer and polls {@code GET /api/v1/leads/{id}} every 2 ms until the
 * status is no longer "received". Client time from sending the POST to the first GET that shows a
 * decision is an <em>upper bound</em> on the true received → decided time (it adds the POST's
 * own ack, one GET and up to one poll interval), where the timeline's stamps give a lower bound.
 */
final class DecisionProbe implements Runnable {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");

    final Histogram observedMicros = new Histogram(60_000_000L, 3);
    long failures;
    private final int port;
    private final String apiKey;
    private final LeadRequests requests;
    private final String prefix;
    private final long periodMillis;
    private final long untilNanos;

    DecisionProbe(int port, String apiKey, String prefix, long periodMillis, int seconds) {
        this.port = port;
        this.apiKey = apiKey;
        this.requests = new LeadRequests(port, apiKey, 17, 200, 0);
        this.prefix = prefix;
        this.periodMillis = periodMillis;
        this.untilNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    }

    @Override
    public void run() {
        try (HttpConnHolder post = new HttpConnHolder(port); HttpConnHolder get = new HttpConnHolder(port)) {
            long next = System.nanoTime();
            int n = 0;
            while (System.nanoTime() < untilNanos && !Thread.currentThread().isInterrupted()) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                next += TimeUnit.MILLISECONDS.toNanos(periodMillis);
                probe(post.conn, get.conn, n++);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            failures++;
        }
    }

    private void probe(HttpConn post, HttpConn get, int n) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpConn.Response r = post.exchange(requests.build(n % requests.poolSize(), prefix + n));
        Matcher m = ID.matcher(new String(r.body(), StandardCharsets.UTF_8));
        if (r.status() != 202 || !m.find()) {
            failures++;
            return;
        }
        byte[] request = ("GET /api/v1/leads/" + m.group(1) + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAuthorization: Bearer " + apiKey + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            HttpConn.Response g = get.exchange(request);
            Matcher s = STATUS.matcher(new String(g.body(), StandardCharsets.UTF_8));
            if (g.status() == 200 && s.find() && !"received".equals(s.group(1))) {
                observedMicros.recordValue((System.nanoTime() - t0) / 1_000);
                return;
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
        failures++;
    }

    /** Two keep-alive connections closed together. */
    private static final class HttpConnHolder implements AutoCloseable {
        final HttpConn conn;

        HttpConnHolder(int port) throws IOException {
            conn = new HttpConn(port, 5_000);
        }

        @Override
        public void close() {
            try {
                conn.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }
}
