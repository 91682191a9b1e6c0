package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadwire.store.Database;
import io.leadwire.testing.Http;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while a buyer call is on the wire, with {@code leadwire serve} in its own JVM and the
 * buyer served from this one. A call that ends within the drain is recorded before the database
 * closes (and never sent again); a call that outlasts the drain is left SENDING under its lease,
 * and the next start sends it again after the lease with the same idempotency key.
 */
class DeliveryDrainProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();
    private final Http http = new Http();
    private final List<Receipt> receipts = new CopyOnWriteArrayList<>();
    /** Released when the test ends: a hanging buyer's first request waits on it. */
    private final CountDownLatch hangUntilEnd = new CountDownLatch(1);
    /** Released by the test once the engine is draining: the buyer's answer to the first request. */
    private final CountDownLatch answerFirst = new CountDownLatch(1);
    private HttpServer buyer;
    private ExecutorService buyerThreads;
    /** How the buyer treats the first request it gets; later ones are answered at once. */
    private volatile FirstAnswer first = FirstAnswer.WHEN_RELEASED;

    private enum FirstAnswer { WHEN_RELEASED, NEVER }

    /** One request the buyer got: its idempotency key and the vendor's lead id in the payload. */
    private record Receipt(String idempotencyKey, String leadRef) {
    }

    /** A running {@code serve}, what it printed so far, and its intake URL. */
    private record Serve(Process process, List<String> stdout, Path stderr, String intakeUrl) {
    }

    @BeforeEach
    void startBuyer() throws IOException {
        buyerThreads = Executors.newFixedThreadPool(8);
        buyer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        buyer.setExecutor(buyerThreads);
        buyer.createContext("/leads", this::answer);
        buyer.start();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        hangUntilEnd.countDown();
        answerFirst.countDown();
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        buyer.stop(0);
        buyerThreads.shutdownNow();
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex) {
            JsonNode body = JSON.readTree(ex.getRequestBody());
            receipts.add(new Receipt(ex.getRequestHeaders().getFirst("Idempotency-Key"),
                    body.path("lead_ref").asText(null)));
            if (receipts.size() == 1) {
                // The call stays on the wire until the test has seen the engine start draining.
                if (first == FirstAnswer.WHEN_RELEASED) {
                    answerFirst.await(60, TimeUnit.SECONDS);
                } else {
                    hangUntilEnd.await();
                    return;
                }
            }
            byte[] answer = "{\"status\":\"accepted\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path dataDir() {
        return tmp.resolve("data");
    }

    /** Adds a vendor and a buyer with the given whole-call timeout; returns the vendor's API key. */
    private String setUp(String callTimeout) throws IOException {
        CliTest.Run vendor = CliTest.leadwire("vendor", "add", "Drain Vendor", "--data-dir", dataDir().toString());
        assertThat(vendor.code()).as(vendor.err()).isZero();
        String url = "http://127.0.0.1:" + buyer.getAddress().getPort() + "/leads";
        Path file = tmp.resolve("drain.buyer.json");
        Files.writeString(file, "{\"name\": \"Drain Buyer\", \"format\": \"json\", \"fields\": ["
                + "{\"target\": \"lead_ref\", \"source\": \"lead_id\", \"required\": true},"
                + "{\"target\": \"email\", \"source\": \"email\"}],"
                + "\"buyer\": {\"endpoints\": {\"production\": \"" + url + "\"}, \"price\": \"20.00\","
                + "\"timeouts\": {\"connect\": \"1s\", \"read\": \"" + callTimeout + "\", \"call\": \""
                + callTimeout + "\"}}}");
        CliTest.Run imported = CliTest.leadwire("buyer", "import", file.toString(), "--data-dir",
                dataDir().toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        return vendor.lastLine();
    }

    /** A lead the quality stage accepts (Tier-1 country, known experience). */
    private static String lead(String id) {
        return String.format(Locale.ROOT, "{\"lead_id\":\"%s\",\"first_name\":\"John\",\"last_name\":\"Smith\","
                + "\"email\":\"john.smith@example.com\",\"phone\":\"+4915112345678\",\"country\":\"Germany\","
                + "\"source\":\"drain_test\",\"trading_experience\":\"beginner\",\"capital_available\":\"5000-10000\"}",
                id);
    }

    private Serve serve() throws IOException {
        int n = started.size();
        Path stderr = tmp.resolve("stderr-" + n + ".txt");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dsun.net.httpserver.nodelay=true",
                "-cp", System.getProperty("java.class.path"), "io.leadwire.app.Main",
                "serve", "--data-dir", dataDir().toString(), "--port", "0");
        Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        started.add(p);
        ServeOutput out = ServeOutput.follow(p, "serve-stdout-" + n);
        return new Serve(p, out.lines(), stderr, out.intakeUrl());
    }

    /** Sends SIGTERM and returns the seconds until the process was gone; it must exit 0. */
    private static double terminate(Serve serve) throws Exception {
        long t0 = System.nanoTime();
        sigterm(serve);
        return exited(serve, t0);
    }

    /** ProcessHandle.destroy sends SIGTERM like Process.destroy, but keeps our end of stdout open. */
    private static void sigterm(Serve serve) {
        serve.process().toHandle().destroy();
    }

    /** Waits for the process to be gone after a SIGTERM sent at {@code t0}; it must exit 0. */
    private static double exited(Serve serve, long t0) throws Exception {
        assertThat(serve.process().waitFor(60, TimeUnit.SECONDS)).as("exited within 60 s of SIGTERM").isTrue();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(serve.process().exitValue()).as(Files.readString(serve.stderr())).isZero();
        assertThat(serve.stdout()).anyMatch(l -> l.contains("engine stopped"));
        return seconds;
    }

    private record Stored(String leadStatus, String deliveryStatus, int attempts, String idempotencyKey,
                          Instant leaseUntil, int attemptRows) {
    }

    /** The lead's one delivery as the stopped engine left it (no engine runs meanwhile). */
    private Stored read(String vendorLeadId) throws IOException, SQLException {
        EmbeddedCredentials c = EmbeddedCredentials.forDataDir(dataDir());
        try (Connection db = DriverManager.getConnection(Database.embeddedUrl(dataDir()), c.user(), c.password());
             PreparedStatement ps = db.prepareStatement("SELECT l.status, d.status, d.attempts, d.idempotency_key, "
                     + "d.lease_until, (SELECT COUNT(*) FROM delivery_attempt a WHERE a.delivery_id = d.id) "
                     + "FROM lead l JOIN delivery d ON d.lead_id = l.id WHERE l.vendor_lead_id = ?")) {
            ps.setString(1, vendorLeadId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a delivery of " + vendorLeadId).isTrue();
                Timestamp lease = rs.getTimestamp(5);
                Stored s = new Stored(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        lease == null ? null : lease.toInstant(), rs.getInt(6));
                assertThat(rs.next()).as("one delivery only").isFalse();
                return s;
            }
        }
    }

    @Test
    void shouldRecordTheSaleAndNeverResendItWhenSigtermArrivesWhileTheBuyerIsAnswering() throws Exception {
        String key = setUp("10s");
        Serve serve = serve();
        assertThat(http.postJson(serve.intakeUrl(), key, lead("DRAIN-1")).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> receipts.size() == 1);

        // SIGTERM while the buyer still holds the call; it answers only once the engine is draining.
        long t0 = System.nanoTime();
        sigterm(serve);
        await().atMost(Duration.ofSeconds(30)).until(() -> serve.stdout().stream()
                .anyMatch(l -> l.contains("stop requested: draining")));
        answerFirst.countDown();
        double seconds = exited(serve, t0);

        Stored s = read("DRAIN-1");
        assertThat(s.deliveryStatus()).isEqualTo("ACCEPTED");
        assertThat(s.attempts()).isEqualTo(1);
        assertThat(s.attemptRows()).as("attempts logged").isEqualTo(1);
        assertThat(s.leadStatus()).isEqualTo("DELIVERED");
        assertThat(receipts.get(0).idempotencyKey()).isEqualTo(s.idempotencyKey());

        // The next start has nothing to send again: the sale was recorded before the database closed.
        Serve again = serve();
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> receipts.size() == 1);
        terminate(again);
        System.out.printf(Locale.ROOT, "drain test: SIGTERM with a buyer call on the wire, answered while "
                + "draining, exited 0 after %.1f s with the sale recorded%n", seconds);
    }

    @Test
    void shouldExitZeroWithinTheStopBoundAndLeaveTheCallLeasedWhenTheBuyerOutlastsTheDrain() throws Exception {
        first = FirstAnswer.NEVER;
        // Longer than the delivery drain (15 s), so the call is still on the wire when the engine
        // gives up on it; its lease then runs 30 s + 30 s from the claim.
        String key = setUp("30s");
        Serve serve = serve();
        assertThat(http.postJson(serve.intakeUrl(), key, lead("HANG-1")).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> receipts.size() == 1);

        double seconds = terminate(serve);
        assertThat(seconds).as("the whole stop is bounded (30 s budget)").isLessThan(45);

        Stored s = read("HANG-1");
        assertThat(s.deliveryStatus()).as("left on the wire, under its lease").isEqualTo("SENDING");
        assertThat(s.attempts()).isEqualTo(1);
        assertThat(s.attemptRows()).as("no result was invented for the call cut short").isZero();
        assertThat(s.leaseUntil()).isAfter(Instant.now());
        assertThat(s.leadStatus()).isEqualTo("ROUTED");

        // The next start leaves it alone until the lease runs out, then sends it again under the
        // same idempotency key, and this time the buyer answers.
        Serve again = serve();
        Duration leaseLeft = Duration.between(Instant.now(), s.leaseUntil());
        await().atMost(leaseLeft.plusSeconds(30)).until(() -> receipts.size() >= 2);
        assertThat(Instant.now()).as("not before the lease ran out").isAfter(s.leaseUntil());
        assertThat(receipts).extracting(Receipt::idempotencyKey).containsOnly(s.idempotencyKey());
        await().atMost(Duration.ofSeconds(30)).until(() -> "ACCEPTED".equals(readWhileRunning(again)));
        terminate(again);
        Stored end = read("HANG-1");
        assertThat(end.deliveryStatus()).isEqualTo("ACCEPTED");
        assertThat(end.attempts()).isEqualTo(2);
        assertThat(end.leadStatus()).isEqualTo("DELIVERED");
        System.out.printf(Locale.ROOT, "drain test: SIGTERM with a hanging buyer call, exited 0 after %.1f s; "
                + "re-sent under the same key after the lease%n", seconds);
    }

    /** The deliveries' states from the running engine's health endpoint: "ACCEPTED" once one is sold. */
    private String readWhileRunning(Serve serve) {
        try {
            JsonNode d = JSON.readTree(http.get(java.net.URI.create(serve.intakeUrl()).resolve("/api/v1/health")
                    .toString(), null).body()).path("details").path("deliveries_by_status");
            return d.path("accepted").asLong() > 0 ? "ACCEPTED" : d.toString();
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }
}
