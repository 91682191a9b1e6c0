package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StopDeadlineTest {
    @Test
    void shouldGiveEachPartItsCapWhileTheBudgetLastsAndNothingOnceItIsSpent() {
        StopDeadline stop = new StopDeadline(Duration.ofSeconds(30));
        assertThat(stop.left(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
        assertThat(stop.left(Duration.ofMinutes(5))).isLessThanOrEqualTo(Duration.ofSeconds(30))
                .isGreaterThan(Duration.ofSeconds(20));
        assertThat(stop.left(Duration.ofMinutes(5), Duration.ofSeconds(5))).isLessThanOrEqualTo(Duration.ofSeconds(25));
        assertThat(stop.spent()).isFalse();

        StopDeadline spent = new StopDeadline(Duration.ZERO);
        assertThat(spent.spent()).isTrue();
        assertThat(spent.left(Duration.ofSeconds(10))).isEqualTo(Duration.ZERO);
        assertThat(spent.left(Duration.ofSeconds(10), Duration.ofSeconds(5))).isEqualTo(Duration.ZERO);
    }

    @Test
    void shouldKeepTheStopBudgetBelowTheServiceUnitsStopTimeout() throws Exception {
        String unit = java.nio.file.Files.readString(java.nio.file.Path.of("installer", "leadwire.service"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^TimeoutStopSec=(\\d+)$").matcher(unit);
        assertThat(m.find()).isTrue();
        // Room left for the database to close and the JVM to exit after the budget.
        assertThat(Duration.ofSeconds(Long.parseLong(m.group(1))))
                .isGreaterThanOrEqualTo(Engine.STOP_BUDGET.plusSeconds(10));
    }
}
