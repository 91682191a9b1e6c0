package io.leadwire.store;

import static io.leadwire.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.store.AlertRepository.AlertRow;
import io.leadwire.store.AlertRepository.Firing;
import io.leadwire.store.AlertRepository.State;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The alert log on H2: one unresolved alert per rule and subject, acknowledging, resolving. */
class AlertRepositoryTest extends StoreTestBase {
    private static Firing breaker(String message) {
        return new Firing("breaker_open", "buyer", "b-1", "Atlas Insurance", "critical", message);
    }

    @Test
    void shouldCountARaiseOfAnUnresolvedAlertAndOpenANewOneAfterItResolved() {
        try (StoreFixture f = fixture()) {
            AlertRepository alerts = new AlertRepository(f.db.dataSource());
            assertThat(alerts.raise(breaker("first"), T0).opened()).isTrue();
            AlertRepository.Raised again = alerts.raise(breaker("second"), T0.plusSeconds(30));
            assertThat(again.opened()).isFalse();
            assertThat(again.alert().count()).isEqualTo(2);
            assertThat(again.alert().message()).isEqualTo("second");
            assertThat(again.alert().firstAt()).isEqualTo(T0);

            assertThat(alerts.acknowledge(List.of(again.alert().id()), "maria.ops", T0.plusSeconds(40))).isEqualTo(1);
            AlertRow acked = alerts.raise(breaker("third"), T0.plusSeconds(60)).alert();
            assertThat(acked.state()).isEqualTo(State.ACKNOWLEDGED);
            assertThat(acked.count()).isEqualTo(3);

            assertThat(alerts.resolve(acked.id(), T0.plusSeconds(90))).isTrue();
            assertThat(alerts.resolve(acked.id(), T0.plusSeconds(95))).isFalse();
            assertThat(alerts.raise(breaker("again"), T0.plusSeconds(120)).opened()).isTrue();
            assertThat(alerts.list(false, 10)).extracting(AlertRow::state).containsExactly(State.OPEN, State.RESOLVED);
            assertThat(alerts.list(true, 10)).hasSize(1);
            assertThat(alerts.newerThan(acked.id(), 10)).extracting(AlertRow::message).containsExactly("again");
        }
    }

    @Test
    void shouldOpenOneAlertWhenManyRaiseAtOnce() throws Exception {
        try (StoreFixture f = fixture()) {
            AlertRepository alerts = new AlertRepository(f.db.dataSource());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<Boolean>> raises = java.util.Collections.nCopies(12,
                        () -> alerts.raise(breaker("x"), T0).opened());
                long opened = 0;
                for (Future<Boolean> r : pool.invokeAll(raises)) {
                    opened += r.get() ? 1 : 0;
                }
                assertThat(opened).isEqualTo(1);
                assertThat(alerts.unresolved()).singleElement().extracting(AlertRow::count).isEqualTo(12L);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void shouldAcknowledgeOnlyOpenAlertsAndOfferOnlyOldOpenOnesForEscalation() {
        try (StoreFixture f = fixture()) {
            AlertRepository alerts = new AlertRepository(f.db.dataSource());
            long a = alerts.raise(breaker("a"), T0).alert().id();
            long b = alerts.raise(new Firing("no_success", "buyer", "b-2", "Birch", "critical", "b"), T0).alert().id();
            long c = alerts.raise(new Firing("no_success", "buyer", "b-3", "Cedar", "critical", "c"),
                    T0.plusSeconds(600)).alert().id();
            alerts.resolve(b, T0.plusSeconds(60));

            assertThat(alerts.acknowledge(List.of(a, b), "ops", T0.plusSeconds(70))).isEqualTo(1);
            assertThat(alerts.dueForEscalation(T0.plus(Duration.ofMinutes(15)), T0.plus(Duration.ofMinutes(15))))
                    .extracting(AlertRow::id).containsExactly(c);
            assertThat(alerts.dueForEscalation(T0.plusSeconds(599), T0.plus(Duration.ofMinutes(15)))).isEmpty();
        }
    }
}
