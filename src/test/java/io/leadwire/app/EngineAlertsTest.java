package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.BreakerChangedEvent;
import io.leadwire.metrics.AlertRule;
import io.leadwire.metrics.AlertSettings;
import io.leadwire.store.AlertRepository.AlertRow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine as the console and `serve` run it: alert rules wired to its events, store and settings. */
class EngineAlertsTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldRaiseAnAlertWhenABreakerOpensAndTakeSavedSettingsAtOnce() throws Exception {
        try (Engine engine = Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536), "test",
                Clock.systemUTC())) {
            engine.events().publish(new BreakerChangedEvent("b-1", "Atlas Insurance", "closed", "open",
                    "failure_threshold"));
            engine.alertEvaluator().evaluate();

            assertThat(engine.alerts().list(true, 10)).extracting(AlertRow::rule, AlertRow::subjectName)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("breaker_open", "Atlas Insurance"));

            AlertSettings off = engine.alerts().settings().value().toBuilder().rule(AlertRule.BREAKER_OPEN,
                    new AlertSettings.RuleSettings(false, 0, Duration.ofMinutes(1), 0)).build();
            engine.alerts().update(off, "maria.ops", 0);
            // The Atlas event also woke the engine's own evaluator: a round of it that read the old
            // settings may still be running and would take the next opening with them. A round of
            // ours waits for it (rounds are serial), so the next opening meets the saved settings.
            engine.alertEvaluator().evaluate();
            engine.events().publish(new BreakerChangedEvent("b-2", "Birch Loans", "closed", "open",
                    "failure_threshold"));
            engine.alertEvaluator().evaluate();
            assertThat(engine.alerts().list(false, 10)).extracting(AlertRow::subjectName)
                    .doesNotContain("Birch Loans");
        }
    }
}
