package io.leadwire.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.store.Database;
import io.leadwire.store.LiveSetting;
import io.leadwire.store.RetentionJob;
import io.leadwire.store.RetentionSettings;
import io.leadwire.store.SettingsRepository;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leadwire archive [--now]}: what the daily retention run would archive, or that run now.
 * Like the other admin commands it works whether or not an engine runs; the job's lease in the
 * database keeps it from running alongside an engine's own daily run.
 */
@Command(name = "archive", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Show what the retention settings have expired, or (--now) archive it to "
                + "<data-dir>/archive and remove it from the database.",
                "The engine does this once a day on its own; see 'leadwire settings show retention'."})
final class ArchiveCommand extends StoreCommand {
    @Option(names = "--now", description = "Archive and remove the expired data now instead of only counting it.")
    boolean now;

    @Override
    int work(Database db) throws IOException {
        Clock clock = Clock.systemUTC();
        RetentionSettings settings = new LiveSetting<>(new SettingsRepository(db.dataSource()),
                new RetentionSettings.Codec(), clock).current();
        Path dir = data.dataDirOrDefault().resolve(RetentionJob.ARCHIVE_DIR);
        RetentionJob job = new RetentionJob(db.dataSource(), dir, () -> settings, clock, new ObjectMapper());
        print("Retention: raw payloads " + settings.rawPayloadDays() + " days, transaction log "
                + settings.transactionLogDays() + " days.");
        if (!now) {
            Map<String, Long> expired = job.expired();
            print("Expired and not archived yet: " + expired.get("lead") + " lead payloads, "
                    + expired.get("delivery_attempt") + " delivery attempts' bodies, " + expired.get("lead_event")
                    + " lead timeline events.");
            print("Run 'leadwire archive --now' to archive them to " + dir + " and remove them from the database.");
            return ExitCodes.OK;
        }
        RetentionJob.Report report;
        try {
            report = job.run();
        } catch (RetentionJob.RetentionBusyException e) {
            err("leadwire: " + e.getMessage());
            return ExitCodes.BUSY;
        }
        for (Path p : report.recovered()) {
            print("Finished the purge of " + p.getFileName() + ", archived by an interrupted earlier run.");
        }
        for (RetentionJob.TableReport t : report.tables()) {
            print(t.table() + ": " + t.rows() + " rows older than " + t.cutoff() + " archived"
                    + (t.files().isEmpty() ? "" : " to " + String.join(", ",
                    t.files().stream().map(f -> f.getFileName().toString()).toList())));
        }
        print("Archives are in " + dir + "; each file has a .manifest.json with its row count and SHA-256.");
        return ExitCodes.OK;
    }
}
