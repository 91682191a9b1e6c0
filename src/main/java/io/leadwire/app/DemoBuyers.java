package io.leadwire.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadwire.callback.StandardWebhooks;
import io.leadwire.delivery.BuyerService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's buyers: three local HTTP servers on 127.0.0.1 standing in for the buyers whose
 * mappings {@link DemoMappings} publishes, each misbehaving in its own way so routing, retries,
 * circuit breakers and the dead-letter queue have something to do:
 * <ul>
 *   <li><b>Buyer ABC</b> (form, API key) takes most leads within 20–80 ms and rejects a share of
 *       them with a reason;</li>
 *   <li><b>Nested applicant</b> (JSON, bearer token) sometimes answers only after its call timeout,
 *       so the lead is retried or moves on;</li>
 *   <li><b>SOAP insurance buyer</b> (SOAP, Basic auth) goes down for a stretch every couple of
 *       minutes, answering 503 or dropping connections, until its breaker opens and the leads
 *       waterfall to the others; then it comes back and a probe closes the breaker.</li>
 * </ul>
 *
 * <p>The buyer files ship in the jar under {@code /demo/buyers/}. The first start imports them;
 * later starts keep whatever the operator changed and only re-point the endpoints at the new
 * ports. Their secrets are fresh random values on every start, known only to the servers and the
 * sealed store. Whether a lead is rejected or answered too late comes from the injected
 * {@link Random}, and outages follow the injected {@link Clock}, so a test can script both.
 *
 * <p>Each buyer file has a {@code "callbacks"} block (Standard Webhooks, a secret fresh on every
 * start, 127.0.0.1 allowed, a 7-day return window; Buyer ABC sends its returns back to routing).
 * Once told where the engine is ({@link #callBackTo}), the buyers call back about the leads they
 * bought through {@link DemoCallbacks}: status changes, feedback, conversions and returns.
 */
final class DemoBuyers implements AutoCloseable {
    static final String OPERATOR = "demo";
    static final String ABC = "Buyer ABC";
    static final String NESTED = "Nested applicant";
    static final String SOAP = "SOAP insurance buyer";
    private static final Logger LOG = LoggerFactory.getLogger(DemoBuyers.class);
    private static final String FOLDER = "/demo/buyers/";
    private static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String LEADS_NS = "urn:example:leads";
    private static final List<String> REJECTIONS = List.of("country not served this week",
            "phone number failed our carrier check", "we already bought this person from another source",
            "outside our target audience", "daily budget for this campaign spent");

    /**
     * How the demo buyers behave.
     *
     * @param rejectShare  share of leads Buyer ABC rejects (0 to 1)
     * @param timeoutShare share of leads Nested applicant answers only after {@code slowAnswer}
     * @param minDelay     shortest answer time of a normal answer
     * @param maxDelay     longest answer time of a normal answer
     * @param slowAnswer   how long a late answer takes: longer than Nested applicant's call timeout
     * @param upFor        how long the SOAP buyer stays up between outages
     * @param downFor      how long each outage lasts
     */
    record Settings(double rejectShare, double timeoutShare, Duration minDelay, Duration maxDelay, Duration slowAnswer,
            Duration upFor, Duration downFor) {
        /** What {@code --demo} runs: 15 % rejections, 10 % timeouts, a 40 s outage every 2.5 minutes. */
        static final Settings DEMO = new Settings(0.15, 0.10, Duration.ofMillis(20), Duration.ofMillis(80),
                Duration.ofMillis(3_000), Duration.ofSeconds(110), Duration.ofSeconds(40));

        Settings {
            if (rejectShare < 0 || rejectShare > 1 || timeoutShare < 0 || timeoutShare > 1) {
                throw new IllegalArgumentException("shares are from 0 to 1");
            }
            if (minDelay.isNegative() || maxDelay.compareTo(minDelay) < 0) {
                throw new IllegalArgumentException("0 <= minDelay <= maxDelay");
            }
            if (!positive(upFor) || !positive(downFor) || !positive(slowAnswer)) {
                throw new IllegalArgumentException("upFor, downFor and slowAnswer must be longer than zero");
            }
        }

        private static boolean positive(Duration d) {
            return !d.isNegative() && !d.isZero();
        }
    }

    /** What the SOAP buyer does at a given moment. */
    enum Health {
        UP, UNAVAILABLE, DROPPING
    }

    private final Settings settings;
    private final Clock clock;
    private final Random random;
    private final Instant startedAt;
    private final ExecutorService workers;
    private final List<HttpServer> servers = new ArrayList<>();
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final Map<String, String> secrets = new HashMap<>();
    private final Map<String, AtomicLong> requests = new LinkedHashMap<>();
    private final Map<String, String> callbackSecrets = new LinkedHashMap<>();
    private final AtomicLong leadIds;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile DemoCallbacks callbacks;

    private DemoBuyers(Settings settings, Clock clock, Random random) {
        this.settings = settings;
        this.clock = clock;
        this.random = random;
        this.startedAt = clock.instant();
        // The buyers' lead ids go on from the start time rather than from a fixed number: callbacks
        // name a lead by them, and a later start on the same data folder must not name an old lead.
        this.leadIds = new AtomicLong(startedAt.toEpochMilli());
        AtomicInteger n = new AtomicInteger();
        // Late answers hold a thread for seconds; a few dozen threads keep the other buyers quick.
        this.workers = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "demo-buyer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the three servers on free loopback ports and makes the store's demo buyers point at
     * them: imported on the first start, re-pointed (and given fresh secrets) on every later one.
     *
     * @throws IOException when a server cannot be started
     */
    static DemoBuyers start(BuyerService buyers, Settings settings, Clock clock, Random random) throws IOException {
        // Small answers without TCP_NODELAY wait ~40 ms for Nagle's algorithm; an operator's -D wins.
        Main.tuneHttpServer();
        DemoBuyers demo = new DemoBuyers(settings, clock, random);
        try {
            demo.serve(ABC, "/demo/abc/", demo::abc);
            demo.serve(NESTED, "/demo/nested/", demo::nested);
            demo.serve(SOAP, "/demo/soap/", demo::soap);
            SecureRandom keys = new SecureRandom();
            for (String name : List.of("ABC_API_KEY", "NESTED_TOKEN", "SOAP_BUYER_PASSWORD", "SOAP_BUYER_KEY")) {
                byte[] bytes = new byte[18];
                keys.nextBytes(bytes);
                demo.secrets.put(name, "demo-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            }
            // whsec_ form: what a buyer would be given for Standard Webhooks signatures.
            for (String name : List.of("ABC_CALLBACK", "NESTED_CALLBACK", "SOAP_CALLBACK")) {
                demo.secrets.put(name, StandardWebhooks.newSecret(keys));
            }
            demo.install(buyers, ABC, "buyer-abc.buyer.json", List.of("ABC_API_KEY", "ABC_CALLBACK"));
            demo.install(buyers, NESTED, "nested-applicant.buyer.json", List.of("NESTED_TOKEN", "NESTED_CALLBACK"));
            demo.install(buyers, SOAP, "soap-buyer.buyer.json", List.of("SOAP_BUYER_PASSWORD", "SOAP_BUYER_KEY",
                    "SOAP_CALLBACK"));
            demo.callbackSecrets.put(ABC, demo.secrets.get("ABC_CALLBACK"));
            demo.callbackSecrets.put(NESTED, demo.secrets.get("NESTED_CALLBACK"));
            demo.callbackSecrets.put(SOAP, demo.secrets.get("SOAP_CALLBACK"));
            return demo;
        } catch (IOException | RuntimeException e) {
            demo.close();
            throw e;
        }
    }

    /**
     * From now on the buyers call back about the leads they sell to the engine at
     * {@code callbackBase} (see {@link DemoCallbacks#base}); until then they only answer. Called
     * once; the callbacks stop with {@link #close()}.
     *
     * @param random the callbacks' own chances, apart from the answers' (a test scripts each)
     */
    DemoCallbacks callBackTo(URI callbackBase, DemoCallbacks.Settings settings, Random random) {
        if (callbacks != null) {
            throw new IllegalStateException("the demo buyers call back already");
        }
        DemoCallbacks c = new DemoCallbacks(callbackBase, callbackSecrets, settings, clock, random);
        callbacks = c;
        if (closed.get()) {
            c.close();
        }
        return c;
    }

    /** The demo buyers' names, in the order they are served. */
    List<String> names() {
        return List.copyOf(urls.keySet());
    }

    /** Where a demo buyer listens, e.g. {@code http://127.0.0.1:53211/demo/abc/}. */
    String url(String name) {
        return Objects.requireNonNull(urls.get(name), name);
    }

    /** The secret a demo buyer signs its callbacks with on this start (stored for the engine too). */
    String callbackSecret(String name) {
        return Objects.requireNonNull(callbackSecrets.get(name), name);
    }

    /** Requests a demo buyer has received since the start. */
    long requests(String name) {
        return Objects.requireNonNull(requests.get(name), name).get();
    }

    /** The SOAP buyer's state now: up for {@code upFor}, then down for {@code downFor}, over and over. */
    Health soapHealth() {
        long cycle = settings.upFor().plus(settings.downFor()).toMillis();
        long elapsed = Math.max(0, Duration.between(startedAt, clock.instant()).toMillis());
        if (elapsed % cycle < settings.upFor().toMillis()) {
            return Health.UP;
        }
        // Every other outage refuses to answer at all, so both error classes show up.
        return (elapsed / cycle) % 2 == 0 ? Health.UNAVAILABLE : Health.DROPPING;
    }

    /** One buyer's answer to one request. */
    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange exchange, String body) throws IOException;
    }

    private void serve(String name, String path, Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(workers);
        AtomicLong count = new AtomicLong();
        server.createContext(path, exchange -> {
            count.incrementAndGet();
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                handler.handle(exchange, body);
            } catch (IOException e) {
                // Leadwire gave up waiting (a late answer) or the demo is stopping: nobody to answer.
                LOG.debug("demo buyer {} could not answer: {}", name, e.toString());
            }
        });
        server.start();
        servers.add(server);
        requests.put(name, count);
        urls.put(name, "http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    // ------------------------------------------------------------ the buyers

    private void abc(HttpExchange exchange, String body) throws IOException {
        if (!secrets.get("ABC_API_KEY").equals(exchange.getRequestHeaders().getFirst("X-Api-Key"))) {
            json(exchange, 401, "{\"result\":\"error\",\"errors\":[{\"message\":\"unknown API key\"}]}");
            return;
        }
        pause(normalDelay());
        if (chance(settings.rejectShare())) {
            String reason = REJECTIONS.get(pick(REJECTIONS.size()));
            json(exchange, 200, "{\"result\":\"rejected\",\"errors\":[{\"message\":\"" + reason + "\"}]}");
            return;
        }
        String lead = "ABC-" + leadIds.incrementAndGet();
        json(exchange, 200, "{\"result\":\"accepted\",\"lead\":{\"id\":\"" + lead + "\",\"payout\":\""
                + price(18, 24) + "\"}}");
        sold(ABC, exchange, lead);
    }

    private void nested(HttpExchange exchange, String body) throws IOException {
        if (!("Bearer " + secrets.get("NESTED_TOKEN")).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            json(exchange, 401, "{\"status\":\"error\",\"reason\":\"invalid token\"}");
            return;
        }
        // A late answer: Leadwire's call timeout has passed by the time it comes, so the lead is retried.
        boolean late = chance(settings.timeoutShare());
        pause(late ? settings.slowAnswer() : normalDelay());
        String lead = "NA-" + leadIds.incrementAndGet();
        json(exchange, 201, "{\"status\":\"accepted\",\"lead_id\":\"" + lead + "\",\"price\":\"" + price(16, 22)
                + "\"}");
        if (!late) {
            // None about a late answer: Leadwire had stopped waiting, so the lead was not sold here.
            sold(NESTED, exchange, lead);
        }
    }

    private void soap(HttpExchange exchange, String body) throws IOException {
        switch (soapHealth()) {
            case UNAVAILABLE -> {
                send(exchange, 503, "text/plain; charset=utf-8", "Service Unavailable: LeadService is restarting");
                return;
            }
            case DROPPING -> {
                // Closing without a status line: the caller sees the connection end mid-request.
                return;
            }
            default -> {
            }
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString(("leadwire:" + secrets.get("SOAP_BUYER_PASSWORD"))
                .getBytes(StandardCharsets.UTF_8));
        if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || !secrets.get("SOAP_BUYER_KEY").equals(exchange.getRequestHeaders().getFirst("X-Api-Key"))) {
            send(exchange, 401, "text/plain; charset=utf-8", "Unauthorized");
            return;
        }
        pause(normalDelay());
        String lead = "SOAP-" + leadIds.incrementAndGet();
        send(exchange, 200, "text/xml; charset=utf-8", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<s:Envelope xmlns:s=\"" + SOAP_NS + "\"><s:Body><SubmitLeadResponse xmlns=\"" + LEADS_NS + "\">"
                + "<Result><Status>Accepted</Status><LeadId>" + lead + "</LeadId>"
                + "<Price>" + price(19, 26) + "</Price></Result></SubmitLeadResponse></s:Body></s:Envelope>");
        sold(SOAP, exchange, lead);
    }

    // ------------------------------------------------------------ helpers

    /**
     * After the answer went out: the buyer's callbacks about the lead, once it calls back at all.
     * A test-send to the sandbox endpoint sold nothing, so it gets none.
     */
    private void sold(String name, HttpExchange exchange, String buyerLeadId) {
        DemoCallbacks c = callbacks;
        if (c != null && exchange.getRequestURI().getPath().endsWith("/leads")) {
            c.sold(name, buyerLeadId);
        }
    }

    private boolean chance(double share) {
        // Certainties draw nothing, so a scripted Random in a test is spent only on real chances.
        if (share <= 0 || share >= 1) {
            return share >= 1;
        }
        synchronized (random) {
            return random.nextDouble() < share;
        }
    }

    private int pick(int bound) {
        synchronized (random) {
            return random.nextInt(bound);
        }
    }

    private Duration normalDelay() {
        long spread = settings.maxDelay().minus(settings.minDelay()).toMillis();
        return settings.minDelay().plusMillis(spread == 0 ? 0 : pick((int) Math.min(Integer.MAX_VALUE, spread + 1)));
    }

    private String price(int low, int high) {
        int cents = low * 100 + pick((high - low) * 100 + 1);
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    /**
     * Answer latency is wall-clock time on purpose: Leadwire's HTTP client times the call in real
     * time, so a late answer has to be really late.
     */
    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json", body);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    // ------------------------------------------------------------ the store

    /**
     * Imports the buyer's file the first time; afterwards keeps the stored settings (an operator
     * may have changed caps or switched it off) and only points the endpoints at this start's port
     * and the callbacks' signature at this start's secret (a buyer stored before the demo buyers
     * called back gets the shipped callbacks block). The secrets are set before a re-import, so the
     * engine never pairs the new port with old credentials.
     */
    private void install(BuyerService buyers, String name, String resource, List<String> secretNames) {
        boolean known = buyers.find(name).isPresent();
        String text = null;
        if (known) {
            try {
                text = buyers.exportFile(name);
                secretNames.forEach(s -> buyers.setSecret(name, s, secrets.get(s)));
            } catch (IllegalArgumentException e) {
                // InvalidBuyerException too: stored settings this version cannot read.
                LOG.warn("demo buyer {} could not be exported ({}); importing the demo file again", name,
                        e.getMessage());
                text = null;
            }
        }
        String shipped = resource(resource);
        BuyerService.ImportResult result = buyers.importFile(repointed(text == null ? shipped : text, shipped, name),
                null, OPERATOR);
        if (!known || text == null) {
            secretNames.forEach(s -> buyers.setSecret(name, s, secrets.get(s)));
        }
        LOG.info("demo buyer {} at {}{}", name, urls.get(name),
                result.published() == null ? "" : " (mapping v" + result.published().version() + " published)");
    }

    private String repointed(String buyerFile, String shippedFile, String name) {
        ObjectMapper json = new ObjectMapper();
        try {
            if (json.readTree(buyerFile) instanceof ObjectNode root && root.get("buyer") instanceof ObjectNode buyer) {
                ObjectNode endpoints = buyer.putObject("endpoints");
                endpoints.put("production", url(name) + "leads");
                endpoints.put("sandbox", url(name) + "sandbox");
                ObjectNode shipped = (ObjectNode) json.readTree(shippedFile).path("buyer").path("callbacks");
                if (buyer.get("callbacks") instanceof ObjectNode stored) {
                    // The operator's window, allowlist and rerouting stay; the signature must name our secret.
                    stored.set("signature", shipped.get("signature").deepCopy());
                } else {
                    buyer.set("callbacks", shipped.deepCopy());
                }
                return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the demo buyer file of " + name + " is not JSON", e);
        }
        throw new IllegalStateException("the demo buyer file of " + name + " has no \"buyer\" block");
    }

    /** The text of a demo buyer file shipped in the jar. */
    static String resource(String fileName) {
        try (InputStream in = DemoBuyers.class.getResourceAsStream(FOLDER + fileName)) {
            if (in == null) {
                throw new IllegalStateException("demo buyer file " + fileName + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the callbacks and the servers (once): callbacks not yet sent are dropped, connections
     * in flight are cut, the engine sees the buyers as down.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        DemoCallbacks c = callbacks;
        if (c != null) {
            c.close();
        }
        for (HttpServer server : servers) {
            server.stop(0);
        }
        workers.shutdownNow();
    }
}
