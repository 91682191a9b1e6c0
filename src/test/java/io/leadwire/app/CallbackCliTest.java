package io.leadwire.app;

import static io.leadwire.app.CliTest.leadwire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadwire.callback.CallbackEndpoint;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.LeadEvent;
import io.leadwire.store.CallbackRepository;
import io.leadwire.store.Database;
import io.leadwire.testing.Http;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code leadwire callback list} on a data dir whose engine (real H2, intake, delivery to a local
 * mock buyer) received signed callbacks over real HTTP: applied ones, and flagged ones an
 * operator has to see.
 */
class CallbackCliTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Http HTTP = new Http();

    @TempDir
    Path dir;

    private Path dataDir() {
        return dir.resolve("data");
    }

    private CliTest.Run callback(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "callback";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dataDir().toString();
        return leadwire(all);
    }

    private CliTest.Run ok(String... args) {
        CliTest.Run r = callback(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "list"})
    void shouldPrintHelpForEverySubcommand(String sub) {
        CliTest.Run r = sub.isEmpty() ? leadwire("callback", "--help") : leadwire("callback", sub, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: leadwire callback");
    }

    @Test
    void shouldListAnEventWhoseApplyingBrokeWithTheFlaggedOnesAndMaskWhatItsErrorQuotes() throws Exception {
        String acmeId;
        try (Engine engine = Engine.start(new EngineConfig(dataDir(), "127.0.0.1", 0, null, null, null, 65536),
                "test", Clock.systemUTC())) {
            importBuyer(engine, "Acme", "http://127.0.0.1:9/leads", "auto");
            acmeId = engine.buyers().list().stream().filter(b -> b.name().equals("Acme")).findFirst().orElseThrow()
                    .id();
        }
        String broken = "msg_broken_" + UUID.randomUUID();
        EmbeddedCredentials credentials = EmbeddedCredentials.forDataDir(dataDir());
        try (Database db = Database.open(Database.embeddedUrl(dataDir()), credentials.user(), credentials.password(),
                2)) {
            CallbackRepository callbacks = new CallbackRepository(db.dataSource());
            callbacks.receive(acmeId, broken, Instant.now(), "127.0.0.1", "status", "{\"status\":\"contacted\"}");
            // The worker's path for an event whose applying throws: rolled back alone, kept as failed.
            callbacks.processPending(10, Instant.now(), (event, applying) -> {
                throw new IllegalStateException("value too long for zelda.quimby@example.com");
            });
        }

        CliTest.Run flagged = ok("list", "--flagged");
        assertThat(flagged.outLines()).hasSize(2);
        assertThat(flagged.outLines().get(1)).contains(broken, "Acme", CallbackRepository.FAILED,
                "could not be applied", "z***@example.com").doesNotContain("zelda.quimby");
    }

    @Test
    void shouldListCallbacksAndTheFlaggedOnesWithWhyButNoPersonalDataOrSecrets() throws Exception {
        MockWebServer acme = new MockWebServer();
        acme.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setHeader("Content-Type", "application/json")
                        .setBody("{\"status\":\"accepted\",\"lead_id\":\"AC-1\"}");
            }
        });
        acme.start(InetAddress.getLoopbackAddress(), 0);
        String lead;
        String applied = "msg_applied_" + UUID.randomUUID();
        String teleported = "msg_unknown_type_" + UUID.randomUUID();
        String stranger = "msg_unknown_lead_" + UUID.randomUUID();
        String betas = "msg_beta_" + UUID.randomUUID();
        try (Engine engine = Engine.start(new EngineConfig(dataDir(), "127.0.0.1", 0, null, null, null, 65536),
                "test", Clock.systemUTC())) {
            importBuyer(engine, "Acme", acme.url("/leads").toString(), "auto");
            importBuyer(engine, "Beta", acme.url("/beta").toString(), "never");
            engine.buyers().setSecret("Acme", "CB", SECRET);
            engine.buyers().setSecret("Beta", "CB", SECRET);
            engine.buyerDirectory().refreshNow();
            engine.callbackBuyers().refreshNow();
            String key = engine.vendors().add("Vendor One", List.of()).apiKey();
            HttpResponse<String> ack = HTTP.postJson(engine.intakeUrl(), key, "{\"lead_id\":\"V-1\","
                    + "\"first_name\":\"Zelda\",\"last_name\":\"Quimby\",\"email\":\"zelda.quimby@example.com\","
                    + "\"phone\":\"+442079460091\",\"country\":\"United Kingdom\",\"product\":\"auto\"}");
            assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
            lead = Http.json(ack.body()).path("id").asText();
            await().atMost(Duration.ofSeconds(15)).until(() -> engine.deliveries().deliveriesOf(lead).stream()
                    .anyMatch(d -> d.status() == DeliveryStatus.ACCEPTED));

            send(engine, "Acme", applied, "{\"type\":\"status\",\"lead_id\":\"" + lead + "\",\"status\":\"contacted\"}");
            send(engine, "Acme", teleported, "{\"type\":\"lead.teleported\",\"lead_id\":\"" + lead + "\"}");
            send(engine, "Acme", stranger, "{\"type\":\"conversion\",\"lead_id\":\"no-such-lead\",\"amount\":5}");
            send(engine, "Beta", betas, "{\"type\":\"status\",\"lead_id\":\"" + lead + "\",\"status\":\"contacted\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.callbacks().countPending() == 0);
            // The unknown type named a lead sold to Acme: its timeline says the event came and did nothing.
            assertThat(engine.leads().timeline(lead)).extracting(LeadEvent::type, LeadEvent::detail)
                    .contains(org.assertj.core.groups.Tuple.tuple("callback_flagged", "buyer Acme: event not applied, "
                            + "unknown event type 'lead.teleported' (expected status, return, conversion, feedback, "
                            + "accepted or rejected)"));
        } finally {
            acme.shutdown();
        }

        CliTest.Run all = ok("list");
        List<String> lines = all.outLines();
        assertThat(lines.get(0)).contains("RECEIVED", "BUYER", "EVENT ID", "TYPE", "LEAD", "STATE");
        assertThat(lines).hasSize(5);
        // Newest first.
        assertThat(lines.get(1)).contains(betas, "Beta", "flagged", "no lead '" + lead + "' was delivered to Beta");
        assertThat(lines.get(2)).contains(stranger, "Acme", "conversion", "flagged", "no lead 'no-such-lead'");
        assertThat(lines.get(3)).contains(teleported, "Acme", "lead.teleported", lead, "flagged",
                "unknown event type 'lead.teleported'");
        assertThat(lines.get(4)).contains(applied, "Acme", "status", lead, CallbackRepository.APPLIED,
                "buyer Acme: contacted");

        CliTest.Run flagged = ok("list", "--flagged");
        assertThat(flagged.outLines()).hasSize(4).noneMatch(l -> l.contains(applied));
        assertThat(flagged.outLines().get(0)).contains("WHY");

        assertThat(ok("list", "--flagged", "--buyer", "Beta").outLines()).hasSize(2)
                .last().asString().contains(betas);
        assertThat(ok("list", "--buyer", "Acme", "--limit", "1").outLines()).hasSize(2)
                .last().asString().contains(stranger);
        assertThat(ok("list", "--flagged", "--buyer", "Acme", "--limit", "5").outLines()).hasSize(3);

        for (CliTest.Run r : List.of(all, flagged)) {
            assertThat(r.out()).doesNotContain("Zelda", "Quimby", "example.com", "442079460091", "whsec_",
                    SECRET.substring(6), "\"amount\"");
        }
    }

    @Test
    void shouldSaySoWhenThereIsNothingToListAndRefuseAnUnknownBuyerOrABadLimit() {
        assertThat(ok("list", "--flagged").out()).contains("No flagged callback events.");
        CliTest.Run nobody = callback("list", "--buyer", "Nobody");
        assertThat(nobody.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(nobody.err()).contains("no buyer 'Nobody'").doesNotContain("Exception");
        CliTest.Run zero = callback("list", "--limit", "0");
        assertThat(zero.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(zero.err()).contains("--limit must be from 1 to 1000");
    }

    private static void importBuyer(Engine engine, String name, String url, String product) {
        engine.buyers().importFile("{\"name\": \"" + name + "\", \"format\": \"json\", \"fields\": ["
                + "{\"target\": \"first\", \"source\": \"first_name\", \"required\": true}],"
                + "\"buyer\": {\"endpoints\": {\"production\": \"" + url + "\"}, \"price\": \"10\", "
                + "\"filters\": [{\"field\": \"product\", \"in\": [\"" + product + "\"]}], "
                + "\"callbacks\": {\"signature\": {\"scheme\": \"standard_webhooks\", \"secrets\": [\"${secret:CB}\"]}}}}",
                null, "tester");
    }

    private static void send(Engine engine, String buyer, String id, String body) {
        HttpResponse<String> r = HTTP.postStandardWebhook(engine.baseUrl() + CallbackEndpoint.PREFIX + buyer, SECRET,
                id, Instant.now().getEpochSecond(), body, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }
}
