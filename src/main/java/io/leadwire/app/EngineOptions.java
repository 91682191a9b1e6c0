package io.leadwire.app;

import io.leadwire.intake.IntakeConfig;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that run an engine (the console and {@code serve}). */
final class EngineOptions {
    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + IntakeConfig.DEFAULT_PORT,
            description = "Intake port (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address the intake listens on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "" + IntakeConfig.DEFAULT_MAX_BODY,
            description = "Largest accepted lead body in bytes (default: ${DEFAULT-VALUE}).")
    int maxBody;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Serve HTTPS with this PKCS#12 keystore.")
    Path tlsKeystore;

    @Option(names = "--tls-password-env", paramLabel = "VAR", defaultValue = "LEADWIRE_TLS_PASSWORD",
            description = "Environment variable holding the keystore password (default: ${DEFAULT-VALUE}).")
    String tlsPasswordEnv;

    @Option(names = "--geoip-db", paramLabel = "FILE",
            description = "MaxMind-format geo-IP database (.mmdb, e.g. GeoLite2-Country) to check leads' IP "
                    + "addresses against their country. Off when not given.")
    Path geoipDb;

    @Option(names = "--email-verify-url", paramLabel = "URL",
            description = "Email-verification API (ZeroBounce/NeverBounce style, GET ?api_key=&email=); "
                    + "key from $" + EngineChecksOptions.EMAIL_KEY_ENV + ". Off when not given.")
    java.net.URI emailVerifyUrl;

    @Option(names = "--phone-lookup-url", paramLabel = "URL",
            description = "Phone-lookup API (Numverify/Twilio Lookup style, GET ?access_key=&number=); "
                    + "key from $" + EngineChecksOptions.PHONE_KEY_ENV + ". Off when not given.")
    java.net.URI phoneLookupUrl;

    EngineConfig toConfig(Path dataDir, int portOverride) {
        char[] password = null;
        if (tlsKeystore != null) {
            String pw = System.getenv(tlsPasswordEnv);
            if (pw == null) {
                throw new IllegalArgumentException("--tls-keystore needs the password in $" + tlsPasswordEnv);
            }
            password = pw.toCharArray();
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0..65535");
        }
        return data.withLogin(new EngineConfig(dataDir, bind, portOverride, data.dbUrl, tlsKeystore, password, maxBody,
                EngineChecksOptions.toSettings(geoipDb, emailVerifyUrl, phoneLookupUrl, System::getenv)));
    }
}
