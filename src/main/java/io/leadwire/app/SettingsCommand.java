package io.leadwire.app;

import io.leadwire.callback.outbound.WebhookSettings;
import io.leadwire.delivery.RoutingSettings;
import io.leadwire.metrics.AlertSettings;
import io.leadwire.quality.QualityPolicyCodec;
import io.leadwire.store.Database;
import io.leadwire.store.InvalidSettingsException;
import io.leadwire.store.RetentionSettings;
import io.leadwire.store.SettingsCodec;
import io.leadwire.store.SettingsProblem;
import io.leadwire.store.SettingsRepository;
import io.leadwire.store.SettingsRepository.SettingChange;
import io.leadwire.store.SettingsRepository.StoredSetting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leadwire settings ...}: the engine settings the console's Settings screen edits, for
 * servers without a console. Like {@code vendor}, it works whether or not an engine runs; running
 * engines apply a change within a few seconds.
 */
@Command(name = "settings", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show, change and audit the engine settings shared by every engine on the database.",
        subcommands = {SettingsCommand.Show.class, SettingsCommand.SetDocument.class, SettingsCommand.History.class})
final class SettingsCommand extends CommandGroup {

    /** The settings sections, by document name; a new section adds its codec here. */
    static Map<String, SettingsCodec<?>> sections() {
        Map<String, SettingsCodec<?>> out = new LinkedHashMap<>();
        SettingsCodec<?> quality = new QualityPolicyCodec();
        out.put(quality.name(), quality);
        SettingsCodec<?> routing = new RoutingSettings.Codec();
        out.put(routing.name(), routing);
        SettingsCodec<?> webhooks = new WebhookSettings.Codec();
        out.put(webhooks.name(), webhooks);
        SettingsCodec<?> alerts = new AlertSettings.Codec();
        out.put(alerts.name(), alerts);
        SettingsCodec<?> retention = new RetentionSettings.Codec();
        out.put(retention.name(), retention);
        return out;
    }

    /** Runs the work for one settings section on the data dir's database. */
    abstract static class SettingsSub extends StoreCommand {
        @Parameters(index = "0", paramLabel = "SECTION", description = "The settings section: ${COMPLETION-CANDIDATES}.",
                completionCandidates = SectionNames.class)
        String section;

        @Override
        final Integer check() {
            if (sections().get(section) == null) {
                err("leadwire: no settings section '" + section + "'; use one of "
                        + String.join(", ", sections().keySet()) + ".");
                return ExitCodes.USAGE;
            }
            return null;
        }

        @Override
        final int work(Database db) throws IOException {
            return run(new SettingsRepository(db.dataSource()), sections().get(section));
        }

        abstract int run(SettingsRepository repository, SettingsCodec<?> codec) throws IOException;

        void note(String line) {
            err(line);
        }
    }

    /** The section names, for help and completion. */
    static final class SectionNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return sections().keySet().iterator();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a section's document in force (the defaults if never saved) on stdout.")
    static final class Show extends SettingsSub {
        @Override
        int run(SettingsRepository repository, SettingsCodec<?> codec) {
            Optional<StoredSetting> stored = repository.find(codec.name());
            if (stored.isEmpty()) {
                note("# " + codec.name() + ": shipped defaults, never saved");
                print(defaults(codec));
                return ExitCodes.OK;
            }
            StoredSetting s = stored.get();
            note("# " + codec.name() + ": version " + s.version() + ", saved by " + s.updatedBy() + " at "
                    + s.updatedAt());
            print(s.json());
            return ExitCodes.OK;
        }

        private static <T> String defaults(SettingsCodec<T> codec) {
            return codec.write(codec.defaults());
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Check a document and save it as the section's next version (FILE, or - for stdin). "
                    + "Keys it lacks take their defaults.")
    static final class SetDocument extends SettingsSub {
        @Parameters(index = "1", paramLabel = "FILE", description = "The JSON document, or - to read stdin.")
        String file;

        @Option(names = "--by", paramLabel = "NAME", description = "Who is changing it (default: the OS user name).")
        String by = System.getProperty("user.name", "unknown");

        @Override
        int run(SettingsRepository repository, SettingsCodec<?> codec) throws IOException {
            String json;
            try {
                json = read();
            } catch (NoSuchFileException e) {
                note("leadwire: no such file: " + file);
                return ExitCodes.FAILURE;
            }
            String normalized;
            try {
                normalized = normalize(codec, json);
            } catch (InvalidSettingsException e) {
                note("leadwire: " + file + " is not valid " + codec.name() + " settings; nothing was saved:");
                for (SettingsProblem p : e.problems()) {
                    note("  " + p);
                }
                return ExitCodes.FAILURE;
            }
            long version = repository.find(codec.name()).map(StoredSetting::version).orElse(0L);
            StoredSetting saved = repository.save(codec.name(), normalized, version, by, Clock.systemUTC().instant());
            print("Saved " + codec.name() + " settings version " + saved.version() + " by " + saved.updatedBy()
                    + ". Running engines apply them within a few seconds.");
            return ExitCodes.OK;
        }

        private String read() throws IOException {
            if ("-".equals(file)) {
                InputStream in = System.in;
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        }

        /** Reads and re-writes the document, so what is stored is complete and checked. */
        private static <T> String normalize(SettingsCodec<T> codec, String json) {
            return codec.write(codec.read(json));
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "List who changed a section and when, newest first.")
    static final class History extends SettingsSub {
        @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
                description = "How many changes to list (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        int run(SettingsRepository repository, SettingsCodec<?> codec) {
            List<SettingChange> changes = repository.history(codec.name(), limit);
            if (changes.isEmpty()) {
                print(codec.name() + ": never changed; the shipped defaults apply.");
            }
            for (SettingChange c : changes) {
                print("version " + c.version() + "  " + c.changedAt() + "  " + c.changedBy());
            }
            return ExitCodes.OK;
        }
    }
}
