package io.leadwire.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.IntakeAckEvent;
import io.leadwire.lead.LeadEvent;
import io.leadwire.lead.Vendor;
import io.leadwire.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vendor-facing HTTP API on the JDK's built-in server (chosen by measurement, see
 * {@code bench/README.md}): {@code POST /api/v1/leads/intake}, {@code GET /api/v1/leads/{id}},
 * {@code GET /api/v1/health} and any text endpoints the composition root adds (such as
 * {@code /metrics}).
 *
 * <p>Every refusal is an {@code application/problem+json} answer; an unexpected failure inside
 * a handler is logged and answered 500 without details, never with a stack trace.
 */
public final class IntakeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeServer.class);
    private static final String INTAKE_PATH = "/api/v1/leads/intake";
    private static final String LEADS_PREFIX = "/api/v1/leads/";
    private static final long COMMIT_TIMEOUT_SECONDS = 10;
    /** How much of an unread request body is read and dropped so the client can read the refusal. */
    private static final long SWALLOW_BYTES = 4L << 20;

    /** A read-only text resource served as-is, e.g. Prometheus metrics. */
    public record TextEndpoint(String contentType, Supplier<String> body) {
    }

    /**
     * A POST endpoint another stage adds under a path prefix (buyer callbacks). It runs on the
     * server's request threads inside the same guard as the intake: a {@link ProblemException}
     * is answered as problem+json, anything unexpected as a bare 500.
     */
    public interface PostHandler {
        void handle(PostExchange exchange) throws IOException, ProblemException;
    }

    /**
     * One POST request to an added endpoint. The body is read only when asked for, so a handler
     * can refuse an unknown caller before reading (and then drop) anything.
     */
    public final class PostExchange {
        private final HttpExchange ex;
        private final String tail;

        private PostExchange(HttpExchange ex, String tail) {
            this.ex = ex;
            this.tail = tail;
        }

        /** The decoded path after the endpoint's prefix, e.g. the buyer in {@code /api/v1/callbacks/{buyer}}. */
        public String pathTail() {
            return tail;
        }

        public InetAddress remoteAddress() {
            return ex.getRemoteAddress().getAddress();
        }

        /** The first value of a request header, or null. */
        public String header(String name) {
            return ex.getRequestHeaders().getFirst(name);
        }

        /**
         * Reads the whole body, refusing one larger than {@code limit} bytes with 413 (by its
         * Content-Length before reading, or after {@code limit + 1} bytes).
         *
         * @param what names the body in the refusal, e.g. {@code "A callback body"}
         */
        public byte[] body(int limit, String what) throws IOException, ProblemException {
            return readBody(ex, limit, what);
        }

        /** Answers with a JSON body. */
        public void answer(int status, ObjectNode body) throws IOException {
            send(ex, status, "application/json", json.writeValueAsBytes(body));
        }
    }

    /** Health facts the server reports but does not own. */
    public interface HealthProbe {
        /** True while the database answers. */
        boolean databaseUp();

        /** Extra facts to report, e.g. queue depths; values must be JSON-serialisable. */
        Map<String, Object> details();
    }

    private final IntakeConfig config;
    private final IntakeService service;
    private final PayloadParser parser;
    private final ObjectMapper json;
    private final EventBus events;
    private final HealthProbe health;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    public IntakeServer(IntakeConfig config, IntakeService service, PayloadParser parser, ObjectMapper json,
                        EventBus events, HealthProbe health) throws IOException {
        this.config = config;
        this.service = service;
        this.parser = parser;
        this.json = json;
        this.events = events;
        this.health = health;
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(config.bind()), config.port());
        this.server = config.tls() ? httpsServer(address, config) : HttpServer.create(address, 1024);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "intake-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        server.setExecutor(executor);
        server.createContext(INTAKE_PATH, ex -> guarded(ex, this::intake));
        server.createContext(LEADS_PREFIX, ex -> guarded(ex, this::leadStatus));
        server.createContext("/api/v1/health", ex -> guarded(ex, this::health));
        server.createContext("/", ex -> guarded(ex, e -> {
            throw new ProblemException(new Problem(404, "not_found", null,
                    "No such endpoint; leads go to POST " + INTAKE_PATH + "."));
        }));
    }

    private static HttpsServer httpsServer(InetSocketAddress address, IntakeConfig config) throws IOException {
        try (InputStream in = Files.newInputStream(config.tlsKeystore())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, config.tlsPassword());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, config.tlsPassword());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            HttpsServer s = HttpsServer.create(address, 1024);
            s.setHttpsConfigurator(new HttpsConfigurator(ctx));
            return s;
        } catch (GeneralSecurityException | IOException e) {
            // A wrong password or a missing file comes as an IOException: name the keystore too.
            throw new IOException("cannot use TLS keystore " + config.tlsKeystore() + ": " + e.getMessage(), e);
        }
    }

    /** Adds a GET text endpoint at an exact path. */
    public void addTextEndpoint(String path, TextEndpoint endpoint) {
        server.createContext(path, ex -> guarded(ex, e -> {
            requireMethod(e, "GET");
            byte[] body = endpoint.body().get().getBytes(StandardCharsets.UTF_8);
            send(e, 200, endpoint.contentType(), body);
        }));
    }

    /**
     * Adds a POST endpoint for every path under {@code prefix} (which ends with {@code /}); while
     * the server drains, callers get 503 with Retry-After like the intake.
     */
    public void addPostEndpoint(String prefix, PostHandler handler) {
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("a POST endpoint prefix ends with '/': " + prefix);
        }
        server.createContext(prefix, ex -> guarded(ex, e -> {
            if (draining) {
                e.getResponseHeaders().set("Retry-After", "5");
                throw new ProblemException(new Problem(503, "shutting_down", null,
                        "Leadwire is shutting down; send the same request again shortly."));
            }
            requireMethod(e, "POST");
            String path = e.getRequestURI().getPath();
            handler.handle(new PostExchange(e, path.length() <= prefix.length() ? "" : path.substring(prefix.length())));
        }));
    }

    public void start() {
        server.start();
        LOG.info("intake listening on {}", baseUrl());
    }

    /** {@code http(s)://host:port} as bound. */
    public String baseUrl() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return (config.tls() ? "https" : "http") + "://" + host + ":" + a.getPort();
    }

    public String intakeUrl() {
        return baseUrl() + INTAKE_PATH;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException, ProblemException;
    }

    private void guarded(HttpExchange ex, Handler handler) {
        inFlight.incrementAndGet();
        try {
            handler.handle(ex);
        } catch (ProblemException p) {
            sendProblem(ex, p.problem());
        } catch (IOException e) {
            LOG.debug("client connection failed: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.error("intake handler failed on {} {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            sendProblem(ex, new Problem(500, "internal_error", null,
                    "Leadwire could not handle this request; it has been logged. Retry later."));
        } finally {
            ex.close();
            inFlight.decrementAndGet();
        }
    }

    private void intake(HttpExchange ex) throws IOException, ProblemException {
        long start = System.nanoTime();
        String remoteIp = ex.getRemoteAddress().getAddress().getHostAddress();
        Vendor vendor = null;
        try {
            if (draining) {
                ex.getResponseHeaders().set("Retry-After", "5");
                throw new ProblemException(new Problem(503, "shutting_down", null,
                        "Leadwire is shutting down; retry the same lead shortly."));
            }
            requireMethod(ex, "POST");
            vendor = authenticate(ex);
            if (!IntakeService.allowed(vendor, ex.getRemoteAddress().getAddress())) {
                throw new ProblemException(new Problem(403, "ip_not_allowed", null,
                        "Address " + remoteIp + " is not on this vendor's allowlist."));
            }
            byte[] body = readBody(ex, config.maxBodyBytes(), "A lead body");
            VendorDialect dialect;
            try {
                dialect = service.dialectFor(vendor);
            } catch (StoreException e) {
                LOG.warn("cannot read the vendor's dialect: {}", e.toString());
                throw storeUnavailable();
            }
            PayloadParser.Parsed parsed = parser.parse(ex.getRequestHeaders().getFirst("Content-Type"), body,
                    dialect);
            IntakeService.Stored stored = await(service.store(vendor, parsed, remoteIp));
            ObjectNode answer = json.createObjectNode()
                    .put("id", stored.id())
                    .put("lead_id", stored.vendorLeadId())
                    .put("status", stored.duplicate() ? "duplicate" : "received");
            send(ex, stored.duplicate() ? 200 : 202, "application/json", json.writeValueAsBytes(answer));
            events.publish(new IntakeAckEvent(vendor.name(), stored.duplicate() ? "duplicate" : "received",
                    stored.duplicate() ? 200 : 202, System.nanoTime() - start));
        } catch (ProblemException p) {
            service.recordRefusal(vendor, remoteIp, p.problem());
            sendProblem(ex, p.problem());
            events.publish(new IntakeAckEvent(vendor == null ? "unknown" : vendor.name(), p.problem().reason(),
                    p.problem().status(), System.nanoTime() - start));
        }
    }

    private IntakeService.Stored await(java.util.concurrent.CompletableFuture<IntakeService.Stored> f)
            throws ProblemException {
        try {
            return f.get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw storeUnavailable();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("lead not stored: {}", e.getCause() == null ? e.toString() : e.getCause().toString());
            throw storeUnavailable();
        }
    }

    private static ProblemException storeUnavailable() {
        return new ProblemException(new Problem(503, "store_unavailable", null,
                "The lead was not stored; nothing was kept. Retry the same lead shortly."));
    }

    private void leadStatus(HttpExchange ex) throws IOException, ProblemException {
        requireMethod(ex, "GET");
        Vendor vendor = authenticate(ex);
        String id = ex.getRequestURI().getPath().substring(LEADS_PREFIX.length());
        Optional<IntakeService.LeadWithTimeline> found = id.isEmpty() || id.contains("/")
                ? Optional.empty() : service.find(vendor, id);
        if (found.isEmpty()) {
            throw new ProblemException(new Problem(404, "lead_not_found", null,
                    "No lead with id '" + clip(id) + "' for this vendor."));
        }
        var lead = found.get().lead();
        ObjectNode answer = json.createObjectNode()
                .put("id", lead.id())
                .put("lead_id", lead.vendorLeadId())
                .put("status", lead.status().wireName())
                .put("received_at", lead.receivedAt().toString());
        ArrayNode timeline = answer.putArray("timeline");
        for (LeadEvent e : found.get().timeline()) {
            timeline.addObject().put("at", e.at().toString()).put("type", e.type()).put("detail", e.detail());
        }
        send(ex, 200, "application/json", json.writeValueAsBytes(answer));
    }

    private void health(HttpExchange ex) throws IOException, ProblemException {
        requireMethod(ex, "GET");
        boolean up = health.databaseUp();
        ObjectNode answer = json.createObjectNode()
                .put("status", up && !draining ? "up" : "down")
                .put("database", up ? "up" : "down")
                .put("engine", draining ? "draining" : "running")
                .put("write_backlog", service.writeBacklog());
        if (up) {
            answer.set("details", json.valueToTree(health.details()));
        }
        send(ex, up ? 200 : 503, "application/json", json.writeValueAsBytes(answer));
    }

    private Vendor authenticate(HttpExchange ex) throws ProblemException {
        String key = ex.getRequestHeaders().getFirst("X-API-Key");
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (key == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = auth.substring(7).strip();
        }
        if (key == null || key.isEmpty()) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new ProblemException(new Problem(401, "missing_api_key", null,
                    "Send your API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'."));
        }
        Optional<Vendor> vendor;
        try {
            vendor = service.authenticate(key);
        } catch (StoreException e) {
            // The key cannot be checked while the database is away: a retryable 503, not a 500.
            LOG.warn("cannot authenticate: {}", e.toString());
            ex.getResponseHeaders().set("Retry-After", "5");
            throw storeUnavailable();
        }
        if (vendor.isEmpty()) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new ProblemException(new Problem(401, "invalid_api_key", null,
                    "The API key is unknown or has been revoked; ask the operator for a current key."));
        }
        return vendor.get();
    }

    private static byte[] readBody(HttpExchange ex, int limit, String what) throws IOException, ProblemException {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                throw new ProblemException(Problem.badRequest("bad_content_length", null,
                        "Content-Length must be a number."));
            }
            if (length > limit) {
                swallow(ex.getRequestBody());
                throw tooLarge(limit, what);
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                swallow(in);
                throw tooLarge(limit, what);
            }
            return body;
        }
    }

    /** Drops whatever of the request body is still unread (a no-op once it has been read and closed). */
    private static void swallowQuietly(HttpExchange ex) {
        try {
            swallow(ex.getRequestBody());
        } catch (IOException e) {
            LOG.trace("request body already closed: {}", e.toString());
        }
    }

    /**
     * Reads and drops the rest of a refused body (up to {@link #SWALLOW_BYTES}). Closing a socket
     * with unread request bytes makes the kernel reset the connection, and the client then loses
     * the answer (a 401, 403 or 413) that explains the refusal. Beyond the cap the connection is
     * closed anyway.
     */
    private static void swallow(InputStream in) throws IOException {
        byte[] buf = new byte[16 * 1024];
        long dropped = 0;
        for (int n = in.read(buf); n >= 0 && dropped < SWALLOW_BYTES; n = in.read(buf)) {
            dropped += n;
        }
    }

    private static ProblemException tooLarge(int limit, String what) {
        return new ProblemException(new Problem(413, "body_too_large", null,
                what + " may be at most " + limit + " bytes."));
    }

    private static void requireMethod(HttpExchange ex, String method) throws ProblemException {
        if (!ex.getRequestMethod().equalsIgnoreCase(method)) {
            ex.getResponseHeaders().set("Allow", method);
            throw new ProblemException(new Problem(405, "method_not_allowed", null,
                    "Use " + method + " on " + ex.getRequestURI().getPath() + "."));
        }
    }

    private void sendProblem(HttpExchange ex, Problem p) {
        try {
            ObjectNode body = json.createObjectNode()
                    .put("type", p.type())
                    .put("title", p.title())
                    .put("status", p.status())
                    .put("detail", p.detail())
                    .put("reason", p.reason());
            if (p.field() != null) {
                body.put("field", p.field());
            }
            send(ex, p.status(), "application/problem+json", json.writeValueAsBytes(body));
        } catch (IOException e) {
            LOG.debug("could not send problem: {}", e.toString());
        }
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        // Before answering: closing the answer also closes the request body, and a refusal may
        // have left most of it unread.
        swallowQuietly(ex);
        ex.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }

    public boolean isDraining() {
        return draining;
    }

    /**
     * Drains: new requests get 503, the listener closes once in-flight requests have finished
     * (at most {@code graceSeconds}), then the service writes what it has queued.
     */
    public void shutdown(int graceSeconds) {
        shutdown(Duration.ofSeconds(graceSeconds));
    }

    /**
     * {@link #shutdown(int)} within {@code grace} in all: the wait for requests in flight and the
     * one for the handler threads share it.
     */
    public void shutdown(Duration grace) {
        draining = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("intake stopped");
    }

    @Override
    public void close() {
        shutdown(5);
    }
}
