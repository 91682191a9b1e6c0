package io.leadwire.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.LeadIds;
import io.leadwire.lead.Vendor;
import io.leadwire.lead.VendorPoll;
import io.leadwire.mapping.MappingEngine;
import io.leadwire.store.Database;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.LeadRepository.LeadQuery;
import io.leadwire.store.RefusalRepository;
import io.leadwire.store.SecretBox;
import io.leadwire.store.VendorRepository;
import io.leadwire.testing.Http;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull and hybrid intake against a local vendor API (JDK server on 127.0.0.1), with a real H2
 * database on disk and a clock the test moves: paging with a cursor, a restart resuming from the
 * stored cursor, hybrid de-duplication against pushed leads, backoff and recovery, and credentials.
 */
class VendorPollerTest {
    private static final Instant T0 = Instant.parse("2026-03-06T14:00:00Z");
    private static final PollBackoff BACKOFF = new PollBackoff(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(1));

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(T0);
    private VendorApiServer api;
    private Stack stack;

    /** One engine's worth of intake parts on the data dir; closed and reopened for a "restart". */
    private final class Stack implements AutoCloseable {
        final Database db = Database.open("jdbc:h2:file:" + dataDir.resolve("db/leadwire") + ";WRITE_DELAY=0",
                null, null, 4);
        final EventBus events = new EventBus();
        final VendorRepository vendorRepo = new VendorRepository(db.dataSource());
        final LeadRepository leads = new LeadRepository(db.dataSource(), new ObjectMapper());
        final RefusalRepository refusals = new RefusalRepository(db.dataSource());
        final VendorService vendors = new VendorService(vendorRepo, new ApiKeys(new SecureRandom()), clock, events);
        final IntakeService intake = new IntakeService(vendorRepo, leads, refusals, new LeadIds(clock,
                new SecureRandom()), clock, events, new VendorDialects(vendorRepo, new MappingEngine(clock), clock,
                Duration.ofSeconds(2), events));
        final SecretBox secrets = SecretBox.forKeyFile(dataDir.resolve("secrets.key"));
        final VendorPoller poller = new VendorPoller(vendorRepo, intake, new PayloadParser(), secrets,
                HttpClient.newHttpClient(), clock, BACKOFF, Duration.ofSeconds(5), events);

        Stack() throws Exception {
        }

        long leadCount(String vendorId) {
            return leads.count(new LeadQuery(vendorId, null, null));
        }

        VendorPoll poll(String vendorId) {
            return vendorRepo.findPoll(vendorId).orElseThrow();
        }

        @Override
        public void close() {
            poller.close();
            intake.close();
            db.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        api = new VendorApiServer();
        stack = new Stack();
    }

    @AfterEach
    void tearDown() {
        stack.close();
        api.close();
    }

    private Vendor vendor(String name) {
        return stack.vendors.add(name, List.of()).vendor();
    }

    private static VendorPoll.Settings settings(VendorPoll.Mode mode, String url, int pageSize) {
        return new VendorPoll.Settings(mode, url, VendorPoll.AuthKind.NONE, null, null, Duration.ofSeconds(30),
                "since", "limit", pageSize, null, null);
    }

    @Test
    void shouldFetchThreePagesAndStoreTheCursorWhenTheVendorHasMoreThanAPage() {
        api.withLeads("P", 1, 250);
        Vendor v = vendor("Pull Vendor");
        stack.vendors.setPolling(v.name(), settings(VendorPoll.Mode.PULL, api.url("/object"), 100));

        List<VendorPoller.Round> rounds = stack.poller.pollDue();

        assertThat(rounds).hasSize(1);
        VendorPoller.Round round = rounds.get(0);
        assertThat(round.ok()).as(round.error()).isTrue();
        assertThat(round.pages()).isEqualTo(3);
        assertThat(round.newLeads()).isEqualTo(250);
        assertThat(api.requests()).extracting(r -> r.query().get("since")).containsExactly(null, "100", "200");
        assertThat(api.requests()).allSatisfy(r -> assertThat(r.query()).containsEntry("limit", "100"));
        assertThat(stack.leadCount(v.id())).isEqualTo(250);
        VendorPoll poll = stack.poll(v.id());
        assertThat(poll.state().cursor()).isEqualTo("250");
        assertThat(poll.state().lastSuccessAt()).isEqualTo(T0);
        assertThat(poll.state().nextAttemptAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(poll.state().lastRoundNew()).isEqualTo(250);
    }

    @Test
    void shouldWaitForTheIntervalAndAskFromTheCursorWhenPolledAgain() {
        api.withLeads("P", 1, 20);
        Vendor v = vendor("Pull Vendor");
        stack.vendors.setPolling(v.name(), settings(VendorPoll.Mode.PULL, api.url("/object"), 100));
        stack.poller.pollDue();

        clock.advance(Duration.ofSeconds(29));
        assertThat(stack.poller.pollDue()).isEmpty();
        api.withLeads("P", 21, 25);
        clock.advance(Duration.ofSeconds(1));
        List<VendorPoller.Round> second = stack.poller.pollDue();

        assertThat(second).extracting(VendorPoller.Round::newLeads).containsExactly(5);
        assertThat(api.requests().get(api.requests().size() - 1).query()).containsEntry("since", "20");
        assertThat(stack.leadCount(v.id())).isEqualTo(25);
    }

    @Test
    void shouldUseTheLastLeadAsCursorWhenTheResponseIsABareArray() {
        api.withLeads("A", 1, 7);
        Vendor v = vendor("Array Vendor");
        stack.vendors.setPolling(v.name(), new VendorPoll.Settings(VendorPoll.Mode.PULL, api.url("/array"),
                VendorPoll.AuthKind.NONE, null, null, Duration.ofSeconds(30), "since", "limit", 3, null, "lead_id"));

        VendorPoller.Round round = stack.poller.pollNow(v.id());

        assertThat(round.ok()).as(round.error()).isTrue();
        assertThat(round.newLeads()).isEqualTo(7);
        assertThat(api.requests()).extracting(r -> r.query().get("since")).containsExactly(null, "A-3", "A-6");
        assertThat(stack.poll(v.id()).state().cursor()).isEqualTo("A-7");
    }

    @Test
    void shouldResumeFromTheStoredCursorWhenTheEngineRestartsAfterARoundFailedHalfway() throws Exception {
        api.withLeads("R", 1, 250);
        Vendor v = vendor("Restart Vendor");
        stack.vendors.setPolling(v.name(), settings(VendorPoll.Mode.PULL, api.url("/object"), 100));
        api.failAfter(1, 503);

        VendorPoller.Round broken = stack.poller.pollNow(v.id());

        assertThat(broken.ok()).isFalse();
        assertThat(broken.newLeads()).isEqualTo(100);
        assertThat(stack.poll(v.id()).state().cursor()).isEqualTo("100");
        assertThat(stack.leadCount(v.id())).isEqualTo(100);

        stack.close();
        api.heal();
        stack = new Stack();
        clock.advance(Duration.ofSeconds(5));
        int before = api.requests().size();
        List<VendorPoller.Round> afterRestart = stack.poller.pollDue();

        assertThat(afterRestart).hasSize(1);
        assertThat(afterRestart.get(0).ok()).as(afterRestart.get(0).error()).isTrue();
        assertThat(api.requests().get(before).query()).containsEntry("since", "100");
        assertThat(afterRestart.get(0).newLeads()).isEqualTo(150);
        assertThat(afterRestart.get(0).duplicates()).isZero();
        assertThat(stack.leadCount(v.id())).isEqualTo(250);
        assertThat(stack.poll(v.id()).state().cursor()).isEqualTo("250");
    }

    @Test
    void shouldAddOnlyTheLeadsPushMissedWhenPollingAsHybridBackup() throws Exception {
        for (int i = 1; i <= 10; i++) {
            api.add(VendorApiServer.lead("HY-" + i));
        }
        VendorService.IssuedKey issued = stack.vendors.add("Hybrid Vendor", List.of());
        Vendor v = issued.vendor();
        try (IntakeServer server = new IntakeServer(new IntakeConfig("127.0.0.1", 0, 65536, null, null, 2),
                stack.intake, new PayloadParser(), new ObjectMapper(), stack.events, new NoHealth())) {
            server.start();
            Http http = new Http();
            for (int i = 1; i <= 10; i += 2) {
                HttpResponse<String> r = http.postJson(server.intakeUrl(), issued.apiKey(),
                        VendorApiServer.lead("HY-" + i));
                assertThat(r.statusCode()).isEqualTo(202);
            }
        }
        stack.vendors.setPolling(v.name(), settings(VendorPoll.Mode.HYBRID, api.url("/object"), 100));

        VendorPoller.Round round = stack.poller.pollNow(v.id());

        assertThat(round.ok()).as(round.error()).isTrue();
        assertThat(round.newLeads()).isEqualTo(5);
        assertThat(round.duplicates()).isEqualTo(5);
        assertThat(stack.leadCount(v.id())).isEqualTo(10);
        assertThat(stack.poll(v.id()).state().lastRoundDuplicates()).isEqualTo(5);

        clock.advance(Duration.ofSeconds(30));
        VendorPoller.Round rePoll = stack.poller.pollNow(v.id());
        assertThat(rePoll.newLeads()).isZero();
        assertThat(stack.leadCount(v.id())).isEqualTo(10);
    }

    @Test
    void shouldBackOffLongerEachTimeAndShowTheErrorWhenTheVendorApiFailsThenRecover() {
        api.withLeads("F", 1, 3);
        Vendor v = vendor("Flaky Vendor");
        stack.vendors.setPolling(v.name(), settings(VendorPoll.Mode.PULL, api.url("/object"), 100));
        api.failWith(500);

        VendorPoller.Round first = stack.poller.pollDue().get(0);
        VendorPoll.State s1 = stack.poll(v.id()).state();
        assertThat(first.ok()).isFalse();
        assertThat(s1.consecutiveFailures()).isEqualTo(1);
        assertThat(s1.lastError()).contains("HTTP 500").contains("127.0.0.1");
        assertThat(s1.lastErrorAt()).isEqualTo(T0);
        assertThat(s1.nextAttemptAt()).isEqualTo(T0.plusSeconds(5));

        clock.advance(Duration.ofSeconds(4));
        assertThat(stack.poller.pollDue()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        stack.poller.pollDue();
        VendorPoll.State s2 = stack.poll(v.id()).state();
        assertThat(s2.consecutiveFailures()).isEqualTo(2);
        assertThat(Duration.between(s2.lastErrorAt(), s2.nextAttemptAt())).isEqualTo(Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(10));
        stack.poller.pollDue();
        VendorPoll.State s3 = stack.poll(v.id()).state();
        assertThat(s3.consecutiveFailures()).isEqualTo(3);
        assertThat(Duration.between(s3.lastErrorAt(), s3.nextAttemptAt())).isEqualTo(Duration.ofSeconds(20));
        assertThat(s3.cursor()).isNull();
        assertThat(stack.leadCount(v.id())).isZero();

        api.heal();
        clock.advance(Duration.ofSeconds(20));
        VendorPoller.Round recovered = stack.poller.pollDue().get(0);
        VendorPoll.State s4 = stack.poll(v.id()).state();
        assertThat(recovered.ok()).isTrue();
        assertThat(s4.consecutiveFailures()).isZero();
        assertThat(s4.lastSuccessAt()).isEqualTo(clock.instant());
        assertThat(s4.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(30));
        assertThat(s4.lastError()).contains("HTTP 500");
        assertThat(stack.leadCount(v.id())).isEqualTo(3);
    }

    @Test
    void shouldFailTheRoundWithAClearErrorWhenTheVendorApiIsDown() {
        Vendor v = vendor("Gone Vendor");
        String url = api.url("/object");
        api.close();
        stack.vendors.setPolling(v.name(), settings(VendorPoll.Mode.PULL, url, 100));

        VendorPoller.Round round = stack.poller.pollNow(v.id());

        assertThat(round.ok()).isFalse();
        assertThat(stack.poll(v.id()).state().lastError()).startsWith("cannot reach 127.0.0.1:");
    }

    @Test
    void shouldSendTheBearerTokenAndStoreItOnlyEncryptedWhenThePollUsesAuth() throws Exception {
        String token = "tok-" + "9f8e7d6c5b4a";
        api.withLeads("S", 1, 2);
        Vendor v = vendor("Secret Vendor");
        stack.vendors.setPolling(v.name(), new VendorPoll.Settings(VendorPoll.Mode.PULL, api.url("/object"),
                VendorPoll.AuthKind.BEARER, null, stack.secrets.seal(token), Duration.ofSeconds(30), "since",
                "limit", 100, null, null));

        assertThat(stack.poller.pollNow(v.id()).ok()).isTrue();

        assertThat(api.requests().get(0).headers()).containsEntry("authorization", "Bearer " + token);
        try (Connection c = stack.db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM vendor_poll WHERE vendor_id = ?")) {
            ps.setString(1, v.id());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    assertThat(String.valueOf(rs.getObject(i))).doesNotContain(token);
                }
                assertThat(rs.getString("auth_secret")).startsWith("v1:");
            }
        }
    }

    @Test
    void shouldSendTheHeaderKeyOrBasicCredentialsWhenConfigured() {
        api.withLeads("K", 1, 1);
        Vendor header = vendor("Header Vendor");
        Vendor basic = vendor("Basic Vendor");
        stack.vendors.setPolling(header.name(), new VendorPoll.Settings(VendorPoll.Mode.PULL, api.url("/object"),
                VendorPoll.AuthKind.HEADER, "X-Vendor-Key", stack.secrets.seal("k-123"), Duration.ofSeconds(30),
                "since", "limit", 100, null, null));
        stack.vendors.setPolling(basic.name(), new VendorPoll.Settings(VendorPoll.Mode.PULL, api.url("/object"),
                VendorPoll.AuthKind.BASIC, "leadwire", stack.secrets.seal("pw"), Duration.ofSeconds(30),
                "since", "limit", 100, null, null));

        stack.poller.pollNow(header.id());
        stack.poller.pollNow(basic.id());

        assertThat(api.requests().get(0).headers()).containsEntry("x-vendor-key", "k-123");
        assertThat(api.requests().get(1).headers()).containsEntry("authorization",
                "Basic " + Base64.getEncoder().encodeToString("leadwire:pw".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldMapPolledLeadsThroughTheVendorsDialectWhenItHasOne() throws Exception {
        api.add(Files.readString(Path.of("docs/examples/vendor-dialects/northwind.lead.json")).replace("\n", ""));
        Vendor v = vendor("Northwind Pull");
        stack.vendors.setDialect(v.name(),
                Files.readString(Path.of("docs/examples/vendor-dialects/northwind.dialect.json")));
        stack.vendors.setPolling(v.name(), settings(VendorPoll.Mode.PULL, api.url("/object"), 100));

        assertThat(stack.poller.pollNow(v.id()).newLeads()).isEqualTo(1);

        var lead = stack.leads.findByVendorLeadId(v.id(), "FL-2026-001234").orElseThrow();
        assertThat(lead.phone()).isEqualTo("+442071234567");
        assertThat(lead.field("trading_experience")).isEqualTo("novice");
        assertThat(lead.field("extra.Notes")).isEqualTo("call after 5pm");
    }

    @Test
    void shouldRecordARefusalAndGoOnWhenAPolledItemIsNotAUsableLead() {
        api.add("{\"first_name\":\"No Id\"}");
        api.add("42");
        api.add(VendorApiServer.lead("OK-1"));
        Vendor v = vendor("Messy Vendor");
        stack.vendors.setPolling(v.name(), settings(VendorPoll.Mode.PULL, api.url("/object"), 100));

        VendorPoller.Round round = stack.poller.pollNow(v.id());
        stack.intake.close();

        assertThat(round.ok()).isTrue();
        assertThat(round.newLeads()).isEqualTo(1);
        assertThat(round.refused()).isEqualTo(2);
        assertThat(stack.refusals.recent(v.id(), 10)).extracting(r -> r.reason())
                .containsExactlyInAnyOrder("missing_field", "malformed_body");
        assertThat(stack.poll(v.id()).state().cursor()).isEqualTo("3");
    }

    @Test
    void shouldRefuseSettingsWhenTheUrlOrNumbersAreUnusable() {
        Vendor v = vendor("Typo Vendor");
        Map<String, VendorPoll.Settings> bad = Map.of(
                "http:// or https://", settings(VendorPoll.Mode.PULL, "ftp://vendor.example/leads", 100),
                "between 1 and 10000", settings(VendorPoll.Mode.PULL, "https://vendor.example/leads", 0),
                "needs a secret", new VendorPoll.Settings(VendorPoll.Mode.PULL, "https://vendor.example/leads",
                        VendorPoll.AuthKind.BEARER, null, null, Duration.ofSeconds(30), "since", "limit", 10, null,
                        null));
        bad.forEach((message, s) -> org.assertj.core.api.Assertions
                .assertThatThrownBy(() -> stack.vendors.setPolling(v.name(), s))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message));
        assertThat(stack.vendorRepo.findPoll(v.id())).isEmpty();
    }

    /** The intake server's health probe, unused here. */
    private static final class NoHealth implements IntakeServer.HealthProbe {
        @Override
        public boolean databaseUp() {
            return true;
        }

        @Override
        public Map<String, Object> details() {
            return Map.of();
        }
    }
}
