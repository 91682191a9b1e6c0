package io.leadwire.quality;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the operator's MaxMind-format geo-IP database is; empty (the default) turns the geo-IP
 * check off.
 *
 * @param database the {@code .mmdb} file, e.g. a GeoLite2-Country download
 */
public record GeoIpSettings(Optional<Path> database) {
    private static final GeoIpSettings NONE = new GeoIpSettings(Optional.empty());

    public GeoIpSettings {
        Objects.requireNonNull(database, "database");
    }

    /** No database: the check is off. */
    public static GeoIpSettings none() {
        return NONE;
    }

    /** The database at {@code file}. */
    public static GeoIpSettings of(Path file) {
        return new GeoIpSettings(Optional.of(file));
    }
}
