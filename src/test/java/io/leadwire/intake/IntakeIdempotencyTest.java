package io.leadwire.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadwire.app.Engine;
import io.leadwire.app.EngineConfig;
import io.leadwire.store.LeadRepository.LeadQuery;
import io.leadwire.testing.Http;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vendors retry; retries race. However many copies of a lead arrive at once, exactly one is
 * acknowledged 202, every other copy gets 200 duplicate naming that same lead, and one row exists.
 */
class IntakeIdempotencyTest {
    @TempDir
    Path dataDir;

    private Engine engine;
    private String vendorId;
    private String key;
    private final Http http = new Http();

    @BeforeEach
    void start() throws Exception {
        engine = Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536), "test",
                Clock.systemUTC());
        VendorService.IssuedKey issued = engine.vendors().add("Retry Happy", List.of());
        vendorId = issued.vendor().id();
        key = issued.apiKey();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    /** Posts every lead id in {@code ids} at once from its own thread; returns the answers in order. */
    private List<HttpResponse<String>> postAllAtOnce(List<String> ids) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(ids.size());
        CountDownLatch ready = new CountDownLatch(ids.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (String id : ids) {
                Callable<HttpResponse<String>> task = () -> {
                    ready.countDown();
                    go.await();
                    return http.postJson(engine.intakeUrl(), key,
                            "{\"lead_id\":\"" + id + "\",\"email\":\"" + id.toLowerCase() + "@example.com\"}");
                };
                futures.add(pool.submit(task));
            }
            ready.await(10, TimeUnit.SECONDS);
            go.countDown();
            List<HttpResponse<String>> out = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                out.add(f.get(30, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Asserts one 202 per id and 200 duplicates naming the same Leadwire id; returns id → Leadwire id. */
    private Map<String, String> assertExactlyOnce(List<String> ids, List<HttpResponse<String>> answers,
                                                  Map<String, String> known) {
        Map<String, String> leadwireIds = new HashMap<>(known);
        Map<String, Integer> accepted = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            HttpResponse<String> r = answers.get(i);
            assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
            JsonNode body = Http.json(r.body());
            assertThat(body.path("lead_id").asText()).isEqualTo(ids.get(i));
            assertThat(body.path("status").asText()).isEqualTo(r.statusCode() == 202 ? "received" : "duplicate");
            if (r.statusCode() == 202) {
                accepted.merge(ids.get(i), 1, Integer::sum);
            }
            String previous = leadwireIds.putIfAbsent(ids.get(i), body.path("id").asText());
            if (previous != null) {
                assertThat(body.path("id").asText()).as("id answered for %s", ids.get(i)).isEqualTo(previous);
            }
        }
        for (String id : ids.stream().distinct().toList()) {
            assertThat(accepted.getOrDefault(id, 0)).as("202s for %s", id).isEqualTo(known.containsKey(id) ? 0 : 1);
            String stored = engine.leads().findByVendorLeadId(vendorId, id).orElseThrow().id();
            assertThat(stored).isEqualTo(leadwireIds.get(id));
        }
        return leadwireIds;
    }

    @Test
    void shouldAcknowledgeOnceAndAnswerDuplicatesWhenFiftyThreadsPostTheSameLeadAtOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add("SAME-1");
        }

        assertExactlyOnce(ids, postAllAtOnce(ids), Map.of());

        assertThat(engine.leads().count(new LeadQuery(vendorId, null, null))).isEqualTo(1);
    }

    @Test
    void shouldStoreEachLeadOnceWhenCopiesOfManyLeadsRaceAndThenRetryAgain() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int copy = 0; copy < 6; copy++) {
            for (int lead = 0; lead < 8; lead++) {
                ids.add("MIX-" + lead);
            }
        }
        java.util.Collections.shuffle(ids, new java.util.Random(7));

        Map<String, String> first = assertExactlyOnce(ids, postAllAtOnce(ids), Map.of());
        // A second storm of retries of leads that are all stored already, plus new ones.
        List<String> retries = new ArrayList<>(ids);
        for (int i = 0; i < 8; i++) {
            retries.add("NEW-" + (i % 2));
        }
        java.util.Collections.shuffle(retries, new java.util.Random(11));
        assertExactlyOnce(retries, postAllAtOnce(retries), first);

        assertThat(engine.leads().count(new LeadQuery(vendorId, null, null))).isEqualTo(10);
    }
}
