package io.leadwire.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.callback.CallbackEndpoint;
import io.leadwire.callback.StandardWebhooks;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the demo buyers say about a lead after they bought it, the way real buyers call back:
 * signed Standard Webhooks events to the engine's {@code POST /api/v1/callbacks/{buyer}}, a few
 * seconds to a minute after the sale, so the dashboards' returns, conversions and revenue and the
 * leads' timelines fill during a demo.
 *
 * <p>Each sold lead gets one story, drawn from the injected {@link Random}: the buyer never calls
 * back; or it contacts the person (status {@code contacted}, feedback {@code answered}); or it
 * contacts, qualifies and converts them with a revenue; or it returns the lead with a reason
 * ({@code wrong_number} after a {@code wrong_number} feedback, or {@code duplicate} /
 * {@code not_interested} after contact). The lead is named by the buyer's own lead id, as the
 * callbacks' default field map reads it.
 *
 * <p>It is a demo: a callback the engine refuses or cannot take is logged at debug and dropped,
 * never retried and never thrown. Closing drops the callbacks still scheduled.
 */
final class DemoCallbacks implements AutoCloseable {
    static final List<String> RETURN_REASONS = List.of("wrong_number", "duplicate", "not_interested");
    private static final Logger LOG = LoggerFactory.getLogger(DemoCallbacks.class);

    /**
     * How often and how soon the demo buyers call back about a lead they bought.
     *
     * @param contactedShare  share of sold leads whose person is contacted (conversions included)
     * @param conversionShare share of sold leads that convert, a part of the contacted ones
     * @param returnShare     share of sold leads returned with a reason
     * @param minDelay        earliest callback after the sale
     * @param maxDelay        latest callback after the sale (a lead's events are spread in between)
     */
    record Settings(double contactedShare, double conversionShare, double returnShare, Duration minDelay,
            Duration maxDelay) {
        /** What {@code --demo} runs: 60 % contacted, 10 % converted, 5 % returned, within 3 s to a minute. */
        static final Settings DEMO = new Settings(0.60, 0.10, 0.05, Duration.ofSeconds(3), Duration.ofSeconds(60));

        Settings {
            for (double share : new double[] {contactedShare, conversionShare, returnShare}) {
                if (share < 0 || share > 1) {
                    throw new IllegalArgumentException("shares are from 0 to 1");
                }
            }
            if (conversionShare > contactedShare) {
                throw new IllegalArgumentException("conversions are a part of the contacted leads");
            }
            if (contactedShare + returnShare > 1) {
                throw new IllegalArgumentException("contacted and returned leads are at most all of them");
            }
            if (minDelay.isNegative() || maxDelay.compareTo(minDelay) < 0) {
                throw new IllegalArgumentException("0 <= minDelay <= maxDelay");
            }
        }
    }

    private final URI base;
    private final Settings settings;
    private final Clock clock;
    private final Random random;
    private final Map<String, StandardWebhooks> signers;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final ScheduledExecutorService timer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param base    the engine's callback URL, ending in {@code /api/v1/callbacks/} (see {@link #base(String)})
     * @param secrets buyer name → its callback signing secret in clear, as stored for the engine
     */
    DemoCallbacks(URI base, Map<String, String> secrets, Settings settings, Clock clock, Random random) {
        this.base = base;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
        Map<String, StandardWebhooks> s = new HashMap<>();
        secrets.forEach((buyer, secret) -> s.put(buyer, StandardWebhooks.of(secret)));
        this.signers = Map.copyOf(s);
        // One thread: a demo's callbacks are a few a second to a local engine, each a few ms.
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-callbacks");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The callback URL of an engine whose intake answers at {@code intakeUrl}. An engine bound to
     * every address ({@code 0.0.0.0}, {@code ::}) is called on 127.0.0.1, the demo buyers'
     * allowlisted address.
     */
    static URI base(String intakeUrl) {
        URI intake = URI.create(intakeUrl);
        String host = intake.getHost();
        if (host == null || host.equals("0.0.0.0") || host.equals("[::]") || host.equals("[0:0:0:0:0:0:0:0]")) {
            host = "127.0.0.1";
        }
        try {
            return new URI(intake.getScheme(), null, host, intake.getPort(), CallbackEndpoint.PREFIX, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not an intake URL: " + intakeUrl, e);
        }
    }

    /** Callbacks sent so far (whatever the engine answered). */
    long sent() {
        return sent.get();
    }

    /** Callbacks the engine took (answered 2xx). */
    long taken() {
        return taken.get();
    }

    /**
     * A demo buyer sold the lead it calls {@code buyerLeadId}: draws its story and schedules the
     * story's callbacks. Never throws; after {@link #close()} it does nothing.
     */
    void sold(String buyer, String buyerLeadId) {
        StandardWebhooks signer = signers.get(buyer);
        if (signer == null || closed.get()) {
            return;
        }
        List<ObjectNode> story;
        long[] delays;
        // One lock for the whole draw: a scripted Random in a test gives each lead its story in
        // turn, however the buyers' threads interleave.
        synchronized (random) {
            story = story(buyerLeadId);
            delays = delays(story.size());
        }
        for (int i = 0; i < story.size(); i++) {
            byte[] body = bytes(story.get(i));
            try {
                timer.schedule(() -> send(buyer, signer, body), delays[i], TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                return; // closing
            }
        }
    }

    private List<ObjectNode> story(String lead) {
        List<ObjectNode> events = new ArrayList<>();
        double u = random.nextDouble();
        if (u < settings.returnShare()) {
            String reason = RETURN_REASONS.get(random.nextInt(RETURN_REASONS.size()));
            if (reason.equals("wrong_number")) {
                events.add(event("feedback", lead).put("status", "wrong_number"));
            } else {
                events.add(event("status", lead).put("status", "contacted"));
                events.add(event("feedback", lead).put("status", "answered"));
            }
            events.add(event("return_request", lead).put("reason", reason));
        } else if (u < settings.returnShare() + settings.conversionShare()) {
            events.add(event("status", lead).put("status", "contacted"));
            events.add(event("feedback", lead).put("status", "answered"));
            events.add(event("status", lead).put("status", "qualified"));
            events.add(event("conversion", lead).put("amount", revenue()));
        } else if (u < settings.returnShare() + settings.contactedShare()) {
            events.add(event("status", lead).put("status", "contacted"));
            events.add(event("feedback", lead).put("status", "answered"));
        }
        return events;
    }

    private ObjectNode event(String type, String lead) {
        return json.createObjectNode().put("type", type).put("lead_id", lead);
    }

    /** A sale's revenue to the buyer, 150.00 to 1,500.00. */
    private String revenue() {
        int cents = 15_000 + random.nextInt(135_001);
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    /** When each event goes, in milliseconds from now: spread over the window, in story order. */
    private long[] delays(int n) {
        long min = settings.minDelay().toMillis();
        long spread = settings.maxDelay().toMillis() - min;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = min + (spread == 0 ? 0 : random.nextInt((int) Math.min(Integer.MAX_VALUE - 1, spread) + 1));
        }
        // Equal delays keep their order: the scheduler runs ties in the order they were scheduled.
        Arrays.sort(out);
        return out;
    }

    private byte[] bytes(ObjectNode event) {
        try {
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ObjectNode always writes", e);
        }
    }

    private void send(String buyer, StandardWebhooks signer, byte[] body) {
        if (closed.get()) {
            return;
        }
        // Random ids, not a counter: the engine keeps every event id of a buyer for good, so a
        // counter starting again on the next demo start would be answered "already received".
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(base.resolve(URLEncoder.encode(buyer, StandardCharsets.UTF_8)
                        .replace("+", "%20")))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header(StandardWebhooks.ID_HEADER, id)
                .header(StandardWebhooks.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(StandardWebhooks.SIGNATURE_HEADER, signer.sign(id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        sent.incrementAndGet();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                taken.incrementAndGet();
            } else {
                LOG.debug("demo callback of {} refused ({}): {}", buyer, response.statusCode(), response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The engine is stopping or busy: a demo's callback is not worth a retry.
            LOG.debug("demo callback of {} not sent: {}", buyer, e.toString());
        }
    }

    /** Stops sending (once): callbacks still scheduled are dropped, one on the wire is cut short. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
