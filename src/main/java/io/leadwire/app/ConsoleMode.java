package io.leadwire.app;

import io.leadwire.store.MappingRepository;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.delivery.DeadLetterDesk;
import io.leadwire.quality.QuarantineDesk;
import io.leadwire.store.DeadLetterRepository;
import io.leadwire.store.QuarantineRepository;
import io.leadwire.ui.ConsoleLauncher;
import io.leadwire.ui.ConsoleServices;
import io.leadwire.ui.DemoControl;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Random;

/** Runs the console: one engine and the JavaFX window in the same process. */
final class ConsoleMode {
    private ConsoleMode() {
    }

    static int run(EngineOptions options, boolean demo, double demoRate, Clock clock) throws Exception {
        Path dataDir = options.data.dataDirOrDefault();
        int port = options.port;
        if (demo) {
            // The demo never touches real data: its own folder, and any free port.
            dataDir = options.data.dataDir != null ? dataDir : DataOptions.defaultDataDir()
                    .resolveSibling(DataOptions.defaultDataDir().getFileName() + "-demo");
            port = 0;
        }
        Engine engine;
        try {
            engine = Engine.start(options.toConfig(dataDir, port), demo ? "leadwire console --demo" : "leadwire console",
                    clock);
        } catch (DataDirLock.DataDirBusyException e) {
            System.err.println("leadwire: " + e.getMessage());
            return ExitCodes.BUSY;
        }
        DemoBuyers buyers = null;
        if (demo) {
            DemoMappings.seed(new MappingLibrary(new io.leadwire.store.MappingRepository(
                    engine.database().dataSource()), new io.leadwire.mapping.MappingParser(), clock));
            try {
                // Local buyers that reject, answer late and go down, so breakers and the DLQ have work.
                buyers = DemoBuyers.start(engine.buyers(), DemoBuyers.Settings.DEMO, clock, new Random());
                // ...and that call back about what they bought, so returns and conversions show too.
                buyers.callBackTo(DemoCallbacks.base(engine.intakeUrl()), DemoCallbacks.Settings.DEMO, new Random());
            } catch (IOException | RuntimeException e) {
                if (buyers != null) {
                    buyers.close();
                }
                engine.close();
                throw e;
            }
        }
        DemoBuyers demoBuyers = buyers;
        DemoVendor vendor = demo ? DemoVendor.start(engine, demoRate) : null;
        // SIGTERM/Ctrl-C on a console: drain like serve does, before H2's own exit hook closes
        // the database under requests still in flight.
        SignalTrap.onStop(() -> {
            stop(engine, vendor, demoBuyers);
            System.exit(ExitCodes.OK);
        });
        try {
            ConsoleLauncher.launch(services(engine, dataDir, Optional.ofNullable(vendor)));
        } finally {
            stop(engine, vendor, demoBuyers);
        }
        return ExitCodes.OK;
    }

    /**
     * The demo vendor stops posting first; the demo buyers keep answering until the engine has
     * drained, so the deliveries on the wire finish instead of failing as connection errors.
     */
    private static void stop(Engine engine, DemoVendor vendor, DemoBuyers buyers) {
        if (vendor != null) {
            vendor.close();
        }
        engine.close();
        if (buyers != null) {
            buyers.close();
        }
    }

    static ConsoleServices services(Engine engine, Path dataDir, Optional<? extends DemoControl> demo) {
        return new ConsoleServices(engine.events(), engine.clock(), engine.leads(), engine.refusals(),
                engine.vendors(), engine::intakeUrl, engine::state, dataDir.resolve("console.properties"),
                demo.map(DemoControl.class::cast), new MappingRepository(engine.database().dataSource()),
                engine.qualitySettings(),
                quarantineDesk(engine, System.getProperty("user.name", "operator")), engine.buyers(),
                engine.buyerDirectory(), engine.deliveries(), engine.delivery(),
                deadLetterDesk(engine, System.getProperty("user.name", "operator")), engine.alerts(),
                engine.figures(), engine.gauges(), engine.qualityFigures());
    }

    /** The dead-letter desk, acting as the person at the console like the quarantine desk. */
    static DeadLetterDesk deadLetterDesk(Engine engine, String operator) {
        ObjectMapper json = new ObjectMapper();
        return new DeadLetterDesk(new DeadLetterRepository(engine.database().dataSource(), json, engine.clock(),
                engine.deliveries()), engine.buyerDirectory(), engine.delivery(), engine.judge(),
                engine.qualitySettings(), engine.events(), operator);
    }

    /** The desk acts as the person at the console: the OS user name goes on every event. */
    static QuarantineDesk quarantineDesk(Engine engine, String operator) {
        ObjectMapper json = new ObjectMapper();
        return new QuarantineDesk(new QuarantineRepository(engine.database().dataSource(), json, engine.clock()),
                engine.leads(), engine.judge(), engine.qualitySettings(), json, engine.events(), engine.clock(), operator);
    }
}
