package io.leadwire.app;

import io.leadwire.callback.outbound.WebhookEventType;
import io.leadwire.callback.outbound.WebhookService;
import io.leadwire.delivery.retry.Durations;
import io.leadwire.store.Database;
import io.leadwire.store.SecretBox;
import io.leadwire.store.WebhookRepository;
import io.leadwire.store.WebhookRepository.MessageStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leadwire webhook ...}: outbound event webhooks to the operator's own systems
 * ({@link StoreCommand}s: they work whether or not an engine runs; a running engine picks changes
 * up at its next look, within a second).
 */
@Command(name = "webhook", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Manage outbound event webhooks: signed JSON POSTs to your own systems when leads are received, "
                + "accepted, delivered, returned, ...",
        subcommands = {WebhookCommand.Add.class, WebhookCommand.ListEndpoints.class, WebhookCommand.Remove.class,
                WebhookCommand.Enable.class, WebhookCommand.Disable.class, WebhookCommand.RotateSecret.class})
final class WebhookCommand extends CommandGroup {

    /** Runs the work against a {@link WebhookService} on the data dir's database. */
    abstract static class WebhookSub extends StoreCommand {
        @Override
        final int work(Database db) throws IOException {
            SecretBox box = SecretsKey.checked(config(), db, "leadwire " + spec.name(), System::getenv,
                    Clock.systemUTC());
            Clock clock = Clock.systemUTC();
            return run(new WebhookService(new WebhookRepository(db.dataSource(), clock), box, clock,
                    new SecureRandom()));
        }

        abstract int run(WebhookService service) throws IOException;
    }

    /** Where a secret is read from when the operator brings their own; never the command line. */
    static final class SecretSource {
        @Option(names = "--secret-env", paramLabel = "VAR",
                description = "Use the whsec_ secret in this environment variable instead of generating one.")
        String env;

        @Option(names = "--secret-file", paramLabel = "FILE",
                description = "Use the whsec_ secret in this file instead of generating one.")
        Path file;

        /** The given secret, or null to have one generated. */
        String read() throws IOException {
            if (file != null) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            if (env != null) {
                String v = System.getenv(env);
                if (v == null || v.isBlank()) {
                    throw new IllegalArgumentException("$" + env + " is empty");
                }
                return v.strip();
            }
            return null;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add an endpoint. Its signing secret is generated (or read with --secret-env/--secret-file), "
                    + "stored encrypted and shown once.")
    static final class Add extends WebhookSub {
        @Parameters(paramLabel = "URL", description = "Where to POST, http or https.")
        String url;

        @Option(names = "--events", paramLabel = "TYPES", required = true, split = ",",
                description = "Event types, comma-separated, or * for all.")
        List<String> events;

        @Option(names = "--description", paramLabel = "TEXT", description = "A note for people.")
        String description;

        @picocli.CommandLine.ArgGroup(exclusive = true)
        SecretSource secret = new SecretSource();

        @Override
        int run(WebhookService service) throws IOException {
            WebhookService.Created c = service.add(url, events, secret == null ? null : secret.read(), description,
                    operator());
            print("Webhook endpoint " + c.endpoint().id() + " added: " + c.endpoint().url() + " ("
                    + String.join(", ", c.endpoint().eventTypes()) + ").");
            print("Signing secret (shown once; store it with the receiver): " + c.secret());
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List endpoints with their messages: waiting (pending or retrying), delivered, failed.")
    static final class ListEndpoints extends WebhookSub {
        @Override
        int run(WebhookService service) {
            List<WebhookService.Endpoint> all = service.list();
            if (all.isEmpty()) {
                print("No webhook endpoints yet: leadwire webhook add URL --events TYPES");
                print("Event types: " + Arrays.stream(WebhookEventType.values()).map(WebhookEventType::wireName)
                        .collect(Collectors.joining(", ")) + ", or * for all.");
                return ExitCodes.OK;
            }
            print(String.format("%-15s %-4s %7s %9s %6s %-12s %-30s %s", "ID", "ON", "WAITING", "DELIVERED",
                    "FAILED", "SECRET", "EVENTS", "URL"));
            for (WebhookService.Endpoint e : all) {
                long waiting = e.count(MessageStatus.PENDING) + e.count(MessageStatus.RETRY)
                        + e.count(MessageStatus.SENDING);
                print(String.format("%-15s %-4s %7d %9d %6d %-12s %-30s %s", e.id(), e.enabled() ? "on" : "off",
                        waiting, e.count(MessageStatus.DELIVERED), e.count(MessageStatus.FAILED),
                        e.secretHints().isEmpty() ? "-" : e.secretHints().get(0)
                                + (e.secretHints().size() > 1 ? "+" + (e.secretHints().size() - 1) : ""),
                        String.join(",", e.eventTypes()), e.url()));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove an endpoint with its secrets and messages (unsent ones are dropped).")
    static final class Remove extends WebhookSub {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(WebhookService service) {
            service.remove(id);
            print("Webhook endpoint " + id + " removed.");
            return ExitCodes.OK;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Send to an endpoint again.")
    static final class Enable extends WebhookSub {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(WebhookService service) {
            service.setEnabled(id, true, operator());
            print("Webhook endpoint " + id + " is on.");
            return ExitCodes.OK;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Stop sending to an endpoint: it gets no new messages, its waiting ones are held.")
    static final class Disable extends WebhookSub {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(WebhookService service) {
            service.setEnabled(id, false, operator());
            print("Webhook endpoint " + id + " is off.");
            return ExitCodes.OK;
        }
    }

    @Command(name = "rotate-secret", mixinStandardHelpOptions = true,
            description = "Make a new signing secret (shown once). The old one keeps signing alongside it for the "
                    + "overlap, so the receiver can switch without losing a message.")
    static final class RotateSecret extends WebhookSub {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--overlap", paramLabel = "DURATION", defaultValue = "24h",
                description = "How long the old secret keeps signing too, e.g. 24h, 30m or 0 (default: ${DEFAULT-VALUE}).")
        String overlap;

        @picocli.CommandLine.ArgGroup(exclusive = true)
        SecretSource secret = new SecretSource();

        @Override
        int run(WebhookService service) throws IOException {
            Duration keep = "0".equals(overlap.strip()) ? Duration.ZERO : Durations.parse(overlap);
            String fresh = service.rotateSecret(id, secret == null ? null : secret.read(), keep);
            print("New signing secret for " + id + " (shown once): " + fresh);
            print(keep.isZero() ? "The old secret no longer signs."
                    : "The old secret also signs for " + Durations.format(keep) + ".");
            return ExitCodes.OK;
        }
    }
}
