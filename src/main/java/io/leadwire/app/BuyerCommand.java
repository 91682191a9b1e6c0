package io.leadwire.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.delivery.BuyerDefinition;
import io.leadwire.delivery.BuyerService;
import io.leadwire.delivery.InvalidBuyerException;
import io.leadwire.store.BuyerRepository;
import io.leadwire.store.BuyerRow;
import io.leadwire.store.Database;
import io.leadwire.store.MappingRepository;
import io.leadwire.store.SecretBox;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leadwire buyer ...}: buyers on a data dir ({@link StoreCommand}s: they work whether or not
 * an engine runs; a running engine picks changes up within a second).
 */
@Command(name = "buyer", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Manage buyers: import and export buyer files, secrets, on/off, the circuit breaker.",
        subcommands = {BuyerCommand.Import.class, BuyerCommand.Export.class, BuyerCommand.ListBuyers.class,
                BuyerCommand.Secret.class, BuyerCommand.Enable.class, BuyerCommand.Disable.class,
                BuyerCommand.Breaker.class})
final class BuyerCommand extends CommandGroup {

    /** Runs the work against a {@link BuyerService} on the data dir's database. */
    abstract static class BuyerSub extends StoreCommand {
        @Override
        final int work(Database db) throws IOException {
            SecretBox box = SecretsKey.checked(config(), db, "leadwire " + spec.name(), System::getenv,
                    Clock.systemUTC());
            return run(new BuyerService(new BuyerRepository(db.dataSource()), new MappingRepository(db.dataSource()),
                    box, new ObjectMapper(), Clock.systemUTC()));
        }

        @Override
        final int refused(RuntimeException e) {
            if (e instanceof InvalidBuyerException invalid) {
                invalid.problems().forEach(p -> err(source() + ": " + p));
                err("leadwire: the buyer was refused; nothing was stored");
                return ExitCodes.FAILURE;
            }
            return super.refused(e);
        }

        abstract int run(BuyerService service) throws IOException;

        /** What error lines are about (a file name for import). */
        String source() {
            return "buyer";
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Create or update a buyer from a buyer file (its mapping plus a \"buyer\" block). A changed "
                    + "mapping is published as the buyer's next version.")
    static final class Import extends BuyerSub {
        @Parameters(paramLabel = "FILE", description = "The buyer file, e.g. docs/examples/buyer-abc.buyer.json.")
        Path file;

        @Override
        String source() {
            return file.getFileName().toString();
        }

        @Override
        int run(BuyerService service) throws IOException {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(file + " is not UTF-8 text");
            }
            BuyerService.ImportResult r = service.importFile(text, file.toAbsolutePath().getParent(), operator());
            print("Buyer '" + r.buyer().name() + "' saved (revision " + r.buyer().revision() + ", "
                    + (r.buyer().enabled() ? "on" : "off") + ").");
            print(r.published() == null ? "Mapping unchanged."
                    : "Mapping published as version " + r.published().version() + ".");
            if (!r.missingSecrets().isEmpty()) {
                print("Waiting for secrets: " + String.join(", ", r.missingSecrets())
                        + " (leadwire buyer secret '" + r.buyer().name() + "' NAME); no lead is sent until they are stored.");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a buyer's file: the mapping version its deliveries use and its delivery settings "
                    + "(secrets stay ${secret:NAME} placeholders).")
    static final class Export extends BuyerSub {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of stdout.")
        Path out;

        @Override
        int run(BuyerService service) throws IOException {
            String text = service.exportFile(name);
            if (out == null) {
                out().print(text);
                out().flush();
            } else {
                Files.writeString(out, text, StandardCharsets.UTF_8);
                err("Wrote " + out);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List buyers.")
    static final class ListBuyers extends BuyerSub {
        @Override
        int run(BuyerService service) {
            List<BuyerRow> rows = service.list();
            if (rows.isEmpty()) {
                print("No buyers yet: leadwire buyer import FILE");
                return ExitCodes.OK;
            }
            print(String.format("%-28s %-4s %9s %5s %-9s %-5s %s", "NAME", "ON", "PRICE", "PRIO", "KIND", "MODE",
                    "ENDPOINT"));
            for (BuyerRow row : rows) {
                BuyerDefinition d = service.definition(row);
                print(String.format("%-28s %-4s %9s %5d %-9s %-5s %s", row.name(), row.enabled() ? "on" : "off",
                        d.price().toPlainString(), d.priority(), d.exclusive() ? "exclusive" : "shared",
                        d.mode().wireName(), d.productionUrl()));
                if (d.callsBack()) {
                    // The path the buyer calls back on, on the engine's intake port; secrets masked.
                    print("    callbacks: POST /api/v1/callbacks/" + java.net.URLEncoder.encode(row.name(),
                            StandardCharsets.UTF_8).replace("+", "%20") + " — " + d.callbacks().describe());
                }
            }
            for (String problem : service.problems()) {
                print("! " + problem);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "secret", mixinStandardHelpOptions = true,
            description = "Store one of a buyer's secrets (encrypted with the data dir's key), read from "
                    + "$LEADWIRE_BUYER_SECRET, --secret-env VAR or --secret-file FILE; never from the command line.")
    static final class Secret extends BuyerSub {
        @Parameters(index = "0", paramLabel = "BUYER")
        String buyer;

        @Parameters(index = "1", paramLabel = "NAME", description = "The name the buyer file uses in ${secret:NAME}.")
        String secretName;

        @Option(names = "--secret-env", paramLabel = "VAR", defaultValue = "LEADWIRE_BUYER_SECRET",
                description = "Environment variable holding the value (default: ${DEFAULT-VALUE}).")
        String secretEnv;

        @Option(names = "--secret-file", paramLabel = "FILE", description = "Read the value from this file.")
        Path secretFile;

        @Option(names = "--remove", description = "Remove the secret instead.")
        boolean remove;

        @Override
        int run(BuyerService service) throws IOException {
            if (remove) {
                print(service.removeSecret(buyer, secretName) ? "Removed " + secretName + "."
                        : buyer + " has no secret " + secretName + ".");
                return ExitCodes.OK;
            }
            String value = secretFile != null ? Files.readString(secretFile, StandardCharsets.UTF_8).strip()
                    : System.getenv(secretEnv);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("no value: put it in $" + secretEnv + " or a file given with "
                        + "--secret-file");
            }
            service.setSecret(buyer, secretName, value.strip());
            Set<String> missing = service.missingSecrets(buyer);
            print("Stored " + secretName + " for '" + buyer + "' (encrypted)."
                    + (missing.isEmpty() ? "" : " Still missing: " + String.join(", ", missing) + "."));
            return ExitCodes.OK;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Let routing offer leads to a buyer.")
    static final class Enable extends BuyerSub {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(BuyerService service) {
            service.setEnabled(name, true, operator());
            print("'" + name + "' is on.");
            return ExitCodes.OK;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Stop offering leads to a buyer (deliveries already under way finish).")
    static final class Disable extends BuyerSub {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(BuyerService service) {
            service.setEnabled(name, false, operator());
            print("'" + name + "' is off.");
            return ExitCodes.OK;
        }
    }

    @Command(name = "breaker", mixinStandardHelpOptions = true,
            description = "Force a buyer's circuit breaker open (no calls) or closed (always call), or hand it back "
                    + "to automatic, for every engine on the database.")
    static final class Breaker extends BuyerSub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "STATE", description = "open, closed or auto.")
        String state;

        @Override
        int run(BuyerService service) {
            BuyerService.BreakerOverride override = switch (state.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "open" -> BuyerService.BreakerOverride.FORCED_OPEN;
                case "closed", "close" -> BuyerService.BreakerOverride.FORCED_CLOSED;
                case "auto" -> null;
                default -> throw new IllegalArgumentException("STATE is open, closed or auto, not '" + state + "'");
            };
            service.setBreakerOverride(name, override, operator());
            print(override == null ? "'" + name + "': breaker automatic." : "'" + name + "': breaker "
                    + override.wireName().replace('_', ' ') + " by " + operator() + ".");
            return ExitCodes.OK;
        }
    }
}
