package io.leadwire.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.intake.ApiKeys;
import io.leadwire.intake.IntakeConfig;
import io.leadwire.intake.IntakeServer;
import io.leadwire.intake.IntakeService;
import io.leadwire.intake.PayloadParser;
import io.leadwire.intake.VendorService;
import io.leadwire.lead.EngineState;
import io.leadwire.lead.EngineStateEvent;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.LeadIds;
import io.leadwire.lead.LeadStatus;
import io.leadwire.metrics.IntakeMetrics;
import io.leadwire.quality.LeadJudge;
import io.leadwire.quality.QualityPolicy;
import io.leadwire.quality.QualityStage;
import io.leadwire.store.Database;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.RefusalRepository;
import io.leadwire.store.VendorRepository;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of one engine process: the data-dir lock, the database, the services
 * and the intake server, wired once. The console and {@code serve} both run exactly this.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

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
    private volatile EngineState state = EngineState.STARTING;

    private Engine(DataDirLock lock, Database database, EventBus events, Clock clock, LeadRepository leads,
                   RefusalRepository refusals, VendorService vendors, IntakeService intake, IntakeMetrics metrics,
                   QualityStage quality, IntakeServer server) {
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
        try {
            db = config.openDatabase(16);
            ObjectMapper json = new ObjectMapper();
            EventBus events = new EventBus();
            SecureRandom random = new SecureRandom();
            VendorRepository vendorRepo = new VendorRepository(db.dataSource());
            LeadRepository leads = new LeadRepository(db.dataSource(), json);
            RefusalRepository refusals = new RefusalRepository(db.dataSource());
            VendorService vendors = new VendorService(vendorRepo, new ApiKeys(random), clock, events);
            intake = new IntakeService(vendorRepo, leads, refusals, new LeadIds(clock, random), clock,
                    events);
            IntakeMetrics metrics = new IntakeMetrics(events);
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
                    return Map.of("leads_by_status", queues);
                }
            };
            IntakeConfig ic = new IntakeConfig(config.bind(), config.port(), config.maxBodyBytes(),
                    config.tlsKeystore(), config.tlsPassword(), 64);
            IntakeServer server = new IntakeServer(ic, intake, new PayloadParser(), json, events, probe);
            server.addTextEndpoint("/metrics", new IntakeServer.TextEndpoint(IntakeMetrics.contentType(),
                    metrics::scrape));
            quality = new QualityStage(leads, new LeadJudge(QualityPolicy.defaults(), clock), json, events,
                    clock);
            Engine engine = new Engine(lock, db, events, clock, leads, refusals, vendors, intake, metrics, quality,
                    server);
            // The stage starts before the intake so that leads a crash left RECEIVED are judged first.
            quality.start();
            server.start();
            engine.setState(EngineState.RUNNING);
            LOG.info("engine running on {} with data in {}", db.displayUrl(), config.dataDir());
            return engine;
        } catch (IOException | RuntimeException e) {
            if (quality != null) {
                quality.close();
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

    public String intakeUrl() {
        return server.intakeUrl();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public Database database() {
        return database;
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
        intake.close();
        quality.close();
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
