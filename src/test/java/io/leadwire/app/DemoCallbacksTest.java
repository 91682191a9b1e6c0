package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.leadwire.callback.StandardWebhooks;
import io.leadwire.lead.LeadEvent;
import io.leadwire.mapping.MappingParser;
import io.leadwire.metrics.FigureSeries;
import io.leadwire.metrics.Figures.Range;
import io.leadwire.store.CallbackRepository;
import io.leadwire.store.CallbackRepository.CallbackRow;
import io.leadwire.store.MappingRepository;
import io.leadwire.testing.MutableClock;
import io.leadwire.ui.dashboards.ChartData;
import io.leadwire.ui.dashboards.DashboardFigures;
import io.leadwire.ui.dashboards.DashboardQueries;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo buyers' callbacks: signed like a real buyer's, sent over real HTTP on 127.0.0.1, and
 * (with the whole demo running on a real engine and H2) applied by the engine, so returns,
 * conversions and status changes reach the lead timelines and the figures the dashboards chart.
 * Which story a sold lead gets comes from a scripted {@link Random}; delays are short.
 */
class DemoCallbacksTest {
    private static final Instant T0 = Instant.parse("2026-03-04T15:00:00Z");
    /** A return or a conversion for every sold lead, quickly: the lead's sale is recorded by then. */
    private static final DemoCallbacks.Settings QUICK = new DemoCallbacks.Settings(0.60, 0.10, 0.05,
            Duration.ofMillis(500), Duration.ofMillis(900));
    private static final DemoBuyers.Settings ACCEPTING = new DemoBuyers.Settings(0.0, 0.0, Duration.ofMillis(1),
            Duration.ofMillis(5), Duration.ofSeconds(3), Duration.ofMinutes(10), Duration.ofMinutes(1));

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    /** Story draws come in turn from {@code stories}; the rest (reasons, delays, revenue) from a seed. */
    private static final class Scripted extends Random {
        private static final long serialVersionUID = 1L;
        private final double[] stories;
        private int next;

        Scripted(double... stories) {
            super(11);
            this.stories = stories;
        }

        @Override
        public synchronized double nextDouble() {
            return stories[next++ % stories.length];
        }
    }

    /** One received request. */
    private record Received(String path, String id, String timestamp, String signature, byte[] body) {
    }

    @Test
    void shouldSendEachStoryAsSignedStandardWebhooksInOrderWithUniqueIds() throws Exception {
        List<Received> received = Collections.synchronizedList(new ArrayList<>());
        HttpServer engine = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        engine.createContext("/api/v1/callbacks/", ex -> {
            try (ex) {
                var h = ex.getRequestHeaders();
                received.add(new Received(ex.getRequestURI().getRawPath(), h.getFirst("webhook-id"),
                        h.getFirst("webhook-timestamp"), h.getFirst("webhook-signature"),
                        ex.getRequestBody().readAllBytes()));
                ex.sendResponseHeaders(202, -1);
            }
        });
        engine.start();
        String secret = StandardWebhooks.newSecret(new Random(5));
        MutableClock clock = new MutableClock(T0);
        // 0.10: a conversion; 0.01: a return; 0.5: contacted only; 0.9: no callback at all.
        DemoCallbacks.Settings fast = new DemoCallbacks.Settings(0.60, 0.10, 0.05, Duration.ofMillis(1),
                Duration.ofMillis(30));
        try (DemoCallbacks callbacks = new DemoCallbacks(DemoCallbacks.base("http://0.0.0.0:"
                + engine.getAddress().getPort() + "/api/v1/leads/intake"), Map.of(DemoBuyers.ABC, secret), fast, clock,
                new Scripted(0.10, 0.01, 0.5, 0.9))) {
            callbacks.sold(DemoBuyers.ABC, "ABC-1");
            callbacks.sold(DemoBuyers.ABC, "ABC-2");
            callbacks.sold(DemoBuyers.ABC, "ABC-3");
            callbacks.sold(DemoBuyers.ABC, "ABC-4");
            callbacks.sold("Somebody else", "X-1");

            await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.taken() == 4 + 2 + 2);
            // No callback about ABC-4 or an unknown buyer follows: the count holds for a while.
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                    .until(() -> callbacks.sent() == 8);
        } finally {
            engine.stop(0);
        }

        StandardWebhooks check = StandardWebhooks.of(secret);
        assertThat(received).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/api/v1/callbacks/Buyer%20ABC");
            assertThat(r.timestamp()).isEqualTo(Long.toString(T0.getEpochSecond()));
            assertThat(check.verify(r.id(), r.timestamp(), r.signature(), r.body(), T0, Duration.ofMinutes(5)))
                    .isEqualTo(StandardWebhooks.Verdict.VALID);
        });
        assertThat(received).extracting(Received::id).doesNotHaveDuplicates();
        Map<String, List<String>> stories = new TreeMap<>();
        List<JsonNode> bodies = new ArrayList<>();
        for (Received r : received) {
            JsonNode body = json.readTree(r.body());
            bodies.add(body);
            String word = body.path("type").asText() + ":" + (body.has("status") ? body.get("status").asText()
                    : body.has("reason") ? body.get("reason").asText() : "amount");
            stories.computeIfAbsent(body.path("lead_id").asText(), k -> new ArrayList<>()).add(word);
        }
        assertThat(stories.keySet()).containsExactly("ABC-1", "ABC-2", "ABC-3");
        assertThat(stories.get("ABC-1")).containsExactly("status:contacted", "feedback:answered", "status:qualified",
                "conversion:amount");
        assertThat(stories.get("ABC-2")).last().asString().startsWith("return_request:");
        assertThat(stories.get("ABC-2").get(stories.get("ABC-2").size() - 1).substring("return_request:".length()))
                .isIn(DemoCallbacks.RETURN_REASONS);
        assertThat(stories.get("ABC-3")).containsExactly("status:contacted", "feedback:answered");
        assertThat(bodies).filteredOn(b -> b.path("type").asText().equals("conversion")).singleElement()
                .satisfies(b -> assertThat(new BigDecimal(b.get("amount").asText()))
                        .isBetween(new BigDecimal("150.00"), new BigDecimal("1500.00")));
    }

    @Test
    void shouldDropCallbacksTheEngineCannotTakeWithoutThrowingAndStopWhenClosed() throws Exception {
        DemoCallbacks.Settings fast = new DemoCallbacks.Settings(1.0, 1.0, 0.0, Duration.ofMillis(1),
                Duration.ofMillis(5));
        // Port 9 (discard) on loopback: nothing listens, every callback fails to connect.
        DemoCallbacks callbacks = new DemoCallbacks(URI.create("http://127.0.0.1:9/api/v1/callbacks/"),
                Map.of(DemoBuyers.ABC, "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24])), fast,
                Clock.systemUTC(), new Random(1));
        callbacks.sold(DemoBuyers.ABC, "ABC-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.sent() == 4);
        assertThat(callbacks.taken()).isZero();

        callbacks.close();
        callbacks.sold(DemoBuyers.ABC, "ABC-2");
        // Closed: nothing more is sent (the count holds while a new sale would have been called back).
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> callbacks.sent() == 4);
    }

    @Test
    void shouldShowTheDemoBuyersReturnsAndConversionsInTimelinesAndFiguresWhenTheWholeDemoRuns() throws Exception {
        Clock clock = Clock.systemUTC();
        try (Engine engine = Engine.start(new EngineConfig(dir, "127.0.0.1", 0, null, null, null, 65536),
                "test --demo", clock)) {
            DemoMappings.seed(new MappingLibrary(new MappingRepository(engine.database().dataSource()),
                    new MappingParser(), clock));
            CallbackRepository stored = new CallbackRepository(engine.database().dataSource());
            try (DemoBuyers buyers = DemoBuyers.start(engine.buyers(), ACCEPTING, clock, new Random(3))) {
                // Every other sold lead is returned, the others convert.
                DemoCallbacks callbacks = buyers.callBackTo(DemoCallbacks.base(engine.intakeUrl()), QUICK,
                        new Scripted(0.01, 0.10));
                try (DemoVendor vendor = DemoVendor.start(engine, 10)) {
                    await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        List<CallbackRow> applied = stored.recent(CallbackRepository.APPLIED, 1000);
                        return applied.stream().anyMatch(r -> "return_request".equals(r.type()))
                                && applied.stream().anyMatch(r -> "conversion".equals(r.type()));
                    });
                }
                assertThat(callbacks.taken()).isPositive();
            }

            List<CallbackRow> applied = stored.recent(CallbackRepository.APPLIED, 1000);
            assertThat(stored.recent(CallbackRepository.FLAGGED, 10)).as("the demo's stories make sense").isEmpty();
            assertThat(applied).allSatisfy(r -> assertThat(r.remoteIp()).isEqualTo("127.0.0.1"));
            CallbackRow returned = applied.stream().filter(r -> "return_request".equals(r.type())).findFirst()
                    .orElseThrow();
            assertThat(engine.leads().timeline(returned.leadId())).extracting(LeadEvent::type)
                    .containsSubsequence("delivered", "returned");
            CallbackRow converted = applied.stream().filter(r -> "conversion".equals(r.type())).findFirst()
                    .orElseThrow();
            assertThat(engine.leads().timeline(converted.leadId())).extracting(LeadEvent::type)
                    .containsSubsequence("delivered", "buyer_status", "buyer_feedback", "converted");

            engine.figuresStage().catchUp();
            List<String> ids = List.of(DemoBuyers.ABC, DemoBuyers.NESTED, DemoBuyers.SOAP).stream()
                    .map(n -> engine.buyers().find(n).orElseThrow().id()).toList();
            FigureSeries figures = engine.figures().buyers(ids, Range.last(Duration.ofHours(1), clock));
            long returns = ids.stream().mapToLong(id -> figures.count(id, "returns")).sum();
            long conversions = ids.stream().mapToLong(id -> figures.count(id, "conversions")).sum();
            BigDecimal revenue = ids.stream().map(id -> figures.total(id, "conversion_value"))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            long contacted = ids.stream().mapToLong(id -> figures.countsByPrefix(id, "status.")
                    .getOrDefault("contacted", 0L)).sum();
            assertThat(returns).isPositive();
            assertThat(conversions).isPositive();
            assertThat(revenue).isGreaterThanOrEqualTo(new BigDecimal("150.00"));
            assertThat(contacted).isPositive();

            DashboardFigures.Vendors vendors = new DashboardQueries(ConsoleMode.services(engine, dir, Optional.empty()))
                    .vendors(List.of(), Range.last(Duration.ofHours(1), clock));
            ChartData outcomes = vendors.returnsConversions();
            for (String series : List.of("Returns", "Conversions")) {
                assertThat(outcomes.series(series).orElseThrow().points().stream().mapToDouble(p -> p.value()).sum())
                        .as(series + " on the vendors dashboard").isPositive();
            }
        }
    }

    @Test
    void shouldCallTheEngineOnLoopbackWhenItListensOnEveryAddress() {
        assertThat(DemoCallbacks.base("http://0.0.0.0:8470/api/v1/leads/intake"))
                .hasToString("http://127.0.0.1:8470/api/v1/callbacks/");
        assertThat(DemoCallbacks.base("http://127.0.0.1:53211/api/v1/leads/intake"))
                .hasToString("http://127.0.0.1:53211/api/v1/callbacks/");
    }
}
