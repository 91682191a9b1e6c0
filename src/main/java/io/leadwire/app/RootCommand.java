package io.leadwire.app;

import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leadwire}: with no command, opens the console on the data dir. */
@Command(name = "leadwire", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Real-time lead delivery. With no command, opens the console.",
        subcommands = {ServeCommand.class, VendorCommand.class, MappingCommand.class, SettingsCommand.class,
                BuyerCommand.class, WebhookCommand.class, ArchiveCommand.class, BackupCommand.class,
                RestoreCommand.class, StoreAdminCommand.class, CallbackCommand.class})
final class RootCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine = new EngineOptions();

    @Option(names = "--demo", description = "Open the console on a sandbox data folder with a simulated vendor "
            + "pushing realistic leads (some bad) over HTTP.")
    boolean demo;

    @Option(names = "--demo-rate", paramLabel = "LEADS_PER_S", defaultValue = "2",
            description = "Initial rate of the demo's simulated vendor (default: ${DEFAULT-VALUE}).")
    double demoRate;

    @Override
    public Integer call() throws Exception {
        return ConsoleMode.run(engine, demo, demoRate, Clock.systemUTC());
    }
}
