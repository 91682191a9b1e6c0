package io.leadwire.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.LeadStatus;
import io.leadwire.ui.CurrentThreadUiExecutor;
import io.leadwire.ui.DemoControl;
import io.leadwire.ui.InMemoryConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellViewModelTest {
    private static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");

    @TempDir
    Path dir;

    @Test
    void shouldRememberDarkThemeWhenConsoleIsOpenedAgain() throws Exception {
        Path settings = dir.resolve("console.properties");
        try (InMemoryConsole console = new InMemoryConsole(Clock.fixed(NOW, ZoneOffset.UTC), settings)) {
            ShellViewModel first = new ShellViewModel(console.services, new CurrentThreadUiExecutor());
            assertThat(first.isDarkTheme()).isFalse();
            first.darkThemeProperty().set(true);
            assertThat(Files.readString(settings)).contains("theme=dark");

            ShellViewModel second = new ShellViewModel(console.services, new CurrentThreadUiExecutor());
            assertThat(second.isDarkTheme()).isTrue();
        }
    }

    @Test
    void shouldCountLeadsOfTheLastMinuteWhenStatusRefreshes() {
        try (InMemoryConsole console = new InMemoryConsole(Clock.fixed(NOW, ZoneOffset.UTC),
                dir.resolve("console.properties"))) {
            String vendor = console.vendors.add("Acme", List.of()).vendor().id();
            console.store(vendor, "A-1", LeadStatus.RECEIVED, "Ann", "Lee", "Ireland", NOW.minusSeconds(10));
            console.store(vendor, "A-2", LeadStatus.RECEIVED, "Bo", "Lee", "Ireland", NOW.minusSeconds(59));
            console.store(vendor, "A-3", LeadStatus.RECEIVED, "Cy", "Lee", "Ireland", NOW.minusSeconds(61));
            ShellViewModel vm = new ShellViewModel(console.services, new CurrentThreadUiExecutor());

            vm.refreshStatus();

            assertThat(vm.getLeadsPerMinute()).isEqualTo("2 leads/min");
            assertThat(vm.engineStateTextProperty().get()).isEqualTo("Running");
            assertThat(vm.intakeUrlProperty().get()).isEqualTo("http://127.0.0.1:1/leads");
        }
    }

    @Test
    void shouldSetDemoRateWhenSliderMovesAndHideItWithoutDemo() {
        FakeDemo demo = new FakeDemo();
        try (InMemoryConsole console = new InMemoryConsole(Clock.fixed(NOW, ZoneOffset.UTC),
                dir.resolve("console.properties"), Optional.of(demo))) {
            ShellViewModel vm = new ShellViewModel(console.services, new CurrentThreadUiExecutor());
            assertThat(vm.demoAvailableProperty().get()).isTrue();
            assertThat(vm.demoPositionProperty().get()).isEqualTo(0.1);
            assertThat(vm.demoRateTextProperty().get()).isEqualTo("5 leads/s");

            vm.demoPositionProperty().set(0.5);
            assertThat(demo.rate).isEqualTo(125.0);
            assertThat(vm.demoRateTextProperty().get()).isEqualTo("125 leads/s");

            vm.demoPositionProperty().set(1);
            assertThat(demo.rate).isEqualTo(500.0);
            vm.demoPositionProperty().set(0);
            assertThat(demo.rate).isZero();
            assertThat(vm.demoRateTextProperty().get()).isEqualTo("0 leads/s");
        }
        try (InMemoryConsole console = new InMemoryConsole(Clock.fixed(NOW, ZoneOffset.UTC),
                dir.resolve("other.properties"))) {
            assertThat(new ShellViewModel(console.services, new CurrentThreadUiExecutor())
                    .demoAvailableProperty().get()).isFalse();
        }
    }

    private static final class FakeDemo implements DemoControl {
        private double rate = 5;

        @Override
        public double rate() {
            return rate;
        }

        @Override
        public void setRate(double leadsPerSecond) {
            rate = leadsPerSecond;
        }
    }
}
