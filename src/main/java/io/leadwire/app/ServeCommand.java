package io.leadwire.app;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code leadwire serve}: the same engine without the console. On SIGTERM (or Ctrl-C) it stops
 * taking requests, finishes those in flight, flushes queued writes and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run the engine headless: intake, /api/v1/health and /metrics; logs to stdout.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Override
    public Integer call() throws Exception {
        Engine running;
        try {
            running = Engine.start(engine.toConfig(engine.data.dataDirOrDefault(), engine.port), "leadwire serve",
                    Clock.systemUTC());
        } catch (DataDirLock.DataDirBusyException e) {
            System.err.println("leadwire: " + e.getMessage());
            return ExitCodes.BUSY;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        SignalTrap.onStop(() -> {
            LOG.info("stop requested: draining");
            running.close();
            stopped.countDown();
        });
        LOG.info("serving; intake at {} (stop with SIGTERM)", running.intakeUrl());
        System.out.println("leadwire serving at " + running.intakeUrl());
        System.out.flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
