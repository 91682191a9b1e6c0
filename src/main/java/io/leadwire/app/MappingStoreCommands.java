package io.leadwire.app;

import io.leadwire.mapping.MappingDiff;
import io.leadwire.mapping.MappingParser;
import io.leadwire.store.Database;
import io.leadwire.store.MappingRepository;
import io.leadwire.store.MappingVersionRow;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leadwire mapping import|export|publish|history|diff|rollback|list}: the versioned buyer
 * mappings in the database. Like the vendor commands they open the data dir's database directly,
 * which works whether or not an engine runs on it (H2's automatic mixed mode).
 */
final class MappingStoreCommands {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private MappingStoreCommands() {
    }

    /** Runs the work against a {@link MappingLibrary} on the data dir's database. */
    abstract static class MappingSub extends StoreCommand {
        @Override
        final int work(Database db) throws IOException {
            return run(new MappingLibrary(new MappingRepository(db.dataSource()), new MappingParser(),
                    Clock.systemUTC()));
        }

        @Override
        final int refused(RuntimeException e) {
            if (e instanceof MappingLibrary.InvalidMappingException invalid) {
                invalid.problems().forEach(p -> err(source() + ": " + p));
                err("leadwire: the mapping was refused; nothing was stored");
                return ExitCodes.FAILURE;
            }
            return super.refused(e);
        }

        abstract int run(MappingLibrary library) throws IOException;

        /** What the field errors of an invalid document are about (a file, or a buyer's version). */
        abstract String source();

        static int versionNumber(String text) {
            String digits = text.startsWith("v") || text.startsWith("V") ? text.substring(1) : text;
            try {
                int n = Integer.parseInt(digits);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // Falls through to the message below.
            }
            throw new IllegalArgumentException("'" + text + "' is not a version; write it as 3 or v3");
        }

        static String quoted(String buyer) {
            return buyer.matches("[A-Za-z0-9._-]+") ? buyer : "'" + buyer.replace("'", "'\\''") + "'";
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Check a mapping file and store it as the buyer's draft (or publish it at once). "
                    + "Field errors go to stderr (exit 1) and nothing is stored.")
    static final class Import extends MappingSub {
        @Parameters(paramLabel = "FILE", description = "A mapping document (JSON, UTF-8), the format "
                + "'mapping preview --buyer' reads.")
        Path file;

        @Option(names = "--buyer", paramLabel = "NAME",
                description = "The buyer (default: the document's \"name\", else the file name).")
        String buyer;

        @Option(names = "--publish", description = "Publish it as the buyer's next version.")
        boolean publish;

        @Option(names = "--note", paramLabel = "TEXT", description = "Why it is published (with --publish).")
        String note;

        @Override
        int run(MappingLibrary library) throws IOException {
            if (note != null && !publish) {
                throw new IllegalArgumentException("--note goes with --publish (a draft has no note)");
            }
            String document = readUtf8(file);
            String name = buyer != null ? buyer.strip() : MappingLibrary.buyerNameOf(document,
                    file.getFileName().toString());
            if (publish) {
                MappingVersionRow row = library.publish(name, document, operator(), note);
                print("Published '" + name + "' v" + row.version() + ".");
            } else {
                library.saveDraft(name, document);
                print("Stored '" + name + "' as its draft. Publish it with: leadwire mapping publish " + quoted(name));
            }
            return ExitCodes.OK;
        }

        @Override
        String source() {
            return file.getFileName().toString();
        }

        private static String readUtf8(Path file) throws IOException {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (CharacterCodingException e) {
                throw new IOException(file + " is not UTF-8 text");
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IOException("no such file: " + file);
            }
        }
    }

    /** No standard {@code -V, --version} here: {@code --version N} picks the mapping version. */
    @Command(name = "export",
            description = "Write a buyer's mapping exactly as it was imported: the draft, or --version N.")
    static final class Export extends MappingSub {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Parameters(paramLabel = "BUYER")
        String buyer;

        @Option(names = "--version", paramLabel = "N", description = "A published version (default: the draft).")
        String version;

        @Option(names = "--out", paramLabel = "FILE", description = "Write to this file (default: stdout).")
        Path out;

        @Override
        int run(MappingLibrary library) throws IOException {
            String document = library.document(buyer,
                    version == null ? Optional.empty() : Optional.of(versionNumber(version)));
            byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
            if (out != null) {
                Files.write(out, bytes);
                print("Wrote '" + buyer + "'" + (version == null ? "" : " v" + versionNumber(version)) + " to " + out
                        + ".");
            } else {
                // Raw bytes, not through a writer in the platform charset: the export is the import.
                spec.commandLine().getOut().flush();
                System.out.write(bytes);
                System.out.flush();
            }
            return ExitCodes.OK;
        }

        @Override
        String source() {
            return buyer;
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Publish the buyer's draft as its next version (checked first; exit 1 with the field "
                    + "errors when it does not compile).")
    static final class Publish extends MappingSub {
        @Parameters(paramLabel = "BUYER")
        String buyer;

        @Option(names = "--note", paramLabel = "TEXT", description = "Why it is published.")
        String note;

        @Override
        int run(MappingLibrary library) {
            MappingVersionRow row = library.publishDraft(buyer, operator(), note);
            print("Published '" + buyer + "' v" + row.version() + ".");
            return ExitCodes.OK;
        }

        @Override
        String source() {
            return buyer + " (draft)";
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "List a buyer's published versions, newest first.")
    static final class History extends MappingSub {
        @Parameters(paramLabel = "BUYER")
        String buyer;

        @Override
        int run(MappingLibrary library) {
            List<MappingVersionRow> versions = library.history(buyer);
            if (versions.isEmpty()) {
                print("'" + buyer + "' has a draft but no published version yet. Publish it with: "
                        + "leadwire mapping publish " + quoted(buyer));
                return ExitCodes.OK;
            }
            print(String.format("%-8s %-20s %-16s %s", "VERSION", "PUBLISHED (UTC)", "BY", "NOTE"));
            for (MappingVersionRow v : versions) {
                print(String.format("%-8s %-20s %-16s %s", "v" + v.version(), WHEN.format(v.publishedAt()),
                        v.publishedBy(), v.note()));
            }
            if (library.hasUnpublishedDraft(buyer)) {
                print("The draft has changes not yet published (leadwire mapping diff " + quoted(buyer) + " v"
                        + versions.get(0).version() + " draft).");
            }
            return ExitCodes.OK;
        }

        @Override
        String source() {
            return buyer;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Show what changed between two versions, rule by rule: + added, - removed, "
                    + "~ changed (before -> after), > moved, * document setting.")
    static final class Diff extends MappingSub {
        @Parameters(index = "0", paramLabel = "BUYER")
        String buyer;

        @Parameters(index = "1", paramLabel = "V1", description = "The older version (3 or v3).")
        String from;

        @Parameters(index = "2", paramLabel = "V2", description = "The newer version, or 'draft'.")
        String to;

        @Override
        int run(MappingLibrary library) {
            int older = versionNumber(from);
            boolean draft = to.equalsIgnoreCase("draft");
            MappingDiff diff = draft ? library.diffToDraft(buyer, older)
                    : library.diff(buyer, older, versionNumber(to));
            String title = "'" + buyer + "' v" + older + " -> " + (draft ? "draft" : "v" + versionNumber(to));
            if (diff.isEmpty()) {
                print(title + ": no differences.");
                return ExitCodes.OK;
            }
            print(title + ":");
            diff.lines().forEach(this::print);
            return ExitCodes.OK;
        }

        @Override
        String source() {
            return buyer;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Publish a copy of an earlier version as the next version and make it the draft. "
                    + "History is kept.")
    static final class Rollback extends MappingSub {
        @Parameters(paramLabel = "BUYER")
        String buyer;

        @Option(names = "--to", required = true, paramLabel = "N", description = "The version to go back to.")
        String to;

        @Override
        int run(MappingLibrary library) {
            MappingVersionRow row = library.rollback(buyer, versionNumber(to), operator());
            print("Rolled '" + buyer + "' back to v" + versionNumber(to) + ": published as v" + row.version() + ".");
            return ExitCodes.OK;
        }

        @Override
        String source() {
            return buyer + " v" + to;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the buyers with a mapping.")
    static final class ListBuyers extends MappingSub {
        @Override
        int run(MappingLibrary library) {
            List<String> buyers = library.buyers();
            if (buyers.isEmpty()) {
                print("No buyer mappings yet. Import one with: leadwire mapping import FILE");
                return ExitCodes.OK;
            }
            print(String.format("%-30s %-8s %-20s %s", "BUYER", "LATEST", "PUBLISHED (UTC)", "DRAFT"));
            for (String buyer : buyers) {
                Optional<MappingVersionRow> latest = library.latest(buyer);
                print(String.format("%-30s %-8s %-20s %s", buyer,
                        latest.map(v -> "v" + v.version()).orElse("-"),
                        latest.map(v -> WHEN.format(v.publishedAt())).orElse("-"),
                        library.hasUnpublishedDraft(buyer) ? "unpublished changes" : "same as latest"));
            }
            return ExitCodes.OK;
        }

        @Override
        String source() {
            return "mapping";
        }
    }
}
