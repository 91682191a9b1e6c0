package io.leadwire.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.store.InvalidSettingsException;
import io.leadwire.store.SettingsProblem;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alerts settings section: defaults, the document round trip, and every problem named by its field. */
class AlertSettingsTest {
    private final AlertSettings.Codec codec = new AlertSettings.Codec();

    @Test
    void shouldHaveTheSeedsDefaults() {
        AlertSettings d = AlertSettings.defaults();
        assertThat(d.rule(AlertRule.DELIVERY_RATE).threshold()).isEqualTo(10);
        assertThat(d.rule(AlertRule.ERROR_RATE).threshold()).isEqualTo(2);
        assertThat(d.rule(AlertRule.LATENCY_P95).threshold()).isEqualTo(80);
        assertThat(d.rule(AlertRule.NO_SUCCESS).window()).isEqualTo(Duration.ofMinutes(30));
        assertThat(d.rule(AlertRule.INTAKE_REFUSALS).threshold()).isEqualTo(5);
        assertThat(d.rules().values()).allMatch(AlertSettings.RuleSettings::enabled);
        assertThat(d.escalation().enabled()).isFalse();
        assertThat(codec.read("{}")).isEqualTo(d);
    }

    @Test
    void shouldReadBackWhatItWrites() {
        AlertSettings s = AlertSettings.builder()
                .rule(AlertRule.ERROR_RATE, new AlertSettings.RuleSettings(false, 3.5, Duration.ofMinutes(20), 50))
                .businessHours(new AlertSettings.BusinessHours(ZoneId.of("Europe/London"),
                        EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.SATURDAY), LocalTime.of(8, 30), LocalTime.of(20, 0)))
                .escalation(new AlertSettings.Escalation(true, Duration.ofMinutes(10), "https://hooks.example/x",
                        "smtp.example.com", 2525, true, "bot", "v1:abc", "leadwire@example.com",
                        List.of("a@example.com", "b@example.com")))
                .build();

        String json = codec.write(s);

        assertThat(codec.read(json)).isEqualTo(s);
        assertThat(json).contains("\"error_rate\"", "\"window\" : \"20m\"", "\"days\" : [ \"MON\", \"SAT\" ]");
    }

    @Test
    void shouldNameEveryFieldThatIsWrong() {
        String doc = "{\"rules\": {\"delivery_rate\": {\"threshold\": 120, \"window\": \"30s\"},"
                + " \"error_rate\": {\"threshold\": 1}, \"latency_p95\": {\"min_volume\": -1}, \"nope\": {}},"
                + " \"business_hours\": {\"zone\": \"Mars/Olympus\", \"start\": \"18:00\", \"end\": \"09:00\","
                + " \"days\": [\"FUNDAY\"]},"
                + " \"escalation\": {\"enabled\": true, \"after\": \"0m\", \"slack_webhook_url\": \"ftp://x\","
                + " \"smtp\": {\"host\": \"mail\", \"port\": 0, \"password\": \"clear-text\"},"
                + " \"email\": {\"from\": \"nobody\", \"to\": [\"x\"]}}}";

        assertThatThrownBy(() -> codec.read(doc)).isInstanceOf(InvalidSettingsException.class)
                .satisfies(e -> assertThat(((InvalidSettingsException) e).problems()).extracting(SettingsProblem::field)
                        .contains("rules.delivery_rate.threshold", "rules.delivery_rate.window",
                                "rules.error_rate.threshold", "rules.latency_p95.min_volume", "rules.nope",
                                "business_hours.zone", "business_hours.days", "business_hours.end",
                                "escalation.after", "escalation.slack_webhook_url", "escalation.smtp.port",
                                "escalation.smtp.password", "escalation.email.from", "escalation.email.to"));
    }

    @Test
    void shouldRefuseEscalationWithNowhereToSend() {
        assertThatThrownBy(() -> AlertSettings.builder().escalation(new AlertSettings.Escalation(true,
                Duration.ofMinutes(15), "", "", 587, true, "", "", "", List.of())).build())
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("escalation.enabled");
    }

    @Test
    void shouldCoverOnlyWindowsWhollyInsideBusinessHours() {
        AlertSettings.BusinessHours h = AlertSettings.BusinessHours.defaults();
        Duration w = Duration.ofMinutes(30);
        assertThat(h.covers(Instant.parse("2026-03-04T12:00:00Z"), w)).isTrue();
        assertThat(h.covers(Instant.parse("2026-03-04T09:30:00Z"), w)).isTrue();
        assertThat(h.covers(Instant.parse("2026-03-04T09:29:00Z"), w)).isFalse();
        assertThat(h.covers(Instant.parse("2026-03-04T17:00:00Z"), w)).isFalse();
        assertThat(h.covers(Instant.parse("2026-03-07T12:00:00Z"), w)).as("Saturday").isFalse();
    }
}
