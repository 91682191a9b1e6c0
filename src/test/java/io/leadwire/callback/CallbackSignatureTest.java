package io.leadwire.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.delivery.BuyerDefinition;
import io.leadwire.delivery.CallbackSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The header scheme with a signed timestamp, and base64 encoding (the HTTP test covers plain hex). */
class CallbackSignatureTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final byte[] BODY = "{\"type\":\"status\"}".getBytes(StandardCharsets.UTF_8);

    private static CallbackSignature signature(String sig) throws Exception {
        CallbackSettings settings = BuyerDefinition.parse(new ObjectMapper().readTree(
                "{\"endpoints\": {\"production\": \"https://b.example/\"}, \"callbacks\": {\"signature\": " + sig
                        + ", \"tolerance_seconds\": 60}}"), null).callbacks();
        return new CallbackSignature(settings, Map.of("S", "topsecret")::get);
    }

    private static String mac(String signed) {
        return Base64.getEncoder().encodeToString(CallbackSignature.hmac("topsecret".getBytes(StandardCharsets.UTF_8),
                signed.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldCheckTheTimestampAndSignTimestampDotBodyWhenATimestampHeaderIsSet() throws Exception {
        CallbackSignature s = signature("{\"scheme\": \"header\", \"header\": \"X-Sig\", \"encoding\": \"base64\", "
                + "\"timestamp_header\": \"X-Ts\", \"secrets\": [\"${secret:S}\"]}");
        long ts = NOW.getEpochSecond();
        String good = mac(ts + "." + new String(BODY, StandardCharsets.UTF_8));

        assertThat(s.verify(Map.of("X-Sig", good, "X-Ts", Long.toString(ts))::get, BODY, NOW).ok()).isTrue();
        assertThat(s.verify(Map.of("X-Sig", good, "X-Ts", Long.toString(ts + 1))::get, BODY, NOW).reason())
                .isEqualTo("signature_mismatch");
        CallbackSignature.Check skewed = s.verify(Map.of("X-Sig", good, "X-Ts", Long.toString(ts - 90))::get, BODY,
                NOW);
        assertThat(skewed.reason()).isEqualTo("timestamp_out_of_tolerance");
        assertThat(skewed.detail()).contains("X-Ts is 90 s behind our clock", "±1 min tolerance");
        assertThat(s.verify(Map.of("X-Sig", good)::get, BODY, NOW).reason()).isEqualTo("missing_signature");
        assertThat(s.verify(Map.of("X-Sig", good, "X-Ts", "yesterday")::get, BODY, NOW).reason())
                .isEqualTo("bad_timestamp");
    }

    @Test
    void shouldRefuseToBuildWhenASecretIsNotStored() throws Exception {
        CallbackSettings settings = BuyerDefinition.parse(new ObjectMapper().readTree(
                "{\"endpoints\": {\"production\": \"https://b.example/\"}, \"callbacks\": {\"signature\": "
                        + "{\"scheme\": \"standard_webhooks\", \"secrets\": [\"${secret:MISSING}\"]}}}"), null)
                .callbacks();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CallbackSignature(settings, n -> null))
                .hasMessageContaining("MISSING");
    }
}
