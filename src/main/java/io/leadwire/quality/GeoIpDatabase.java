package io.leadwire.quality;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's geo-IP check as configured: off, ready over an opened database, or failed because
 * the configured file is missing or not a MaxMind DB. A failure never stops the engine: it is
 * logged, shown by {@link #status()}, and leads are judged with {@link ReasonCode#GEO_UNCHECKED}
 * saying why.
 */
public final class GeoIpDatabase implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(GeoIpDatabase.class);

    /** The geo-IP check's state, for the console and the logs. */
    public enum State {
        /** No database configured. */
        OFF,
        /** The database is open and answering. */
        READY,
        /** A database is configured but could not be opened. */
        FAILED
    }

    /**
     * @param state   off, ready or failed
     * @param message one line for an operator, saying what to do when failed
     */
    public record Status(State state, String message) {
        public Status {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(message, "message");
        }
    }

    private final Optional<MaxMindGeoIpLocator> opened;
    private final Optional<GeoIpLocator> locator;
    private final Status status;

    private GeoIpDatabase(Optional<MaxMindGeoIpLocator> opened, Optional<GeoIpLocator> locator, Status status) {
        this.opened = opened;
        this.locator = locator;
        this.status = status;
    }

    /** Opens the configured database, if any; never throws for a bad file. */
    public static GeoIpDatabase open(GeoIpSettings settings) {
        if (settings.database().isEmpty()) {
            return new GeoIpDatabase(Optional.empty(), Optional.empty(),
                    new Status(State.OFF, "geo-IP check off: no database configured (--geoip-db)"));
        }
        Path file = settings.database().get().toAbsolutePath().normalize();
        String why;
        if (Files.isDirectory(file)) {
            why = "it is a folder, not a database file";
        } else if (!Files.isRegularFile(file)) {
            why = "the file does not exist";
        } else if (!Files.isReadable(file)) {
            why = "the file is not readable";
        } else {
            try {
                MaxMindGeoIpLocator db = MaxMindGeoIpLocator.open(file);
                Status ok = new Status(State.READY, "geo-IP check on: " + db.description());
                LOG.info("{}", ok.message());
                return new GeoIpDatabase(Optional.of(db), Optional.of(db), ok);
            } catch (IOException | RuntimeException e) {
                why = "it is not a readable MaxMind DB (" + e.getMessage() + ")";
            }
        }
        Status failed = new Status(State.FAILED, "geo-IP check unavailable: " + file + ": " + why
                + ". Point --geoip-db at a MaxMind-format .mmdb file (e.g. GeoLite2-Country.mmdb) and restart.");
        LOG.warn("{}", failed.message());
        String detail = "the geo-IP database " + file.getFileName() + " could not be opened";
        GeoIpLocator unavailable = new GeoIpLocator() {
            @Override
            public Optional<String> countryOf(String ip) {
                return Optional.empty();
            }

            @Override
            public GeoIpLookup locate(String ip) {
                return GeoIpLookup.of(GeoIpLookup.Outcome.UNAVAILABLE, detail);
            }
        };
        return new GeoIpDatabase(Optional.empty(), Optional.of(unavailable), failed);
    }

    /**
     * The locator for {@link LeadJudge}: empty when off; when failed, one that answers
     * {@link GeoIpLookup.Outcome#UNAVAILABLE} so each lead's reasons say why it was not checked.
     */
    public Optional<GeoIpLocator> locator() {
        return locator;
    }

    /** The check's state and a line for an operator. */
    public Status status() {
        return status;
    }

    @Override
    public void close() throws IOException {
        if (opened.isPresent()) {
            opened.get().close();
        }
    }
}
