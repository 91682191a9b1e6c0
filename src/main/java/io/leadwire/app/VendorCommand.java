package io.leadwire.app;

import io.leadwire.intake.ApiKeys;
import io.leadwire.intake.VendorService;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Vendor;
import io.leadwire.lead.VendorPoll;
import io.leadwire.store.SecretBox;
import io.leadwire.store.Database;
import io.leadwire.store.VendorRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leadwire vendor ...}: vendor administration on a data dir. These commands do not take
 * the engine lock: with the embedded database they reach a running engine's database through
 * H2's automatic mixed mode, so they work whether or not an engine runs.
 */
@Command(name = "vendor", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Manage lead vendors and their API keys.",
        subcommands = {VendorCommand.Add.class, VendorCommand.ListVendors.class, VendorCommand.RotateKey.class,
                VendorCommand.RevokeKey.class, VendorCommand.AllowIp.class, VendorCommand.Dialect.class,
                VendorCommand.Poll.class, VendorCommand.PollStatus.class})
final class VendorCommand extends CommandGroup {

    /** Runs the work against a {@link VendorService} on the data dir's database. */
    abstract static class VendorSub extends StoreCommand {
        /** The open database, for the work that seals a secret and must check the key against it. */
        Database database;

        @Override
        final int work(Database db) {
            database = db;
            return run(new VendorService(new VendorRepository(db.dataSource()), new ApiKeys(new SecureRandom()),
                    Clock.systemUTC(), new EventBus()));
        }

        abstract int run(VendorService service);
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
            java.util.Set<String> dialects = service.vendorsWithDialect();
            java.util.Map<String, VendorPoll> polls = service.polls();
            print(String.format("%-30s %-12s %-20s %-8s %-8s %s", "NAME", "KEY", "CREATED", "DIALECT", "INTAKE",
                    "ALLOWED FROM"));
            for (Vendor v : all) {
                print(String.format("%-30s %-12s %-20s %-8s %-8s %s", v.name(),
                        v.hasActiveKey() ? v.keyPrefix() + "…" : "(revoked)",
                        v.createdAt().toString().substring(0, 19).replace('T', ' '),
                        dialects.contains(v.id()) ? "set" : "-",
                        PollText.intake(polls.get(v.id())),
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

    @Command(name = "dialect", mixinStandardHelpOptions = true,
            description = "Set the vendor's dialect: how its field names and values map onto Leadwire's lead "
                    + "(a mapping document, see docs/examples/vendor-dialects/), or clear it.")
    static final class Dialect extends VendorSub {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--file", paramLabel = "FILE", description = "The dialect document (JSON).")
        Path file;

        @Option(names = "--clear", description = "Remove the dialect: leads are read with canonical names again.")
        boolean clear;

        @Override
        int run(VendorService service) {
            if (clear == (file != null)) {
                throw new IllegalArgumentException("give either --file FILE or --clear");
            }
            if (clear) {
                service.clearDialect(name);
                print("Cleared the dialect of '" + name + "'; its leads are read with canonical field names.");
                return ExitCodes.OK;
            }
            String document;
            try {
                document = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
            }
            String dialect = service.setDialect(name, document);
            print("'" + name + "' now sends in dialect '" + dialect + "'; it applies to leads arriving from now on.");
            return ExitCodes.OK;
        }
    }

    @Command(name = "poll", mixinStandardHelpOptions = true,
            description = "Poll the vendor's API for leads (pull), or as a backup to its pushes (hybrid); "
                    + "--off stops polling. The secret is read from an environment variable or a file, "
                    + "never from the command line, and stored encrypted.")
    static final class Poll extends VendorSub {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--url", paramLabel = "URL", description = "The vendor's lead list endpoint.")
        String url;

        @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "60s",
                description = "Time between polls, e.g. 30s, 5m (default: ${DEFAULT-VALUE}).")
        String interval;

        @Option(names = "--cursor-param", paramLabel = "NAME", defaultValue = "since",
                description = "Query parameter carrying the cursor (default: ${DEFAULT-VALUE}).")
        String cursorParam;

        @Option(names = "--page-size", paramLabel = "N", defaultValue = "100",
                description = "Leads per page (default: ${DEFAULT-VALUE}).")
        int pageSize;

        @Option(names = "--page-size-param", paramLabel = "NAME", defaultValue = "limit",
                description = "Query parameter carrying the page size (default: ${DEFAULT-VALUE}).")
        String pageSizeParam;

        @Option(names = "--items-path", paramLabel = "PATH",
                description = "Dotted path to the lead list in the response (default: a bare array, or "
                        + "leads/data/items/results).")
        String itemsPath;

        @Option(names = "--cursor-field", paramLabel = "FIELD",
                description = "For responses without next_cursor: the field of the last lead that is the next cursor.")
        String cursorField;

        @Option(names = "--mode", paramLabel = "MODE", defaultValue = "pull",
                description = "pull (the API is the only channel) or hybrid (push first, poll as backup).")
        String mode;

        @Option(names = "--auth", paramLabel = "KIND", defaultValue = "none",
                description = "none, bearer, header:HEADER-NAME or basic:USER (default: ${DEFAULT-VALUE}).")
        String auth;

        @Option(names = "--secret-env", paramLabel = "VAR", defaultValue = "LEADWIRE_POLL_SECRET",
                description = "Environment variable holding the token, key or password (default: ${DEFAULT-VALUE}).")
        String secretEnv;

        @Option(names = "--secret-file", paramLabel = "FILE",
                description = "Read the token, key or password from this file instead.")
        Path secretFile;

        @Option(names = "--off", description = "Stop polling the vendor (the cursor is kept).")
        boolean off;

        @Override
        int run(VendorService service) {
            if (off) {
                service.stopPolling(name);
                print("Stopped polling '" + name + "'.");
                return ExitCodes.OK;
            }
            if (url == null) {
                throw new IllegalArgumentException("give --url URL (or --off)");
            }
            VendorPoll.Mode m = PollText.mode(mode);
            String kind = auth.strip();
            String authName = null;
            int colon = kind.indexOf(':');
            if (colon >= 0) {
                authName = kind.substring(colon + 1).strip();
                kind = kind.substring(0, colon);
            }
            VendorPoll.AuthKind authKind = PollText.auth(kind);
            String sealed = null;
            if (authKind != VendorPoll.AuthKind.NONE) {
                sealed = secretBox().seal(secret());
            }
            VendorPoll.Settings settings = new VendorPoll.Settings(m, url.strip(), authKind, authName, sealed,
                    PollText.duration(interval), cursorParam, pageSizeParam, pageSize, blankToNull(itemsPath),
                    blankToNull(cursorField));
            VendorPoll saved = service.setPolling(name, settings);
            print("Polling '" + name + "' (" + m.wireName() + ") at " + saved.settings().url() + " every "
                    + PollText.duration(saved.settings().interval()) + ", " + pageSize + " leads a page"
                    + (authKind == VendorPoll.AuthKind.NONE ? "" : ", auth " + authKind.wireName()
                    + " (secret stored encrypted)") + ".");
            return ExitCodes.OK;
        }

        private SecretBox secretBox() {
            try {
                // Checked against the database like the buyer and webhook commands: on a shared
                // database a wrong key would seal a credential the engines cannot open.
                return SecretsKey.checked(config(), database, "leadwire vendor poll", System::getenv,
                        Clock.systemUTC());
            } catch (SecretsKey.MismatchException e) {
                throw new IllegalArgumentException(e.getMessage());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the data dir's secret key: " + e.getMessage());
            }
        }

        private String secret() {
            String value;
            if (secretFile != null) {
                try {
                    value = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read " + secretFile + ": " + e.getMessage());
                }
            } else {
                value = System.getenv(secretEnv);
            }
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("auth " + auth + " needs a secret: put it in $" + secretEnv
                        + " or a file given with --secret-file");
            }
            return value.strip();
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }
    }

    @Command(name = "poll-status", mixinStandardHelpOptions = true,
            description = "Show how polling the vendors' APIs is going: last success, last error, next attempt.")
    static final class PollStatus extends VendorSub {
        @Parameters(paramLabel = "NAME", arity = "0..1", description = "One vendor (default: every polled vendor).")
        String name;

        @Override
        int run(VendorService service) {
            java.util.Map<String, VendorPoll> polls = service.polls();
            List<Vendor> vendors = name == null ? service.list()
                    : List.of(service.find(name).orElseThrow(
                            () -> new IllegalArgumentException("no vendor named '" + name + "'")));
            int shown = 0;
            for (Vendor v : vendors) {
                VendorPoll p = polls.get(v.id());
                if (p == null) {
                    if (name != null) {
                        print("'" + v.name() + "' is not polled (push only).");
                        shown++;
                    }
                    continue;
                }
                shown++;
                print(v.name() + ": " + PollText.intake(p) + " " + p.settings().url() + " every "
                        + PollText.duration(p.settings().interval()));
                for (String line : PollText.status(p)) {
                    print("  " + line);
                }
            }
            if (shown == 0) {
                print("No vendor is polled. Start with: leadwire vendor poll NAME --url URL");
            }
            return ExitCodes.OK;
        }
    }
}
