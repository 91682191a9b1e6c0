package io.leadwire.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Vendor;
import io.leadwire.lead.VendorChangedEvent;
import io.leadwire.lead.VendorPoll;
import io.leadwire.store.SecretBox;
import io.leadwire.store.VendorRepository;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull intake: polls the APIs of vendors in mode {@code pull} or {@code hybrid} and feeds every
 * lead through the same path as a pushed one ({@link PayloadParser} with the vendor's dialect,
 * then {@link IntakeService#store}), so the same idempotency applies: a lead polled again, or
 * polled after it was pushed, is a duplicate, not a new lead.
 *
 * <p>A round asks {@code GET url?<cursorParam>=<cursor>&<pageSizeParam>=<pageSize>} (no cursor on
 * the very first poll) and reads either a JSON array of lead objects, or an object holding the
 * array (at {@code itemsPath}, else under {@code leads}, {@code data}, {@code items} or
 * {@code results}) and the next cursor ({@code next_cursor}, {@code nextCursor} or {@code cursor}).
 * For a bare array the next cursor is the {@code cursorField} of the last lead. A full page with a
 * new cursor is followed at once by the next page. The cursor is stored only after the page's
 * leads are committed, so a crash re-polls at most one page, and those leads come back as
 * duplicates. An item that is not a usable lead is recorded as a refusal for the vendor and skipped.
 *
 * <p>A failed round (no answer, non-2xx, not JSON, store failure) keeps the cursor, records the
 * error and waits {@link PollBackoff#delay} before the next try. State lives in the database, so
 * {@code leadwire vendor poll-status} and the Vendors screen show it from any process.
 *
 * <p>The JDK's {@link HttpClient} is used: it has per-request timeouts and HTTP/2, and needs no
 * extra dependency for the few requests per minute a poller makes.
 */
public final class VendorPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VendorPoller.class);
    /** A round stops after this many pages; the next round continues from the stored cursor. */
    static final int MAX_PAGES_PER_ROUND = 50;
    static final int MAX_RESPONSE_BYTES = 32 << 20;
    private static final List<String> ITEM_KEYS = List.of("leads", "data", "items", "results");
    private static final List<String> CURSOR_KEYS = List.of("next_cursor", "nextCursor", "cursor");
    private static final long COMMIT_TIMEOUT_SECONDS = 30;

    /** What one round did. */
    public record Round(String vendorId, boolean ok, int pages, int newLeads, int duplicates, int refused,
                        String error) {
    }

    private final VendorRepository vendors;
    private final IntakeService intake;
    private final PayloadParser parser;
    private final SecretBox secrets;
    private final HttpClient http;
    private final Clock clock;
    private final PollBackoff backoff;
    private final Duration requestTimeout;
    private final EventBus events;
    private final ObjectMapper json = new ObjectMapper();
    private ScheduledExecutorService scheduler;

    /**
     * @param requestTimeout how long one page request may take before the round counts as failed
     * @param events         told when a vendor's poll state changed (may be null)
     */
    public VendorPoller(VendorRepository vendors, IntakeService intake, PayloadParser parser, SecretBox secrets,
                        HttpClient http, Clock clock, PollBackoff backoff, Duration requestTimeout, EventBus events) {
        this.vendors = vendors;
        this.intake = intake;
        this.parser = parser;
        this.secrets = secrets;
        this.http = http;
        this.clock = clock;
        this.backoff = backoff;
        this.requestTimeout = requestTimeout;
        this.events = events;
    }

    /** Checks for due vendors every {@code tick} on a background thread until {@link #close()}. */
    public synchronized void start(Duration tick) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vendor-poller");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                pollDue();
            } catch (RuntimeException e) {
                LOG.warn("vendor polling failed: {}", e.toString());
            }
        }, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the background checks are running (between {@link #start} and {@link #close}). */
    public synchronized boolean running() {
        return scheduler != null;
    }

    /** Runs a round for every vendor whose next poll is due, one after the other. */
    public List<Round> pollDue() {
        Instant now = clock.instant();
        List<Round> rounds = new ArrayList<>();
        for (VendorPoll p : vendors.findAllPolls().values()) {
            Instant next = p.state().nextAttemptAt();
            if (p.settings().mode() != VendorPoll.Mode.OFF && (next == null || !next.isAfter(now))) {
                rounds.add(pollNow(p.vendorId()));
            }
        }
        return rounds;
    }

    /** Runs one round for the vendor now, due or not. */
    public Round pollNow(String vendorId) {
        Optional<VendorPoll> found = vendors.findPoll(vendorId);
        Optional<Vendor> vendor = vendors.findById(vendorId);
        if (found.isEmpty() || vendor.isEmpty()) {
            return new Round(vendorId, false, 0, 0, 0, 0, "not polled");
        }
        VendorPoll poll = found.get();
        Counts counts = new Counts();
        try {
            round(vendor.get(), poll, counts);
            Instant now = clock.instant();
            vendors.recordPollSuccess(vendorId, now, now.plus(poll.settings().interval()), counts.newLeads,
                    counts.duplicates);
            if (counts.newLeads > 0) {
                LOG.info("polled {}: {} new, {} already stored", vendor.get().name(), counts.newLeads,
                        counts.duplicates);
            }
            publish(vendorId);
            return new Round(vendorId, true, counts.pages, counts.newLeads, counts.duplicates, counts.refused, null);
        } catch (PollFailure e) {
            int failures = poll.state().consecutiveFailures() + 1;
            Instant now = clock.instant();
            Duration wait = backoff.delay(failures);
            vendors.recordPollFailure(vendorId, e.getMessage(), now, now.plus(wait), failures);
            LOG.warn("polling {} failed ({} in a row, next try in {}s): {}", vendor.get().name(), failures,
                    wait.toSeconds(), e.getMessage());
            publish(vendorId);
            return new Round(vendorId, false, counts.pages, counts.newLeads, counts.duplicates, counts.refused,
                    e.getMessage());
        }
    }

    private void publish(String vendorId) {
        if (events != null) {
            events.publish(new VendorChangedEvent(vendorId));
        }
    }

    private static final class Counts {
        int pages;
        int newLeads;
        int duplicates;
        int refused;
    }

    private record Page(List<JsonNode> items, String nextCursor) {
    }

    private void round(Vendor vendor, VendorPoll poll, Counts counts) throws PollFailure {
        VendorPoll.Settings s = poll.settings();
        String cursor = poll.state().cursor();
        String secret = openSecret(s);
        VendorDialect dialect = intake.dialectFor(vendor);
        while (counts.pages < MAX_PAGES_PER_ROUND) {
            Page page = fetch(s, secret, cursor);
            counts.pages++;
            store(vendor, dialect, page.items(), counts);
            String next = page.nextCursor();
            boolean advanced = next != null && !next.isEmpty() && !next.equals(cursor);
            if (advanced) {
                vendors.advancePollCursor(vendor.id(), next);
                cursor = next;
            }
            if (!advanced || page.items().size() < s.pageSize()) {
                return;
            }
        }
    }

    private String openSecret(VendorPoll.Settings s) throws PollFailure {
        if (s.authKind() == VendorPoll.AuthKind.NONE) {
            return null;
        }
        try {
            return secrets.open(s.sealedSecret());
        } catch (IllegalArgumentException e) {
            throw new PollFailure(e.getMessage());
        }
    }

    private void store(Vendor vendor, VendorDialect dialect, List<JsonNode> items, Counts counts)
            throws PollFailure {
        List<CompletableFuture<IntakeService.Stored>> pending = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            try {
                if (!item.isObject()) {
                    throw new ProblemException(Problem.badRequest("malformed_body", null,
                            "Polled item " + (i + 1) + " of the page is not a lead object."));
                }
                PayloadParser.Parsed parsed = parser.parse("application/json", json.writeValueAsBytes(item),
                        dialect);
                pending.add(intake.store(vendor, parsed, null));
            } catch (ProblemException e) {
                counts.refused++;
                intake.recordRefusal(vendor, null, e.problem());
            } catch (JsonProcessingException e) {
                counts.refused++;
                intake.recordRefusal(vendor, null, Problem.badRequest("malformed_json", null,
                        "Polled item " + (i + 1) + " could not be read."));
            }
        }
        try {
            CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]))
                    .get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PollFailure("interrupted while storing the polled leads");
        } catch (ExecutionException | TimeoutException e) {
            throw new PollFailure("the polled leads could not be stored: "
                    + (e.getCause() == null ? e.toString() : e.getCause().getMessage()));
        }
        for (CompletableFuture<IntakeService.Stored> f : pending) {
            if (f.join().duplicate()) {
                counts.duplicates++;
            } else {
                counts.newLeads++;
            }
        }
    }

    private Page fetch(VendorPoll.Settings s, String secret, String cursor) throws PollFailure {
        URI uri = pageUri(s, cursor);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("Accept", "application/json").GET();
        switch (s.authKind()) {
            case HEADER:
                request.header(s.authName(), secret);
                break;
            case BEARER:
                request.header("Authorization", "Bearer " + secret);
                break;
            case BASIC:
                request.header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((s.authName() + ":" + secret).getBytes(StandardCharsets.UTF_8)));
                break;
            default:
                break;
        }
        byte[] body;
        int status;
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            }
        } catch (IOException e) {
            throw new PollFailure("cannot reach " + host(uri) + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PollFailure("interrupted while polling " + host(uri));
        }
        if (status < 200 || status > 299) {
            throw new PollFailure("HTTP " + status + " from " + host(uri)
                    + (status == 401 || status == 403 ? " (check the poll credentials)" : ""));
        }
        if (body.length > MAX_RESPONSE_BYTES) {
            throw new PollFailure("the response of " + host(uri) + " is larger than " + (MAX_RESPONSE_BYTES >> 20)
                    + " MiB; use a smaller page size");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new PollFailure("the response of " + host(uri) + " is not JSON");
        }
        return page(root, s, host(uri));
    }

    private static Page page(JsonNode root, VendorPoll.Settings s, String host) throws PollFailure {
        JsonNode items = null;
        if (root != null && root.isArray()) {
            items = root;
        } else if (root != null && root.isObject()) {
            if (s.itemsPath() != null) {
                items = path(root, s.itemsPath());
            } else {
                for (String key : ITEM_KEYS) {
                    if (root.path(key).isArray()) {
                        items = root.get(key);
                        break;
                    }
                }
            }
        }
        if (items == null || !items.isArray()) {
            throw new PollFailure("the response of " + host + " holds no lead list: expected a JSON array or "
                    + "{\"leads\": [...], \"next_cursor\": \"...\"}"
                    + (s.itemsPath() == null ? "" : " (items path '" + s.itemsPath() + "')"));
        }
        List<JsonNode> list = new ArrayList<>(items.size());
        items.forEach(list::add);
        String next = null;
        if (root.isObject()) {
            for (String key : CURSOR_KEYS) {
                JsonNode c = root.get(key);
                if (c != null && c.isValueNode() && !c.isNull()) {
                    next = c.asText();
                    break;
                }
            }
        }
        if (next == null && s.cursorField() != null && !list.isEmpty()) {
            JsonNode c = path(list.get(list.size() - 1), s.cursorField());
            if (c != null && c.isValueNode() && !c.isNull()) {
                next = c.asText();
            }
        }
        return new Page(list, next);
    }

    private static JsonNode path(JsonNode node, String dotted) {
        JsonNode at = node;
        for (String part : dotted.split("\\.")) {
            at = at == null ? null : at.get(part);
        }
        return at;
    }

    static URI pageUri(VendorPoll.Settings s, String cursor) {
        StringBuilder url = new StringBuilder(s.url());
        char sep = s.url().indexOf('?') >= 0 ? '&' : '?';
        if (cursor != null) {
            url.append(sep).append(encode(s.cursorParam())).append('=').append(encode(cursor));
            sep = '&';
        }
        url.append(sep).append(encode(s.pageSizeParam())).append('=').append(s.pageSize());
        return URI.create(url.toString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String host(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    /** Stops the background checks, letting a round in progress finish. */
    @Override
    public synchronized void close() {
        close(Duration.ofSeconds(COMMIT_TIMEOUT_SECONDS));
    }

    /** Stops polling, giving a round in progress at most {@code wait} to commit. */
    public synchronized void close(Duration wait) {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            scheduler.shutdownNow();
        }
        scheduler = null;
    }

    /** A round that failed, with a sentence for the operator. */
    private static final class PollFailure extends Exception {
        private static final long serialVersionUID = 1L;

        PollFailure(String message) {
            super(message, null, false, false);
        }
    }
}
