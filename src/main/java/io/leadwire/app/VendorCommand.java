package io.leadwire.app;

import io.leadwire.intake.ApiKeys;
import io.leadwire.intake.VendorService;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Vendor;
import io.leadwire.store.Database;
import io.leadwire.store.VendorRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code leadwire vendor ...}: vendor administration on a data dir. These commands do not take
 * the engine lock: with the embedded database they reach a running engine's database through
 * H2's automatic mixed mode, so they work whether or not an engine runs.
 */
@Command(name = "vendor", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Manage lead vendors and their API keys.",
        subcommands = {VendorCommand.Add.class, VendorCommand.ListVendors.class, VendorCommand.RotateKey.class,
                VendorCommand.RevokeKey.class, VendorCommand.AllowIp.class})
final class VendorCommand extends CommandGroup {

    /** Opens a small pool on the data dir, runs the work, closes. */
    abstract static class VendorSub implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Spec
        CommandSpec spec;

        @Override
        public final Integer call() {
            EngineConfig config = new EngineConfig(data.dataDirOrDefault(), null, 0, data.dbUrl, null, null, 0);
            try (Database db = config.openDatabase(2)) {
                VendorService service = new VendorService(new VendorRepository(db.dataSource()),
                        new ApiKeys(new SecureRandom()), Clock.systemUTC(), new EventBus());
                return run(service);
            } catch (IllegalArgumentException | VendorRepository.DuplicateNameException e) {
                spec.commandLine().getErr().println("leadwire: " + e.getMessage());
                return ExitCodes.FAILURE;
            } catch (java.io.IOException e) {
                spec.commandLine().getErr().println("leadwire: cannot open the data dir: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
        }

        abstract int run(VendorService service);

        void print(String line) {
            spec.commandLine().getOut().println(line);
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a vendor; prints its API key once, "
            + "as the last line.")
    static final class Add extends VendorSub {
        @Parameters(paramLabel = "NAME", description = "The vendor's name.")
        String name;

        @Option(names = "--allow-ip", paramLabel = "CIDR", description = "Only accept this vendor's leads from "
                + "these networks (repeatable; default: any address).")
        List<String> allow = new ArrayList<>();

        @Override
        int run(VendorService service) {
            VendorService.IssuedKey issued = service.add(name, allow);
            print("Added vendor '" + issued.vendor().name() + "'"
                    + (issued.vendor().allowedCidrs().isEmpty() ? "" : ", allowed from "
                    + String.join(", ", issued.vendor().allowedCidrs())) + ".");
            print("API key (shown once; store it now):");
            print(issued.apiKey());
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List vendors.")
    static final class ListVendors extends VendorSub {
        @Override
        int run(VendorService service) {
            List<Vendor> all = service.list();
            if (all.isEmpty()) {
                print("No vendors yet. Add one with: leadwire vendor add NAME");
                return ExitCodes.OK;
            }
            print(String.format("%-30s %-12s %-20s %s", "NAME", "KEY", "CREATED", "ALLOWED FROM"));
            for (Vendor v : all) {
                print(String.format("%-30s %-12s %-20s %s", v.name(),
                        v.hasActiveKey() ? v.keyPrefix() + "…" : "(revoked)",
                        v.createdAt().toString().substring(0, 19).replace('T', ' '),
                        v.allowedCidrs().isEmpty() ? "any" : String.join(", ", v.allowedCidrs())));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "rotate-key", mixinStandardHelpOptions = true,
            description = "Revoke the vendor's key and issue a new one; prints it once, as the last line.")
    static final class RotateKey extends VendorSub {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(VendorService service) {
            VendorService.IssuedKey issued = service.rotateKey(name);
            print("New API key for '" + issued.vendor().name() + "' (the old one no longer works):");
            print(issued.apiKey());
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke-key", mixinStandardHelpOptions = true,
            description = "Revoke the vendor's key; its requests get 401 until a key is rotated in.")
    static final class RevokeKey extends VendorSub {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(VendorService service) {
            service.revokeKey(name);
            print("Revoked the API key of '" + name + "'. Issue a new one with: leadwire vendor rotate-key " + name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "allow-ip", mixinStandardHelpOptions = true,
            description = "Set the networks the vendor may post from (replaces the list; 'any' clears it).")
    static final class AllowIp extends VendorSub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "CIDR")
        List<String> cidrs;

        @Override
        int run(VendorService service) {
            List<String> list = cidrs.size() == 1 && cidrs.get(0).equalsIgnoreCase("any") ? List.of() : cidrs;
            Vendor v = service.setAllowedNetworks(name, list);
            print("'" + v.name() + "' may post from: "
                    + (v.allowedCidrs().isEmpty() ? "any address" : String.join(", ", v.allowedCidrs())));
            return ExitCodes.OK;
        }
    }
}
