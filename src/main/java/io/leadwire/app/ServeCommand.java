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
 * taking requests, finishes those in flight, flushes queued writes and exits 0. Once the intake
 * listens it says where: a {@code leadwire serving at URL} line on stdout in text mode, or the
 * {@code intake_url} field of a JSON log line with {@code --log-format json}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run the engine headless: intake, /api/v1/health and /metrics; logs to stdout.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    /** The field of the JSON "serving" log line that holds the intake URL. */
    static final String INTAKE_URL_KEY = "intake_url";

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
        LOG.atInfo().addKeyValue(INTAKE_URL_KEY, running.intakeUrl())
                .log("serving; intake at {} (stop with SIGTERM)", running.intakeUrl());
        // The plain line is for scripts in text mode (port 0 tells them the port here). In JSON
        // mode every stdout line must be a JSON object: the log line above carries intake_url.
        if (!LogLayout.jsonSelected()) {
            System.out.println("leadwire serving at " + running.intakeUrl());
            System.out.flush();
        }
        stopped.await();
        return ExitCodes.OK;
    }
}
