package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.quality.CheckSettings;
import io.leadwire.quality.VerificationSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EngineChecksOptionsTest {
    private static final Map<String, String> ENV = Map.of(EngineChecksOptions.EMAIL_KEY_ENV, " zb-key-123456789 ",
            EngineChecksOptions.PHONE_KEY_ENV, "nv-key-987654321");

    @Test
    void shouldLeaveEveryOutsideCheckOffWhenNoOptionIsGiven() {
        CheckSettings s = EngineChecksOptions.toSettings(null, null, null, v -> null);
        assertThat(s).isEqualTo(CheckSettings.none());
        assertThat(s.externalVerification()).isFalse();
    }

    @Test
    void shouldTakeKeysFromTheEnvironmentWhenServiceUrlsAreGiven() {
        CheckSettings s = EngineChecksOptions.toSettings(Path.of("/data/GeoLite2-Country.mmdb"),
                URI.create("https://api.zerobounce.example/v2/validate"), URI.create("http://apilayer.example/api/validate"),
                ENV::get);

        assertThat(s.geoIp().database()).contains(Path.of("/data/GeoLite2-Country.mmdb"));
        VerificationSettings email = s.emailVerification().orElseThrow();
        assertThat(email.apiKey()).isEqualTo("zb-key-123456789");
        assertThat(email.keyParameter()).isEqualTo("api_key");
        assertThat(email.valueParameter()).isEqualTo("email");
        assertThat(email.timeout()).isEqualTo(Duration.ofSeconds(2));
        VerificationSettings phone = s.phoneLookup().orElseThrow();
        assertThat(phone.keyParameter()).isEqualTo("access_key");
        assertThat(phone.valueParameter()).isEqualTo("number");
        assertThat(s.toString()).doesNotContain("zb-key-123456789").doesNotContain("nv-key-987654321");
    }

    @Test
    void shouldSayWhichVariableIsMissingWhenAServiceUrlHasNoKey() {
        assertThatThrownBy(() -> EngineChecksOptions.toSettings(null, URI.create("https://x.example/v"), null, v -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--email-verify-url needs the service's API key in $LEADWIRE_EMAIL_VERIFY_KEY");
        assertThatThrownBy(() -> EngineChecksOptions.toSettings(null, null, URI.create("https://x.example/v"), v -> ""))
                .hasMessageContaining("$LEADWIRE_PHONE_LOOKUP_KEY");
    }

    @Test
    void shouldBindTheOptionsWhenServeIsGivenThem() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--geoip-db", "/srv/geo.mmdb", "--email-verify-url",
                "https://api.example/v2/validate", "--phone-lookup-url", "https://lookup.example/v2");
        assertThat(serve.engine.geoipDb).isEqualTo(Path.of("/srv/geo.mmdb"));
        assertThat(serve.engine.emailVerifyUrl).isEqualTo(URI.create("https://api.example/v2/validate"));
        assertThat(serve.engine.phoneLookupUrl).isEqualTo(URI.create("https://lookup.example/v2"));
        assertThat(CliTest.leadwire("serve", "--help").out()).contains("--geoip-db").contains("--email-verify-url")
                .contains("--phone-lookup-url").contains("LEADWIRE_EMAIL_VERIFY_KEY");
    }
}
