package io.leadwire.quality;

import java.util.Objects;
import java.util.Optional;

/**
 * The optional checks of the quality stage that need something from outside the engine: the
 * operator's geo-IP database and the external verification services. All off by default (and in
 * the benchmark).
 *
 * @param geoIp             the geo-IP database, or {@link GeoIpSettings#none()}
 * @param emailVerification an email-verification service, or empty
 * @param phoneLookup       a phone-lookup service, or empty
 */
public record CheckSettings(GeoIpSettings geoIp, Optional<VerificationSettings> emailVerification,
                            Optional<VerificationSettings> phoneLookup) {
    private static final CheckSettings NONE = new CheckSettings(GeoIpSettings.none(), Optional.empty(),
            Optional.empty());

    public CheckSettings {
        Objects.requireNonNull(geoIp, "geoIp");
        Objects.requireNonNull(emailVerification, "emailVerification");
        Objects.requireNonNull(phoneLookup, "phoneLookup");
    }

    /** Everything off. */
    public static CheckSettings none() {
        return NONE;
    }

    /** Whether any external verification service is configured. */
    public boolean externalVerification() {
        return emailVerification.isPresent() || phoneLookup.isPresent();
    }
}
