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
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery survives {@code kill -9}: {@code leadwire serve} in its own JVM delivers leads posted
 * at load to a buyer served from this JVM, is killed mid-load, restarted on the same data dir and
 * left to settle. Every acknowledged lead must then be sold (its delivery ACCEPTED) or still queued,
 * and the buyer must have been offered each lead under one idempotency key only: a delivery the
 * crash caught on the wire comes back after its lease with the same key (the buyer dedupes it),
 * never as a second delivery.
 *
 * <p>The buyer's call timeout is 2 s, so a lease left by the crash runs out 32 s after its claim
 * ({@code DeliveryEngine.LEASE_MARGIN} is 30 s); the test waits for that, so it takes ~45 s.
 */
class DeliveryCrashProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The buyer's answer time: short, but long enough that a few deliveries are always on the wire. */
    private static final long BUYER_MILLIS = 4;

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();
    private final Http http = new Http();
    private final ConcurrentLinkedQueue<Receipt> receipts = new ConcurrentLinkedQueue<>();
    private HttpServer buyer;
    private ExecutorService buyerThreads;

    /** One request the buyer got: the key it came with, the vendor's lead id inside, and when. */
    private record Receipt(String idempotencyKey, String leadRef, long atNanos) {
    }

    /** A running {@code serve} and its intake URL. */
    private record Serve(Process process, String intakeUrl) {
        URI health() {
            return URI.create(intakeUrl).resolve("/api/v1/health");
        }
    }

    @BeforeEach
    void startBuyer() throws IOException {
        buyerThreads = Executors.newFixedThreadPool(32);
        buyer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        buyer.setExecutor(buyerThreads);
        buyer.createContext("/leads", this::answer);
        buyer.start();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
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
                    body.path("lead_ref").asText(null), System.nanoTime()));
            Thread.sleep(BUYER_MILLIS);
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

    private static String buyerFile(String url) {
        return "{\"name\": \"Crash Buyer\", \"format\": \"json\", \"fields\": ["
                + "{\"target\": \"lead_ref\", \"source\": \"lead_id\", \"required\": true},"
                + "{\"target\": \"first_name\", \"source\": \"first_name\"},"
                + "{\"target\": \"email\", \"source\": \"email\"}],"
                + "\"buyer\": {\"endpoints\": {\"production\": \"" + url + "\"}, \"price\": \"20.00\","
                + "\"timeouts\": {\"connect\": \"1s\", \"read\": \"2s\", \"call\": \"2s\"}}}";
    }

    /** A lead the quality stage accepts (Tier-1 country, known experience), with its own e-mail and phone. */
    private static String lead(String id, int n) {
        return String.format(Locale.ROOT, "{\"lead_id\":\"%s\",\"first_name\":\"John\",\"last_name\":\"Smith\","
                + "\"email\":\"john.smith.%d@example.com\",\"phone\":\"+49151%08d\",\"country\":\"Germany\","
                + "\"source\":\"crash_test\",\"trading_experience\":\"beginner\",\"capital_available\":\"5000-10000\"}",
                id, n, n);
    }

    private Serve serve() throws IOException {
        return serve(dataDir(), List.of(), Map.of());
    }

    /** Starts {@code leadwire serve} in its own JVM on {@code data} with extra flags and environment. */
    private Serve serve(Path data, List<String> flags, Map<String, String> env) throws IOException {
        int n = started.size();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dsun.net.httpserver.nodelay=true",
                "-cp", System.getProperty("java.class.path"), "io.leadwire.app.Main",
                "serve", "--data-dir", data.toString(), "--port", "0"));
        cmd.addAll(flags);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr-" + n + ".txt").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return new Serve(p, ServeOutput.follow(p, "serve-stdout-" + n).intakeUrl());
    }

    /** Posts accepted leads to {@code intakeUrl} until {@code stop} or the engine is gone. */
    private void postLeads(ExecutorService posters, int thread, String intakeUrl, String key, AtomicBoolean stop,
                           Set<String> acknowledged) {
        posters.submit(() -> {
            for (int i = 0; !stop.get(); i++) {
                String id = "CR-" + thread + "-" + i;
                try {
                    HttpResponse<String> r = http.postJson(intakeUrl, key, lead(id, thread * 100_000 + i));
                    if (r.statusCode() == 202) {
                        acknowledged.add(id);
                    }
                } catch (UncheckedIOException e) {
                    return; // the engine is gone
                }
            }
        });
    }

    @Test
    void shouldOfferEveryAcknowledgedLeadUnderOneKeyWhenTheEngineIsKilledMidDelivery() throws Exception {
        CliTest.Run vendor = CliTest.leadwire("vendor", "add", "Crash Vendor", "--data-dir", dataDir().toString());
        assertThat(vendor.code()).as(vendor.err()).isZero();
        String key = vendor.lastLine();
        Path file = tmp.resolve("crash.buyer.json");
        Files.writeString(file, buyerFile("http://127.0.0.1:" + buyer.getAddress().getPort() + "/leads"));
        CliTest.Run imported = CliTest.leadwire("buyer", "import", file.toString(), "--data-dir",
                dataDir().toString());
        assertThat(imported.code()).as(imported.err()).isZero();

        Serve first = serve();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService posters = Executors.newFixedThreadPool(6);
        long killedAt;
        try {
            for (int t = 0; t < 6; t++) {
                postLeads(posters, t, first.intakeUrl(), key, stop, acknowledged);
            }
            // Mid-load and mid-delivery: leads keep arriving while the buyer is already being sent to.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> acknowledged.size() >= 250 && receipts.size() >= 60);
            first.process().destroyForcibly();
            killedAt = System.nanoTime();
            assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
        } finally {
            stop.set(true);
            posters.shutdown();
            assertThat(posters.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        Set<String> ackedAtKill = Set.copyOf(acknowledged);
        int receivedBeforeRestart = receipts.size();
        Snapshot atCrash = read();

        Serve second = serve();
        // Settled: nothing waits for quality or routing and no delivery is open. A delivery the crash
        // caught on the wire keeps its lease (call timeout 2 s + 30 s) and is sent again after it.
        await().atMost(Duration.ofSeconds(50)).pollInterval(Duration.ofMillis(250))
                .until(() -> settled(second));
        second.process().destroy();
        assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        Snapshot end = read();

        Map<String, Integer> timesByKey = assertNoneLostAndEachOfferedUnderOneKey(ackedAtKill, end);
        long sold = ackedAtKill.stream().filter(id -> end.leads.get(id).status.equals("DELIVERED")).count();
        long queued = ackedAtKill.size() - sold;
        long resent = timesByKey.values().stream().filter(n -> n > 1).count();
        long resentAfterRestart = receipts.stream().skip(receivedBeforeRestart)
                .filter(r -> timesByKey.get(r.idempotencyKey()) > 1).count();
        int sendingAtCrash = atCrash.countDeliveries("SENDING");
        long undeliveredAtCrash = ackedAtKill.stream().filter(id -> atCrash.leads.get(id) == null
                || !atCrash.leads.get(id).status.equals("DELIVERED")).count();
        System.out.printf(Locale.ROOT, "delivery crash test: acknowledged %d leads (stored %d), killed after %d "
                        + "buyer requests with %d acknowledged leads not yet delivered and %d deliveries SENDING; "
                        + "after restart: sold %d, still queued %d; buyer requests %d, keys seen twice (re-sent "
                        + "after the crash, deduped by the buyer) %d, of them sent again after the restart %d; "
                        + "restart to settled %.1f s after the kill%n",
                ackedAtKill.size(), end.leads.size(), receivedBeforeRestart, undeliveredAtCrash, sendingAtCrash,
                sold, queued, receipts.size(), resent, resentAfterRestart, (System.nanoTime() - killedAt) / 1e9);
        // The kill really was mid-pipeline: work was left in flight for the restart to finish.
        assertThat(undeliveredAtCrash).as("acknowledged leads not yet delivered when the engine was killed")
                .isPositive();
    }

    /**
     * Scale-out on PostgreSQL: two {@code serve} processes with their own data dirs share one
     * database and take leads at the same time; one is killed with {@code kill -9} mid-load. The
     * other finishes everything: the killed engine's open transactions roll back (the database
     * drops its connections) and its deliveries on the wire come back after their lease. Nothing
     * acknowledged is lost, and the buyer gets each lead under one idempotency key only.
     */
    @Test
    void shouldLoseNothingAndSellNothingTwiceWhenOneOfTwoEnginesOnPostgresIsKilled() throws Exception {
        String url = io.leadwire.testing.PostgresServer.shared().createDatabase();
        String password = io.leadwire.testing.PostgresServer.PASSWORD;
        String user = io.leadwire.testing.PostgresServer.USER;
        // Admin commands here log in through the URL; the engines get the password from the environment.
        String adminUrl = url + "?user=" + user + "&password=" + password;
        Path admin = tmp.resolve("admin");
        CliTest.Run vendor = CliTest.leadwire("vendor", "add", "Crash Vendor", "--data-dir", admin.toString(),
                "--db", adminUrl);
        assertThat(vendor.code()).as(vendor.err()).isZero();
        String key = vendor.lastLine();
        Path file = tmp.resolve("crash.buyer.json");
        Files.writeString(file, buyerFile("http://127.0.0.1:" + buyer.getAddress().getPort() + "/leads"));
        CliTest.Run imported = CliTest.leadwire("buyer", "import", file.toString(), "--data-dir", admin.toString(),
                "--db", adminUrl);
        assertThat(imported.code()).as(imported.err()).isZero();

        // Engines on one database share one secrets key (the admin commands made it): copied, as an operator would.
        for (String node : List.of("node-a", "node-b")) {
            Files.createDirectories(tmp.resolve(node));
            Files.copy(admin.resolve("secrets.key"), tmp.resolve(node).resolve("secrets.key"));
        }
        List<String> flags = List.of("--db", url, "--db-user", user);
        Map<String, String> env = Map.of(DataOptions.DB_PASSWORD_ENV, password);
        Serve a = serve(tmp.resolve("node-a"), flags, env);
        Serve b = serve(tmp.resolve("node-b"), flags, env);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService posters = Executors.newFixedThreadPool(6);
        try {
            for (int t = 0; t < 6; t++) {
                postLeads(posters, t, (t % 2 == 0 ? a : b).intakeUrl(), key, stop, acknowledged);
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> acknowledged.size() >= 250 && receipts.size() >= 60);
            a.process().destroyForcibly();
            assertThat(a.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            // Node B keeps taking leads for a moment after its peer died.
            int atKill = acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= atKill + 30);
            stop.set(true);
        } finally {
            stop.set(true);
            posters.shutdown();
            assertThat(posters.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        Set<String> acked = Set.copyOf(acknowledged);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> settled(b));
        b.process().destroy();
        assertThat(b.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        Snapshot end;
        try (Connection db = DriverManager.getConnection(url, user, password)) {
            end = read(db);
        }
        Map<String, Integer> timesByKey = assertNoneLostAndEachOfferedUnderOneKey(acked, end);
        long sold = acked.stream().filter(id -> end.leads.get(id).status.equals("DELIVERED")).count();
        assertThat(sold).as("settled: every acknowledged lead sold").isEqualTo(acked.size());
        System.out.printf(Locale.ROOT, "two engines on PostgreSQL, one killed: acknowledged %d leads, all sold; "
                        + "buyer requests %d, keys seen twice (re-sent after the kill, deduped by the buyer) %d%n",
                acked.size(), receipts.size(), timesByKey.values().stream().filter(n -> n > 1).count());
    }

    /**
     * Never lost: every acknowledged lead is stored, and sold or still queued. Never sold twice: the
     * buyer got each lead under one idempotency key, that of the lead's only delivery, and every sold
     * lead reached the buyer. Returns how often each key was received.
     */
    private Map<String, Integer> assertNoneLostAndEachOfferedUnderOneKey(Set<String> ackedAtKill, Snapshot end) {
        // Never lost: every acknowledged lead is stored, and sold or still queued.
        List<String> lost = new ArrayList<>();
        List<String> notSoldNotQueued = new ArrayList<>();
        for (String id : ackedAtKill) {
            StoredLead l = end.leads.get(id);
            if (l == null) {
                lost.add(id);
                continue;
            }
            List<StoredDelivery> ds = end.deliveriesOf(l.id);
            boolean accepted = ds.stream().anyMatch(d -> d.status.equals("ACCEPTED"));
            boolean open = ds.stream().anyMatch(d -> Set.of("PENDING", "RETRY", "SENDING").contains(d.status));
            if (!(l.status.equals("DELIVERED") && accepted)
                    && !(open || Set.of("RECEIVED", "ACCEPTED").contains(l.status))) {
                notSoldNotQueued.add(id + " " + l.status + " " + ds + " timeline " + end.timelines.get(l.id));
            }
        }
        assertThat(lost).as("acknowledged but lost").isEmpty();
        assertThat(notSoldNotQueued).as("acknowledged, neither sold nor queued").isEmpty();

        // One key per lead and buyer: the buyer never got one lead under two deliveries.
        Map<String, Set<String>> keysByLead = new HashMap<>();
        Map<String, Integer> timesByKey = new HashMap<>();
        for (Receipt r : receipts) {
            assertThat(r.leadRef()).as("lead id in the buyer's payload").isNotNull();
            assertThat(r.idempotencyKey()).as("Idempotency-Key of " + r.leadRef()).isNotBlank();
            keysByLead.computeIfAbsent(r.leadRef(), k -> new HashSet<>()).add(r.idempotencyKey());
            timesByKey.merge(r.idempotencyKey(), 1, Integer::sum);
        }
        Map<String, Set<String>> twoKeys = new HashMap<>();
        keysByLead.forEach((lead, keys) -> {
            if (keys.size() > 1) {
                twoKeys.put(lead, keys);
            }
        });
        assertThat(twoKeys).as("leads offered to the buyer under more than one idempotency key").isEmpty();
        for (Map.Entry<String, Set<String>> e : keysByLead.entrySet()) {
            StoredLead l = end.leads.get(e.getKey());
            assertThat(l).as("the buyer got a lead the store does not have: " + e.getKey()).isNotNull();
            List<StoredDelivery> ds = end.deliveriesOf(l.id);
            assertThat(ds).as("deliveries of " + e.getKey()).hasSize(1);
            assertThat(ds.get(0).idempotencyKey).isEqualTo(e.getValue().iterator().next());
        }
        for (StoredLead l : end.leads.values()) {
            if (l.status.equals("DELIVERED")) {
                assertThat(keysByLead).as("sold but never sent to the buyer: " + l.vendorLeadId)
                        .containsKey(l.vendorLeadId);
            }
        }

        return timesByKey;
    }

    private boolean settled(Serve serve) {
        HttpResponse<String> r;
        try {
            r = http.get(serve.health().toString(), null);
        } catch (UncheckedIOException e) {
            return false;
        }
        if (r.statusCode() != 200) {
            return false;
        }
        try {
            JsonNode details = JSON.readTree(r.body()).path("details");
            JsonNode leads = details.path("leads_by_status");
            JsonNode deliveries = details.path("deliveries_by_status");
            long waiting = leads.path("received").asLong() + leads.path("accepted").asLong()
                    + leads.path("routed").asLong();
            long open = deliveries.path("pending").asLong() + deliveries.path("retry").asLong()
                    + deliveries.path("sending").asLong();
            return waiting == 0 && open == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private record StoredLead(String id, String vendorLeadId, String status) {
    }

    private record StoredDelivery(String id, String leadId, String status, String idempotencyKey, int attempts) {
    }

    /** The store as the stopped engine left it, keyed by the vendor's lead id. */
    private record Snapshot(Map<String, StoredLead> leads, Map<String, List<StoredDelivery>> deliveries,
                            Map<String, List<String>> timelines) {
        List<StoredDelivery> deliveriesOf(String leadId) {
            return deliveries.getOrDefault(leadId, List.of());
        }

        int countDeliveries(String status) {
            return (int) deliveries.values().stream().flatMap(List::stream).filter(d -> d.status.equals(status))
                    .count();
        }
    }

    /** Reads leads and deliveries with the engine's own JDBC URL and credentials; no engine runs meanwhile. */
    private Snapshot read() throws IOException, SQLException {
        EmbeddedCredentials c = EmbeddedCredentials.forDataDir(dataDir());
        try (Connection db = DriverManager.getConnection(Database.embeddedUrl(dataDir()), c.user(), c.password())) {
            return read(db);
        }
    }

    private static Snapshot read(Connection db) throws SQLException {
        Map<String, StoredLead> leads = new HashMap<>();
        Map<String, List<StoredDelivery>> deliveries = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT id, vendor_lead_id, status FROM lead");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                leads.put(rs.getString(2), new StoredLead(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT id, lead_id, status, idempotency_key, attempts FROM delivery ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                StoredDelivery d = new StoredDelivery(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5));
                deliveries.computeIfAbsent(d.leadId(), k -> new ArrayList<>()).add(d);
            }
        }
        Map<String, List<String>> timelines = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT lead_id, type, detail FROM lead_event ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                timelines.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(rs.getString(2) + ": " + rs.getString(3));
            }
        }
        return new Snapshot(leads, deliveries, timelines);
    }
}
