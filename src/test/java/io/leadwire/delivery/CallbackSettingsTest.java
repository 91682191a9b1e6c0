package io.leadwire.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code callbacks} part of a buyer block: read, checked, written back the same. */
class CallbackSettingsTest {
    private final ObjectMapper json = new ObjectMapper();

    private BuyerDefinition parse(String callbacks) throws Exception {
        JsonNode block = json.readTree("{\"endpoints\": {\"production\": \"https://buyer.example/leads\"}"
                + (callbacks == null ? "" : ", \"callbacks\": " + callbacks) + "}");
        return BuyerDefinition.parse(block, null);
    }

    @Test
    void shouldReadEveryKeyAndWriteItBackTheSameWhenTheBlockIsComplete() throws Exception {
        BuyerDefinition def = parse("{\"signature\": {\"scheme\": \"header\", \"header\": \"X-Sig\", \"prefix\": "
                + "\"sha256=\", \"encoding\": \"base64\", \"timestamp_header\": \"X-Ts\", \"secrets\": "
                + "[\"${secret:CB1}\", \"${secret:CB2}\"]}, \"tolerance_seconds\": 120, \"allow_ips\": "
                + "[\"10.0.0.0/8\", \"127.0.0.1\"], \"return_window\": \"P7D\", \"reroute_returns\": true, "
                + "\"fields\": {\"id\": \"event.id\", \"lead_id\": \"/data/ref\"}}");

        CallbackSettings cb = def.callbacks();
        assertThat(cb.signature().scheme()).isEqualTo(CallbackSettings.Scheme.HEADER);
        assertThat(cb.signature().secretNames()).containsExactly("CB1", "CB2");
        assertThat(cb.tolerance()).isEqualTo(Duration.ofSeconds(120));
        assertThat(cb.returnWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(cb.rerouteReturns()).isTrue();
        assertThat(cb.fields().id()).isEqualTo("event.id");
        assertThat(cb.fields().leadId()).isEqualTo("/data/ref");
        assertThat(cb.fields().status()).isEqualTo("status");
        assertThat(def.secretNames()).contains("CB1", "CB2");
        BuyerDefinition again = BuyerDefinition.parse(def.toJson(json), null);
        assertThat(again).isEqualTo(def);
        assertThat(again.toJson(json)).isEqualTo(def.toJson(json));
        assertThat(cb.describe()).contains("X-Sig", "2 secrets ••••", "10.0.0.0/8").doesNotContain("CB1");
    }

    @Test
    void shouldTakeTheStandardWebhooksDefaultsWhenOnlyTheSignatureIsGiven() throws Exception {
        CallbackSettings cb = parse("{\"signature\": {\"scheme\": \"standard_webhooks\", \"secrets\": "
                + "[\"${secret:CB}\"]}}").callbacks();

        assertThat(cb.tolerance()).isEqualTo(Duration.ofMinutes(5));
        assertThat(cb.allowIps()).isEmpty();
        assertThat(cb.returnWindow()).isNull();
        assertThat(cb.rerouteReturns()).isFalse();
        assertThat(cb.fields()).isEqualTo(CallbackSettings.Fields.DEFAULT);
    }

    @Test
    void shouldHaveNoCallbacksWhenTheBlockIsAbsent() throws Exception {
        BuyerDefinition def = parse(null);

        assertThat(def.callbacks()).isNull();
        assertThat(def.toJson(json).has("callbacks")).isFalse();
    }

    @Test
    void shouldRefuseAClearTextSecretWithoutRepeatingIt() {
        assertThatThrownBy(() -> parse("{\"signature\": {\"scheme\": \"standard_webhooks\", \"secrets\": "
                + "[\"whsec_plainTextSecret\"]}}"))
                .isInstanceOf(InvalidBuyerException.class)
                .hasMessageContaining("buyer.callbacks.signature.secrets[0]: must be a secret placeholder")
                .hasMessageNotContaining("plainTextSecret");
    }

    @Test
    void shouldNameEveryBadKeyWhenTheBlockIsWrong() {
        assertThatThrownBy(() -> parse("{\"signature\": {\"scheme\": \"rot13\", \"secrets\": []}, "
                + "\"tolerance_seconds\": -1, \"allow_ips\": [\"not-an-ip\"], \"return_window\": \"7 days\", "
                + "\"reroute_returns\": \"yes\", \"colour\": 1}"))
                .isInstanceOfSatisfying(InvalidBuyerException.class, e -> assertThat(e.problems()).anySatisfy(
                        p -> assertThat(p).startsWith("buyer.callbacks.signature.scheme"))
                        .anySatisfy(p -> assertThat(p).startsWith("buyer.callbacks.tolerance_seconds"))
                        .anySatisfy(p -> assertThat(p).startsWith("buyer.callbacks.allow_ips"))
                        .anySatisfy(p -> assertThat(p).contains("return_window", "ISO-8601"))
                        .anySatisfy(p -> assertThat(p).startsWith("buyer.callbacks.reroute_returns"))
                        .anySatisfy(p -> assertThat(p).contains("unknown key \"colour\"")));
    }

    @Test
    void shouldRefuseHeaderSchemeKeysOnStandardWebhooks() {
        assertThatThrownBy(() -> parse("{\"signature\": {\"scheme\": \"standard_webhooks\", \"header\": \"X-Sig\", "
                + "\"secrets\": [\"${secret:CB}\"]}}"))
                .hasMessageContaining("buyer.callbacks.signature.header: only for the header scheme");
    }

    @Test
    void shouldKeepTheCallbacksWhenTheBuyerIsSwitchedOff() throws Exception {
        BuyerDefinition def = parse("{\"signature\": {\"scheme\": \"standard_webhooks\", \"secrets\": "
                + "[\"${secret:CB}\"]}}");

        assertThat(def.withEnabled(false).callbacks()).isEqualTo(def.callbacks());
        assertThat(List.copyOf(def.withEnabled(false).secretNames())).containsExactly("CB");
    }
}
