package io.leadwire.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.intake.ApiKeys;
import io.leadwire.intake.VendorService;
import io.leadwire.lead.EngineState;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.quality.QualitySettings;
import io.leadwire.quality.LeadJudge;
import io.leadwire.quality.QualityPolicy;
import io.leadwire.quality.QualityStage;
import io.leadwire.quality.QualityStageAccess;
import io.leadwire.quality.QuarantineDesk;
import io.leadwire.metrics.Figures;
import io.leadwire.store.Database;
import io.leadwire.store.FiguresRepository;
import io.leadwire.store.QualityFiguresRepository;
import io.leadwire.store.StoreGauges;
import io.leadwire.store.QuarantineRepository;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.MappingRepository;
import io.leadwire.store.RefusalRepository;
import io.leadwire.store.SettingsRepository;
import io.leadwire.store.VendorRepository;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import io.leadwire.delivery.BuyerDirectory;
import io.leadwire.delivery.BuyerService;
import io.leadwire.delivery.DeadLetterDesk;
import io.leadwire.delivery.DeliveryEngine;
import io.leadwire.store.DeadLetterRepository;
import io.leadwire.delivery.retry.CircuitBreakers;
import io.leadwire.mapping.MappingEngine;
import io.leadwire.store.BuyerRepository;
import io.leadwire.store.DeliveryRepository;
import io.leadwire.store.SecretBox;
import io.leadwire.metrics.AlertDesk;
import io.leadwire.metrics.AlertSettings;
import io.leadwire.store.AlertRepository;
import io.leadwire.store.LiveSetting;
import java.time.Duration;

/** A real H2 in-memory store with the services the console uses, for ViewModel tests. */
public final class InMemoryConsole implements AutoCloseable {
    public final Database database;
    public final EventBus events = new EventBus();
    public final Clock clock;
    public final LeadRepository leads;
    public final RefusalRepository refusals;
    public final MappingRepository mappings;
    public final VendorService vendors;
    public final SettingsRepository settings;
    public final QualitySettings qualitySettings;
    public final QuarantineRepository quarantine;
    public final LeadJudge judge;
    public final QuarantineDesk desk;
    public final ConsoleServices services;
    public final BuyerService buyers;
    public final BuyerDirectory buyerDirectory;
    public final DeliveryRepository deliveries;
    public final DeliveryEngine delivery;
    public final DeadLetterRepository deadLetterQueue;
    public final DeadLetterDesk deadLetters;
    public final AlertRepository alertLog;
    public final LiveSetting<AlertSettings> alertSettings;
    public final AlertDesk alerts;
    public final FiguresRepository figureBuckets;
    public final QualityFiguresRepository qualityFigures;
    private final QualityStage stage;

    public InMemoryConsole(Clock clock, Path settingsFile) {
        this(clock, settingsFile, Optional.empty());
    }

    public InMemoryConsole(Clock clock, Path settingsFile, Optional<DemoControl> demo) {
        this.clock = clock;
        SecretBox secretBox;
        try {
            secretBox = SecretBox.forKeyFile(settingsFile.toAbsolutePath().resolveSibling("secrets.key"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        database = Database.open("jdbc:h2:mem:ui-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 4);
        leads = new LeadRepository(database.dataSource(), new ObjectMapper());
        refusals = new RefusalRepository(database.dataSource());
        mappings = new MappingRepository(database.dataSource());
        vendors = new VendorService(new VendorRepository(database.dataSource()), new ApiKeys(new SecureRandom()),
                clock, events);
        settings = new SettingsRepository(database.dataSource());
        qualitySettings = new QualitySettings(settings, clock);
        ObjectMapper json = new ObjectMapper();
        quarantine = new QuarantineRepository(database.dataSource(), json, clock);
        judge = new LeadJudge(QualityPolicy.defaults(), clock);
        desk = new QuarantineDesk(quarantine, leads, judge, qualitySettings, json, events, clock, RunningEngine.OPERATOR);
        stage = new QualityStage(leads, judge, json, events, clock, qualitySettings);
        BuyerRepository buyerRepo = new BuyerRepository(database.dataSource());
        buyers = new BuyerService(buyerRepo, mappings, secretBox, json, clock);
        buyerDirectory = new BuyerDirectory(buyerRepo, mappings, buyers, new CircuitBreakers(clock), json, clock,
                Duration.ZERO);
        deliveries = new DeliveryRepository(database.dataSource(), json);
        delivery = new DeliveryEngine(deliveries, buyerDirectory, new MappingEngine(clock), events, clock, () -> 0.5);
        deadLetterQueue = new DeadLetterRepository(database.dataSource(), json, clock, deliveries);
        deadLetters = new DeadLetterDesk(deadLetterQueue, buyerDirectory, delivery, judge, qualitySettings, events,
                RunningEngine.OPERATOR);
        alertLog = new AlertRepository(database.dataSource());
        alertSettings = new LiveSetting<>(settings, new AlertSettings.Codec(), clock);
        alerts = new AlertDesk(alertLog, alertSettings, secretBox::seal, clock);
        figureBuckets = new FiguresRepository(database.dataSource(), clock, Duration.ofSeconds(5));
        qualityFigures = new QualityFiguresRepository(database.dataSource());
        services = new ConsoleServices(events, clock, leads, refusals, vendors, () -> "http://127.0.0.1:1/leads",
                () -> EngineState.RUNNING, settingsFile, demo, mappings, qualitySettings, desk, buyers, buyerDirectory,
                deliveries, delivery, deadLetters, alerts, new Figures(figureBuckets, clock), new StoreGauges(database.dataSource()),
                qualityFigures);
    }

    /**
     * Stores a lead as the intake would and judges it with the real quality stage (default policy),
     * so it lands ACCEPTED, QUARANTINED or REJECTED with its verdict and reason codes.
     */
    public Lead storeJudged(String vendorId, String vendorLeadId, Map<String, String> fields, Instant at) {
        Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.put("lead_id", vendorLeadId);
        Lead lead = new Lead(0, UUID.randomUUID().toString(), vendorId, vendorLeadId, at, LeadStatus.RECEIVED,
                "application/json", all.toString(), all, "127.0.0.1");
        leads.insertAll(List.of(lead));
        QualityStageAccess.judgeWaiting(stage);
        return leads.findById(lead.id()).orElseThrow();
    }

    /** Stores a lead as the intake would (status, fields, raw JSON). */
    public Lead store(String vendorId, String vendorLeadId, LeadStatus status, String first, String last,
                      String country, Instant at) {
        String raw = "{\"lead_id\":\"" + vendorLeadId + "\",\"first_name\":\"" + first + "\",\"last_name\":\""
                + last + "\",\"country\":\"" + country + "\"}";
        Lead lead = new Lead(0, UUID.randomUUID().toString(), vendorId, vendorLeadId, at, status, "application/json",
                raw, Map.of("first_name", first, "last_name", last, "country", country), "127.0.0.1");
        leads.insertAll(List.of(lead));
        return lead;
    }

    @Override
    public void close() {
        stage.close();
        buyerDirectory.close();
        database.close();
    }
}
