package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadwire.mapping.MappingParser;
import io.leadwire.metrics.Figures.Range;
import io.leadwire.store.MappingRepository;
import io.leadwire.ui.ConsoleServices;
import io.leadwire.ui.dashboards.DashboardFigures;
import io.leadwire.ui.dashboards.DashboardQueries;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --demo} as {@link ConsoleMode} runs it (demo mappings, demo buyers on local servers, the
 * simulated vendor) with the console services it builds: the dashboards show the demo's traffic,
 * counted by the real figures stage, with no figures seeded by hand.
 */
class DemoDashboardsTest {
    @TempDir
    Path dir;

    @Test
    void shouldShowTheDemosTrafficOnTheDashboards() throws Exception {
        Clock clock = Clock.systemUTC();
        try (Engine engine = Engine.start(new EngineConfig(dir, "127.0.0.1", 0, null, null, null, 65536),
                "test --demo", clock)) {
            DemoMappings.seed(new MappingLibrary(new MappingRepository(engine.database().dataSource()),
                    new MappingParser(), clock));
            try (DemoBuyers buyers = DemoBuyers.start(engine.buyers(), DemoBuyers.Settings.DEMO, clock, new Random(3));
                 DemoVendor vendor = DemoVendor.start(engine, 20)) {
                buyers.callBackTo(DemoCallbacks.base(engine.intakeUrl()), DemoCallbacks.Settings.DEMO, new Random(4));
                ConsoleServices services = ConsoleMode.services(engine, dir, Optional.of(vendor));
                DashboardQueries dashboards = new DashboardQueries(services);

                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    Range lastHour = Range.last(Duration.ofHours(1), clock);
                    DashboardFigures.Buyers b = dashboards.buyers(List.of(), lastHour);
                    DashboardFigures.Vendors v = dashboards.vendors(List.of(), lastHour);
                    return !v.volume().isEmpty() && !v.quality().isEmpty() && !b.deliveries().isEmpty()
                            && !b.latency().isEmpty();
                });
                vendor.setRate(0);
                Range lastHour = Range.last(Duration.ofHours(1), clock);
                DashboardFigures.Executive e = dashboards.executive(lastHour);
                assertThat(e.volume().series(("Received")).orElseThrow().points().stream()
                        .mapToDouble(p -> p.value()).sum()).isPositive();
                DashboardFigures.Buyers b = dashboards.buyers(List.of(), lastHour);
                assertThat(b.summary()).extracting(s -> s.name()).contains(DemoBuyers.ABC);
                assertThat(b.tile("buyer-success").detail()).matches("[\\d,]+ sold of [\\d,]+ decided · [1-9][\\d,]* attempts");
                assertThat(b.tile("p50").value()).endsWith(" ms");
            }
        }
    }
}
