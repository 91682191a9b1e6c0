package io.leadwire.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives the expired parts of the record to files and only then removes them from the
 * database (the {@link RetentionSettings retention settings} say what is expired).
 *
 * <p>What it touches, table by table:
 * <ul>
 *   <li>{@code lead}: the raw payload of leads received before the raw-payload limit is written
 *       to the archive and replaced by {@code ''}; {@code payload_archived_at} marks it. The lead
 *       row (identity, normalized fields, status, score) stays.</li>
 *   <li>{@code delivery_attempt}: the whole row of attempts started before the transaction-log
 *       limit is archived; the request and response bodies are blanked and
 *       {@code bodies_archived_at} marks it. The row stays for figures and the record.</li>
 *   <li>{@code lead_event}: timeline rows older than the transaction-log limit are archived and
 *       deleted.</li>
 * </ul>
 *
 * <p>Order of work, so nothing is ever removed that is not safely in a file: rows are streamed
 * into {@code <table>-<from>-<to>-s<first seq>.jsonl.gz} (one JSON object per row), the file is
 * fsynced and renamed into place, then a manifest ({@code .manifest.json}, with the file's
 * SHA-256 and {@code purged_at: null}) is fsynced next to it, and only then are the rows blanked
 * or deleted, in transactions of a bounded size, each one also advancing the table's
 * {@code retention_cursor}. The manifest finally gets {@code purged_at}.
 *
 * <p>A crash (or a failed purge) after the archive was written leaves rows in the database and a
 * manifest without {@code purged_at}. The next run first finishes those: it checks the file
 * against its SHA-256, reads the rows' seqs back from it and removes exactly those (again, as
 * the purge only touches rows not marked yet). Rows are never archived twice, so an archive
 * file is always the one place a row went. A file that fails its check is renamed
 * {@code *.corrupt} and its rows, still in the database, are archived again.
 *
 * <p>Rows are read in {@code seq} order from the cursor and the read stops at the first row that
 * is not expired yet: a daily run reads only the new range, with no index on the hot tables'
 * timestamps. A row written slightly out of time order is archived by a later run.
 *
 * <p>One run at a time on a database: a run holds a lease in {@code retention_run} (renewed with
 * every batch it removes, in the same transaction), so the engine's daily run, {@code leadwire
 * archive --now} and other engines on the same database exclude each other.
 */
public final class RetentionJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    /** The archive folder's name in the data dir. */
    public static final String ARCHIVE_DIR = "archive";
    static final String FORMAT = "leadwire-archive 1";
    static final String MANIFEST_SUFFIX = ".manifest.json";
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    static final int DEFAULT_ROWS_PER_FILE = 20_000;
    static final int DEFAULT_ROWS_PER_COMMIT = 500;
    /** How long a run may go without finishing a batch before another run may take over. */
    static final Duration LEASE = Duration.ofMinutes(10);
    private static final String RUN = "retention";

    private final DataSource dataSource;
    private final Path archiveDir;
    private final Supplier<RetentionSettings> settings;
    private final Clock clock;
    private final ObjectMapper json;
    private final int rowsPerFile;
    private final int rowsPerCommit;
    private volatile boolean stopping;
    private ScheduledExecutorService scheduler;

    /** One table the job archives: what to read, how old is expired, how to remove an archived row. */
    enum Part {
        LEAD("lead", "received_at", RetentionSettings::rawPayload,
                "SELECT seq, id, vendor_id, vendor_lead_id, received_at, content_type, raw_payload FROM lead "
                        + "WHERE seq > ? AND payload_archived_at IS NULL ORDER BY seq FETCH FIRST ? ROWS ONLY",
                "UPDATE lead SET raw_payload = '', payload_archived_at = ? WHERE seq = ? AND payload_archived_at IS NULL",
                "SELECT COUNT(*) FROM lead WHERE received_at < ? AND payload_archived_at IS NULL"),
        DELIVERY_ATTEMPT("delivery_attempt", "started_at", RetentionSettings::transactionLog,
                "SELECT * FROM delivery_attempt WHERE seq > ? AND bodies_archived_at IS NULL ORDER BY seq "
                        + "FETCH FIRST ? ROWS ONLY",
                "UPDATE delivery_attempt SET request_body = '', response_body = NULL, bodies_archived_at = ? "
                        + "WHERE seq = ? AND bodies_archived_at IS NULL",
                "SELECT COUNT(*) FROM delivery_attempt WHERE started_at < ? AND bodies_archived_at IS NULL"),
        LEAD_EVENT("lead_event", "at", RetentionSettings::transactionLog,
                "SELECT * FROM lead_event WHERE seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY",
                "DELETE FROM lead_event WHERE seq = ?",
                "SELECT COUNT(*) FROM lead_event WHERE at < ?");

        final String table;
        final String timeColumn;
        final Function<RetentionSettings, Duration> retention;
        final String select;
        final String purge;
        final String count;

        Part(String table, String timeColumn, Function<RetentionSettings, Duration> retention, String select,
             String purge, String count) {
            this.table = table;
            this.timeColumn = timeColumn;
            this.retention = retention;
            this.select = select;
            this.purge = purge;
            this.count = count;
        }

        static Part ofTable(String table) {
            for (Part p : values()) {
                if (p.table.equals(table)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("no archived table " + table);
        }
    }

    /**
     * What one run did for one table.
     *
     * @param table  the table
     * @param cutoff rows older than this were expired
     * @param rows   rows archived and removed in this run (not counting recovered files)
     * @param files  the archive files written
     */
    public record TableReport(String table, Instant cutoff, long rows, List<Path> files) {
        public TableReport {
            files = List.copyOf(files);
        }
    }

    /**
     * What one run did.
     *
     * @param recovered archive files of an earlier, interrupted run whose purge this run finished
     * @param tables    per table, in the order they were done
     */
    public record Report(List<Path> recovered, List<TableReport> tables) {
        public Report {
            recovered = List.copyOf(recovered);
            tables = List.copyOf(tables);
        }

        public long rows() {
            return tables.stream().mapToLong(TableReport::rows).sum();
        }
    }

    /** Another run holds the archive folder. */
    public static final class RetentionBusyException extends IOException {
        private static final long serialVersionUID = 1L;

        RetentionBusyException(String holder, Instant leaseUntil) {
            super("an archive run is already in progress (" + holder + ", the engine's daily run or another "
                    + "'leadwire archive', its lease runs until " + leaseUntil + "); try again when it has finished");
        }
    }

    /**
     * @param archiveDir where archive files go (created when needed), normally
     *                   {@code <data-dir>/archive}
     * @param settings   the retention settings in force, read at the start of every run
     */
    public RetentionJob(DataSource dataSource, Path archiveDir, Supplier<RetentionSettings> settings, Clock clock,
                        ObjectMapper json) {
        this(dataSource, archiveDir, settings, clock, json, DEFAULT_ROWS_PER_FILE, DEFAULT_ROWS_PER_COMMIT);
    }

    RetentionJob(DataSource dataSource, Path archiveDir, Supplier<RetentionSettings> settings, Clock clock,
                 ObjectMapper json, int rowsPerFile, int rowsPerCommit) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.archiveDir = Objects.requireNonNull(archiveDir, "archiveDir");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
        if (rowsPerFile < 1 || rowsPerCommit < 1) {
            throw new IllegalArgumentException("batch sizes are at least 1");
        }
        this.rowsPerFile = rowsPerFile;
        this.rowsPerCommit = rowsPerCommit;
    }

    /**
     * How many rows are expired now and not archived yet, per table (a full count: for the admin
     * command's preview, not for the engine).
     */
    public Map<String, Long> expired() {
        Instant now = clock.instant();
        RetentionSettings s = settings.get();
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (Part p : Part.values()) {
                try (PreparedStatement ps = c.prepareStatement(p.count)) {
                    ps.setObject(1, Jdbc.ts(now.minus(p.retention.apply(s))));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        out.put(p.table, rs.getLong(1));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("could not count the expired rows", e);
        }
    }

    /**
     * Finishes any interrupted earlier run, then archives and removes every expired row.
     *
     * @throws RetentionBusyException when another run holds the lease
     * @throws IOException            when an archive cannot be written (nothing is removed then)
     * @throws StoreException         when the database fails; what was archived is finished next run
     */
    public Report run() throws IOException {
        Files.createDirectories(archiveDir);
        String holder = "pid " + ProcessHandle.current().pid() + " run "
                + Long.toHexString(new SecureRandom().nextLong());
        claim(holder);
        try {
            List<Path> recovered = recover(holder);
            RetentionSettings s = settings.get();
            Instant now = clock.instant();
            List<TableReport> tables = new ArrayList<>();
            for (Part p : Part.values()) {
                if (stopping) {
                    break;
                }
                tables.add(archive(p, now.minus(p.retention.apply(s)), now, holder));
            }
            Report report = new Report(recovered, tables);
            LOG.info("retention run: {} rows archived{}", report.rows(),
                    recovered.isEmpty() ? "" : ", " + recovered.size() + " interrupted archive(s) finished");
            return report;
        } finally {
            release(holder);
        }
    }

    /**
     * Runs the job every {@code every}, the first time after {@code first}, on its own thread.
     * A failed run is logged and tried again at the next time.
     */
    public synchronized void start(Duration first, Duration every) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "leadwire-retention");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                run();
            } catch (RetentionBusyException e) {
                LOG.info("retention run skipped: {}", e.getMessage());
            } catch (IOException | RuntimeException e) {
                LOG.error("retention run failed (expired rows stay in the database until a run succeeds): {}",
                        e.toString());
            }
        }, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the schedule; a run in progress finishes the batch it is in (so an archive and its
     * purge never part for longer than until the next start).
     */
    @Override
    public synchronized void close() {
        close(Duration.ofSeconds(30));
    }

    /** {@link #close()} waiting at most {@code wait} for a run in progress to reach a safe point. */
    public synchronized void close(Duration wait) {
        stopping = true;
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                if (!scheduler.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("retention run still busy when the engine stopped; the next start finishes it");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // archive, then purge

    private TableReport archive(Part part, Instant cutoff, Instant now, String holder) throws IOException {
        long rows = 0;
        List<Path> files = new ArrayList<>();
        while (!stopping) {
            Written w = write(part, cutoff, now);
            if (w == null) {
                break;
            }
            purge(part, w.seqs(), now, holder);
            markPurged(w.manifest(), now);
            rows += w.seqs().size();
            files.add(w.file());
            if (!w.full()) {
                break;
            }
        }
        return new TableReport(part.table, cutoff, rows, files);
    }

    /** An archive file written and fsynced with its manifest, not purged yet. */
    private record Written(Path file, Path manifest, List<Long> seqs, boolean full) {
    }

    /** Streams the next expired rows of {@code part} into a new archive; null when there are none. */
    private Written write(Part part, Instant cutoff, Instant now) throws IOException {
        Path part1 = archiveDir.resolve(part.table + ".jsonl.gz.part");
        List<Long> seqs = new ArrayList<>();
        Instant from = null;
        Instant to = null;
        boolean full;
        MessageDigest sha = sha256();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(part.select)) {
            ps.setLong(1, cursor(c, part));
            ps.setInt(2, rowsPerFile);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                int read = 0;
                boolean cut = false;
                try (OutputStream file = Files.newOutputStream(part1);
                     DigestOutputStream digest = new DigestOutputStream(file, sha);
                     GZIPOutputStream gz = new GZIPOutputStream(digest, 64 * 1024);
                     Writer out = new BufferedWriter(new OutputStreamWriter(gz, StandardCharsets.UTF_8))) {
                    while (rs.next()) {
                        read++;
                        Instant at = Jdbc.instant(rs.getObject(part.timeColumn));
                        if (!at.isBefore(cutoff)) {
                            cut = true;
                            break;
                        }
                        out.write(json.writeValueAsString(row(rs, md)));
                        out.write('\n');
                        seqs.add(rs.getLong("seq"));
                        from = from == null ? at : from;
                        to = at;
                    }
                }
                full = !cut && read == rowsPerFile;
            }
        } catch (SQLException e) {
            Files.deleteIfExists(part1);
            throw new StoreException("could not read the expired rows of " + part.table, e);
        }
        if (seqs.isEmpty()) {
            Files.delete(part1);
            return null;
        }
        fsync(part1);
        String name = part.table + "-" + FILE_TIME.format(from) + "-" + FILE_TIME.format(to) + "-s" + seqs.get(0);
        Path file = archiveDir.resolve(name + ".jsonl.gz");
        Files.move(part1, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        ObjectNode m = json.createObjectNode();
        m.put("format", FORMAT);
        m.put("table", part.table);
        m.put("file", file.getFileName().toString());
        m.put("rows", seqs.size());
        m.put("first_seq", seqs.get(0));
        m.put("last_seq", seqs.get(seqs.size() - 1));
        m.put("from", from.toString());
        m.put("to", to.toString());
        m.put("cutoff", cutoff.toString());
        m.put("sha256", HexFormat.of().formatHex(sha.digest()));
        m.put("written_at", now.toString());
        m.putNull("purged_at");
        Path manifest = archiveDir.resolve(name + MANIFEST_SUFFIX);
        writeDurably(manifest, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
        return new Written(file, manifest, seqs, full);
    }

    private ObjectNode row(ResultSet rs, ResultSetMetaData md) throws SQLException {
        ObjectNode node = json.createObjectNode();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
            Object v = rs.getObject(i);
            if (v == null) {
                node.putNull(name);
            } else if (v instanceof OffsetDateTime || v instanceof java.sql.Timestamp
                    || v instanceof java.time.LocalDateTime) {
                node.put(name, Jdbc.instant(v).toString());
            } else if (v instanceof Long l) {
                node.put(name, l);
            } else if (v instanceof Integer n) {
                node.put(name, n);
            } else if (v instanceof Boolean b) {
                node.put(name, b);
            } else if (v instanceof BigDecimal d) {
                node.put(name, d);
            } else {
                node.put(name, v.toString());
            }
        }
        return node;
    }

    /** Removes the archived rows in bounded transactions, each advancing the cursor past its rows. */
    private void purge(Part part, List<Long> seqs, Instant now, String holder) {
        for (int i = 0; i < seqs.size(); i += rowsPerCommit) {
            List<Long> chunk = seqs.subList(i, Math.min(seqs.size(), i + rowsPerCommit));
            Jdbc.inTransaction(dataSource, "remove archived rows of " + part.table, c -> {
                renew(c, holder);
                try (PreparedStatement ps = c.prepareStatement(part.purge)) {
                    boolean marks = part != Part.LEAD_EVENT;
                    for (long seq : chunk) {
                        // Blanked rows get the time they were archived as their mark; deleted rows need none.
                        if (marks) {
                            ps.setObject(1, Jdbc.ts(now));
                        }
                        ps.setLong(marks ? 2 : 1, seq);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                advanceCursor(c, part, chunk.get(chunk.size() - 1), now);
                return null;
            });
        }
    }

    // ---------------------------------------------------------------------------------------------
    // recovery of an interrupted run

    /** Finishes the purge of every archive whose manifest has no {@code purged_at}, oldest first. */
    private List<Path> recover(String holder) throws IOException {
        TreeSet<Path> manifests = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(archiveDir, "*" + MANIFEST_SUFFIX)) {
            ds.forEach(manifests::add);
        }
        List<Path> done = new ArrayList<>();
        Instant now = clock.instant();
        for (Path manifestFile : manifests) {
            JsonNode m = json.readTree(manifestFile.toFile());
            if (!m.path("purged_at").isNull()) {
                continue;
            }
            Part part = Part.ofTable(m.path("table").asText());
            Path file = archiveDir.resolve(m.path("file").asText());
            List<Long> seqs;
            try {
                seqs = readSeqs(file, m.path("sha256").asText());
            } catch (IOException e) {
                // The database still has these rows (they were never purged): set the file aside
                // so the next pass archives them afresh instead of trusting a damaged copy.
                LOG.error("archive {} cannot be read back ({}); setting it aside as .corrupt, its rows stay in "
                        + "the database and are archived again", file.getFileName(), e.getMessage());
                moveAside(file);
                moveAside(manifestFile);
                continue;
            }
            purge(part, seqs, now, holder);
            markPurged(manifestFile, now);
            LOG.info("finished the interrupted archive {} ({} rows)", file.getFileName(), seqs.size());
            done.add(file);
        }
        return done;
    }

    private List<Long> readSeqs(Path file, String sha256) throws IOException {
        MessageDigest sha = sha256();
        List<Long> seqs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file);
             DigestInputStream digest = new DigestInputStream(in, sha);
             BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(digest),
                     StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                seqs.add(json.readTree(line).path("seq").asLong());
            }
            digest.transferTo(OutputStream.nullOutputStream());
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(sha256)) {
            throw new IOException("SHA-256 " + actual + " is not the manifest's " + sha256);
        }
        return seqs;
    }

    private static void moveAside(Path file) throws IOException {
        if (Files.exists(file)) {
            Files.move(file, file.resolveSibling(file.getFileName() + ".corrupt"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void markPurged(Path manifestFile, Instant now) throws IOException {
        ObjectNode m = (ObjectNode) json.readTree(manifestFile.toFile());
        m.put("purged_at", now.toString());
        writeDurably(manifestFile, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
    }

    // ---------------------------------------------------------------------------------------------
    // the lease

    /** Takes the run lease when it is free or has lapsed. */
    private void claim(String holder) throws RetentionBusyException {
        Instant now = clock.instant();
        String busy = Jdbc.inTransaction(dataSource, "claim the retention run", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE retention_run SET holder = ?, lease_until = ? "
                    + "WHERE name = ? AND lease_until <= ?")) {
                ps.setString(1, holder);
                ps.setObject(2, Jdbc.ts(now.plus(LEASE)));
                ps.setString(3, RUN);
                ps.setObject(4, Jdbc.ts(now));
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT holder, lease_until FROM retention_run WHERE name = ?")) {
                ps.setString(1, RUN);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1) + "\n" + Jdbc.instant(rs.getObject(2));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO retention_run (name, holder, lease_until) VALUES (?, ?, ?)")) {
                ps.setString(1, RUN);
                ps.setString(2, holder);
                ps.setObject(3, Jdbc.ts(now.plus(LEASE)));
                ps.executeUpdate();
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    return "another run\n" + now.plus(LEASE);
                }
                throw e;
            }
            return null;
        });
        if (busy != null) {
            String[] parts = busy.split("\n", 2);
            throw new RetentionBusyException(parts[0], Instant.parse(parts[1]));
        }
    }

    /** Extends the lease in the transaction of a batch; a run that lost it must not remove anything. */
    private void renew(Connection c, String holder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE retention_run SET lease_until = ? WHERE name = ? AND holder = ?")) {
            ps.setObject(1, Jdbc.ts(clock.instant().plus(LEASE)));
            ps.setString(2, RUN);
            ps.setString(3, holder);
            if (ps.executeUpdate() != 1) {
                throw new StoreException("the retention run lost its lease to another run (it was stopped for "
                        + "longer than " + LEASE.toMinutes() + " min); what it archived is finished by the next run");
            }
        }
    }

    private void release(String holder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE retention_run SET lease_until = ? WHERE name = ? AND holder = ?")) {
            ps.setObject(1, Jdbc.ts(clock.instant()));
            ps.setString(2, RUN);
            ps.setString(3, holder);
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("could not free the retention lease (it lapses in {} min): {}", LEASE.toMinutes(), e.toString());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // cursor and files

    private static long cursor(Connection c, Part part) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM retention_cursor WHERE name = ?")) {
            ps.setString(1, part.table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        }
    }

    /** Moves the cursor forward to {@code seq}, never back (recovery may finish an older file). */
    private static void advanceCursor(Connection c, Part part, long seq, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE retention_cursor SET last_seq = ?, updated_at = ? WHERE name = ? AND last_seq < ?")) {
            ps.setLong(1, seq);
            ps.setObject(2, Jdbc.ts(now));
            ps.setString(3, part.table);
            ps.setLong(4, seq);
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM retention_cursor WHERE name = ?")) {
            ps.setString(1, part.table);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        // No race to lose here: runs exclude each other through the lease.
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO retention_cursor (name, last_seq, updated_at) VALUES (?, ?, ?)")) {
            ps.setString(1, part.table);
            ps.setLong(2, seq);
            ps.setObject(3, Jdbc.ts(now));
            ps.executeUpdate();
        }
    }

    /** Writes {@code bytes} to a temporary file, fsyncs it and renames it over {@code target}. */
    private void writeDurably(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        fsync(tmp);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDir(archiveDir);
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Makes the renames durable too; not every platform can open a directory (Windows), hence best effort. */
    private static void fsyncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync the directory {}: {}", dir, e.toString());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
