package io.leadwire.delivery;

import static io.leadwire.delivery.DeliveryHarness.buyerFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadwire.delivery.retry.CircuitBreaker;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.store.DeliveryRepository.AttemptRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A buyer that closes a kept-alive connection just as the next request arrives on it (what a
 * server does when its idle limit and the client's reuse cross): the delivery is sent again at
 * once on a new connection, and the buyer's breaker does not count it. Before, a burst of these
 * under load opened the breaker of a healthy buyer and left leads waiting for a minute.
 */
class KeepAliveRaceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ACCEPTED = "{\"status\":\"accepted\"}";

    @TempDir
    Path dir;
    private DeliveryHarness h;
    private ClosingBuyer buyer;

    @BeforeEach
    void setUp() throws IOException {
        h = new DeliveryHarness(dir);
        buyer = new ClosingBuyer();
    }

    @AfterEach
    void tearDown() throws IOException {
        h.close();
        buyer.close();
    }

    @Test
    void shouldSendAgainOnANewConnectionWhenTheBuyerDropsAKeptAliveOneWithoutCountingAFailure() {
        h.importBuyer(buyerFile("Keep-alive", buyer.url(), "\"concurrency\": 1"));
        h.start();
        Lead first = h.acceptedLeads(1, Map.of()).get(0);
        await().atMost(WAIT).until(() -> h.status(first) == LeadStatus.DELIVERED);
        // The second lead goes out on the first lead's kept-alive connection, which the buyer closes.
        Lead second = h.acceptedLeads(1, Map.of()).get(0);
        await().atMost(WAIT).until(() -> h.status(second) == LeadStatus.DELIVERED);

        String deliveryId = h.deliveries.deliveriesOf(second.id()).get(0).id();
        List<AttemptRow> attempts = h.deliveries.attempts(deliveryId);
        assertThat(attempts).extracting(a -> a.record().errorClass()).containsExactly("connection_reset", null);
        assertThat(attempts).extracting(a -> a.record().attempt()).containsExactly(1, 1);
        assertThat(attempts.get(0).record().errorMessage()).contains("unexpected end of stream");
        assertThat(attempts.get(1).record().outcome()).isEqualTo("accepted");

        assertThat(buyer.connections.get()).isEqualTo(2);
        assertThat(buyer.keys).hasSize(3);
        assertThat(buyer.keys.get(1)).as("the same idempotency key on the second send").isEqualTo(buyer.keys.get(2))
                .isNotEqualTo(buyer.keys.get(0));
        CircuitBreaker.Snapshot breaker = h.directory.live().get(0).breaker().snapshot();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.totalFailures()).isZero();
    }

    @Test
    void shouldSendTheSecondTryOnAConnectionOfItsOwnNeverOneFromThePool() throws Exception {
        // Under load the pool may hold several connections the buyer closed together; the second
        // try must not take one of them (a load test met two resets in a row, ten times).
        try (okhttp3.mockwebserver.MockWebServer server = new okhttp3.mockwebserver.MockWebServer()) {
            for (int i = 0; i < 3; i++) {
                server.enqueue(new okhttp3.mockwebserver.MockResponse().setBody(ACCEPTED)
                        .setHeader("Content-Type", "application/json"));
            }
            server.start(InetAddress.getLoopbackAddress(), 0);
            h.importBuyer(buyerFile("Pooled", server.url("/leads").toString(), null));
            LiveBuyer live = h.directory.live().get(0);
            io.leadwire.mapping.RenderedPayload payload = new io.leadwire.mapping.MappingEngine(h.clock)
                    .render(Map.of("first_name", "Ann"), live.mapping());
            String url = live.definition().productionUrl();

            Transmission.send(live, live.mapping(), payload, url, "k1", h.clock);
            Transmission.Exchange fresh = Transmission.send(live, live.mapping(), payload, url, "k1", h.clock, true);
            Transmission.send(live, live.mapping(), payload, url, "k2", h.clock);

            assertThat(fresh.status()).isEqualTo(200);
            // Sequence numbers count requests per connection: 0 is a connection's first request.
            assertThat(server.takeRequest().getSequenceNumber()).isZero();
            assertThat(server.takeRequest().getSequenceNumber()).as("on a new connection").isZero();
            assertThat(server.takeRequest().getSequenceNumber()).as("the pool's connection, kept").isEqualTo(1);
            assertThat(live.client().connectionPool().connectionCount()).isEqualTo(1);
        }
    }

    /**
     * A minimal HTTP/1.1 buyer on 127.0.0.1: answers every request with keep-alive, except the
     * second request of the first connection, after which it closes that connection unanswered.
     */
    private static final class ClosingBuyer implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        final List<String> keys = new CopyOnWriteArrayList<>();
        private final ServerSocket server;
        private final Thread acceptor;

        ClosingBuyer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(this::accept, "closing-buyer");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/leads";
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    int n = connections.incrementAndGet();
                    Thread t = new Thread(() -> serve(s, n), "closing-buyer-" + n);
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s, int connection) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                for (int request = 1; ; request++) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    int length = 0;
                    for (String line : head.split("\r\n")) {
                        String lower = line.toLowerCase(Locale.ROOT);
                        if (lower.startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        } else if (lower.startsWith("idempotency-key:")) {
                            keys.add(line.substring(16).trim());
                        }
                    }
                    in.readNBytes(length);
                    if (connection == 1 && request == 2) {
                        return; // closed with the request read and no answer
                    }
                    byte[] body = ACCEPTED.getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                }
            } catch (IOException e) {
                // the engine closed the connection
            }
        }

        /** The request line and headers, or null at the end of the stream. */
        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
