package io.leadwire.callback.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.delivery.retry.RetryPolicy;
import io.leadwire.store.InvalidSettingsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code webhooks} settings section: the delivery engine's policies with webhook defaults. */
class WebhookSettingsTest {
    private final WebhookSettings.Codec codec = new WebhookSettings.Codec();

    @Test
    void shouldRoundTripTheDefaults() {
        WebhookSettings d = codec.defaults();
        assertThat(codec.read(codec.write(d))).isEqualTo(d);
        assertThat(d.retry().serverErrorAttempts()).isEqualTo(d.retry().maxAttempts());
        assertThat(d.retry().leadAgeBudget()).isEqualTo(Duration.ofDays(1));
        assertThat(d.retry().backoff(1, () -> 0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.retry().backoff(4, () -> 0)).isEqualTo(Duration.ofSeconds(16));
        assertThat(d.retry().backoff(9, () -> 0)).isEqualTo(RetryPolicy.DEFAULT_MAX_BACKOFF);
    }

    @Test
    void shouldFillMissingMembersFromTheWebhookDefaultsNotTheBuyerOnes() {
        WebhookSettings s = codec.read("{\"retry\": {\"maxAttempts\": 8}}");
        assertThat(s.retry().maxAttempts()).isEqualTo(8);
        assertThat(s.retry().serverErrorAttempts()).isEqualTo(8);
        assertThat(s.retry().leadAgeBudget()).isEqualTo(Duration.ofDays(1));
        assertThat(codec.read("{\"retry\": {\"maxAttempts\": 2}}").retry().serverErrorAttempts()).isEqualTo(2);
        assertThat(codec.read("{}")).isEqualTo(codec.defaults());
    }

    @Test
    void shouldNameEveryProblem() {
        assertThatThrownBy(() -> codec.read("{\"retries\": 3, \"breaker\": {\"failureThreshold\": 0}}"))
                .isInstanceOf(InvalidSettingsException.class)
                .satisfies(e -> assertThat(((InvalidSettingsException) e).problems())
                        .extracting(p -> p.field()).containsExactly("retries", "breaker"));
    }
}
