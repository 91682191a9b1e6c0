package io.leadwire.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.intake.ApiKeys;
import io.leadwire.intake.IntakeConfig;
import io.leadwire.intake.IntakeServer;
import io.leadwire.intake.IntakeService;
import io.leadwire.intake.PayloadParser;
import io.leadwire.intake.PollBackoff;
import io.leadwire.intake.VendorDialects;
import io.leadwire.intake.VendorPoller;
import io.leadwire.intake.VendorService;
import io.leadwire.lead.EngineState;
import io.leadwire.lead.EngineStateEvent;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.LeadIds;
import io.leadwire.lead.LeadStatus;
import io.leadwire.metrics.IntakeMetrics;
import io.leadwire.quality.DedupePolicy;
import io.leadwire.quality.EmailValidator;
import io.leadwire.quality.ExternalChecks;
import io.leadwire.quality.GeoIpDatabase;
import io.leadwire.quality.LeadJudge;
import io.leadwire.quality.QualityPolicy;
import io.leadwire.quality.QualitySettings;
import io.leadwire.quality.QualityStage;
import io.leadwire.store.Database;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.QualityFiguresRepository;
import io.leadwire.mapping.MappingEngine;
import io.leadwire.store.RefusalRepository;
import io.leadwire.store.SecretBox;
import io.leadwire.store.SettingsRepository;
import io.leadwire.store.SettingsWatcher;
import io.leadwire.store.VendorRepository;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of one engine process: the data-dir lock, the database, the services
 * and the intake server, wired once. The console and {@code serve} both run exactly this.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** The data dir's key for secrets Leadwire must read back (vendor poll credentials). */
    static final String SECRETS_KEY_FILE = "secrets.key";

    private final DataDirLock lock;
    private final Database database;
    private final EventBus events;
    private final Clock clock;
    private final LeadRepository leads;
    private final RefusalRepository refusals;
    private final VendorService vendors;
    private final IntakeService intake;
    private final IntakeMetrics metrics;
    private final QualityStage quality;
    private final IntakeServer server;
    private final VendorPoller poller;
    private volatile EngineState state = EngineState.STARTING;
    private volatile GeoIpDatabase geoIp = GeoIpDatabase.open(io.leadwire.quality.GeoIpSettings.none());
    private volatile Optional<ExternalChecks> externalChecks = Optional.empty();
    private QualitySettings qualitySettings;
    private SettingsWatcher settingsWatcher;

    private Engine(DataDirLock lock, Database database, EventBus events, Clock clock, LeadRepository leads,
                   RefusalRepository refusals, VendorService vendors, IntakeService intake, IntakeMetrics metrics,
                   QualityStage quality, IntakeServer server, VendorPoller poller) {
        this.lock = lock;
        this.database = database;
        this.events = events;
        this.clock = clock;
        this.leads = leads;
        this.refusals = refusals;
        this.vendors = vendors;
        this.intake = intake;
        this.metrics = metrics;
        this.quality = quality;
        this.server = server;
        this.poller = poller;
    }

    /**
     * Locks the data dir, opens and migrates the database and starts the intake.
     *
     * @throws IOException when the data dir is held by another engine, or the port cannot be bound
     */
    public static Engine start(EngineConfig config, String role, Clock clock) throws IOException {
        DataDirLock lock = DataDirLock.acquire(config.dataDir(), role);
        Database db = null;
        IntakeService intake = null;
        QualityStage quality = null;
        GeoIpDatabase geoIp = null;
        ExternalChecks external = null;
        try {
            db = config.openDatabase(16);
            ObjectMapper json = new ObjectMapper();
            EventBus events = new EventBus();
            SecureRandom random = new SecureRandom();
            VendorRepository vendorRepo = new VendorRepository(db.dataSource());
            LeadRepository leads = new LeadRepository(db.dataSource(), json);
            RefusalRepository refusals = new RefusalRepository(db.dataSource());
            VendorService vendors = new VendorService(vendorRepo, new ApiKeys(random), clock, events);
            VendorDialects dialects = new VendorDialects(vendorRepo, new MappingEngine(clock), clock,
                    Duration.ofSeconds(2), events);
            intake = new IntakeService(vendorRepo, leads, refusals, new LeadIds(clock, random), clock,
                    events, dialects);
            IntakeMetrics metrics = new IntakeMetrics(events);
            // A missing or broken geo-IP database is logged and shown by geoIpStatus(); it never stops the engine.
            geoIp = GeoIpDatabase.open(config.checks().geoIp());
            external = ExternalChecks.create(config.checks(), QualityPolicy.defaults(), json, clock);
            GeoIpDatabase geoDb = geoIp;
            ExternalChecks checks = external;
            Database database = db;
            IntakeServer.HealthProbe probe = new IntakeServer.HealthProbe() {
                @Override
                public boolean databaseUp() {
                    return database.isHealthy();
                }

                @Override
                public Map<String, Object> details() {
                    Map<String, Object> queues = new LinkedHashMap<>();
                    Map<LeadStatus, Long> counts = leads.countByStatus();
                    for (LeadStatus s : LeadStatus.values()) {
                        queues.put(s.wireName(), counts.getOrDefault(s, 0L));
                    }
                    return Map.of("leads_by_status", queues, "checks", Map.of(
                            "geo_ip", geoDb.status().state().name().toLowerCase(java.util.Locale.ROOT),
                            "external_verification", checks.describe()));
                }
            };
            IntakeConfig ic = new IntakeConfig(config.bind(), config.port(), config.maxBodyBytes(),
                    config.tlsKeystore(), config.tlsPassword(), 64);
            PayloadParser parser = new PayloadParser();
            IntakeServer server = new IntakeServer(ic, intake, parser, json, events, probe);
            server.addTextEndpoint("/metrics", new IntakeServer.TextEndpoint(IntakeMetrics.contentType(),
                    metrics::scrape));
            // Engine settings live in the database, shared with every engine process on it.
            SettingsRepository settingsRepo = new SettingsRepository(db.dataSource());
            SettingsWatcher watcher = new SettingsWatcher(settingsRepo);
            QualitySettings qualitySettings = new QualitySettings(settingsRepo, clock);
            watcher.watch(qualitySettings.live());
            LeadJudge judge = new LeadJudge(QualityPolicy.defaults(), clock, new EmailValidator(), geoIp.locator(),
                    external);
            quality = new QualityStage(leads, judge, json, events, clock, qualitySettings, DedupePolicy.defaults(),
                    external);
            VendorPoller poller = new VendorPoller(vendorRepo, intake, parser,
                    SecretBox.forKeyFile(config.dataDir().resolve(SECRETS_KEY_FILE)),
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), clock,
                    PollBackoff.defaults(), Duration.ofSeconds(10), events);
            Engine engine = new Engine(lock, db, events, clock, leads, refusals, vendors, intake, metrics, quality,
                    server, poller);
            engine.geoIp = geoIp;
            engine.externalChecks = Optional.of(external);
            engine.qualitySettings = qualitySettings;
            engine.settingsWatcher = watcher.start(SettingsWatcher.DEFAULT_INTERVAL);
            // The stage starts before the intake so that leads a crash left RECEIVED are judged first.
            quality.start();
            server.start();
            poller.start(Duration.ofSeconds(1));
            engine.setState(EngineState.RUNNING);
            LOG.info("engine running on {} with data in {}", db.displayUrl(), config.dataDir());
            return engine;
        } catch (IOException | RuntimeException e) {
            if (quality != null) {
                quality.close();
            }
            if (external != null) {
                external.close();
            }
            if (geoIp != null) {
                closeQuietly(geoIp);
            }
            if (intake != null) {
                intake.close();
            }
            if (db != null) {
                db.close();
            }
            lock.close();
            throw e;
        }
    }

    private static void closeQuietly(GeoIpDatabase db) {
        try {
            db.close();
        } catch (IOException e) {
            LOG.debug("closing the geo-IP database failed: {}", e.toString());
        }
    }

    /** The geo-IP check: off, ready (which database) or failed (why, and what to do). */
    public GeoIpDatabase.Status geoIpStatus() {
        return geoIp.status();
    }

    /** One line on the external verification services: off, or on with each breaker's state. */
    public String externalChecksStatus() {
        return externalChecks.map(ExternalChecks::describe).orElse("external verification off");
    }

    private void setState(EngineState s) {
        state = s;
        events.publish(new EngineStateEvent(s));
    }

    public EngineState state() {
        return state;
    }

    public EventBus events() {
        return events;
    }

    public Clock clock() {
        return clock;
    }

    public LeadRepository leads() {
        return leads;
    }

    public RefusalRepository refusals() {
        return refusals;
    }

    public VendorService vendors() {
        return vendors;
    }

    /** The per-vendor quality figures the quality stage keeps, for dashboards. */
    public QualityFiguresRepository qualityFigures() {
        return new QualityFiguresRepository(database.dataSource());
    }

    public String intakeUrl() {
        return server.intakeUrl();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public Database database() {
        return database;
    }

    /** The poller of vendors in pull or hybrid mode. */
    public VendorPoller poller() {
        return poller;
    }

    /** The quality policy in force, editable in the console's Settings screen. */
    public QualitySettings qualitySettings() {
        return qualitySettings;
    }

    /** The quality stage's judge, for re-judging leads edited on the quarantine desk. */
    public LeadJudge judge() {
        return quality.judge();
    }

    /**
     * Drains and stops: new intake requests get 503, requests in flight finish and are
     * committed, queued writes are flushed, then the database closes and the lock is freed.
     */
    @Override
    public synchronized void close() {
        if (state == EngineState.STOPPED) {
            return;
        }
        setState(EngineState.DRAINING);
        server.shutdown(10);
        poller.close();
        intake.close();
        quality.close();
        settingsWatcher.close();
        externalChecks.ifPresent(ExternalChecks::close);
        closeQuietly(geoIp);
        metrics.close();
        database.close();
        try {
            lock.close();
        } catch (IOException e) {
            LOG.warn("could not release data dir lock: {}", e.toString());
        }
        setState(EngineState.STOPPED);
        LOG.info("engine stopped");
    }
}
