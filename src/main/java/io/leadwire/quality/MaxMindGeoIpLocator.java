package io.leadwire.quality;

import com.maxmind.db.CHMCache;
import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;
import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link GeoIpLocator} over a MaxMind-format ({@code .mmdb}) database: GeoLite2-Country,
 * GeoIP2-Country or City, or any database whose records carry {@code country.iso_code} (else
 * {@code registered_country.iso_code}). Private and reserved ranges are answered from
 * {@link SpecialAddresses} without asking the database.
 *
 * <p>The operator supplies the file (MaxMind's data may not be redistributed, so none ships).
 * Thread-safe: the reader memory-maps the file and is safe for concurrent lookups.
 */
public final class MaxMindGeoIpLocator implements GeoIpLocator, Closeable {
    private static final Pattern ISO = Pattern.compile("[A-Z]{2}");

    private final Reader reader;
    private final String description;

    private MaxMindGeoIpLocator(Reader reader, Path file) {
        this.reader = reader;
        this.description = reader.getMetadata().getDatabaseType() + " (" + file.getFileName() + ", built "
                + reader.getMetadata().getBuildDate().toInstant() + ")";
    }

    /**
     * Opens a database file.
     *
     * @throws IOException if the file cannot be read or is not a MaxMind DB (the message says which)
     */
    public static MaxMindGeoIpLocator open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return new MaxMindGeoIpLocator(new Reader(file.toFile(), new CHMCache()), file);
    }

    /** The database's type, file name and build date, e.g. {@code GeoLite2-Country (x.mmdb, built …)}. */
    public String description() {
        return description;
    }

    @Override
    public Optional<String> countryOf(String ip) {
        return locate(ip).country();
    }

    @Override
    public GeoIpLookup locate(String ip) {
        Optional<InetAddress> parsed = SpecialAddresses.parse(ip);
        if (parsed.isEmpty()) {
            return GeoIpLookup.of(GeoIpLookup.Outcome.INVALID_ADDRESS, "it is not an IPv4 or IPv6 address");
        }
        InetAddress address = parsed.get();
        Optional<SpecialAddresses.Range> special = SpecialAddresses.rangeOf(address);
        if (special.isPresent()) {
            return GeoIpLookup.of(special.get().outcome(), special.get().name() + ", " + special.get().cidr());
        }
        CountryRecord record;
        try {
            record = reader.get(address, CountryRecord.class);
        } catch (IOException | RuntimeException e) {
            // A truncated or damaged file fails per lookup; the lead is judged without geo-IP.
            return GeoIpLookup.of(GeoIpLookup.Outcome.UNAVAILABLE, "the geo-IP database could not be read: "
                    + e.getClass().getSimpleName());
        }
        Optional<String> country = record == null ? Optional.empty() : record.isoCode();
        return country.map(GeoIpLookup::found).orElseGet(() -> GeoIpLookup.of(GeoIpLookup.Outcome.NOT_FOUND,
                "the geo-IP database has no country for it"));
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** The part of a database record we read. Public only for the reader's reflection. */
    public static final class CountryRecord {
        private final Place country;
        private final Place registeredCountry;

        @MaxMindDbConstructor
        public CountryRecord(@MaxMindDbParameter(name = "country") Place country,
                             @MaxMindDbParameter(name = "registered_country") Place registeredCountry) {
            this.country = country;
            this.registeredCountry = registeredCountry;
        }

        Optional<String> isoCode() {
            Optional<String> c = country == null ? Optional.empty() : country.isoCode();
            return c.isPresent() || registeredCountry == null ? c : registeredCountry.isoCode();
        }
    }

    /** A {@code country} or {@code registered_country} map. Public only for the reader's reflection. */
    public static final class Place {
        private final String isoCode;

        @MaxMindDbConstructor
        public Place(@MaxMindDbParameter(name = "iso_code") String isoCode) {
            this.isoCode = isoCode;
        }

        Optional<String> isoCode() {
            if (isoCode == null) {
                return Optional.empty();
            }
            String c = isoCode.strip().toUpperCase(Locale.ROOT);
            return ISO.matcher(c).matches() ? Optional.of(c) : Optional.empty();
        }
    }
}
