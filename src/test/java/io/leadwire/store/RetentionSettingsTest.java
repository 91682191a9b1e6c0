package io.leadwire.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionSettingsTest {
    private final RetentionSettings.Codec codec = new RetentionSettings.Codec();

    @Test
    void shouldKeepPayloadsTwoYearsAndTheTransactionLogFiveWhenNothingIsSaved() {
        RetentionSettings d = codec.defaults();
        assertThat(d.rawPayload()).isEqualTo(Duration.ofDays(730));
        assertThat(d.transactionLog()).isEqualTo(Duration.ofDays(1825));
        assertThat(codec.read("{\"schema\": 1}")).isEqualTo(d);
    }

    @Test
    void shouldRoundTripTheDocumentWhenWrittenAndReadBack() {
        RetentionSettings s = new RetentionSettings(365, 3650);
        assertThat(codec.read(codec.write(s))).isEqualTo(s);
        assertThat(codec.write(s)).contains("\"raw_payload_days\" : 365", "\"transaction_log_days\" : 3650");
    }

    @Test
    void shouldNameEveryWrongFieldWhenTheDocumentIsInvalid() {
        assertThatThrownBy(() -> codec.read("{\"raw_payload_days\": 7, \"transaction_log_days\": \"5y\", "
                + "\"keep\": 1}"))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("raw_payload_days: a whole number of days from 30 to 36500, not 7")
                .hasMessageContaining("transaction_log_days: a whole number of days from 30 to 36500, not \"5y\"")
                .hasMessageContaining("keep: unknown key");
        assertThatThrownBy(() -> codec.read("{\"raw_payload_days\": 730.5}"))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("not 730.5");
        assertThatThrownBy(() -> codec.read("[]")).isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("a JSON object");
        assertThatThrownBy(() -> new RetentionSettings(730, 100_000)).isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("transaction_log_days");
    }
}
