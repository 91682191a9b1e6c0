package io.leadwire.app;

import io.leadwire.quality.CheckSettings;
import io.leadwire.quality.GeoIpSettings;
import io.leadwire.quality.VerificationSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Turns the geo-IP and external verification options into {@link CheckSettings}. */
final class EngineChecksOptions {
    /** Where the email verifier's API key is read from: never from the command line (it would show in ps). */
    static final String EMAIL_KEY_ENV = "LEADWIRE_EMAIL_VERIFY_KEY";
    /** Where the phone lookup's API key is read from. */
    static final String PHONE_KEY_ENV = "LEADWIRE_PHONE_LOOKUP_KEY";

    private EngineChecksOptions() {
    }

    /**
     * @throws IllegalArgumentException when a service URL is given without its key in the
     *         environment, or the URL is not http(s)
     */
    static CheckSettings toSettings(Path geoipDb, URI emailUrl, URI phoneUrl, UnaryOperator<String> env) {
        GeoIpSettings geo = geoipDb == null ? GeoIpSettings.none() : GeoIpSettings.of(geoipDb);
        Optional<VerificationSettings> email = Optional.empty();
        if (emailUrl != null) {
            email = Optional.of(VerificationSettings.emailVerifier(emailUrl, key(env, EMAIL_KEY_ENV,
                    "--email-verify-url")).build());
        }
        Optional<VerificationSettings> phone = Optional.empty();
        if (phoneUrl != null) {
            phone = Optional.of(VerificationSettings.phoneLookup(phoneUrl, key(env, PHONE_KEY_ENV,
                    "--phone-lookup-url")).build());
        }
        return new CheckSettings(geo, email, phone);
    }

    private static String key(UnaryOperator<String> env, String var, String option) {
        String k = env.apply(var);
        if (k == null || k.isBlank()) {
            throw new IllegalArgumentException(option + " needs the service's API key in $" + var);
        }
        return k.strip();
    }
}
