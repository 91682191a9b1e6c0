package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.app.Engine;
import io.leadwire.app.EngineConfig;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.Vendor;
import io.leadwire.store.Database;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.LiveSetting;
import io.leadwire.store.SettingsRepository;
import io.leadwire.store.SettingsWatcher;
import io.leadwire.store.VendorRepository;
import io.leadwire.testing.Http;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quality settings on a real H2 database: saving, history, other processes, and the stage using them. */
class QualitySettingsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
    /** A Sunday night: no business-hours points, so the example lead scores exactly 70. */
    private static final Instant SUNDAY_NIGHT = Instant.parse("2026-03-08T03:00:00Z");

    @TempDir
    Path dataDir;
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null,
            4);
    private final SettingsRepository repository = new SettingsRepository(db.dataSource());

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void shouldUseTheDefaultsWhenNothingWasSaved() {
        QualitySettings settings = new QualitySettings(repository, clock);

        assertThat(settings.snapshot().isDefault()).isTrue();
        assertThat(settings.current()).isSameAs(QualityPolicy.defaults());
    }

    @Test
    void shouldApplyNotifyAndRecordWhenAPolicyIsSaved() {
        QualitySettings settings = new QualitySettings(repository, clock);
        List<LiveSetting.Snapshot<QualityPolicy>> seen = new CopyOnWriteArrayList<>();
        settings.subscribe(seen::add);

        settings.update(withStandard(75), "alice");

        assertThat(settings.current().scoring().standardThreshold()).isEqualTo(75);
        assertThat(settings.snapshot().updatedBy()).isEqualTo("alice");
        assertThat(settings.snapshot().updatedAt()).isEqualTo(NOW);
        assertThat(seen).singleElement().extracting(LiveSetting.Snapshot::version).isEqualTo(1L);
        SettingsRepository.SettingChange change = repository.history(QualitySettings.NAME, 5).get(0);
        assertThat(change.oldJson()).isNull();
        assertThat(change.newJson()).contains("\"standard\" : 75");
        assertThat(new QualitySettings(repository, clock).current().scoring().standardThreshold()).isEqualTo(75);
    }

    @Test
    void shouldPickUpAChangeWhenAnotherProcessSavedIt() {
        QualitySettings here = new QualitySettings(repository, clock);
        SettingsWatcher watcher = new SettingsWatcher(repository);
        watcher.watch(here.live());
        QualitySettings elsewhere = new QualitySettings(repository, clock);

        elsewhere.update(withStandard(72), "bob");

        assertThat(here.current().scoring().standardThreshold()).isEqualTo(60);
        assertThat(watcher.checkNow()).isEqualTo(1);
        assertThat(here.current().scoring().standardThreshold()).isEqualTo(72);
        assertThat(here.snapshot().updatedBy()).isEqualTo("bob");
        assertThat(watcher.checkNow()).isZero();
    }

    @Test
    void shouldRefuseASaveWhenItStartedFromAnOlderVersion() {
        QualitySettings alice = new QualitySettings(repository, clock);
        QualitySettings bob = new QualitySettings(repository, clock);
        bob.update(withStandard(70), "bob");

        assertThatThrownBy(() -> alice.update(withStandard(65), "alice", 0))
                .isInstanceOf(SettingsRepository.StaleSettingException.class);
        assertThat(repository.find(QualitySettings.NAME).orElseThrow().updatedBy()).isEqualTo("bob");
    }

    @Test
    void shouldKeepTheLastGoodPolicyAndSayWhyWhenTheStoredDocumentIsBroken() {
        QualitySettings settings = new QualitySettings(repository, clock);
        settings.update(withStandard(70), "alice");
        repository.save(QualitySettings.NAME, "{\"scoring\":{\"thresholds\":{\"hot\":50,\"standard\":70}}}", 1,
                "hand-edit", NOW);

        settings.live().refreshIfNewer(repository.versions());

        assertThat(settings.current().scoring().standardThreshold()).isEqualTo(70);
        assertThat(settings.snapshot().loadProblems()).extracting(p -> p.field())
                .contains("scoring.thresholds.standard");
        assertThat(settings.live().refreshIfNewer(repository.versions())).isFalse();
        QualitySettings restarted = new QualitySettings(repository, clock);
        assertThat(restarted.current()).isSameAs(QualityPolicy.defaults());
        assertThat(restarted.snapshot().loadProblems()).isNotEmpty();

        restarted.update(withStandard(65), "alice");

        assertThat(restarted.snapshot().loadProblems()).isEmpty();
        assertThat(restarted.snapshot().version()).isEqualTo(3);
    }

    @Test
    void shouldQuarantineALeadScoring70WhenTheStandardThresholdIsRaisedTo75() {
        ObjectMapper json = new ObjectMapper();
        LeadRepository leads = new LeadRepository(db.dataSource(), json);
        Vendor v = new VendorRepository(db.dataSource()).create("Acme", List.of(), "h", "lw_x", NOW);
        QualitySettings settings = new QualitySettings(repository, clock);
        QualityStage stage = new QualityStage(leads, new LeadJudge(QualityPolicy.defaults(), clock), json,
                new EventBus(), clock, settings);

        leads.insertAll(List.of(seventy(v, "S-1")));
        stage.judgeWaiting();
        settings.update(withStandard(75), "alice");
        leads.insertAll(List.of(seventy(v, "S-2")));
        stage.judgeWaiting();

        Lead before = leads.findByVendorLeadId(v.id(), "S-1").orElseThrow();
        Lead after = leads.findByVendorLeadId(v.id(), "S-2").orElseThrow();
        assertThat(before.status()).isEqualTo(LeadStatus.ACCEPTED);
        assertThat(after.status()).isEqualTo(LeadStatus.QUARANTINED);
        JsonNode verdict = Http.json(leads.verdictJson(after.id()).orElseThrow());
        assertThat(verdict.path("score").asInt()).isEqualTo(70);
        assertThat(verdict.path("reasons").findValuesAsText("code")).contains(ReasonCode.SCORE_REVIEW);
        assertThat(Http.json(leads.verdictJson(before.id()).orElseThrow()).path("score").asInt()).isEqualTo(70);
    }

    @Test
    void shouldJudgeWithTheSavedPolicyWhenTheEngineRunsOverHttp() throws Exception {
        try (Engine engine = Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536), "test",
                Clock.systemUTC())) {
            engine.qualitySettings().update(QualityPolicy.builder().requiredFields(List.of("zip")).build(), "alice");
            String key = engine.vendors().add("Acme Leads", List.of()).apiKey();
            Http http = new Http();

            String id = Http.json(http.postJson(engine.intakeUrl(), key, Http.resource("/leads/forex-uk.json")).body())
                    .path("id").asText();

            JsonNode lead = await().atMost(Duration.ofSeconds(10)).until(
                    () -> Http.json(http.get(engine.baseUrl() + "/api/v1/leads/" + id, key).body()),
                    body -> !body.path("status").asText().equals("received"));
            assertThat(lead.path("status").asText()).isEqualTo("quarantined");
            assertThat(lead.path("timeline").get(1).path("detail").asText()).contains(ReasonCode.FIELD_REQUIRED);
        }
    }

    private static QualityPolicy withStandard(int standard) {
        return QualityPolicy.builder().scoring(ScoringPolicy.builder().thresholds(85, standard).build()).build();
    }

    /** 50 base + 30 Tier-1 − 5 no last name − 5 no IP address = 70, standard under the defaults. */
    private static Lead seventy(Vendor v, String leadId) {
        Map<String, String> fields = Map.of("lead_id", leadId, "first_name", "John", "email", "john.smith@example.com",
                "phone", "+442071234567", "country", "United Kingdom");
        return new Lead(0, UUID.randomUUID().toString(), v.id(), leadId, SUNDAY_NIGHT, LeadStatus.RECEIVED,
                "application/json", "{}", fields, "127.0.0.1");
    }
}
