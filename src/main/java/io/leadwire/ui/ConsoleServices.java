package io.leadwire.ui;

import io.leadwire.delivery.BuyerDirectory;
import io.leadwire.delivery.BuyerService;
import io.leadwire.delivery.DeadLetterDesk;
import io.leadwire.delivery.DeliveryEngine;
import io.leadwire.intake.VendorService;
import io.leadwire.lead.EngineState;
import io.leadwire.lead.EventBus;
import io.leadwire.metrics.AlertDesk;
import io.leadwire.metrics.Figures;
import io.leadwire.quality.QualitySettings;
import io.leadwire.quality.QuarantineDesk;
import io.leadwire.store.DeliveryRepository;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.MappingRepository;
import io.leadwire.store.QualityFiguresRepository;
import io.leadwire.store.RefusalRepository;
import io.leadwire.store.StoreGauges;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything the console needs from the engine, handed over by the composition root.
 *
 * @param settingsFile where console preferences (theme) are remembered between runs
 * @param demo         the simulated vendor's rate control when running with {@code --demo}
 * @param mappings     buyer mapping drafts and published versions (the Mappings screen)
 * @param qualitySettings the quality policy in force, edited on the Settings screen
 * @param quarantine   the quarantine desk, acting as the console's operator
 * @param buyers       buyer administration (import, secrets, on/off, manual breaker)
 * @param buyerDirectory the buyers the engine delivers to, with their live breakers and counters
 * @param deliveries   deliveries, attempts, routing decisions and buyer figures
 * @param delivery     the delivery engine (sandbox test sends)
 * @param deadLetters  the dead-letter desk, acting as the console's operator
 * @param alerts       the alert log and the alert rules' settings (the Alerts screen)
 * @param figures      vendor, buyer and intake figures in time buckets (the Dashboards screen)
 * @param gauges       how many leads are quarantined and dead letters open now (the Dashboards screen)
 * @param qualityFigures the quality stage's hourly counts per vendor, for the score distribution
 *                     (the Dashboards screen)
 */
public record ConsoleServices(
        EventBus events,
        Clock clock,
        LeadRepository leads,
        RefusalRepository refusals,
        VendorService vendors,
        Supplier<String> intakeUrl,
        Supplier<EngineState> engineState,
        Path settingsFile,
        Optional<DemoControl> demo,
        MappingRepository mappings,
        QualitySettings qualitySettings,
        QuarantineDesk quarantine,
        BuyerService buyers,
        BuyerDirectory buyerDirectory,
        DeliveryRepository deliveries,
        DeliveryEngine delivery,
        DeadLetterDesk deadLetters,
        AlertDesk alerts,
        Figures figures,
        StoreGauges gauges,
        QualityFiguresRepository qualityFigures) {
}
