package io.leadwire.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.callback.CallbackApplier;
import io.leadwire.callback.CallbackBuyers;
import io.leadwire.callback.CallbackEndpoint;
import io.leadwire.callback.CallbackWorker;
import io.leadwire.callback.outbound.WebhookDispatcher;
import io.leadwire.callback.outbound.WebhookPayloads;
import io.leadwire.callback.outbound.WebhookPolicy;
import io.leadwire.callback.outbound.WebhookService;
import io.leadwire.callback.outbound.WebhookSettings;
import io.leadwire.delivery.BuyerDirectory;
import io.leadwire.delivery.BuyerService;
import io.leadwire.delivery.DeliveryEngine;
import io.leadwire.delivery.RoutingSettings;
import io.leadwire.delivery.RoutingStage;
import io.leadwire.delivery.retry.CircuitBreakers;
import io.leadwire.intake.ApiKeys;
import io.leadwire.intake.IntakeConfig;
import io.leadwire.intake.IntakeServer;
import io.leadwire.intake.IntakeService;
import io.leadwire.intake.PayloadParser;
import io.leadwire.intake.PollBackoff;
import io.leadwire.intake.VendorDialects;
import io.leadwire.intake.VendorPoller;
import io.leadwire.intake.VendorService;
import io.leadwire.lead.BreakerChangedEvent;
import io.leadwire.lead.EngineState;
import io.leadwire.lead.EngineStateEvent;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.LeadIds;
import io.leadwire.lead.LeadStatus;
import io.leadwire.metrics.AlertDesk;
import io.leadwire.metrics.AlertEscalator;
import io.leadwire.metrics.AlertEvaluator;
import io.leadwire.metrics.AlertSettings;
import io.leadwire.metrics.AlertSubjects;
import io.leadwire.metrics.EmailChannel;
import io.leadwire.metrics.EngineMetrics;
import io.leadwire.metrics.Figures;
import io.leadwire.metrics.FiguresStage;
import io.leadwire.metrics.SlackChannel;
import io.leadwire.quality.DedupePolicy;
import io.leadwire.quality.EmailValidator;
import io.leadwire.quality.ExternalChecks;
import io.leadwire.quality.GeoIpDatabase;
import io.leadwire.quality.LeadJudge;
import io.leadwire.quality.QualityPolicy;
import io.leadwire.quality.QualitySettings;
import io.leadwire.quality.QualityStage;
import io.leadwire.routing.Router;
import io.leadwire.store.AlertRepository;
import io.leadwire.store.BuyerRepository;
import io.leadwire.store.CallbackRepository;
import io.leadwire.store.Database;
import io.leadwire.store.DeliveryRepository;
import io.leadwire.store.FiguresRepository;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.LiveSetting;
import io.leadwire.store.MappingRepository;
import io.leadwire.store.QualityFiguresRepository;
import io.leadwire.mapping.MappingEngine;
import io.leadwire.store.RefusalRepository;
import io.leadwire.store.RetentionJob;
import io.leadwire.store.RetentionSettings;
import io.leadwire.store.SecretBox;
import io.leadwire.store.SettingsRepository;
import io.leadwire.store.SettingsWatcher;
import io.leadwire.store.StoreGauges;
import io.leadwire.store.VendorRepository;
import io.leadwire.store.WebhookRepository;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
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
    static final Duration RETENTION_FIRST_RUN = Duration.ofMinutes(10);
    static final Duration RETENTION_EVERY = Duration.ofDays(1);
    /**
     * The most {@link #close()} takes before the database closes. installer/leadwire.service's
     * TimeoutStopSec (45 s) stays well above it, so systemd never has to SIGKILL a draining engine.
     */
    static final Duration STOP_BUDGET = Duration.ofSeconds(30);
    /** The longest the stop waits for attempts on the wire (within {@link #STOP_BUDGET}). */
    static final Duration DELIVERY_DRAIN = Duration.ofSeconds(15);
    /** The least of {@link #STOP_BUDGET} the delivery drain is left, however long the parts before it took. */
    static final Duration DELIVERY_FLOOR = Duration.ofSeconds(5);

    private final DataDirLock lock;
    private final Database database;
    private final EventBus events;
    private final Clock clock;
    private final LeadRepository leads;
    private final RefusalRepository refusals;
    private final VendorService vendors;
    private final IntakeService intake;
    private final EngineMetrics metrics;
    private final QualityStage quality;
    private final IntakeServer server;
    private final VendorPoller poller;
    private volatile EngineState state = EngineState.STARTING;
    private volatile GeoIpDatabase geoIp = GeoIpDatabase.open(io.leadwire.quality.GeoIpSettings.none());
    private volatile Optional<ExternalChecks> externalChecks = Optional.empty();
    private QualitySettings qualitySettings;
    private SettingsWatcher settingsWatcher;
    private BuyerService buyers;
    private BuyerDirectory buyerDirectory;
    private DeliveryRepository deliveries;
    private RoutingStage routing;
    private DeliveryEngine delivery;
    private FiguresStage figuresStage;
    private io.leadwire.store.StoreWatcher storeWatcher;
    private Figures figures;
    private CallbackRepository callbacks;
    private CallbackBuyers callbackBuyers;
    private CallbackWorker callbackWorker;
    private WebhookService webhooks;
    private WebhookDispatcher webhookDispatcher;
    private AlertEvaluator alertEvaluator;
    private AlertDesk alertDesk;
    private RetentionJob retention;

    private Engine(DataDirLock lock, Database database, EventBus events, Clock clock, LeadRepository leads,
                   RefusalRepository refusals, VendorService vendors, IntakeService intake, EngineMetrics metrics,
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
        BuyerDirectory directory = null;
        DeliveryEngine delivery = null;
        RoutingStage routing = null;
        FiguresStage figuresStage = null;
        CallbackWorker callbackWorker = null;
        WebhookDispatcher webhookDispatcher = null;
        AlertEvaluator alertEvaluator = null;
        RetentionJob retention = null;
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
            EngineMetrics metrics = new EngineMetrics(events);
            // A missing or broken geo-IP database is logged and shown by geoIpStatus(); it never stops the engine.
            geoIp = GeoIpDatabase.open(config.checks().geoIp());
            external = ExternalChecks.create(config.checks(), QualityPolicy.defaults(), json, clock);
            GeoIpDatabase geoDb = geoIp;
            ExternalChecks checks = external;
            Database database = db;
            SecretBox secretBox = SecretsKey.checked(config, db, role + " pid " + ProcessHandle.current().pid(),
                    System::getenv, clock);
            Map<String, Long> gaugesOff = new StoreGauges(db.dataSource()).recount();
            if (!gaugesOff.isEmpty()) {
                LOG.warn("store gauges were off and are recounted (recounted minus kept): {}", gaugesOff);
            }
            // Delivery: buyers from the store, routing of ACCEPTED leads, the sending engine.
            BuyerRepository buyerRepo = new BuyerRepository(db.dataSource());
            MappingRepository mappingRepo = new MappingRepository(db.dataSource());
            BuyerService buyerService = new BuyerService(buyerRepo, mappingRepo, secretBox, json, clock);
            CircuitBreakers breakers = new CircuitBreakers(clock);
            directory = new BuyerDirectory(buyerRepo, mappingRepo, buyerService, breakers, json,
                    clock, Duration.ofSeconds(1));
            BuyerDirectory named = directory;
            breakers.addListener(t -> {
                String name = named.nameOf(t.buyerId());
                LOG.info("breaker of buyer {}: {} -> {} ({})", name, t.from(), t.to(), t.reason());
                events.publish(new BreakerChangedEvent(t.buyerId(), name, wire(t.from()), wire(t.to()), t.reason()));
            });
            DeliveryRepository deliveryRepo = new DeliveryRepository(db.dataSource(), json);
            CallbackRepository callbackRepo = new CallbackRepository(db.dataSource());
            delivery = new DeliveryEngine(deliveryRepo, directory, new MappingEngine(clock), events, clock,
                    random::nextDouble);
            // How many shared buyers get a lead: a settings section every engine on the database shares.
            LiveSetting<RoutingSettings> routingSettings = new LiveSetting<>(new SettingsRepository(db.dataSource()),
                    new RoutingSettings.Codec(), clock);
            routing = new RoutingStage(deliveryRepo, directory, new Router(), events, clock, json,
                    () -> routingSettings.current().maxSharedBuyers(), delivery::wake);
            delivery.onWaterfall(routing::wake);
            routing.sendThrough(delivery);
            BuyerDirectory buyerDirectory = directory;
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
                    Map<String, Object> deliveryQueues = new LinkedHashMap<>();
                    deliveryRepo.countByStatus().forEach((k, v) -> deliveryQueues.put(k.wireName(), v));
                    Map<String, Object> breakers = new LinkedHashMap<>();
                    buyerDirectory.breakerStates().forEach((k, v) -> breakers.put(k,
                            v.state().name().toLowerCase(java.util.Locale.ROOT)));
                    return Map.of("leads_by_status", queues, "deliveries_by_status", deliveryQueues,
                            "callbacks_pending", callbackRepo.countPending(),
                            "buyers", Map.of("breakers", breakers, "problems", buyerDirectory.problems()),
                            "checks", Map.of(
                            "geo_ip", geoDb.status().state().name().toLowerCase(java.util.Locale.ROOT),
                            "external_verification", checks.describe()));
                }
            };
            IntakeConfig ic = new IntakeConfig(config.bind(), config.port(), config.maxBodyBytes(),
                    config.tlsKeystore(), config.tlsPassword(), 64);
            PayloadParser parser = new PayloadParser();
            IntakeServer server = new IntakeServer(ic, intake, parser, json, events, probe);
            server.addTextEndpoint("/metrics", new IntakeServer.TextEndpoint(EngineMetrics.contentType(),
                    metrics::scrape));
            // Buyer callbacks on the same port: stored by the endpoint, applied by the worker.
            CallbackBuyers callbackBuyers = new CallbackBuyers(buyerRepo, buyerService, secretBox, clock,
                    Duration.ofSeconds(1));
            callbackWorker = new CallbackWorker(callbackRepo, new CallbackApplier(callbackBuyers, json),
                    callbackBuyers, events, clock);
            server.addPostEndpoint(CallbackEndpoint.PREFIX, new CallbackEndpoint(callbackBuyers, callbackRepo, json,
                    clock, callbackWorker::wake));
            // Engine settings live in the database, shared with every engine process on it.
            SettingsRepository settingsRepo = new SettingsRepository(db.dataSource());
            SettingsWatcher watcher = new SettingsWatcher(settingsRepo);
            QualitySettings qualitySettings = new QualitySettings(settingsRepo, clock);
            watcher.watch(qualitySettings.live());
            watcher.watch(routingSettings);
            LiveSetting<WebhookSettings> webhookSettings = watcher.watch(new LiveSetting<>(settingsRepo,
                    new WebhookSettings.Codec(), clock));
            // Data lifecycle: expired payloads and transaction log go to <data-dir>/archive, then
            // out of the database, once a day (settings section "retention").
            LiveSetting<RetentionSettings> retentionSettings = new LiveSetting<>(settingsRepo,
                    new RetentionSettings.Codec(), clock);
            watcher.watch(retentionSettings);
            retention = new RetentionJob(db.dataSource(), config.dataDir().resolve(RetentionJob.ARCHIVE_DIR),
                    retentionSettings::current, clock, json);
            LeadJudge judge = new LeadJudge(QualityPolicy.defaults(), clock, new EmailValidator(), geoIp.locator(),
                    external);
            quality = new QualityStage(leads, judge, json, events, clock, qualitySettings, DedupePolicy.defaults(),
                    external);
            VendorPoller poller = new VendorPoller(vendorRepo, intake, parser, secretBox,
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), clock,
                    PollBackoff.defaults(), Duration.ofSeconds(10), events);
            Engine engine = new Engine(lock, db, events, clock, leads, refusals, vendors, intake, metrics, quality,
                    server, poller);
            engine.geoIp = geoIp;
            engine.externalChecks = Optional.of(external);
            engine.qualitySettings = qualitySettings;
            engine.settingsWatcher = watcher.start(SettingsWatcher.DEFAULT_INTERVAL);
            engine.buyers = buyerService;
            engine.buyerDirectory = directory;
            engine.deliveries = deliveryRepo;
            engine.routing = routing;
            engine.delivery = delivery;
            // Performance figures: kept up to date from the stored rows every second, read by
            // dashboards and alert rules.
            FiguresRepository figuresRepo = new FiguresRepository(db.dataSource(), clock);
            figuresStage = new FiguresStage(figuresRepo, events, clock, Duration.ofSeconds(1));
            engine.figuresStage = figuresStage;
            engine.figures = new Figures(figuresRepo, clock);
            engine.callbacks = callbackRepo;
            engine.callbackBuyers = callbackBuyers;
            engine.callbackWorker = callbackWorker;
            // Outbound event webhooks to the operator's own systems: a tail of the lead timeline and
            // a dispatcher on threads of their own, so a slow or dead endpoint never holds up leads.
            WebhookRepository webhookRepo = new WebhookRepository(db.dataSource(), clock, Duration.ofSeconds(5));
            WebhookService webhookService = new WebhookService(webhookRepo, secretBox, clock, random);
            webhookDispatcher = new WebhookDispatcher(webhookRepo, webhookService,
                    new WebhookPayloads(json, webhookService::newMessageId), WebhookPolicy.defaults(),
                    webhookSettings::current, new CircuitBreakers(clock), clock, random::nextDouble);
            engine.webhooks = webhookService;
            engine.webhookDispatcher = webhookDispatcher;
            // Alert rules over those figures, evaluated every 30 s; their settings are a section
            // every engine on the database shares, and unacknowledged alerts escalate by
            // Slack-compatible webhook and SMTP (the password sealed like buyers' secrets).
            LiveSetting<AlertSettings> alertSettings = watcher.watch(new LiveSetting<>(settingsRepo,
                    new AlertSettings.Codec(), clock));
            AlertRepository alertRepo = new AlertRepository(db.dataSource());
            OkHttpClient webhookHttp = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
            AlertEscalator escalator = new AlertEscalator(alertRepo, List.of(new SlackChannel(webhookHttp, json),
                    new EmailChannel(secretBox::open, clock, Duration.ofSeconds(10))), clock);
            alertEvaluator = new AlertEvaluator(alertRepo, engine.figures, alertSubjects(named, vendors),
                    alertSettings::current, events, escalator, clock, Duration.ofSeconds(30));
            engine.alertEvaluator = alertEvaluator;
            engine.alertDesk = new AlertDesk(alertRepo, alertSettings, secretBox::seal, clock);
            engine.retention = retention;
            // Stages start downstream first and before the intake, so work a crash left behind
            // (leased deliveries, ACCEPTED and RECEIVED leads) is resumed before new leads arrive.
            delivery.start();
            routing.start();
            callbackWorker.start();
            quality.start();
            server.start();
            poller.start(Duration.ofSeconds(1));
            figuresStage.start();
            // Changes other processes make to the store (another engine on a shared database, admin
            // commands): consoles refresh on them as on this engine's own events.
            engine.storeWatcher = io.leadwire.store.StoreWatcher.start(db.dataSource(), events, Duration.ofSeconds(1));
            webhookDispatcher.start();
            alertEvaluator.start();
            // Not at once: a console that was just opened has better things to do than archive.
            retention.start(RETENTION_FIRST_RUN, RETENTION_EVERY);
            engine.setState(EngineState.RUNNING);
            LOG.info("engine running on {} with data in {}", db.displayUrl(), config.dataDir());
            return engine;
        } catch (IOException | RuntimeException e) {
            if (webhookDispatcher != null) {
                webhookDispatcher.close(Duration.ofSeconds(1));
            }
            if (alertEvaluator != null) {
                alertEvaluator.close();
            }
            if (retention != null) {
                retention.close();
            }
            if (figuresStage != null) {
                figuresStage.close();
            }
            if (quality != null) {
                quality.close();
            }
            if (callbackWorker != null) {
                callbackWorker.close();
            }
            if (routing != null) {
                routing.close();
            }
            if (delivery != null) {
                delivery.close(Duration.ofSeconds(5));
            }
            if (directory != null) {
                directory.close();
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

    /** The buyers and vendors the alert rules watch, from the live directory and the vendor list. */
    private static AlertSubjects alertSubjects(BuyerDirectory buyers, VendorService vendors) {
        return new AlertSubjects() {
            @Override
            public List<BuyerInfo> buyers() {
                return buyers.live().stream().map(b -> new BuyerInfo(b.id(), b.name(),
                        b.row().enabled() && b.definition().enabled(), b.definition().callTimeout())).toList();
            }

            @Override
            public List<VendorInfo> vendors() {
                return vendors.list().stream().map(v -> new VendorInfo(v.id(), v.name())).toList();
            }
        };
    }

    private static String wire(Enum<?> state) {
        return state.name().toLowerCase(java.util.Locale.ROOT);
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
    /** How many leads are quarantined and dead letters open now, kept by the writers (no counting). */
    public StoreGauges gauges() {
        return new StoreGauges(database.dataSource());
    }

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

    /** Buyers: import, export, secrets, on/off, manual breaker. */
    public BuyerService buyers() {
        return buyers;
    }

    /** The buyers this engine delivers to, with their live state (breakers, counters, problems). */
    public BuyerDirectory buyerDirectory() {
        return buyerDirectory;
    }

    /** The delivery engine (for sandbox test sends from the console). */
    public DeliveryEngine delivery() {
        return delivery;
    }

    /** Vendor, buyer and intake performance figures (dashboards, alert rules). */
    public Figures figures() {
        return figures;
    }

    /** The stage that keeps the figures up to date (tests and the demo can make it catch up now). */
    public FiguresStage figuresStage() {
        return figuresStage;
    }

    /** Outbound event webhooks: endpoints, secrets, messages (the console's webhooks screen). */
    public WebhookService webhooks() {
        return webhooks;
    }

    /** The outbound webhook dispatcher (its endpoints' breakers; tests wake it). */
    public WebhookDispatcher webhookDispatcher() {
        return webhookDispatcher;
    }

    /** The alert log and rule settings, for the console. */
    public AlertDesk alerts() {
        return alertDesk;
    }

    /** The alert rules' evaluator (tests can run a round now). */
    public AlertEvaluator alertEvaluator() {
        return alertEvaluator;
    }

    /** Deliveries, their attempts and routing decisions. */
    public DeliveryRepository deliveries() {
        return deliveries;
    }

    /** Buyer callbacks as received and applied, and the outcome log. */
    public CallbackRepository callbacks() {
        return callbacks;
    }

    /** The buyers' callback settings as the endpoint checks them (refresh after changing a buyer). */
    public CallbackBuyers callbackBuyers() {
        return callbackBuyers;
    }

    /** The quality stage's judge, for re-judging leads edited on the quarantine desk. */
    public LeadJudge judge() {
        return quality.judge();
    }

    /**
     * Drains and stops: new intake requests get 503, requests in flight finish and are
     * committed, queued writes are flushed, attempts on the wire get a bounded time to be
     * recorded, then the database closes and the lock is freed. All of it within
     * {@link #STOP_BUDGET}: each part waits at most its own share and never past what is left.
     */
    @Override
    public synchronized void close() {
        if (state == EngineState.STOPPED) {
            return;
        }
        setState(EngineState.DRAINING);
        StopDeadline stop = new StopDeadline(STOP_BUDGET);
        // The parts before delivery keep DELIVERY_FLOOR plus the webhooks' 5 s out of their share:
        // however slow they are, results the buyers already answered still get written.
        Duration later = DELIVERY_FLOOR.plusSeconds(5);
        server.shutdown(stop.left(Duration.ofSeconds(10), later));
        poller.close(stop.left(Duration.ofSeconds(5), later));
        intake.close(stop.left(Duration.ofSeconds(10), later));
        quality.close(stop.left(Duration.ofSeconds(5), later));
        callbackWorker.close(stop.left(Duration.ofSeconds(5), later));
        routing.close(stop.left(Duration.ofSeconds(5), later));
        // Attempts on the wire get a bounded time to finish and be recorded; the rest keep their
        // lease and are sent again (same idempotency key) on the next start. The webhooks after it
        // keep a few seconds of the budget.
        delivery.close(stop.left(DELIVERY_DRAIN, Duration.ofSeconds(5)));
        buyerDirectory.close();
        // After the stages: the last attempts and breaker changes still reach the figures.
        try {
            if (!stop.spent()) {
                figuresStage.catchUp();
            }
        } catch (RuntimeException e) {
            LOG.warn("figures could not catch up before stopping (they will on the next start): {}", e.toString());
        }
        figuresStage.close(stop.left(Duration.ofSeconds(5)));
        // Last of the senders. Events the tail has not read yet become messages on the next start
        // (its cursor is durable); messages on the wire get a moment, the rest keep their lease.
        webhookDispatcher.close(stop.left(Duration.ofSeconds(5)));
        alertEvaluator.close(stop.left(Duration.ofSeconds(5)));
        storeWatcher.close(stop.left(Duration.ofSeconds(5)));
        retention.close(stop.left(Duration.ofSeconds(5)));
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
        LOG.info("engine stopped in {} ms", stop.elapsed().toMillis());
    }
}
